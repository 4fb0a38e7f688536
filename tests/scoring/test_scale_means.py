"""Scale means from POMP steps: exact whatever the bank's size and its items' score ranges."""
from __future__ import annotations

import numpy as np
import pytest

from assessment.scoring.scales import mean_pomp


@pytest.mark.parametrize("items, steps", [
    (150, 12),        # a shipped bank: counts and totals share one float32 product
    (40, 2 ** 20),    # wide score ranges: the product needs float64 to stay exact
    (400, 12),        # a long questionnaire: more than 255 answered items in a column
])
def test_mean_pomp_is_the_mean_of_the_answered_items(items: int, steps: int) -> None:
    rng = np.random.default_rng(7)
    pomp_steps = rng.integers(0, steps + 1, size=(500, items)).astype(np.float32)  # as the scorer holds them
    pomp_steps[rng.random(pomp_steps.shape) < 0.2] = np.nan
    pomp_steps[0] = np.nan  # a respondent who answered nothing
    weights = (rng.random((items, 5)) < 0.4).astype(np.float32)
    weights[:, 3] = 1.0  # every item
    weights[:, 4] = 0.0  # a scale without items

    expected_counts = (~np.isnan(pomp_steps)).astype(int) @ weights.astype(int)
    expected_totals = np.nan_to_num(pomp_steps.astype(np.float64)) @ weights.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected_means = expected_totals / (expected_counts * steps)

    given = pomp_steps.copy()
    means, counts = mean_pomp(pomp_steps, weights, steps)
    np.testing.assert_array_equal(pomp_steps, given)  # the caller's steps are left as they were
    np.testing.assert_array_equal(counts, expected_counts)
    assert (counts[0] - 1 == -1).all()  # no answers: a count that is signed, so it does not wrap around
    np.testing.assert_array_equal(means, expected_means)  # exactly: whole numbers throughout
    assert np.isnan(means[0]).all() and np.isnan(means[:, 4]).all()
