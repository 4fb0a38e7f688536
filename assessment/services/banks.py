"""The question banks the app offers, loaded from the configured folder and cached.

Loading and validating the banks takes tens of milliseconds; the catalog is reloaded only when a
bank file (or a fragment it includes) changes, so edits show without a restart.
"""
from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

from flask import current_app

from ..banks import Bank, BankCatalog, load_bank_catalog
from ..banks.pagination import Page, paginate

#: How often (seconds) the bank folder is checked for changes; between checks the catalog is
#: reused without touching the disk.
RECHECK_SECONDS = 2.0

_last_check: dict[str, tuple[float, tuple[tuple[str, int], ...]]] = {}


def bank_catalog() -> BankCatalog:
    """The valid banks of the app's `QUESTION_BANKS_DIR`, and the problems of the others."""
    directory = str(current_app.config["QUESTION_BANKS_DIR"])
    checked_at, signature = _last_check.get(directory, (float("-inf"), ()))
    if time.monotonic() - checked_at > RECHECK_SECONDS:
        signature = _folder_signature(Path(directory))
        _last_check[directory] = (time.monotonic(), signature)
    return _cached_catalog(directory, signature)


_pages: dict[tuple[str, str], tuple[Page, ...]] = {}


def bank_pages(bank: Bank) -> tuple[Page, ...]:
    """The bank's pages for the candidate flow, computed once per bank id and version.

    Keyed by id and version rather than by the bank object: hashing a whole bank costs more
    than paginating it.
    """
    key = (bank.id, bank.version)
    if key not in _pages:
        _pages[key] = paginate(bank)
    return _pages[key]


def _folder_signature(directory: Path) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(path), path.stat().st_mtime_ns) for path in directory.rglob("*.yaml")))


@lru_cache(maxsize=4)
def _cached_catalog(directory: str, _signature: tuple[tuple[str, int], ...]) -> BankCatalog:
    catalog = load_bank_catalog(Path(directory))
    for problem in catalog.problems:
        current_app.logger.warning("Question bank not offered: %s", problem)
    return catalog
