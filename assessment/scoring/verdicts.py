"""The judgement rules: band labels, validity flags and verdict, and the recommendation.

Every rule is a documented constant or a calibrated threshold (docs/methodology.md), applied to
whole arrays at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

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


class BandLabel(IntEnum):
    NOT_SCORED = 0
    DEVELOPMENT_NEED = 1
    ADEQUATE = 2
    STRENGTH = 3

    @property
    def text(self) -> str:
        return {0: "not scored", 1: "development need", 2: "adequate", 3: "strength"}[self.value]


class Verdict(IntEnum):
    VALID = 0
    CAUTION = 1
    NOT_INTERPRETABLE = 2

    @property
    def text(self) -> str:
        return {0: "valid", 1: "interpret with caution", 2: "not interpretable"}[self.value]

    @staticmethod
    def from_flags(flags: np.ndarray) -> np.ndarray:
        """Verdict codes (n,) from flag levels (n, F)."""
        severe = (flags == SEVERE).any(axis=1)
        cautions = (flags >= CAUTION).sum(axis=1)
        return np.where(severe | (cautions >= CAUTIONS_FOR_NOT_INTERPRETABLE), Verdict.NOT_INTERPRETABLE,
                        np.where(cautions > 0, Verdict.CAUTION, Verdict.VALID))


class Recommendation(IntEnum):
    NOT_INTERPRETABLE = 0
    NOT_RECOMMENDED = 1
    CONSIDER = 2
    RECOMMENDED = 3

    @property
    def text(self) -> str:
        return {0: "not interpretable", 1: "not recommended", 2: "consider", 3: "recommended"}[self.value]


#: The validity flags, in the order of the columns of the flag array.
FLAG_NAMES = ("attention", "speed", "longstring", "inconsistency", "careless_pattern", "social_desirability",
              "self_enhancement")


@dataclass(frozen=True)
class Flag:
    """A validity concern with its evidence in plain words."""

    name: str
    level: str  # "caution" or "severe"
    evidence: str


def band_labels(percentile: np.ndarray) -> np.ndarray:
    """BandLabel codes for percentiles (NaN: not scored)."""
    return np.where(np.isnan(percentile), BandLabel.NOT_SCORED,
                    np.where(percentile < DEVELOPMENT_NEED_BELOW, BandLabel.DEVELOPMENT_NEED,
                             np.where(percentile > STRENGTH_ABOVE, BandLabel.STRENGTH, BandLabel.ADEQUATE)))


def validity_flags(indices: ValidityIndices, careless: np.ndarray, sd_percentile: np.ndarray,
                   self_enhancement: np.ndarray, thresholds: ValidityThresholds) -> np.ndarray:
    """Flag levels (n, F) in FLAG_NAMES order: 0 none, 1 caution, 2 severe."""
    attention = np.where(indices.attention_failures >= SEVERE_ATTENTION_FAILURES, SEVERE,
                         np.where(indices.attention_failures >= 1, CAUTION, 0))
    fast = indices.seconds_per_item
    speed = np.where(fast < thresholds.seconds_per_item / 2, SEVERE,
                     np.where(fast < thresholds.seconds_per_item, CAUTION, 0))
    longstring = np.where(indices.longstring > thresholds.longstring, CAUTION, 0)
    inconsistency = np.where(indices.inconsistency > thresholds.inconsistency, CAUTION, 0)
    pattern = np.where(careless > thresholds.careless_index, CAUTION, 0)
    desirability = np.where(sd_percentile >= thresholds.social_desirability_percentile, CAUTION, 0)
    enhancement = np.where(self_enhancement > thresholds.self_enhancement, CAUTION, 0)
    return np.stack([attention, speed, longstring, inconsistency, pattern, desirability, enhancement], axis=1)


def recommend(fit: np.ndarray, critical_weaknesses: np.ndarray, verdict: np.ndarray) -> np.ndarray:
    """Recommendation codes (n,) from fit, weaknesses on critical competencies, and validity."""
    outcome = np.where((fit >= RECOMMEND_FROM_FIT) & (critical_weaknesses == 0), Recommendation.RECOMMENDED,
                       np.where((fit < NOT_RECOMMENDED_BELOW_FIT) | (critical_weaknesses >= 2),
                                Recommendation.NOT_RECOMMENDED, Recommendation.CONSIDER))
    # A result to be read with caution is never recommended outright.
    outcome = np.where((verdict == Verdict.CAUTION) & (outcome == Recommendation.RECOMMENDED),
                       Recommendation.CONSIDER, outcome)
    return np.where((verdict == Verdict.NOT_INTERPRETABLE) | np.isnan(fit), Recommendation.NOT_INTERPRETABLE, outcome)
