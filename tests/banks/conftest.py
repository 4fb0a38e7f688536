"""Fixtures for the question-bank tests: copies of small valid banks to break on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class BankCopy:
    """A writable copy of the ``mini_sales`` fixture bank and its shared fragments."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / "mini_sales.yaml"

    def file(self, name: str = "mini_sales.yaml") -> Path:
        """The path of one file of the copy."""
        return self.directory / name

    def replace(self, old: str, new: str, name: str = "mini_sales.yaml") -> None:
        """Replace the one occurrence of ``old``; failing loudly keeps the tests honest."""
        text = self.file(name).read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise LookupError(f"{old!r} occurs {text.count(old)} times in {name}, not once")
        self.file(name).write_text(text.replace(old, new), encoding="utf-8")

    def line_of(self, snippet: str, name: str = "mini_sales.yaml") -> int:
        """The 1-based line where the one occurrence of ``snippet`` starts."""
        text = self.file(name).read_text(encoding="utf-8")
        if text.count(snippet) != 1:
            raise LookupError(f"{snippet!r} occurs {text.count(snippet)} times in {name}")
        return text[: text.index(snippet)].count("\n") + 1


@pytest.fixture
def bank_copy(tmp_path: Path) -> Iterator[BankCopy]:
    """A fresh copy of the valid ``mini_sales`` bank in a temporary folder."""
    directory = tmp_path / "banks"
    shutil.copytree(FIXTURES / "mini_sales", directory)
    yield BankCopy(directory)


@pytest.fixture
def inventory_path() -> Path:
    """A plain personality inventory: 6-point scale, likert and attention items only."""
    return FIXTURES / "personality_inventory.yaml"
