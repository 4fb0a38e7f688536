"""The measures stage that calibration and scoring share, and the validity counts, worked out by hand.

Expected values come from the definitions in docs/methodology.md, not from the implementation.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assessment.banks import Bank, load_bank
from assessment.scoring.calibration import calibrate
from assessment.scoring.encoding import ColumnLayout
from assessment.scoring.keys import ScoringKey
from assessment.scoring.measures import measure
from assessment.scoring.model import load_scoring_model
from assessment.scoring.motivation import MotivationKey
from assessment.scoring.profile import CHUNK, Scorer
from assessment.scoring.scales import PERCENTILE_GRID
from assessment.scoring.simulation import simulate
from assessment.scoring.validity import ValidityKey, validity_indices

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rep() -> Bank:
    return load_bank(ROOT / "question_banks" / "sales_rep.yaml")


@pytest.fixture(scope="module")
def rep_scorer(rep: Bank) -> Scorer:
    return Scorer(rep, load_scoring_model(ROOT / "scoring_models" / "sales_rep.json"))


def _likert_rows(bank: Bank, rows: list[list[float]]) -> np.ndarray:
    """Codes with the given answers on the Likert items, in the bank's order; all else missing."""
    key = ValidityKey.for_bank(bank)
    codes = np.full((len(rows), len(ColumnLayout.for_bank(bank).columns)), np.nan)
    codes[:, key.likert_columns] = rows
    return codes


def test_longstring_is_the_longest_run_of_identical_answers(rep: Bank) -> None:
    key = ValidityKey.for_bank(rep)
    k = len(key.likert_columns)
    alternating = [1.0 + j % 2 for j in range(k)]
    with_a_run = list(alternating)
    with_a_run[10:14] = [4.0] * 4  # 4 identical answers; the neighbours differ (1 or 2)
    gap = [3.0] * k
    gap[50] = np.nan  # a missing answer ends a run: 50 answers before it, k - 51 after
    ends_in_a_run = alternating[:k - 6] + [5.0] * 6
    starts_with_a_run = [5.0] * 3 + alternating[3:]  # the previous row's run must not carry on here
    rows = [[3.0] * k, alternating, with_a_run, [np.nan] * k, gap, ends_in_a_run, starts_with_a_run]
    expected = [k, 1, 4, 0, max(50, k - 51), 6, 3]

    codes = _likert_rows(rep, rows)
    indices = validity_indices(key, codes, codes[:, key.likert_columns])
    assert indices.longstring.tolist() == expected
    for i, row in enumerate(codes):  # one respondent alone gets the same count
        alone = validity_indices(key, row[None, :], row[None, key.likert_columns])
        assert alone.longstring.tolist() == [expected[i]]


def test_counts_do_not_wrap_in_a_long_questionnaire() -> None:
    """300 identical answers are counted as 300, not modulo a small integer type."""
    items = 300
    key = ValidityKey(points=5, attention_columns=np.array([0]), attention_expected=np.array([3.0]),
                      likert_columns=np.arange(1, items + 1), pair_positions=np.zeros((0, 2), dtype=int),
                      pair_opposite=np.zeros(0, dtype=bool))
    codes = np.full((2, items + 1), 4.0)
    codes[1, 1::2] = np.nan
    indices = validity_indices(key, codes, codes[:, 1:])
    assert indices.longstring.tolist() == [items, 1]
    assert (indices.longstring - items - 1).tolist() == [-1, -items]  # arithmetic on counts stays signed
    assert indices.attention_failures.tolist() == [1, 1] and indices.attention_answered.tolist() == [1, 1]


def test_inconsistency_is_the_mean_disagreement_over_answered_pairs() -> None:
    key = ValidityKey(points=5, attention_columns=np.zeros(0, dtype=int), attention_expected=np.zeros(0),
                      likert_columns=np.arange(4), pair_positions=np.array([[0, 1], [2, 3]]),
                      pair_opposite=np.array([False, True]))
    codes = np.array([[5.0, 2.0, 4.0, 4.0],  # |5 - 2| = 3; opposite pair: |4 - (6 - 4)| = 2
                      [1.0, np.nan, 2.0, 4.0],  # the first pair is not answered: |2 - (6 - 4)| = 0
                      [np.nan, 3.0, np.nan, 1.0]])  # no pair answered
    inconsistency = validity_indices(key, codes, codes).inconsistency
    np.testing.assert_array_equal(inconsistency, [2.5, 0.0, np.nan])


def test_measuring_leaves_the_answers_as_they_were(rep: Bank) -> None:
    codes = simulate(rep, 50, seed=2).responses.codes
    codes[::3, ::4] = np.nan
    given = codes.copy()
    seconds = np.linspace(1.0, 9.0, 50)
    measures = measure(ScoringKey.for_bank(rep), MotivationKey.for_bank(rep), ValidityKey.for_bank(rep), codes,
                       seconds)
    np.testing.assert_array_equal(codes, given)
    seconds[:] = 0.0  # the measures hold their own copy of the times
    np.testing.assert_array_equal(measures.indices.seconds_per_item, np.linspace(1.0, 9.0, 50))


@pytest.mark.parametrize("size", [3, CHUNK + 5])
def test_scoring_leaves_the_answers_as_they_were(rep: Bank, rep_scorer: Scorer, size: int) -> None:
    codes = simulate(rep, size, seed=6).responses.codes
    given = codes.copy()
    seconds = np.full(size, 4.0)
    batch = rep_scorer.score(codes, "hunter", seconds)
    np.testing.assert_array_equal(codes, given)
    seconds[:] = 0.0
    assert (batch.indices.seconds_per_item == 4.0).all()


def test_scoring_refuses_arrays_of_another_shape_with_a_message(rep: Bank, rep_scorer: Scorer) -> None:
    codes = simulate(rep, 4, seed=6).responses.codes
    columns = codes.shape[1]
    with pytest.raises(ValueError, match=rf"codes must have shape \(respondents, {columns}\) for bank sales_rep"):
        rep_scorer.score(codes[:, :-1], "hunter")
    with pytest.raises(ValueError, match=r"seconds_per_item must have shape \(4,\)"):
        rep_scorer.score(codes, "hunter", np.ones(3))
    assert len(rep_scorer.score(codes[:0], "hunter")) == 0  # no respondents: an empty batch
    one = rep_scorer.score(codes[1], "hunter", [3.5])  # one respondent's row, and times as a list
    assert one.profile(0) == rep_scorer.score(codes, "hunter", np.full(4, 3.5)).profile(1)


def test_the_norm_group_scored_with_its_own_model_gets_the_calibrated_norms(rep: Bank) -> None:
    """Calibration and scoring measure alike: the calibration sample, scored with the model it gave,
    has the model's means and quantiles, and the flag thresholds are its indices' quantiles."""
    codes = simulate(rep, 1500, seed=8).responses.codes
    model = calibrate(rep, codes, source="simulated", description="test")
    batch = Scorer(rep, model).score(codes, "hunter")
    for s, scale_id in enumerate(batch.scales.scale_ids):
        norm, raw = model.scales[scale_id], batch.scales.raw[:, s]
        assert np.nanmean(raw) == pytest.approx(norm.mean, rel=1e-12)
        np.testing.assert_allclose(np.nanquantile(raw, PERCENTILE_GRID / 100.0), norm.quantiles, rtol=1e-12)
    assert np.quantile(batch.indices.longstring, 0.975) == model.validity.longstring
    assert np.quantile(batch.indices.inconsistency, 0.975) == pytest.approx(model.validity.inconsistency, rel=1e-12)
    assert np.quantile(batch.careless, 0.95) == pytest.approx(model.validity.careless_index, rel=1e-12)
