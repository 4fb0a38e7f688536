"""Calibration: learn a scoring model (norms, reliabilities, validity thresholds) from responses.

The norm group is the calibration sample as given. Until real responses have been collected, the
shipped models are calibrated on a simulated sample (see `simulation`) and marked provisional.
"""
from __future__ import annotations

import hashlib
import math
from datetime import date

import numpy as np

from ..banks import Bank
from .keys import ScoringKey
from .measures import Measures, measure
from .model import CalibrationSample, MotivatorNorm, ScaleNorm, ScoringModel, ValidityThresholds
from .motivation import MotivationKey
from .reliability import cronbach_alpha
from .scales import PERCENTILE_GRID
from .validity import ValidityKey, careless_index, self_enhancement_index

#: Percentile of the norm group from which longstring and inconsistency are flagged.
FLAG_QUANTILE = 0.975
#: Percentile of the norm group from which the composite carelessness index is flagged.
CARELESS_QUANTILE = 0.95
#: Percentile of the norm group from which the self-enhancement index is flagged.
SELF_ENHANCEMENT_QUANTILE = 0.95
#: Social desirability at or above this percentile is flagged (the top 5% of the norm group).
SOCIAL_DESIRABILITY_PERCENTILE = 95.0
#: Reading and answering a short statement takes at least about 2 s (Huang et al., 2012, used
#: 2 s per item as the cut-off for insufficient-effort responding).
SECONDS_PER_ITEM = 2.0


def min_answered(items: int) -> int:
    """Fewest answered items for a scale to be scored: half of its items, and at least two."""
    return max(2, math.ceil(items / 2))


def calibrate(bank: Bank, codes: np.ndarray, *, source: str, description: str,
              calibrated_on: date | None = None) -> ScoringModel:
    """Learn a scoring model from a sample of response codes: the sample is the norm group.

    The sample is measured as scoring measures it (`measures.measure`), then: per scale the
    norm group's mean, SD, quantiles at percentiles 0..100 and coefficient alpha (Cronbach,
    1951) of the scale's items, with SEM = SD sqrt(1 - alpha); per motivator the mean and SD of
    its ipsative score; the validity indices' flag thresholds at the norm group's quantiles.
    A scale's statistics use the respondents with enough answers for a score (`min_answered`).

    Parameters
    ----------
    bank : Bank
    codes : ndarray, shape (n, columns)
        Response codes (see `encoding`), n >= 100; not changed.
    source : {"simulated", "collected"}
        Where the responses come from; norms from a simulated sample are provisional.
    description : str
        What the sample is, stored in the model.
    calibrated_on : date, optional
        The model's date (today when not given).

    Returns
    -------
    ScoringModel
        Its version names the bank, its version, the source and a digest of the responses, so
        the same data give the same version.
    """
    if source not in {"simulated", "collected"}:
        raise ValueError("source must be 'simulated' or 'collected'")
    if len(codes) < 100:
        raise ValueError(f"a calibration sample needs at least 100 respondents, not {len(codes)}")
    key, motivation_key = ScoringKey.for_bank(bank), MotivationKey.for_bank(bank)
    measures = measure(key, motivation_key, ValidityKey.for_bank(bank), codes)
    scales = _scale_norms(key, measures)
    motivators = {m: MotivatorNorm(mean=float(np.nanmean(measures.motivators[:, i])),
                                   sd=float(np.nanstd(measures.motivators[:, i], ddof=1)))
                  for i, m in enumerate(motivation_key.motivator_ids)}
    digest = hashlib.sha256(np.ascontiguousarray(np.nan_to_num(codes, nan=-1)).tobytes()).hexdigest()[:10]
    return ScoringModel(
        version=f"{bank.id}-{bank.version}-{source}-{digest}",
        bank_id=bank.id, bank_version=bank.version,
        created=(calibrated_on or date.today()).isoformat(),
        provisional=source == "simulated",
        sample=CalibrationSample(size=len(codes), source=source, description=description),
        scales=scales, motivators=motivators, validity=_validity_thresholds(key, measures, scales),
    )


def _scale_norms(key: ScoringKey, measures: Measures) -> dict[str, ScaleNorm]:
    """Each scale's norms, from the respondents with enough answers for a score."""
    scales = {}
    for s, scale_id in enumerate(key.scale_ids):
        items = key.scale_items(scale_id)
        scored = measures.answered[:, s] >= min_answered(items.size)
        values = measures.raw[scored, s]
        sd = float(np.std(values, ddof=1))
        alpha = float(cronbach_alpha(measures.pomp_steps[:, items].astype(np.float64)))  # alpha ignores the unit
        scales[scale_id] = ScaleNorm(
            items=int(items.size), min_answered=min_answered(items.size), mean=float(values.mean()), sd=sd,
            alpha=alpha, sem=sd * math.sqrt(max(0.0, 1.0 - alpha)),
            quantiles=tuple(float(q) for q in np.quantile(values, PERCENTILE_GRID / 100.0)),
        )
    return scales


def _validity_thresholds(key: ScoringKey, measures: Measures, scales: dict[str, ScaleNorm]) -> ValidityThresholds:
    """The flag thresholds at the norm group's quantiles of each index.

    The composite indices standardise their parts with the norm group's medians, spreads, means
    and SDs, so those come first; the composites' own thresholds are their quantiles then.
    """
    indices = measures.indices
    parts = ValidityThresholds(
        longstring=_quantile(indices.longstring, FLAG_QUANTILE),
        inconsistency=_quantile(indices.inconsistency, FLAG_QUANTILE),
        careless_index=0.0,
        longstring_median=_quantile(indices.longstring, 0.5),
        longstring_spread=_spread(indices.longstring),
        inconsistency_median=_quantile(indices.inconsistency, 0.5),
        inconsistency_spread=_spread(indices.inconsistency),
        social_desirability_percentile=SOCIAL_DESIRABILITY_PERCENTILE,
        seconds_per_item=SECONDS_PER_ITEM,
        self_report_mean=_mean(100.0 * measures.self_report), self_report_sd=_sd(100.0 * measures.self_report),
        judgement_mean=_mean(100.0 * measures.judgement), judgement_sd=_sd(100.0 * measures.judgement),
        self_enhancement=0.0,
    )
    careless = careless_index(indices, parts)
    if "social_desirability" in scales:
        sd_raw = measures.raw[:, key.scale_ids.index("social_desirability")]
        sd_norm = (scales["social_desirability"].mean, scales["social_desirability"].sd)
    else:
        sd_raw, sd_norm = np.full(len(careless), np.nan), (0.0, 1.0)
    enhancement = self_enhancement_index(sd_raw, *sd_norm, measures.self_report, measures.judgement, parts)
    return parts.model_copy(update={
        "careless_index": _quantile(careless, CARELESS_QUANTILE),
        "self_enhancement": _quantile(enhancement, SELF_ENHANCEMENT_QUANTILE),
    })


def _quantile(values: np.ndarray, q: float) -> float:
    finite = values[~np.isnan(values)]
    return float(np.quantile(finite, q)) if finite.size else 0.0


def _mean(values: np.ndarray) -> float:
    finite = values[~np.isnan(values)]
    return float(finite.mean()) if finite.size else 0.0


def _sd(values: np.ndarray) -> float:
    """The SD of the finite values; 1 when there are none, so that z scores stay finite (and zero)."""
    finite = values[~np.isnan(values)]
    return float(finite.std(ddof=1)) if finite.size > 1 and finite.std() > 0 else 1.0


def _spread(values: np.ndarray) -> float:
    """A robust SD (interquartile range / 1.349), at least 1 so that a flat index stays finite."""
    finite = values[~np.isnan(values)]
    if finite.size == 0:
        return 1.0
    q1, q3 = np.quantile(finite, [0.25, 0.75])
    return max(1.0, float((q3 - q1) / 1.349))
