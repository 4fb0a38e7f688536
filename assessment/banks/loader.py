"""Load a bank file into a ``Bank``, or report everything that keeps it from loading."""

from __future__ import annotations

import os
from pathlib import Path

from .bank import Bank
from .problems import BankValidationError, Problem
from .structure import parse_bank
from .validation import check_bank
from .yaml_source import read_bank_source


def load_bank(path: str | os.PathLike[str]) -> Bank:
    """Read, validate and return the bank at ``path``.

    All or nothing: a bank with any problem is never returned, because scoring a candidate
    against a half-valid bank would give results nobody could trust. The exception carries
    every problem at once so an author can fix them in one pass.

    Raises
    ------
    BankValidationError
        With ``.problems`` listing each problem as ``file:line: where: message``.
    """
    bank, problems = _build(Path(path))
    if bank is None:
        raise BankValidationError(problems)
    return bank


def lint_bank(path: str | os.PathLike[str]) -> list[Problem]:
    """Return every problem of the bank at ``path``, sorted by file and line; empty when valid.

    The same checks as ``load_bank``, for tools that report rather than load.
    """
    return sorted(_build(Path(path))[1])


def _build(path: Path) -> tuple[Bank | None, list[Problem]]:
    """Run the three stages (YAML, shape, cross-references) and build the bank if all pass."""
    source = read_bank_source(path)
    if source.data is None:
        return None, source.problems
    parsed = parse_bank(source.data)
    problems = source.problems + parsed.problems + check_bank(parsed, path.stem)
    if problems or parsed.header is None:
        return None, problems
    sections = {
        name: tuple(entry.model for entry in entries) for name, entries in parsed.sections.items()
    }
    return Bank.model_validate({**dict(parsed.header), **sections}), []
