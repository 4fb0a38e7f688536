"""Loading valid banks: the typed, immutable objects and their helpers."""

from __future__ import annotations

import pydantic
import pytest

from assessment.banks import (
    AttentionItem,
    Bank,
    ForcedChoiceItem,
    LikertItem,
    SjtItem,
    lint_bank,
    load_bank,
)
from assessment.banks.timing import whole_minutes


@pytest.fixture
def bank(bank_copy) -> Bank:
    return load_bank(bank_copy.path)


def test_valid_bank_lints_clean(bank_copy) -> None:
    assert lint_bank(bank_copy.path) == []


def test_header_fields_are_loaded(bank: Bank) -> None:
    assert (bank.id, bank.version, bank.title, bank.role) == (
        "mini_sales",
        "0.1.0",
        "Mini Sales Assessment",
        "sales representative",
    )
    assert bank.instructions == "Read each statement and choose the answer that fits you best."
    assert bank.response_format.points == 5
    assert bank.response_format.labels[0] == "Strongly disagree"


def test_included_fragments_are_merged_after_the_banks_own_entries(bank: Bank) -> None:
    assert [motivator.id for motivator in bank.motivators] == [
        "financial_reward",
        "competition",
        "autonomy",
    ]
    assert [scale.id for scale in bank.validity_scales] == ["social_desirability"]
    assert [item.id for item in bank.items][-2:] == ["att_01", "sd_01"]


def test_items_are_typed_by_kind(bank: Bank) -> None:
    assert isinstance(bank.item("pro_01"), LikertItem)
    assert isinstance(bank.item("clo_sjt_01"), SjtItem)
    assert isinstance(bank.item("fc_01"), ForcedChoiceItem)
    assert isinstance(bank.item("att_01"), AttentionItem)
    assert [item.id for item in bank.items_of_kind("likert")] == [
        "pro_01",
        "pro_02",
        "clo_01",
        "sd_01",
    ]
    assert bank.item_counts_by_kind() == {"likert": 4, "sjt": 1, "forced_choice": 1, "attention": 1}


def test_unknown_kind_or_id_fails_clearly(bank: Bank) -> None:
    with pytest.raises(ValueError, match="unknown item kind 'essay'"):
        bank.items_of_kind("essay")
    with pytest.raises(KeyError, match="no item 'pro_99'"):
        bank.item("pro_99")


def test_items_for_scale_include_likert_and_sjt(bank: Bank) -> None:
    assert [item.id for item in bank.items_for_scale("closing")] == ["clo_01", "clo_sjt_01"]
    assert [item.id for item in bank.items_for_scale("social_desirability")] == ["sd_01"]


def test_reverse_keying_and_pairs(bank: Bank) -> None:
    assert bank.item("pro_02").reverse_keyed
    assert not bank.item("pro_01").reverse_keyed
    [pair] = bank.consistency_pairs
    assert (pair.first.id, pair.second.id, pair.relation) == ("pro_01", "pro_02", "opposite")


def test_sjt_score_is_the_effectiveness_of_the_pick(bank: Bank) -> None:
    item = bank.item("clo_sjt_01")
    assert item.question == "Which action would be most effective?"
    assert item.best_option.id == "a"
    assert [item.effectiveness_of(letter) for letter in "abc"] == [4, 2, 1]
    with pytest.raises(KeyError, match="no option 'd'"):
        item.effectiveness_of("d")


def test_forced_choice_with_three_statements_asks_least_too(bank: Bank) -> None:
    item = bank.item("fc_01")
    assert item.asks_least
    assert [statement.motivator for statement in item.statements] == [
        "financial_reward",
        "competition",
        "autonomy",
    ]


def test_benchmark_lookup(bank: Bank) -> None:
    hunter = bank.benchmark("hunter")
    assert hunter.name == "New-business hunter"
    requirement = hunter.requirement("prospecting")
    assert (requirement.importance, requirement.minimum_percentile) == (3, 60)
    assert requirement.importance_label == "critical"
    with pytest.raises(KeyError, match=r"no benchmark 'farmer' \(known: hunter\)"):
        bank.benchmark("farmer")


def test_lookups_by_id(bank: Bank) -> None:
    assert bank.competency("closing").name == "Closing"
    assert bank.motivator("autonomy").management_tips[0] == "Agree goals and leave the method open."
    assert bank.validity_scale("social_desirability").name == "Social desirability"
    with pytest.raises(KeyError, match="no motivator 'security'"):
        bank.motivator("security")


def test_estimated_minutes_from_the_per_kind_budget(bank: Bank) -> None:
    # 4 likert x 6 s + 1 attention x 6 s + 1 sjt x 45 s + 1 forced choice x 20 s = 95 s
    assert bank.estimated_seconds == 95
    assert bank.estimated_minutes == 2


def test_loaded_objects_are_frozen(bank: Bank) -> None:
    with pytest.raises(pydantic.ValidationError):
        bank.title = "Changed"
    with pytest.raises(pydantic.ValidationError):
        bank.items[0].text = "Changed"
    assert isinstance(bank.items, tuple)


def test_personality_inventory_with_six_points_loads(inventory_path) -> None:
    assert lint_bank(inventory_path) == []

    bank = load_bank(inventory_path)

    assert bank.response_format.points == 6
    assert len(bank.response_format.labels) == 6
    assert bank.item_counts_by_kind() == {"likert": 6, "sjt": 0, "forced_choice": 0, "attention": 1}
    assert bank.motivators == ()
    assert bank.validity_scales == ()
    assert bank.item("att_01").expected == 4
    # 7 items x 6 s = 42 s, rounded up to whole minutes
    assert bank.estimated_seconds == 42
    assert bank.estimated_minutes == 1
    # rounding is up, not to the nearest minute: 63 s is 2 minutes
    assert whole_minutes(63) == 2


def test_six_point_scale_accepts_attention_answer_six(tmp_path, inventory_path) -> None:
    path = tmp_path / "personality_inventory.yaml"
    text = inventory_path.read_text(encoding="utf-8")
    path.write_text(text.replace("expected: 4", "expected: 6"), encoding="utf-8")

    assert load_bank(path).item("att_01").expected == 6
