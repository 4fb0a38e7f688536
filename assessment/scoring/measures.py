"""The first stage of scoring: what a sample's answers say before any norm is applied.

From the response codes alone come each scale's raw score and answered count, the mean
self-description and judgement, the motivator scores and the response-validity indices.
Calibration learns the norms from these measures (`calibration.calibrate`); scoring places
them in the norms (`profile.Scorer`). Both call `measure`, so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .keys import ScoringKey
from .motivation import MotivationKey
from .scales import mean_pomp
from .validity import ValidityIndices, ValidityKey, validity_indices

__all__ = ["Measures", "measure"]


@dataclass(frozen=True)
class Measures:
    """The measures of n respondents: I scored items, S scales, M motivators.

    Attributes
    ----------
    pomp_steps : ndarray of float32, shape (n, I)
        Each scored item's POMP in whole steps (`ScoringKey.pomp_steps_of_answers`), NaN where
        unanswered; the items are in `ScoringKey.item_ids` order.
    raw : ndarray of float64, shape (n, S)
        100 x the mean POMP of each scale's answered items; NaN where none is answered (the
        fewest answers for a score are the norms' business, see `scales.place_in_norms`).
    answered : ndarray of int64, shape (n, S)
    self_report, judgement : ndarray of float64, shape (n,)
        Mean POMP (0..1) of all competency Likert items and of all competency SJT items;
        NaN where none is answered.
    motivators : ndarray of float64, shape (n, M)
        Ipsative motivator scores (`MotivationKey.scores`).
    indices : ValidityIndices
    """

    pomp_steps: np.ndarray
    raw: np.ndarray
    answered: np.ndarray
    self_report: np.ndarray
    judgement: np.ndarray
    motivators: np.ndarray
    indices: ValidityIndices


def measure(key: ScoringKey, motivation_key: MotivationKey, validity_key: ValidityKey, codes: np.ndarray,
            seconds_per_item: np.ndarray | None = None) -> Measures:
    """The measures of respondents' response codes; `codes` is not changed.

    Parameters
    ----------
    key, motivation_key, validity_key : ScoringKey, MotivationKey, ValidityKey
        The bank's keys (each built once per bank with its ``for_bank``).
    codes : ndarray, shape (n, columns)
        Response codes (see `encoding`), NaN for a missing answer.
    seconds_per_item : array_like, shape (n,), optional
        Median seconds per item (web attempts); NaN for all when not given.

    Returns
    -------
    Measures
    """
    answers = key.answers(codes)
    pomp_steps = key.pomp_steps_of_answers(answers)
    means, counts = mean_pomp(pomp_steps, key.scale_and_method_weights, key.pomp_steps)
    scales = len(key.scale_ids)
    return Measures(
        pomp_steps=pomp_steps,
        raw=100.0 * means[:, :scales],
        answered=counts[:, :scales],
        self_report=means[:, scales],
        judgement=means[:, scales + 1],
        motivators=motivation_key.scores(codes),
        # The key lists the Likert items first, in the bank's order: the indices read them from
        # the one gather rather than gather them again.
        indices=validity_indices(validity_key, codes, answers[:, :key.likert_count], seconds_per_item),
    )
