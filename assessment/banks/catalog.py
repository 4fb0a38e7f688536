"""Find and load all the banks of a folder, keeping the valid ones and the others' problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .bank import Bank
from .loader import load_bank
from .problems import BankValidationError, Problem


@dataclass(frozen=True)
class BankCatalog:
    """The banks of a folder by id, and the problems of the files that failed to load.

    One broken file must not take the others down: a campaign form can still offer every
    valid bank while an administrator sees what is wrong with the rest.
    """

    banks: dict[str, Bank] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, bank_id: str) -> Bank:
        """The bank with id ``bank_id``; a KeyError names the ids that are available."""
        try:
            return self.banks[bank_id]
        except KeyError:
            known = ", ".join(sorted(self.banks)) or "none"
            raise KeyError(f"no valid question bank '{bank_id}' (available: {known})") from None


def discover_bank_files(directory: str | os.PathLike[str]) -> list[Path]:
    """The bank files of ``directory``: its top-level ``*.yaml`` files, sorted by name.

    Sub-folders (such as ``shared/``) hold fragments that banks include, never banks.
    """
    return sorted(path for path in Path(directory).glob("*.yaml") if path.is_file())


def load_bank_catalog(directory: str | os.PathLike[str]) -> BankCatalog:
    """Load every bank of ``directory``; reads files only and changes nothing.

    Cheap enough to call per request when a form needs the list of banks and benchmarks.
    """
    banks: dict[str, Bank] = {}
    problems: list[Problem] = []
    for path in discover_bank_files(directory):
        try:
            bank = load_bank(path)
        except BankValidationError as error:
            problems += error.problems
        else:
            banks[bank.id] = bank
    return BankCatalog(banks, problems)
