"""The judgement rules: band labels, validity flags and verdict, and the recommendation.

Every rule is a documented constant or a calibrated threshold (docs/methodology.md), applied to
whole arrays at once. The outcomes are codes: small integers in the arrays, stable slugs
(`Coded.code`) in stored results and URLs; their words are in `assessment.reports.wording`.
"""
from __future__ import annotations

from enum import IntEnum
from typing import Self

import numpy as np

from .model import ValidityThresholds
from .validity import ValidityIndices

#: Percentiles below / above which a competency is labelled a development need / a strength.
DEVELOPMENT_NEED_BELOW = 25.0
STRENGTH_ABOVE = 75.0
#: Fit (0-100) from which a candidate can be recommended, and below which they are not.
RECOMMEND_FROM_FIT = 70.0
NOT_RECOMMENDED_BELOW_FIT = 40.0
#: Attention-check failures that make a result uninterpretable on their own.
SEVERE_ATTENTION_FAILURES = 2
#: Caution flags that together make a result uninterpretable.
CAUTIONS_FOR_NOT_INTERPRETABLE = 3

CAUTION, SEVERE = 1, 2
#: A flag's level as stored, by its number in the flag array.
FLAG_LEVELS = {CAUTION: "caution", SEVERE: "severe"}


class Coded(IntEnum):
    """An outcome whose integer is its place in the arrays and whose slug is what is stored."""

    @property
    def code(self) -> str:
        """The stable slug stored in results and used in URLs, e.g. "not_recommended"."""
        return self.name.lower()

    @classmethod
    def of_code(cls, code: str) -> Self:
        """The member a slug names; ValueError for any other text."""
        try:
            return cls[code.upper()]
        except KeyError:
            raise ValueError(f"{code!r} is not a {cls.__name__} code") from None


class BandLabel(Coded):
    """How a competency's percentile reads: a development need, adequate or a strength (or not scored)."""

    NOT_SCORED = 0
    DEVELOPMENT_NEED = 1
    ADEQUATE = 2
    STRENGTH = 3


class Verdict(Coded):
    """Whether the answers allow a reading: valid, to be read with caution, or not interpretable."""

    VALID = 0
    CAUTION = 1
    NOT_INTERPRETABLE = 2

    @staticmethod
    def from_flags(flags: np.ndarray) -> np.ndarray:
        """Verdict codes (n,) from flag levels (n, F)."""
        severe = (flags == SEVERE).any(axis=1)
        cautions = (flags >= CAUTION).sum(axis=1)
        verdict = _codes(len(flags), Verdict.VALID)
        verdict[cautions > 0] = Verdict.CAUTION
        verdict[severe | (cautions >= CAUTIONS_FOR_NOT_INTERPRETABLE)] = Verdict.NOT_INTERPRETABLE
        return verdict


class Recommendation(Coded):
    """The hiring recommendation, best last, so that codes sort as recommendations rank."""

    NOT_INTERPRETABLE = 0
    NOT_RECOMMENDED = 1
    CONSIDER = 2
    RECOMMENDED = 3


#: The validity flags, in the order of the columns of the flag array.
FLAG_NAMES = ("attention", "speed", "longstring", "inconsistency", "careless_pattern", "social_desirability",
              "self_enhancement")


def band_labels(percentile: np.ndarray) -> np.ndarray:
    """BandLabel codes for percentiles (NaN: not scored)."""
    labels = _codes(percentile.shape, BandLabel.ADEQUATE)
    labels[percentile < DEVELOPMENT_NEED_BELOW] = BandLabel.DEVELOPMENT_NEED
    labels[percentile > STRENGTH_ABOVE] = BandLabel.STRENGTH
    labels[np.isnan(percentile)] = BandLabel.NOT_SCORED
    return labels


def validity_flags(indices: ValidityIndices, careless: np.ndarray, sd_percentile: np.ndarray,
                   self_enhancement: np.ndarray, thresholds: ValidityThresholds) -> np.ndarray:
    """Flag levels (n, F) in FLAG_NAMES order: 0 none, 1 caution, 2 severe.

    A flag's level counts the thresholds its index crosses: the caution threshold, then (for
    attention and speed) the severe one.
    """
    failures, fast = indices.attention_failures, indices.seconds_per_item
    crossed = {
        "attention": (failures >= 1, failures >= SEVERE_ATTENTION_FAILURES),
        "speed": (fast < thresholds.seconds_per_item, fast < thresholds.seconds_per_item / 2),
        "longstring": (indices.longstring > thresholds.longstring,),
        "inconsistency": (indices.inconsistency > thresholds.inconsistency,),
        "careless_pattern": (careless > thresholds.careless_index,),
        "social_desirability": (sd_percentile >= thresholds.social_desirability_percentile,),
        "self_enhancement": (self_enhancement > thresholds.self_enhancement,),
    }
    levels = _codes((len(careless), len(FLAG_NAMES)), 0)
    for column, name in enumerate(FLAG_NAMES):
        for threshold in crossed[name]:
            levels[:, column] += threshold
    return levels


def recommend(fit: np.ndarray, critical_weaknesses: np.ndarray, verdict: np.ndarray) -> np.ndarray:
    """Recommendation codes (n,) from fit, weaknesses on critical competencies, and validity."""
    outcome = _codes(len(fit), Recommendation.CONSIDER)
    # A result to be read with caution is never recommended outright.
    outcome[(fit >= RECOMMEND_FROM_FIT) & (critical_weaknesses == 0) & (verdict == Verdict.VALID)] = \
        Recommendation.RECOMMENDED
    outcome[(fit < NOT_RECOMMENDED_BELOW_FIT) | (critical_weaknesses >= 2)] = Recommendation.NOT_RECOMMENDED
    outcome[(verdict == Verdict.NOT_INTERPRETABLE) | np.isnan(fit)] = Recommendation.NOT_INTERPRETABLE
    return outcome


def _codes(shape: int | tuple[int, ...], code: int) -> np.ndarray:
    """An array of one code, to be overwritten where rules apply. Codes (labels, flag levels,
    verdicts) are held as int8: a byte each rather than eight, in every step and in the results
    of a large batch."""
    return np.full(shape, code, dtype=np.int8)
