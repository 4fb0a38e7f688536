"""A start-up check of the system library that keeps PDF rendering fast."""
from __future__ import annotations

import ctypes.util
import functools
import logging

#: Without HarfBuzz's subsetter WeasyPrint falls back to fontTools to embed font subsets, which
#: makes every report about 15 times slower (Debian package libharfbuzz-subset0).
SUBSET_LIBRARY = "harfbuzz-subset"


@functools.cache
def has_font_subsetter() -> bool:
    """Whether libharfbuzz-subset can be loaded (looked up once per process; no network)."""
    return ctypes.util.find_library(SUBSET_LIBRARY) is not None


def warn_if_pdf_rendering_is_slow(logger: logging.Logger) -> bool:
    """Log a warning when PDF reports will render slowly; returns whether all is well."""
    if has_font_subsetter():
        return True
    logger.warning("libharfbuzz-subset is not installed: PDF reports will render about 15x slower. "
                   "Install it (Debian/Ubuntu: apt-get install libharfbuzz-subset0) and restart.")
    return False
