"""Response-validity indices: was the questionnaire answered with care and candour?

Indices (each documented in docs/methodology.md):

* attention failures: instructed-response items not answered as instructed;
* longstring: the longest run of identical consecutive Likert answers in the bank's order
  (Johnson, 2005; Meade & Craig, 2012);
* inconsistency: mean disagreement over the bank's consistency pairs, on the answer scale
  (for "opposite" pairs one answer is mirrored first);
* social desirability: the percentile of the social-desirability scale (very high scores suggest
  an idealised self-description; Paulhus, 1991);
* speed: median seconds per item, when page times are known (web attempts; not in CSV files).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..banks import AttentionItem, Bank, LikertItem
from .encoding import ColumnLayout, column_selector, select_columns
from .model import ValidityThresholds


@dataclass(frozen=True)
class ValidityKey:
    """Columns and expected answers the indices need."""

    points: int
    attention_columns: np.ndarray
    attention_expected: np.ndarray
    likert_columns: np.ndarray
    pair_positions: np.ndarray  # (P, 2) positions of the paired items among the Likert items
    pair_opposite: np.ndarray  # (P,)

    @classmethod
    def for_bank(cls, bank: Bank) -> ValidityKey:
        """The bank's attention checks, Likert columns and consistency pairs, as column positions."""
        layout = ColumnLayout.for_bank(bank)
        attention = [item for item in bank.items if isinstance(item, AttentionItem)]
        likert = [item for item in bank.items if isinstance(item, LikertItem)]
        pairs = bank.consistency_pairs
        likert_position = {item.id: n for n, item in enumerate(likert)}
        return cls(
            points=bank.response_format.points,
            attention_columns=np.array([layout.item_columns[i.id][0] for i in attention], dtype=int),
            attention_expected=np.array([i.expected for i in attention], dtype=float),
            likert_columns=np.array([layout.item_columns[i.id][0] for i in likert], dtype=int),
            pair_positions=np.array([[likert_position[p.first.id], likert_position[p.second.id]] for p in pairs],
                                    dtype=int).reshape(-1, 2),
            pair_opposite=np.array([p.relation == "opposite" for p in pairs], dtype=bool),
        )

    @cached_property
    def attention_selector(self) -> slice | np.ndarray:
        """The attention checks' columns, as a slice where they are contiguous."""
        return column_selector(self.attention_columns)


@dataclass(frozen=True)
class ValidityIndices:
    """The indices that need no norms, for n respondents.

    Attributes
    ----------
    attention_failures : ndarray of int64, shape (n,)
        Instructed-response items answered, but not as instructed.
    attention_answered : ndarray of int64, shape (n,)
        Instructed-response items answered.
    longstring : ndarray of int64, shape (n,)
        The longest run of identical consecutive Likert answers; 0 when none is answered.
    inconsistency : ndarray of float64, shape (n,)
        Mean absolute disagreement over the answered consistency pairs; NaN when none is.
    seconds_per_item : ndarray of float64, shape (n,)
        NaN where unknown.
    """

    attention_failures: np.ndarray
    attention_answered: np.ndarray
    longstring: np.ndarray
    inconsistency: np.ndarray
    seconds_per_item: np.ndarray


def validity_indices(key: ValidityKey, codes: np.ndarray, likert_answers: np.ndarray,
                     seconds_per_item: np.ndarray | None = None) -> ValidityIndices:
    """Compute every index that does not need norms.

    Parameters
    ----------
    key : ValidityKey
    codes : ndarray, shape (n, columns)
        Response codes (see `encoding`).
    likert_answers : ndarray, shape (n, L)
        The Likert items' answers in the bank's order: ``codes[:, key.likert_columns]``, or the
        same values as float32 from a gather already made (`ScoringKey.answers`).
    seconds_per_item : array_like, shape (n,), optional
        Median seconds per item of each respondent; copied, not kept.
    """
    n = len(codes)
    attention = select_columns(codes, key.attention_selector)
    answered = ~np.isnan(attention)
    failures = (answered & (attention != key.attention_expected)).sum(axis=1)
    return ValidityIndices(
        attention_failures=failures,
        attention_answered=answered.sum(axis=1),
        longstring=_longest_run(likert_answers),
        inconsistency=_inconsistency(key, likert_answers),
        seconds_per_item=np.full(n, np.nan) if seconds_per_item is None else np.array(seconds_per_item, dtype=float),
    )


def careless_index(indices: ValidityIndices, thresholds: ValidityThresholds) -> np.ndarray:
    """A composite of the carelessness indices, each in robust standard units of the norm group.

    Sum of attention failures (each counts 2 units: one failure is already rare), longstring and
    inconsistency; missing parts count 0. Higher = more careless.
    """
    long_part = (indices.longstring - thresholds.longstring_median) / thresholds.longstring_spread
    inconsistency_part = (indices.inconsistency - thresholds.inconsistency_median) / thresholds.inconsistency_spread
    return (2.0 * indices.attention_failures + _zero_nan(np.clip(long_part, 0, None))
            + _zero_nan(np.clip(inconsistency_part, 0, None)))


def self_enhancement_index(sd_raw: np.ndarray, sd_norm_mean: float, sd_norm_sd: float, self_report: np.ndarray,
                           judgement: np.ndarray, thresholds: ValidityThresholds) -> np.ndarray:
    """Social desirability plus self-description above demonstrated judgement, in norm-group z units.

    z(SD scale) + z(mean Likert POMP) - z(mean SJT POMP). Impression management raises the first
    two; knowledge-based SJT items are hard to fake (Nguyen, Biderman & McDaniel, 2005), so a real
    high performer's high self-description is offset by high judgement. Banks without SJT items
    drop the last term.
    """
    z_sd = (sd_raw - sd_norm_mean) / sd_norm_sd
    z_self = (100.0 * self_report - thresholds.self_report_mean) / thresholds.self_report_sd
    z_judgement = (100.0 * judgement - thresholds.judgement_mean) / thresholds.judgement_sd
    return _zero_nan(z_sd) + _zero_nan(z_self) - _zero_nan(z_judgement)


def _zero_nan(values: np.ndarray) -> np.ndarray:
    """NaN (an index that could not be computed) counts as 0."""
    return np.where(np.isnan(values), 0.0, values)


def _longest_run(answers: np.ndarray) -> np.ndarray:
    """The longest run of equal consecutive answers in each row (longstring; Johnson, 2005).

    A missing answer equals nothing (NaN != NaN), so it ends a run; a run of r repeats (answers
    equal to the one before) is r + 1 answers. The repeats of all rows are found in one pass
    over the rows laid end to end, as the stretches between changes, and each stretch's length
    goes to its row's maximum: the same few numpy calls for one respondent as for a batch.

    Parameters
    ----------
    answers : ndarray, shape (n, L)

    Returns
    -------
    longest : ndarray of int64, shape (n,)
        0 for a row without answers.
    """
    n, k = answers.shape
    # repeats[r, j]: answer j equals answer j - 1. Column 0 (the first answer repeats nothing)
    # and an extra column k stay False, so every stretch of repeats opens and closes in its row.
    repeats = np.zeros((n, k + 1), dtype=bool)
    repeats[:, 1:k] = answers[:, 1:] == answers[:, :-1]
    flat = repeats.ravel()
    edges = np.flatnonzero(flat[1:] != flat[:-1])  # stretches open after even edges, close at odd ones
    opened, closed = edges[::2], edges[1::2]
    longest = np.zeros(n, dtype=np.int64)
    np.maximum.at(longest, (opened + 1) // (k + 1), closed - opened)
    answered_any = ~np.isnan(answers).all(axis=1)
    return np.where(answered_any, longest + 1, 0)


def _inconsistency(key: ValidityKey, likert_answers: np.ndarray) -> np.ndarray:
    """Mean of |x_a - x_b| over each row's answered pairs (a, b), x_b mirrored to k + 1 - x_b for
    an "opposite" pair; NaN for a row with no pair answered.

    Read from the Likert answers rather than the whole code matrix: a few columns of a large
    matrix cost a pass over all of it.
    """
    if key.pair_positions.size == 0:
        return np.full(len(likert_answers), np.nan)
    first = likert_answers[:, key.pair_positions[:, 0]]  # np.take would copy a strided view first
    second = likert_answers[:, key.pair_positions[:, 1]]
    second = np.where(key.pair_opposite, key.points + 1 - second, second)
    difference = np.abs(first - second)
    answered = ~np.isnan(difference)
    counts = answered.sum(axis=1)
    total = np.where(answered, difference, 0).sum(axis=1, dtype=np.float64)  # exact: whole numbers
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, total / counts, np.nan)
