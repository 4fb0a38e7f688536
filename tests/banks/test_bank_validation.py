"""Each validation rule, triggered by breaking one thing in a valid bank.

Every case checks that the problem names the right file, line and item or field, and that
``load_bank`` refuses the bank (raising with the problem) instead of returning anything.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from assessment.banks import BankValidationError, Problem, lint_bank, load_bank

MAIN = "mini_sales.yaml"
MOTIVATORS = "shared/motivators.yaml"
VALIDITY = "shared/validity.yaml"

CLOSING_REQUIREMENT = """      - competency: closing
        importance: 2
        minimum_percentile: 50
        rationale: Deals must be won, often with help.
"""

MOTIVATORS_END = "      - Give a choice of accounts or tasks.\n"
SECURITY_MOTIVATOR = """  - id: security
    name: Security
    description: Driven by a stable income and a safe job.
    management_tips:
      - Explain how pay is calculated.
      - Give early notice of changes.
      - Set goals that can be reached.
"""


class Case(NamedTuple):
    """One broken bank: the edits, where the problem must be reported, and what it says."""

    edits: list[tuple[str, str, str]]  # (old, new, file)
    marker: str  # text on the line the problem must point at (after the edits)
    marker_file: str
    where: str
    message: str


CASES = {
    "yaml syntax error": Case(
        [("text: I ask the customer", "text: I ask: the customer", MAIN)],
        "I ask: the", MAIN, "yaml", "syntax error: mapping values are not allowed",
    ),
    "duplicate key": Case(
        [("    text: I ask the customer for a decision.\n",
          "    text: I ask the customer for a decision.\n    text: Twice.\n", MAIN)],
        "text: Twice.", MAIN, "items[clo_01].text", "duplicate key (first at line",
    ),
    "unknown top-level key": Case(
        [("role: sales representative\n", "role: sales representative\nauthor: someone\n", MAIN)],
        "author: someone", MAIN, "author", "unknown top-level key",
    ),
    "missing top-level key": Case(
        [("role: sales representative\n", "", MAIN)],
        "id: mini_sales", MAIN, "bank", "missing required key 'role'",
    ),
    "section that is not a list": Case(
        [("benchmarks:\n", "benchmarks: hunter\nold_benchmarks:\n", MAIN)],
        "benchmarks: hunter", MAIN, "benchmarks", "must be a list",
    ),
    "required section that is empty": Case(
        [("benchmarks:\n", "benchmarks: []\nold_benchmarks:\n", MAIN)],
        "benchmarks: []", MAIN, "benchmarks", "must not be empty",
    ),
    "bank id differs from file name": Case(
        [("id: mini_sales", "id: mini_sale", MAIN)],
        "id: mini_sale", MAIN, "id", "must equal the file name 'mini_sales'",
    ),
    "version not a quoted string": Case(
        [('version: "0.1.0"', "version: 0.1", MAIN)],
        "version: 0.1", MAIN, "version", "must be text; put it in quotes",
    ),
    "points below 4": Case(
        [("points: 5", "points: 3", MAIN)],
        "points: 3", MAIN, "response_format.points", "must be at least 4 (got 3)",
    ),
    "points above 7": Case(
        [("points: 5", "points: 8", MAIN)],
        "points: 8", MAIN, "response_format.points", "must be at most 7 (got 8)",
    ),
    "wrong number of likert labels": Case(
        [("Neither agree nor disagree, ", "", MAIN)],
        "labels:", MAIN, "response_format.labels", "needs exactly 5 labels, one per point (has 4)",
    ),
    "include file missing": Case(
        [("  - shared/validity.yaml", "  - shared/validty.yaml", MAIN)],
        "shared/validty.yaml", MAIN, "include[1]",
        "included file 'shared/validty.yaml' does not exist",
    ),
    "unknown key in an included file": Case(
        [("motivators:\n", "benchmarks: []\nmotivators:\n", MOTIVATORS)],
        "benchmarks: []", MOTIVATORS, "benchmarks", "unknown key in an included file",
    ),
    "too few coaching actions": Case(
        [("      - Practise a short opening message.\n", "", MAIN)],
        "coaching:\n      - Plan", MAIN, "competencies[prospecting].coaching",
        "needs at least 3 entries (has 2)",
    ),
    "duplicate id within the bank": Case(
        [("  - id: clo_01\n", "  - id: pro_02\n", MAIN)],
        "id: pro_02\n    kind: likert\n    scale: closing", MAIN, "items[pro_02]",
        "duplicate id 'pro_02' (first used at",
    ),
    "duplicate id in an included file": Case(
        [("  - id: sd_01", "  - id: att_01", VALIDITY)],
        "id: att_01", VALIDITY, "items[att_01]", "duplicate id 'att_01' (first used at",
    ),
    "duplicate scale id": Case(
        [("  - id: autonomy", "  - id: closing", MOTIVATORS),
         ("motivator: autonomy", "motivator: closing", MAIN)],
        "id: closing", MOTIVATORS, "motivators[closing]", "duplicate id 'closing'",
    ),
    "missing key in an item": Case(
        [("    text: I ask the customer for a decision.\n", "", MAIN)],
        "- id: clo_01", MAIN, "items[clo_01]", "missing required key 'text'",
    ),
    "unknown key in an item": Case(
        [("    text: I ask the customer for a decision.\n",
          "    text: I ask the customer for a decision.\n    weight: 2\n", MAIN)],
        "- id: clo_01", MAIN, "items[clo_01]", "unknown key 'weight'",
    ),
    "unknown item kind": Case(
        [("kind: attention", "kind: essay", MAIN)],
        "- id: att_01", MAIN, "items[att_01]", "unknown item kind 'essay'",
    ),
    "keyed not + or -": Case(
        [('text: I ask the customer for a decision.\n    keyed: "+"',
          "text: I ask the customer for a decision.\n    keyed: plus", MAIN)],
        "keyed: plus", MAIN, "items[clo_01].keyed", "must be '+' or '-' (got 'plus')",
    ),
    "unknown scale": Case(
        [("scale: closing\n    text: I ask", "scale: selling\n    text: I ask", MAIN)],
        "scale: selling", MAIN, "items[clo_01].scale", "unknown scale 'selling'",
    ),
    "likert item on a motivator": Case(
        [("scale: closing\n    text: I ask", "scale: autonomy\n    text: I ask", MAIN)],
        "scale: autonomy", MAIN, "items[clo_01].scale", "'autonomy' is a motivator",
    ),
    "sjt item on a validity scale": Case(
        [("scale: closing\n    scenario:", "scale: social_desirability\n    scenario:", MAIN)],
        "scale: social_desirability", MAIN, "items[clo_sjt_01].scale",
        "is a validity scale; sjt items measure a competency",
    ),
    "pair with an unknown item": Case(
        [("item: pro_02", "item: pro_99", MAIN)],
        "item: pro_99", MAIN, "items[pro_01].pair.item", "pair names unknown item 'pro_99'",
    ),
    "pair with a non-likert item": Case(
        [("item: pro_02", "item: clo_sjt_01", MAIN)],
        "item: clo_sjt_01", MAIN, "items[pro_01].pair.item", "a sjt item; pairs are likert only",
    ),
    "pair with itself": Case(
        [("item: pro_02", "item: pro_01", MAIN)],
        "item: pro_01", MAIN, "items[pro_01].pair.item", "cannot be paired with itself",
    ),
    "pair declared on both items": Case(
        [('text: I wait for customers to contact me first.\n    keyed: "-"\n',
          'text: I wait for customers to contact me first.\n    keyed: "-"\n'
          "    pair:\n      item: pro_01\n      relation: opposite\n", MAIN)],
        "pair:\n      item: pro_01", MAIN, "items[pro_02].pair", "already declared on item pro_01",
    ),
    "pair relation contradicting the keying": Case(
        [("relation: opposite", "relation: same", MAIN)],
        "relation: same", MAIN, "items[pro_01].pair.relation",
        "items pro_01 (+) and pro_02 (-) are on the same scale, so their relation must be",
    ),
    "sjt option without a key": Case(
        [("        text: Wait for the customer to call you.\n        effectiveness: 1\n",
          "        text: Wait for the customer to call you.\n", MAIN)],
        "- id: c\n        text: Wait", MAIN, "items[clo_sjt_01].options[c]",
        "missing required key 'effectiveness'",
    ),
    "sjt key outside 1..4": Case(
        [("effectiveness: 1", "effectiveness: 5", MAIN)],
        "effectiveness: 5", MAIN, "items[clo_sjt_01].options[c].effectiveness",
        "must be at most 4 (got 5)",
    ),
    "sjt with no unique best option": Case(
        [("effectiveness: 2", "effectiveness: 4", MAIN)],
        "options:\n      - id: a\n        text: Ask", MAIN, "items[clo_sjt_01].options",
        "options a, b share the highest effectiveness (4); exactly one option must be the most",
    ),
    "sjt with all keys equal": Case(
        [("effectiveness: 2", "effectiveness: 3", MAIN),
         ("effectiveness: 4", "effectiveness: 3", MAIN),
         ("effectiveness: 1", "effectiveness: 3", MAIN)],
        "options:\n      - id: a\n        text: Ask", MAIN, "items[clo_sjt_01].options",
        "options a, b, c share the highest effectiveness (3)",
    ),
    "sjt with too few options": Case(
        [("      - id: c\n        text: Wait for the customer to call you.\n"
          "        effectiveness: 1\n", "", MAIN)],
        "options:\n      - id: a\n        text: Ask", MAIN, "items[clo_sjt_01].options",
        "needs at least 3 entries (has 2)",
    ),
    "sjt option letters repeated": Case(
        [("      - id: c\n        text: Wait", "      - id: b\n        text: Wait", MAIN)],
        "- id: b\n        text: Wait", MAIN, "items[clo_sjt_01].options[b].id",
        "duplicate id 'b'",
    ),
    "forced choice with two statements of one motivator": Case(
        [("motivator: autonomy", "motivator: competition", MAIN)],
        "motivator: competition\n  - id: att_01", MAIN, "items[fc_01].statements[c].motivator",
        "motivator 'competition' is already in statement b",
    ),
    "forced choice with an unknown motivator": Case(
        [("motivator: autonomy", "motivator: freedom", MAIN)],
        "motivator: freedom", MAIN, "items[fc_01].statements[c].motivator",
        "unknown motivator 'freedom'",
    ),
    "attention expected above points": Case(
        [("expected: 2", "expected: 6", MAIN)],
        "expected: 6", MAIN, "items[att_01].expected", "answer 6 is outside the scale 1..5",
    ),
    "attention expected below 1": Case(
        [("expected: 2", "expected: 0", MAIN)],
        "expected: 0", MAIN, "items[att_01].expected", "must be at least 1 (got 0)",
    ),
    "benchmark naming an unknown competency": Case(
        [("      - competency: closing", "      - competency: negotiation", MAIN)],
        "competency: negotiation", MAIN, "benchmarks[hunter].requirements[negotiation]",
        "unknown competency 'negotiation'",
    ),
    "benchmark missing a competency": Case(
        [(CLOSING_REQUIREMENT, "", MAIN)],
        "requirements:", MAIN, "benchmarks[hunter].requirements",
        "missing a requirement for competency 'closing'",
    ),
    "benchmark naming a competency twice": Case(
        [("      - competency: closing", "      - competency: prospecting", MAIN)],
        "competency: prospecting\n        importance: 2", MAIN,
        "benchmarks[hunter].requirements[prospecting]",
        "competency 'prospecting' has more than one requirement",
    ),
    "benchmark percentile outside 1..99": Case(
        [("minimum_percentile: 60", "minimum_percentile: 100", MAIN)],
        "minimum_percentile: 100", MAIN,
        "benchmarks[hunter].requirements[prospecting].minimum_percentile",
        "must be at most 99 (got 100)",
    ),
    "validity scale without items": Case(
        [("scale: social_desirability", "scale: prospecting", VALIDITY)],
        "- id: social_desirability", VALIDITY, "validity_scales[social_desirability]",
        "not measured by any likert item",
    ),
    "motivator without statements": Case(
        [(MOTIVATORS_END, MOTIVATORS_END + SECURITY_MOTIVATOR, MOTIVATORS)],
        "- id: security", MOTIVATORS, "motivators[security]",
        "not measured by any forced_choice statement",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_broken_bank_reports_file_line_and_item(bank_copy, case: Case) -> None:
    for old, new, name in case.edits:
        bank_copy.replace(old, new, name)
    expected_file = str(bank_copy.file(case.marker_file))
    expected_line = bank_copy.line_of(case.marker, case.marker_file)

    problems = lint_bank(bank_copy.path)

    matching = [
        problem
        for problem in problems
        if problem.where == case.where and case.message in problem.message
    ]
    assert matching, "\n".join(str(problem) for problem in problems)
    assert (matching[0].file, matching[0].line) == (expected_file, expected_line)
    assert str(matching[0]).startswith(f"{expected_file}:{expected_line}: {case.where}: ")
    with pytest.raises(BankValidationError) as raised:
        load_bank(bank_copy.path)
    assert matching[0] in raised.value.problems
    assert str(matching[0]) in str(raised.value)


def test_every_problem_is_reported_at_once(bank_copy) -> None:
    bank_copy.replace("scale: closing\n    text: I ask", "scale: selling\n    text: I ask")
    bank_copy.replace("effectiveness: 2", "effectiveness: 4")
    bank_copy.replace("motivator: autonomy", "motivator: competition")
    bank_copy.replace("expected: 2", "expected: 9")
    bank_copy.replace("      - competency: closing", "      - competency: negotiation")
    bank_copy.replace("  - id: sd_01", "  - id: att_01", VALIDITY)

    with pytest.raises(BankValidationError) as raised:
        load_bank(bank_copy.path)

    wheres = {problem.where for problem in raised.value.problems}
    assert {
        "items[clo_01].scale",
        "items[clo_sjt_01].options",
        "items[fc_01].statements[c].motivator",
        "items[att_01].expected",
        "benchmarks[hunter].requirements[negotiation]",
        "benchmarks[hunter].requirements",
        "items[att_01]",
    } <= wheres
    assert str(raised.value).count("\n") == len(raised.value.problems) - 1


def test_problems_come_sorted_by_file_and_line(bank_copy) -> None:
    bank_copy.replace("expected: 2", "expected: 9")
    bank_copy.replace("  - id: sd_01", "  - id: pro_01", VALIDITY)

    problems = lint_bank(bank_copy.path)

    assert problems == sorted(problems)
    assert len(problems) >= 2


def test_a_file_that_is_not_a_mapping_is_a_problem(tmp_path) -> None:
    path = tmp_path / "listing.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")

    expected = Problem(str(path), 1, "file", "must be a YAML mapping of keys to values")
    assert lint_bank(path) == [expected]


def test_an_unreadable_file_is_a_problem(tmp_path) -> None:
    path = tmp_path / "absent.yaml"

    [problem] = lint_bank(path)

    assert (problem.file, problem.line, problem.where) == (str(path), 1, "file")
    assert "cannot be read" in problem.message
