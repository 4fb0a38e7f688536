"""The shipped banks are reliable and valid enough under the documented simulation model.

On a simulated sample of 5,000 (docs/methodology.md, "The simulated calibration sample"), every
competency scale reaches coefficient alpha 0.75, and scale scores correlate at least 0.85 with the
latent trait that generated them. The correlation is taken over the attentive respondents: the
careless and faking respondents' answers do not express their trait by construction, and the
validity checks (tested elsewhere) are what catch them.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assessment.banks import load_bank
from assessment.scoring.calibration import calibrate
from assessment.scoring.profile import Scorer
from assessment.scoring.simulation import simulate

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("bank_id", ["sales_rep", "sales_manager", "sales_executive"])
def test_competency_scales_are_reliable_and_track_the_trait(bank_id: str) -> None:
    bank = load_bank(ROOT / "question_banks" / f"{bank_id}.yaml")
    sample = simulate(bank, 5000, seed=2718)
    model = calibrate(bank, sample.responses.codes, source="simulated", description="quality test")
    low_alpha = {c.id: round(model.scales[c.id].alpha, 3) for c in bank.competencies if model.scales[c.id].alpha < 0.75}
    assert low_alpha == {}

    batch = Scorer(bank, model).score(sample.responses.codes, bank.benchmarks[0].id)
    attentive = np.array(sample.truth.labels) == "attentive"
    weak = {}
    for c, competency in enumerate(bank.competencies):
        score, trait = batch.scales.raw[attentive, c], sample.truth.competencies[attentive, c]
        scored = ~np.isnan(score)
        r = np.corrcoef(score[scored], trait[scored])[0, 1]
        if r < 0.85:
            weak[competency.id] = round(float(r), 3)
    assert weak == {}
