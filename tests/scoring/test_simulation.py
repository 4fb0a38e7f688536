"""The simulated calibration sample: reproducible, well-formed, and true to its generating model.

The model's parameters are documented in `assessment.scoring.simulation`; these tests check that
the sample shows what the model says (directions and rough sizes at a few thousand respondents),
not that it meets any target the scoring engine needs.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assessment.banks import AttentionItem, Bank, ForcedChoiceItem, SjtItem, load_bank
from assessment.commands.simulate import simulate_command
from assessment.scoring.encoding import ColumnLayout
from assessment.scoring.keys import ScoringKey
from assessment.scoring.response_csv import read_responses, write_responses
from assessment.scoring.simulation import simulate, write_truth

BANKS_DIR = Path(__file__).resolve().parents[2] / "question_banks"
SHIPPED = ("sales_rep", "sales_manager", "sales_executive")


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    return {bank_id: load_bank(BANKS_DIR / f"{bank_id}.yaml") for bank_id in SHIPPED}


@pytest.fixture(scope="module")
def rep(banks):
    """The rep bank with 2,000 respondents at the default shares."""
    bank = banks["sales_rep"]
    return bank, simulate(bank, 2000, 7)


def _write_both(tmp_path: Path, bank: Bank, seed: int, name: str) -> tuple[bytes, bytes]:
    sample = simulate(bank, 300, seed)
    write_responses(tmp_path / f"{name}.csv", bank, sample.responses)
    write_truth(tmp_path / f"{name}.truth.csv", sample.truth)
    return (tmp_path / f"{name}.csv").read_bytes(), (tmp_path / f"{name}.truth.csv").read_bytes()


def test_same_seed_same_bytes_and_another_seed_other_bytes(banks, tmp_path) -> None:
    bank = banks["sales_manager"]
    first, again, other = (_write_both(tmp_path, bank, seed, name)
                           for seed, name in ((11, "a"), (11, "b"), (12, "c")))

    assert first == again
    assert first[0] != other[0] and first[1] != other[1]


@pytest.mark.parametrize("bank_id", SHIPPED)
def test_codes_fit_the_layout_and_read_back(banks, bank_id, tmp_path) -> None:
    bank = banks[bank_id]
    sample = simulate(bank, 400, 3)
    layout = ColumnLayout.for_bank(bank)
    codes = sample.responses.codes

    assert codes.shape == (400, len(layout.columns))
    assert sample.responses.respondent_ids[:2] == ("sim-000001", "sim-000002")
    for n, column in enumerate(layout.columns):
        answered = codes[~np.isnan(codes[:, n]), n]
        assert set(answered) <= set(range(column.offset, column.offset + len(column.choices)))
    for item in bank.items_of_kind("forced_choice"):
        most, *least = layout.item_columns[item.id]
        if least:
            both = ~np.isnan(codes[:, most])
            assert np.all(codes[both, most] != codes[both, least[0]])
    write_responses(tmp_path / "sample.csv", bank, sample.responses)
    read = read_responses(tmp_path / "sample.csv", bank)
    assert read.respondent_ids == sample.responses.respondent_ids
    np.testing.assert_array_equal(read.codes, codes)


def test_truth_has_the_bank_latents_and_the_stated_correlations(rep) -> None:
    bank, sample = rep
    truth = sample.truth
    competencies = truth.competencies

    assert truth.competency_ids == tuple(c.id for c in bank.competencies)
    assert truth.motivator_ids == tuple(m.id for m in bank.motivators)
    assert competencies.shape == (2000, len(bank.competencies))
    assert truth.motivators.shape == (2000, len(bank.motivators))
    off_diagonal = np.corrcoef(competencies.T)[np.triu_indices(len(bank.competencies), 1)]
    assert abs(off_diagonal.mean() - 0.30) < 0.03
    assert abs(np.corrcoef(competencies.mean(axis=1), truth.social_desirability)[0, 1] - 0.20) < 0.07
    assert np.abs(np.corrcoef(truth.motivators.T) - np.eye(len(bank.motivators))).max() < 0.1


def test_label_shares_are_exact_and_careless_styles_split_in_half(banks) -> None:
    sample = simulate(banks["sales_rep"], 1000, 5, careless_share=0.08, faking_share=0.15)
    labels, styles = sample.truth.labels, sample.truth.careless_style

    assert [(labels == label).sum() for label in ("attentive", "careless", "faking")] == [770, 80, 150]
    assert (styles[labels == "careless"] == "random").sum() == 40
    assert (styles[labels == "careless"] == "longstring").sum() == 40
    assert set(styles[labels != "careless"]) == {""}


def test_careless_respondents_fail_attention_items_far_more_often(rep) -> None:
    bank, sample = rep
    layout = ColumnLayout.for_bank(bank)
    items = [item for item in bank.items if isinstance(item, AttentionItem)]
    codes = sample.responses.codes[:, [layout.item_columns[item.id][0] for item in items]]
    failed = (codes != [item.expected for item in items]) & ~np.isnan(codes)
    labels = sample.truth.labels

    attentive = failed[labels == "attentive"].mean()
    careless = failed[labels == "careless"].mean()
    assert attentive < 0.04
    assert careless > 0.6


def test_straight_liners_repeat_one_code(rep) -> None:
    bank, sample = rep
    layout = ColumnLayout.for_bank(bank)
    columns = [layout.item_columns[item.id][0] for item in bank.items_of_kind("likert")]
    codes = sample.responses.codes[:, columns]
    styles = sample.truth.careless_style

    def modal_share(rows: np.ndarray) -> float:
        return float(np.mean([np.bincount(row[~np.isnan(row)].astype(int)).max() / (~np.isnan(row)).sum()
                              for row in rows]))

    assert modal_share(codes[styles == "longstring"]) > 0.85
    assert modal_share(codes[styles == "random"]) < 0.35


def test_fakers_score_higher_on_social_desirability(rep) -> None:
    bank, sample = rep
    key = ScoringKey.for_bank(bank)
    scores = key.item_scores(sample.responses.codes)[:, key.scale_items("social_desirability")]
    labels = sample.truth.labels

    gap = np.nanmean(scores[labels == "faking"]) - np.nanmean(scores[labels == "attentive"])
    assert gap > 0.3  # on the 1..5 item metric


def test_best_sjt_option_is_picked_more_often_by_higher_trait(rep) -> None:
    bank, sample = rep
    layout = ColumnLayout.for_bank(bank)
    attentive = sample.truth.labels != "careless"
    low, high = [], []
    for item in bank.items:
        if not isinstance(item, SjtItem):
            continue
        theta = sample.truth.competencies[:, sample.truth.competency_ids.index(item.scale)]
        best = [option.id for option in item.options].index(item.best_option.id)
        picked = sample.responses.codes[:, layout.item_columns[item.id][0]] == best
        low.append(picked[attentive & (theta < -1)].mean())
        high.append(picked[attentive & (theta > 1)].mean())

    assert np.mean(high) - np.mean(low) > 0.2
    assert np.mean(np.array(high) > np.array(low)) > 0.9


def test_forced_choice_most_follows_the_highest_utility(rep) -> None:
    bank, sample = rep
    layout = ColumnLayout.for_bank(bank)
    attentive = sample.truth.labels != "careless"
    motivator = {m: n for n, m in enumerate(sample.truth.motivator_ids)}
    hits, answered = 0, 0
    for item in bank.items:
        if not isinstance(item, ForcedChoiceItem):
            continue
        utilities = sample.truth.motivators[:, [motivator[s.motivator] for s in item.statements]]
        most = sample.responses.codes[:, layout.item_columns[item.id][0]]
        valid = attentive & ~np.isnan(most)
        hits += (most[valid] == utilities[valid].argmax(axis=1)).sum()
        answered += valid.sum()

    assert hits / answered > 0.55  # chance is 1/3 for the shipped three-statement blocks


def test_about_one_percent_of_answers_are_missing(rep) -> None:
    _, sample = rep

    assert 0.007 < np.isnan(sample.responses.codes).mean() < 0.013


@pytest.mark.parametrize(("n", "seed", "careless", "faking", "message"), [
    (0, 1, 0.05, 0.1, "n must be"),
    (10, -1, 0.05, 0.1, "seed must be"),
    (10, 1, 1.5, 0.1, "careless_share must be"),
    (10, 1, 0.6, 0.6, "must not exceed 1"),
])
def test_bad_arguments_are_refused(banks, n, seed, careless, faking, message) -> None:
    with pytest.raises(ValueError, match=message):
        simulate(banks["sales_rep"], n, seed, careless_share=careless, faking_share=faking)


def test_cli_writes_responses_and_truth_beside_them(app, tmp_path) -> None:
    out = tmp_path / "calibration.csv"
    result = app.test_cli_runner().invoke(
        simulate_command, ["--bank", "sales_rep", "--n", "50", "--seed", "4", "--out", str(out)])

    assert result.exit_code == 0, result.output
    truth = tmp_path / "calibration.truth.csv"
    assert result.output.count("\n") == 1
    assert str(out) in result.output and str(truth) in result.output
    assert len(read_responses(out, load_bank(BANKS_DIR / "sales_rep.yaml")).respondent_ids) == 50
    header = truth.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("respondent_id,label,careless_style,theta_prospecting,")


@pytest.mark.parametrize(("args", "message"), [
    (["--bank", "no_such_bank"], "no bank 'no_such_bank'"),
    (["--bank", "sales_rep", "--faking-share", "2"], "faking_share must be between 0 and 1"),
    (["--bank", "sales_rep", "--n", "0"], "n must be"),
])
def test_cli_bad_input_is_one_error_and_exit_1(app, tmp_path, args, message) -> None:
    result = app.test_cli_runner().invoke(
        simulate_command, [*args, "--seed", "1", "--out", str(tmp_path / "x.csv")])

    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "x.csv").exists()
