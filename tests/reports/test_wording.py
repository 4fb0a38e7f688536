"""Results are worded when shown: the bank's texts by id, the words of the codes from one module."""
from __future__ import annotations

import dataclasses

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.reports.wording import RECOMMENDATION_LABELS, describe
from assessment.scoring.model import load_scoring_model
from assessment.scoring.profile import Scorer
from assessment.scoring.simulation import simulate

BANK = load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml")


def _profile_with_a_weakness():
    scorer = Scorer(BANK, load_scoring_model(PROJECT_ROOT / "scoring_models" / "sales_rep.json"))
    batch = scorer.score(simulate(BANK, 100, seed=4).responses.codes, "hunter")
    return next(p for p in (batch.profile(i) for i in range(len(batch))) if p.weaknesses)


def test_the_bank_names_and_advises_by_id() -> None:
    profile = _profile_with_a_weakness()
    described = describe(profile, BANK)
    weakness, competency = described.weaknesses[0], BANK.competency(profile.weaknesses[0].competency_id)
    assert (weakness.name, weakness.definition) == (competency.name, competency.definition)
    assert weakness.coaching == tuple(competency.coaching)
    assert weakness.rationale == BANK.benchmark("hunter").requirement(competency.id).rationale
    assert described.motivators[0].name == BANK.motivator(profile.motivators[0].id).name
    assert described.benchmark_name == BANK.benchmark("hunter").name
    assert described.recommendation_label == RECOMMENDATION_LABELS[profile.recommendation]
    assert described.reasons[0].startswith(f"Fit with the benchmark: {profile.fit:.0f} out of 100")
    assert any(competency.name in reason for reason in described.reasons)
    # The numbers are the stored ones.
    assert [(c.id, c.percentile) for c in described.competencies] == [(c.id, c.percentile) for c in profile.competencies]


def test_without_its_bank_a_result_is_still_shown_by_its_ids() -> None:
    profile = _profile_with_a_weakness()
    described = describe(profile, None)
    assert described.weaknesses[0].name == profile.weaknesses[0].competency_id
    assert described.weaknesses[0].coaching == () and described.benchmark_name == "hunter"
    # A bank that no longer has a competency the result names.
    renamed = dataclasses.replace(profile, weaknesses=(dataclasses.replace(profile.weaknesses[0],
                                                                           competency_id="retired_skill"),))
    assert describe(renamed, BANK).weaknesses[0].name == "retired_skill"
