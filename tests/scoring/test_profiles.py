"""Profiles: hand-computed scores on a tiny bank, and properties of the engine on simulated data.

Expected numbers are worked out in the tests from the definitions in docs/methodology.md, not
copied from the implementation's output.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.metrics import roc_auc_score

from assessment.banks import load_bank
from assessment.scoring.calibration import calibrate
from assessment.scoring.encoding import encode
from assessment.scoring.model import CalibrationSample, ScaleNorm, ScoringModel, ValidityThresholds, load_scoring_model
from assessment.reports.wording import flag_evidence
from assessment.scoring.profile import CHUNK, Scorer
from assessment.scoring.results import SCHEMA_VERSION, Flag, Profile, ResultDataError
from assessment.scoring.simulation import simulate
from assessment.scoring.verdicts import BandLabel, Recommendation, Verdict

ROOT = Path(__file__).resolve().parents[2]
MINI_SALES = ROOT / "tests" / "banks" / "fixtures" / "mini_sales" / "mini_sales.yaml"
LINEAR = tuple(float(p) for p in range(101))  # a norm group whose percentile equals the raw score


def _mini_model(bank_version: str) -> ScoringModel:
    def scale(items: int, alpha: float) -> ScaleNorm:
        return ScaleNorm(items=items, min_answered=2 if items > 1 else 1, mean=50.0, sd=20.0, alpha=alpha,
                         sem=20.0 * math.sqrt(1 - alpha), quantiles=LINEAR)

    quiet = ValidityThresholds(  # thresholds no answer of these tests can reach
        longstring=99, inconsistency=99, careless_index=99, longstring_median=1, longstring_spread=1,
        inconsistency_median=0, inconsistency_spread=1, social_desirability_percentile=101,
        seconds_per_item=0, self_report_mean=50, self_report_sd=20, judgement_mean=50, judgement_sd=20,
        self_enhancement=99)
    return ScoringModel(
        version="mini-test", bank_id="mini_sales", bank_version=bank_version, created="2026-01-01",
        provisional=True, sample=CalibrationSample(size=100, source="simulated", description="hand-made"),
        scales={"prospecting": scale(2, 0.75), "closing": scale(2, 0.6), "social_desirability": scale(1, 0.5)},
        motivators={m: {"mean": 0.0, "sd": 0.5} for m in ("financial_reward", "competition", "autonomy")},
        validity=quiet,
    )


def test_a_profile_computed_by_hand() -> None:
    bank = load_bank(MINI_SALES)
    scorer = Scorer(bank, _mini_model(bank.version))
    answers = {"pro_01": "4", "pro_02": "2", "clo_01": "2", "clo_sjt_01": "b", "fc_01": "a,c",
               "att_01": "2", "sd_01": "3"}
    profile = scorer.score_answers(answers, "hunter")
    prospecting, closing = profile.competencies

    # Prospecting: pro_01 scores 4; pro_02 is reverse-keyed: 5 + 1 - 2 = 4. POMP (4 - 1) / 4 = 0.75
    # for both, so the raw score is 75; T = 50 + 10 (75 - 50) / 20 = 62.5; the linear norm group
    # puts it at the 75th percentile; SEM = 20 sqrt(1 - 0.75) = 10; the 90% band is 75 +- 16.45.
    assert prospecting.raw == pytest.approx(75.0)
    assert prospecting.standard == pytest.approx(62.5)
    assert prospecting.percentile == pytest.approx(75.0)
    assert prospecting.sem == pytest.approx(10.0)
    assert (prospecting.band_low, prospecting.band_high) == pytest.approx((75 - 16.448536, 75 + 16.448536))
    assert prospecting.band == BandLabel.ADEQUATE

    # Closing: clo_01 answered 2 -> POMP 0.25; the SJT pick b has effectiveness 2 on keys 1..4 ->
    # POMP (2 - 1) / 3. Raw = 100 (0.25 + 1/3) / 2 = 29.17; SEM = 20 sqrt(0.4) = 12.65.
    closing_raw = 100 * (0.25 + 1 / 3) / 2
    assert closing.raw == pytest.approx(closing_raw)
    assert closing.sem == pytest.approx(20 * math.sqrt(0.4))
    assert closing.band == BandLabel.ADEQUATE

    # Hunter: prospecting needs percentile 60 (raw 60), importance 3; closing 50 (raw 50),
    # importance 2. Closing + SEM = 41.8 < 50: a weakness. Prospecting - SEM = 65 > 60: a strength.
    assert [w.competency_id for w in profile.weaknesses] == ["closing"]
    assert [s.competency_id for s in profile.strengths] == ["prospecting"]
    # Fit = 100 (3 P(true >= 60) + 2 P(true >= 50)) / 5 with P = Phi((raw - R) / SEM).
    expected_fit = 100 * (3 * norm.cdf((75 - 60) / 10) + 2 * norm.cdf((closing_raw - 50) / (20 * math.sqrt(0.4)))) / 5
    assert profile.fit == pytest.approx(expected_fit)
    assert profile.recommendation == Recommendation.CONSIDER  # fit 58: between 40 and 70
    # Motivators: a (financial reward) most +1, c (autonomy) least -1, b (competition) 0.
    assert [(m.id, m.score) for m in profile.motivators] == [
        ("financial_reward", 1.0), ("competition", 0.0), ("autonomy", -1.0)]
    assert profile.verdict == Verdict.VALID and profile.validity_flags == ()
    assert profile.provisional_norms and profile.model_version == "mini-test"


def test_attention_failures_make_the_result_not_interpretable() -> None:
    bank = load_bank(MINI_SALES)
    scorer = Scorer(bank, _mini_model(bank.version))
    answers = {"pro_01": "4", "pro_02": "2", "clo_01": "2", "clo_sjt_01": "b", "fc_01": "a,c", "sd_01": "3"}
    one_failure = scorer.score_answers({**answers, "att_01": "5"}, "hunter")
    assert one_failure.verdict == Verdict.CAUTION
    assert one_failure.validity_flags == (Flag("attention", "caution", {"failures": 1, "answered": 1}),)
    assert "1 of 1 attention checks" in flag_evidence(one_failure.validity_flags[0])


def test_too_few_answers_leave_a_scale_unscored_without_crashing() -> None:
    bank = load_bank(MINI_SALES)
    profile = Scorer(bank, _mini_model(bank.version)).score_answers({"pro_01": "4"}, "hunter")
    prospecting, closing = profile.competencies
    assert not prospecting.scored and prospecting.percentile is None and prospecting.band == BandLabel.NOT_SCORED
    assert not closing.scored
    assert profile.fit is None and profile.recommendation == Recommendation.NOT_INTERPRETABLE


@pytest.fixture(scope="module")
def rep() -> tuple:
    bank = load_bank(ROOT / "question_banks" / "sales_rep.yaml")
    calibration = simulate(bank, 3000, seed=11)
    model = calibrate(bank, calibration.responses.codes, source="simulated", description="test")
    return bank, Scorer(bank, model)


def test_scoring_the_same_answers_twice_gives_identical_profiles(rep: tuple) -> None:
    bank, scorer = rep
    codes = simulate(bank, 5, seed=3).responses.codes
    first, second = scorer.score(codes, "hunter"), scorer.score(codes.copy(), "hunter")
    assert [first.profile(i) for i in range(5)] == [second.profile(i) for i in range(5)]
    # One candidate alone gets exactly what it gets in a batch.
    alone = scorer.score(codes[2:3], "hunter").profile(0)
    assert alone == first.profile(2)


def test_a_profile_is_stored_as_codes_and_numbers_and_read_back_unchanged(rep: tuple) -> None:
    bank, scorer = rep
    batch = scorer.score(simulate(bank, 60, seed=5, careless_share=0.3).responses.codes, "hunter",
                         np.full(60, 3.0))
    profiles = [batch.profile(i) for i in range(len(batch))]
    assert any(p.validity_flags for p in profiles) and any(p.weaknesses for p in profiles)
    for profile in profiles:
        data = json.loads(json.dumps(profile.to_data(), allow_nan=False))  # what the database keeps
        assert data["schema_version"] == SCHEMA_VERSION and Profile.from_data(data) == profile
        assert data["recommendation"] in {r.code for r in Recommendation}
        assert {c["band"] for c in data["competencies"]} <= {b.code for b in BandLabel}
        words = [value for value in _strings(data) if " " in value]
        assert words == [], "a stored result holds codes, not words"


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("change", [
    {"schema_version": 1}, {"schema_version": None}, {"recommendation": "maybe"}, {"verdict": "valid enough"},
    {"validity_flags": [{"name": "astrology", "level": "caution", "figures": {}}]}, {"competencies": [{"id": "x"}]},
])
def test_reading_a_result_of_another_form_fails_clearly(rep: tuple, change: dict) -> None:
    bank, scorer = rep
    data = scorer.score(simulate(bank, 1, seed=5).responses.codes, "hunter").profile(0).to_data()
    with pytest.raises(ResultDataError):
        Profile.from_data({**data, **change})


@pytest.mark.parametrize("bank_id", ["sales_rep", "sales_manager", "sales_executive"])
def test_a_large_batch_gives_each_respondent_what_they_get_alone(bank_id: str) -> None:
    """Large batches are scored in chunks and count long strings of identical answers another way
    (item by item); scale sums are exact, so neither the batch nor the chunk changes a result."""
    bank = load_bank(ROOT / "question_banks" / f"{bank_id}.yaml")
    scorer = Scorer(bank, load_scoring_model(ROOT / "scoring_models" / f"{bank_id}.json"))
    size = 2 * CHUNK + 300
    codes = simulate(bank, size, seed=7, careless_share=0.3, faking_share=0.1).responses.codes
    codes[::5, ::9] = np.nan  # gaps that break runs
    benchmark = bank.benchmarks[0].id
    batch = scorer.score(codes, benchmark)
    assert len(batch) == size
    for i in [*range(0, size, 211), CHUNK - 1, CHUNK, size - 1]:
        alone = scorer.score(codes[i:i + 1], benchmark)
        assert alone.indices.longstring[0] == batch.indices.longstring[i]
        assert alone.profile(0) == batch.profile(i)
    assert batch.indices.longstring.max() >= 10  # careless respondents' long runs are among them


def test_a_missing_answer_widens_the_band(rep: tuple) -> None:
    bank, scorer = rep
    codes = simulate(bank, 1, seed=5, careless_share=0, faking_share=0).responses.codes
    complete = codes.copy()
    for item in bank.items_for_scale("prospecting"):
        if np.isnan(complete[0, scorer.key.columns[scorer.key.item_ids.index(item.id)]]):
            complete[0, scorer.key.columns[scorer.key.item_ids.index(item.id)]] = 3
    gap = complete.copy()
    first_item = bank.items_for_scale("prospecting")[0].id
    gap[0, scorer.key.columns[scorer.key.item_ids.index(first_item)]] = np.nan
    full = scorer.score(complete, "hunter").profile(0).competencies[0]
    partial = scorer.score(gap, "hunter").profile(0).competencies[0]
    assert partial.scored and partial.answered == full.answered - 1
    assert partial.sem > full.sem
    assert partial.band_high - partial.band_low > full.band_high - full.band_low


def test_validity_indices_separate_careless_and_faking_respondents(rep: tuple) -> None:
    bank, scorer = rep
    sample = simulate(bank, 5000, seed=12)  # a sample independent of the calibration
    batch = scorer.score(sample.responses.codes, "hunter")
    labels = np.array(sample.truth.labels)
    assert roc_auc_score(labels == "careless", batch.careless) >= 0.90
    not_careless = labels != "careless"
    assert roc_auc_score(labels[not_careless] == "faking", batch.self_enhancement[not_careless]) >= 0.75
    careless_verdicts = batch.verdict[labels == "careless"]
    assert np.mean(careless_verdicts > 0) > 0.9  # almost every careless respondent is flagged


def test_one_candidate_scores_from_text_answers_like_the_web_app(rep: tuple) -> None:
    bank, scorer = rep
    codes = simulate(bank, 1, seed=8).responses.codes
    from assessment.scoring.encoding import decode
    answers = decode(bank, codes)[0]
    assert scorer.score_answers(answers, "sdr") == scorer.score(encode(bank, [answers]), "sdr").profile(0)


@pytest.mark.parametrize("bank_id", ["sales_rep", "sales_manager", "sales_executive"])
def test_shipped_models_match_their_bank(bank_id: str) -> None:
    bank = load_bank(ROOT / "question_banks" / f"{bank_id}.yaml")
    model = load_scoring_model(ROOT / "scoring_models" / f"{bank_id}.json")
    assert model.provisional and model.sample.source == "simulated" and model.sample.size == 5000
    assert (model.bank_id, model.bank_version) == (bank.id, bank.version)
    Scorer(bank, model)  # accepts it


@pytest.mark.parametrize("bank_id", ["sales_rep", "sales_manager", "sales_executive"])
def test_shipped_models_are_reproduced_by_their_recipe(bank_id: str) -> None:
    """The Makefile's recipe (simulate with the committed seed, then calibrate) gives the file."""
    bank = load_bank(ROOT / "question_banks" / f"{bank_id}.yaml")
    shipped = load_scoring_model(ROOT / "scoring_models" / f"{bank_id}.json")
    sample = simulate(bank, 5000, seed=20261129)
    rebuilt = calibrate(bank, sample.responses.codes, source="simulated", description=shipped.sample.description)
    # Floats may differ in the last bits from one CPU to another (vectorised sums); nothing else may.
    assert _approximately(rebuilt.model_copy(update={"created": shipped.created}).model_dump()) == shipped.model_dump()


def _approximately(value: object) -> object:
    """`value` with every float, through dicts, lists and tuples, equal to any float within 1e-9."""
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-9, abs=1e-12)
    if isinstance(value, dict):
        return {key: _approximately(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_approximately(item) for item in value)
    return value
