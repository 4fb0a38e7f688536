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
        return column_selector(self.attention_columns)


@dataclass(frozen=True)
class ValidityIndices:
    """The indices for n respondents (arrays of shape (n,))."""

    attention_failures: np.ndarray
    attention_answered: np.ndarray
    longstring: np.ndarray
    inconsistency: np.ndarray
    seconds_per_item: np.ndarray


def validity_indices(key: ValidityKey, codes: np.ndarray, likert_answers: np.ndarray,
                     seconds_per_item: np.ndarray | None = None) -> ValidityIndices:
    """Compute every index that does not need norms.

    `likert_answers` are the Likert items' answers in the bank's order, shape (n, L)
    (`codes[:, key.likert_columns]`; a scorer that has gathered them already passes them on).
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
        seconds_per_item=np.full(n, np.nan) if seconds_per_item is None else np.asarray(seconds_per_item, dtype=float),
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


#: From this many respondents on, the longest run is counted item by item (see `_longest_run`).
ITEM_LOOP_FROM = 1000


def _longest_run(answers: np.ndarray) -> np.ndarray:
    """Longest run of equal consecutive answers per row (missing answers break a run).

    Two exact ways, by batch size: a loop over the items that keeps every respondent's running
    count (about twice as fast on 100,000 x 130 answers, but a few numpy calls per item, which would
    dominate for one respondent), and below `ITEM_LOOP_FROM` respondents a loop-free measure of
    the stretches of repeats in the flattened matrix.
    """
    answered_any = ~np.isnan(answers).all(axis=1)
    # NaN equals nothing, so a missing answer breaks a run. A run of r repeats is r + 1 answers.
    if len(answers) >= ITEM_LOOP_FROM:
        longest = _longest_repeats_item_by_item(answers)
    else:
        longest = _longest_repeats_flattened(answers)
    return np.where(answered_any, longest + 1.0, 0.0)


def _longest_repeats_item_by_item(answers: np.ndarray) -> np.ndarray:
    """Mark the repeats of neighbouring answers, then walk the items keeping every respondent's
    running count of repeats, reset by a change, and its maximum.

    The marks are compared in place and then laid out item by item (a transposed compare is
    slow, and so is a walk over strided columns); counts are the smallest integers that hold
    the longest possible run: a byte, like the marks, for up to 255 items, so that no step
    converts between types.
    """
    repeats = answers[:, 1:] == answers[:, :-1]
    counter = np.min_scalar_type(repeats.shape[1])
    by_item = np.ascontiguousarray(repeats.T).view(np.uint8)
    run = np.zeros(len(answers), dtype=counter)
    longest = np.zeros(len(answers), dtype=counter)
    for same in by_item:
        run += 1
        run *= same
        np.maximum(longest, run, out=longest)
    return longest


def _longest_repeats_flattened(answers: np.ndarray) -> np.ndarray:
    """Lay the rows' repeat marks end to end with a gap between rows and measure every stretch
    of repeats from its edges."""
    n, k = answers.shape
    repeats = np.zeros((n, k + 1), dtype=np.int8)  # zero columns at both ends separate the rows
    if k > 1:
        repeats[:, 1:k] = answers[:, 1:] == answers[:, :-1]
    # Every stretch of repeats opens (+1) and closes (-1) within its row, so the non-zero steps
    # alternate: starts at even positions, ends at odd ones.
    flat = repeats.ravel()
    steps = np.flatnonzero(flat[1:] != flat[:-1])
    starts, ends = steps[::2], steps[1::2]
    longest = np.zeros(n, dtype=np.int64)
    if starts.size:
        rows = (starts + 1) // (k + 1)
        first_of_row = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
        longest[rows[first_of_row]] = np.maximum.reduceat(ends - starts, first_of_row)
    return longest


def _inconsistency(key: ValidityKey, likert_answers: np.ndarray) -> np.ndarray:
    """Read from the Likert answers rather than the whole code matrix: a few columns of a large
    matrix cost a pass over all of it."""
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
