"""The banks shipped in question_banks/: valid, and big enough to measure what they claim.

Every figure is counted from the loaded bank, so the test checks the content, not a constant.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from assessment.banks import Bank, discover_bank_files, lint_bank, load_bank

BANKS_DIR = Path(__file__).resolve().parents[2] / "question_banks"

#: Competencies each role's bank must measure at least.
MIN_COMPETENCIES = {"sales_rep": 9, "sales_manager": 8, "sales_executive": 7}

#: Banks whose competencies must each have situational-judgement items.
SJT_BANKS = ("sales_rep", "sales_manager")

#: The motivators every bank must rank, each recognised by words in its id or name.
REQUIRED_MOTIVATORS = {
    "financial reward": ("financial", "money", "pay"),
    "achievement": ("achievement",),
    "recognition": ("recognition",),
    "competition": ("competition",),
    "autonomy": ("autonomy",),
    "relationships": ("relationship",),
    "security": ("security",),
    "growth and learning": ("growth", "learning"),
    "purpose and customer impact": ("purpose", "impact"),
}

#: The job profiles each bank must offer, each recognised by words in its id or name.
REQUIRED_BENCHMARKS = {
    "sales_rep": {
        "new-business hunter": ("hunter", "new business", "new-business"),
        "account manager (farmer)": ("farmer", "account manager"),
        "sales development rep": ("development", "sdr"),
        "full-cycle account executive": ("full-cycle", "full cycle", "full_cycle"),
    },
    "sales_manager": {"first-line sales manager": ("first-line", "first line", "first_line")},
    "sales_executive": {"head of sales": ("head of sales", "head_of_sales")},
}


def _load(bank_id: str) -> Bank:
    return load_bank(BANKS_DIR / f"{bank_id}.yaml")


def _matches(words: tuple[str, ...], *texts: str) -> bool:
    haystack = " ".join(texts).lower()
    return any(word in haystack for word in words)


def test_the_three_role_banks_are_shipped() -> None:
    stems = {path.stem for path in discover_bank_files(BANKS_DIR)}
    assert set(MIN_COMPETENCIES) <= stems


@pytest.mark.parametrize("path", discover_bank_files(BANKS_DIR), ids=lambda path: path.name)
def test_shipped_bank_lints_clean(path: Path) -> None:
    problems = lint_bank(path)
    assert problems == [], "\n".join(str(problem) for problem in problems)


@pytest.mark.parametrize("bank_id", list(MIN_COMPETENCIES))
class TestShippedBank:
    def test_enough_competencies(self, bank_id: str) -> None:
        assert len(_load(bank_id).competencies) >= MIN_COMPETENCIES[bank_id]

    def test_required_motivators(self, bank_id: str) -> None:
        bank = _load(bank_id)
        assert len(bank.motivators) >= 8
        for concept, words in REQUIRED_MOTIVATORS.items():
            assert any(_matches(words, m.id, m.name) for m in bank.motivators), concept

    def test_forced_choice_design_is_balanced(self, bank_id: str) -> None:
        bank = _load(bank_id)
        blocks = bank.items_of_kind("forced_choice")
        appearances = Counter(s.motivator for block in blocks for s in block.statements)
        assert set(appearances) == {m.id for m in bank.motivators}
        assert len(set(appearances.values())) == 1, appearances
        assert min(appearances.values()) >= 6
        met = {
            frozenset(pair)
            for block in blocks
            for pair in combinations([s.motivator for s in block.statements], 2)
        }
        missing = [
            pair for pair in combinations(sorted(appearances), 2) if frozenset(pair) not in met
        ]
        assert missing == []

    def test_likert_items_per_competency_with_reverse_keying(self, bank_id: str) -> None:
        bank = _load(bank_id)
        for competency in bank.competencies:
            likert = [i for i in bank.items_for_scale(competency.id) if i.kind == "likert"]
            assert len(likert) >= 6, competency.id
            assert sum(item.reverse_keyed for item in likert) >= 2, competency.id

    def test_validity_items(self, bank_id: str) -> None:
        bank = _load(bank_id)
        assert len(bank.items_of_kind("attention")) >= 2
        assert len(bank.items_for_scale("social_desirability")) >= 6
        assert len(bank.consistency_pairs) >= 4

    def test_estimated_time(self, bank_id: str) -> None:
        assert 20 <= _load(bank_id).estimated_minutes <= 35

    def test_advice_for_managers(self, bank_id: str) -> None:
        bank = _load(bank_id)
        for competency in bank.competencies:
            assert len(competency.coaching) >= 3, competency.id
            assert len(competency.interview_questions) >= 3, competency.id
        for motivator in bank.motivators:
            assert len(motivator.management_tips) >= 3, motivator.id

    def test_required_benchmarks(self, bank_id: str) -> None:
        bank = _load(bank_id)
        for profile, words in REQUIRED_BENCHMARKS[bank_id].items():
            assert any(_matches(words, b.id, b.name) for b in bank.benchmarks), profile


@pytest.mark.parametrize("bank_id", SJT_BANKS)
def test_sjt_items_per_competency(bank_id: str) -> None:
    bank = _load(bank_id)
    for competency in bank.competencies:
        sjt = [i for i in bank.items_for_scale(competency.id) if i.kind == "sjt"]
        assert len(sjt) >= 2, competency.id


def test_motivators_are_shared_by_all_three_banks() -> None:
    ids = [{m.id for m in _load(bank_id).motivators} for bank_id in MIN_COMPETENCIES]
    assert ids[0] == ids[1] == ids[2]
