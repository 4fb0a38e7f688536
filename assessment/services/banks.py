"""The question banks the app offers, loaded from the configured folder and cached.

Loading and validating the banks takes tens of milliseconds; the catalog is reloaded only when a
bank file (or a fragment it includes) changes, so edits show without a restart.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app

from ..banks import BankCatalog, load_bank_catalog


def bank_catalog() -> BankCatalog:
    """The valid banks of the app's `QUESTION_BANKS_DIR`, and the problems of the others."""
    directory = Path(current_app.config["QUESTION_BANKS_DIR"])
    return _cached_catalog(directory, _folder_signature(directory))


def _folder_signature(directory: Path) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(path), path.stat().st_mtime_ns) for path in directory.rglob("*.yaml")))


@lru_cache(maxsize=4)
def _cached_catalog(directory: Path, _signature: tuple[tuple[str, int], ...]) -> BankCatalog:
    catalog = load_bank_catalog(directory)
    for problem in catalog.problems:
        current_app.logger.warning("Question bank not offered: %s", problem)
    return catalog
