"""`flask bank lint` and `flask bank show`, through the CLI runner."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture
def banks_dir(app, bank_copy, inventory_path):
    """Point the app at a folder holding the mini bank (with shared/) and the inventory."""
    shutil.copy(inventory_path, bank_copy.directory)
    app.config["QUESTION_BANKS_DIR"] = str(bank_copy.directory)
    return bank_copy.directory


def test_lint_all_clean_banks_exits_0_with_one_ok_line_each(runner, banks_dir) -> None:
    result = runner.invoke(args=["bank", "lint"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"OK {banks_dir / 'mini_sales.yaml'}: mini_sales 0.1.0, 7 items")
    assert lines[1].startswith(f"OK {banks_dir / 'personality_inventory.yaml'}: ")


def test_lint_prints_every_problem_and_exits_1(runner, banks_dir, bank_copy) -> None:
    bank_copy.replace("expected: 2", "expected: 9")
    bank_copy.replace("effectiveness: 2", "effectiveness: 4")
    expected_line = bank_copy.line_of("expected: 9")

    result = runner.invoke(args=["bank", "lint"])

    assert result.exit_code == 1
    path = banks_dir / "mini_sales.yaml"
    assert f"{path}:{expected_line}: items[att_01].expected: expected answer 9" in result.output
    assert "items[clo_sjt_01].options: options a, b share the highest" in result.output
    assert f"OK {banks_dir / 'personality_inventory.yaml'}" in result.output
    assert f"OK {path}" not in result.output


def test_lint_named_files_only(runner, banks_dir, bank_copy) -> None:
    bank_copy.replace("points: 5", "points: 9")

    result = runner.invoke(args=["bank", "lint", str(banks_dir / "personality_inventory.yaml")])

    assert result.exit_code == 0, result.output
    assert "mini_sales" not in result.output


def test_lint_with_no_banks_fails(runner, app, tmp_path) -> None:
    app.config["QUESTION_BANKS_DIR"] = str(tmp_path)

    result = runner.invoke(args=["bank", "lint"])

    assert result.exit_code == 1
    assert "no question banks" in result.output


def test_show_summarises_a_bank(runner, banks_dir) -> None:
    result = runner.invoke(args=["bank", "show", "mini_sales"])

    assert result.exit_code == 0, result.output
    output = result.output
    assert output.startswith("Mini Sales Assessment\n")
    assert "version 0.1.0, role: sales representative" in output
    assert "estimated time: 2 minutes" in output
    for line in (
        "likert            4",
        "sjt               1",
        "forced_choice     1",
        "attention         1",
    ):
        assert line in output
    scale_lines = [line.split() for line in output.splitlines() if line.startswith("  competency")]
    assert [fields[1:5] for fields in scale_lines] == [
        ["prospecting", "2", "/", "0"],
        ["closing", "1", "/", "1"],
    ]
    assert "validity   social_desirability" in output
    assert "hunter: New-business hunter" in output
    requirement = next(line for line in output.splitlines() if line.startswith("    prospecting"))
    assert requirement.split() == ["prospecting", "critical", "(3)", "minimum", "percentile", "60"]


def test_show_unknown_bank_names_the_available_ones(runner, banks_dir) -> None:
    result = runner.invoke(args=["bank", "show", "sales_rep"])

    assert result.exit_code == 1
    assert "no bank 'sales_rep'" in result.output
    assert "available: mini_sales, personality_inventory" in result.output


def test_show_invalid_bank_prints_its_problems(runner, banks_dir, bank_copy) -> None:
    bank_copy.replace("expected: 2", "expected: 9")

    result = runner.invoke(args=["bank", "show", "mini_sales"])

    assert result.exit_code == 1
    assert "items[att_01].expected" in result.output
    assert "failed validation" in result.output
