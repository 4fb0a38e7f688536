"""Scale scores from keyed item scores, and their place in the norm group.

Raw score: the mean of the answered items' scores as a proportion of each item's maximum
(POMP, 0-100), so Likert and SJT items share one metric and a missing answer does not lower the
score. Standard error: SEM = SD * sqrt(1 - alpha), with alpha adjusted by Spearman-Brown to the
number of items answered, so fewer answers give a wider band.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from .model import ScaleNorm

#: Two-sided 90% confidence band: +-1.645 standard errors.
BAND_Z = 1.6448536269514722
PERCENTILE_GRID = np.arange(101.0)
#: Whole numbers up to 2**24 are exact in float32.
FLOAT32_WHOLE_NUMBERS = 2 ** 24


@dataclass(frozen=True)
class ScaleScores:
    """Scores of S scales for n respondents; NaN where a scale is not scored (too few answers).

    Attributes
    ----------
    raw, standard, percentile, sem, band_low, band_high : ndarray, shape (n, S)
        Raw score (0-100), T score (mean 50, SD 10), percentile (0-100), SEM on the raw metric,
        and the 90% band's ends as percentiles.
    answered : ndarray of int64, shape (n, S)
        The scale's items answered.
    """

    scale_ids: tuple[str, ...]
    raw: np.ndarray
    standard: np.ndarray
    percentile: np.ndarray
    sem: np.ndarray
    band_low: np.ndarray
    band_high: np.ndarray
    answered: np.ndarray


def mean_pomp(pomp_steps: np.ndarray, weights: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Mean POMP over the answered items of each weight column, and the answered counts.

    .. math:: \bar p_{rw} = \frac{\sum_i W_{iw} A_{ri} s_{ri}}{L \sum_i W_{iw} A_{ri}}

    with :math:`s_{ri}` respondent r's POMP steps on item i, :math:`A_{ri}` 1 where the item is
    answered and 0 where not, and L = `steps`. Counts and totals come from one matrix product,
    (n, I) x (I, W): every answered item adds `base` plus its steps, `base` being a power of two
    above any total, so a column's sum splits exactly into the count (the quotient by `base`)
    and the total (the remainder). The sums are whole numbers, exact in float32 whatever order
    the matrix library sums in (float64 for a bank too large for float32's whole numbers), so a
    respondent gets the same means alone as in any batch.

    Parameters
    ----------
    pomp_steps : ndarray, shape (n, I)
        Each item's POMP in whole steps of 1 / `steps`, NaN where unanswered
        (`ScoringKey.pomp_steps_of_answers`); not changed.
    weights : ndarray of float32, shape (I, W)
        0 or 1: which items each column averages.
    steps : int
        Steps per whole POMP.

    Returns
    -------
    means : ndarray of float64, shape (n, W)
        0..1; NaN where no item of the column is answered.
    counts : ndarray of int64, shape (n, W)
        The answered items of each column.
    """
    items = pomp_steps.shape[1]
    base = 2.0 ** math.ceil(math.log2(items * steps + 1))
    exact = np.float32 if items * (base + steps) < FLOAT32_WHOLE_NUMBERS else np.float64
    shifted = np.add(pomp_steps, base, dtype=exact)
    np.copyto(shifted, 0.0, where=np.isnan(shifted))  # np.nan_to_num would also scan for infinities
    sums = shifted @ weights.astype(exact, copy=False)
    answered = np.floor(sums / base)  # dividing by a power of two is exact
    totals = sums - answered * base
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / (answered.astype(np.float64) * steps), answered.astype(np.int64)


class NormTable:
    """A scoring model's norms as arrays over its scales, and the percentile rank of every raw
    score 0.00..100.00 of each scale: built once per model, not per batch.

    A batch then looks percentiles up with arithmetic and one gather instead of a binary search
    per scale: exact at multiples of 0.01 and linear in between (the norm group's quantile grid
    is itself linear between its points, so the difference is below 0.01 raw points).
    """

    STEPS = 10_000

    def __init__(self, scale_ids: tuple[str, ...], norms: dict[str, ScaleNorm]) -> None:
        self.scale_ids = scale_ids
        self.mean = np.array([norms[s].mean for s in scale_ids])
        self.sd = np.array([norms[s].sd for s in scale_ids])
        self.alpha = np.array([norms[s].alpha for s in scale_ids])
        self.items = np.array([norms[s].items for s in scale_ids], dtype=float)
        self.min_answered = np.array([norms[s].min_answered for s in scale_ids])
        raw = np.linspace(0.0, 100.0, self.STEPS + 1)
        table = np.stack([_percentile_of(raw, np.asarray(norms[s].quantiles)) for s in scale_ids])
        # Each step of each scale as (percentile at its start, rise to its end), one row per step,
        # so that a look-up gathers both with one index.
        self._steps = np.stack([table[:, :-1], np.diff(table, axis=1)], axis=-1).reshape(-1, 2)
        self._offsets = np.arange(len(scale_ids)) * self.STEPS

    def percentiles(self, raw: np.ndarray) -> np.ndarray:
        """Percentiles of raw scores (n, S); NaN stays NaN.

        Works in place on as few temporaries as it can: a batch's arrays are large, and every
        fresh one costs more in first touching its memory than in the arithmetic.
        """
        missing = np.isnan(raw)
        position = np.fmin(np.fmax(raw, 0.0), 100.0)  # fmax takes 0 over NaN
        position *= self.STEPS / 100.0
        step = position.astype(np.intp)
        np.minimum(step, self.STEPS - 1, out=step)
        position -= step  # the fraction of the step below the raw score
        step += self._offsets
        start_and_rise = self._steps.take(step, axis=0)
        position *= start_and_rise[..., 1]
        position += start_and_rise[..., 0]
        position[missing] = np.nan
        return position


def place_in_norms(raw: np.ndarray, answered: np.ndarray, norms: NormTable) -> ScaleScores:
    r"""Standard scores, percentiles and 90% bands of raw scores against the norm group.

    A scale with fewer than its `min_answered` items answered is not scored (NaN). With
    p = answered / items, the reliability of the answered part is alpha adjusted by
    Spearman-Brown, and the standard error follows from it:

    .. math:: r_p = \frac{p \alpha}{1 + (p - 1) \alpha}, \qquad
              SEM = SD \sqrt{1 - r_p}, \qquad T = 50 + 10 \frac{raw - mean}{SD}

    The band is raw +- 1.645 SEM (`BAND_Z`), read as percentiles.

    Parameters
    ----------
    raw : ndarray, shape (n, S)
        Raw scores 0-100 (`measures.Measures.raw`); not changed.
    answered : ndarray of int, shape (n, S)
    norms : NormTable

    Returns
    -------
    ScaleScores
    """
    mean, sd, alpha, items = norms.mean, norms.sd, norms.alpha, norms.items
    raw = np.where(answered >= norms.min_answered, raw, np.nan)
    # Spearman-Brown: reliability of the answered part of the scale.
    share = answered / items
    with np.errstate(invalid="ignore", divide="ignore"):
        reliability = share * alpha / (1.0 + (share - 1.0) * alpha)
    sem = sd * np.sqrt(np.clip(1.0 - reliability, 0.0, 1.0))
    sem = np.where(np.isnan(raw), np.nan, sem)
    standard = 50.0 + 10.0 * (raw - mean) / sd
    percentile = norms.percentiles(raw)
    band_low = norms.percentiles(raw - BAND_Z * sem)
    band_high = norms.percentiles(raw + BAND_Z * sem)
    return ScaleScores(norms.scale_ids, raw, standard, percentile, sem, band_low, band_high, answered)


def raw_at_percentile(norm: ScaleNorm, percentile: np.ndarray | float) -> np.ndarray:
    """The raw score at a percentile of the norm group (a benchmark's requirement)."""
    return np.interp(percentile, PERCENTILE_GRID, np.asarray(norm.quantiles))


def probability_at_least(raw: np.ndarray, required: np.ndarray, sem: np.ndarray) -> np.ndarray:
    """P(true score >= required | observed raw) = Phi((raw - required) / SEM): a normal error
    model with the scale's SEM; NaN where raw or SEM is NaN. Arrays broadcast together."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return ndtr((raw - required) / sem)


def _percentile_of(raw: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Percentile rank of raw scores in the norm group's quantile grid (grid[p] = raw at p).

    Between grid points the rank is interpolated linearly; a raw score equal to several grid
    points (short scales take few distinct values) gets the middle of their percentiles, so a
    score shared by 20% of the group sits in the middle of that 20%.
    """
    filled = np.where(np.isnan(raw), grid[0], raw)
    left = np.searchsorted(grid, filled, "left")
    right = np.searchsorted(grid, filled, "right")
    upper = np.clip(left, 1, len(grid) - 1)
    below, above = grid[upper - 1], grid[upper]
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(above > below, (filled - below) / (above - below), 0.5)
    rank = np.where(right > left, (left + right - 1) / 2.0, upper - 1 + fraction)
    rank = np.where(filled < grid[0], 0.0, np.where(filled > grid[-1], 100.0, rank))
    return np.where(np.isnan(raw), np.nan, np.clip(rank, 0.0, 100.0))
