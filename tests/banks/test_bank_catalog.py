"""Finding the banks of a folder and loading the valid ones."""

from __future__ import annotations

import shutil

import pytest

from assessment.banks import discover_bank_files, load_bank_catalog


@pytest.fixture
def bank_folder(bank_copy, inventory_path):
    """The mini bank (with its shared/ fragments), the inventory and one broken bank."""
    shutil.copy(inventory_path, bank_copy.directory)
    broken = bank_copy.directory / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    return bank_copy.directory


def test_discover_lists_top_level_yaml_files_only(bank_folder) -> None:
    (bank_folder / "notes.txt").write_text("not a bank", encoding="utf-8")

    assert [path.name for path in discover_bank_files(bank_folder)] == [
        "broken.yaml",
        "mini_sales.yaml",
        "personality_inventory.yaml",
    ]


def test_catalog_holds_valid_banks_and_problems_of_the_others(bank_folder) -> None:
    catalog = load_bank_catalog(bank_folder)

    assert sorted(catalog.banks) == ["mini_sales", "personality_inventory"]
    assert catalog.get("mini_sales").title == "Mini Sales Assessment"
    assert [(b.id, b.name) for b in catalog.get("mini_sales").benchmarks] == [
        ("hunter", "New-business hunter")
    ]
    assert catalog.problems
    assert {problem.file for problem in catalog.problems} == {str(bank_folder / "broken.yaml")}


def test_catalog_get_unknown_bank_names_the_available_ones(bank_folder) -> None:
    catalog = load_bank_catalog(bank_folder)

    with pytest.raises(KeyError, match=r"no valid question bank 'broken' \(available: mini_sales"):
        catalog.get("broken")


def test_catalog_of_an_empty_folder_is_empty(tmp_path) -> None:
    catalog = load_bank_catalog(tmp_path)

    assert (catalog.banks, catalog.problems) == ({}, [])
    with pytest.raises(KeyError, match=r"\(available: none\)"):
        catalog.get("sales_rep")
