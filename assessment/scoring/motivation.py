"""Motivator scores from the forced-choice blocks (ipsative).

In each block the statement chosen as most like the respondent scores +1 for its motivator and
the one chosen as least like them -1; a motivator's score is the mean over the blocks it appears
in (-1..1). Ipsative: the scores rank motivators *within* a person (they sum to about zero), so
they say what drives this person more than what else, never how driven they are compared with
other people.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..banks import Bank, ForcedChoiceItem
from .encoding import ColumnLayout


@dataclass(frozen=True)
class MotivationKey:
    """For each forced-choice column, the motivator of each statement index.

    Attributes (B columns, M motivators)
    ----------
    columns : ndarray of int, shape (B,)
    sign : ndarray of float, shape (B,) -- +1 for a "most" column, -1 for a "least" column
    motivator_of : ndarray of int, shape (B, 4) -- motivator index by statement index (-1: none)
    appearances : ndarray of float, shape (M,) -- blocks each motivator appears in
    """

    motivator_ids: tuple[str, ...]
    columns: np.ndarray
    sign: np.ndarray
    motivator_of: np.ndarray
    appearances: np.ndarray

    @classmethod
    def for_bank(cls, bank: Bank) -> MotivationKey:
        layout = ColumnLayout.for_bank(bank)
        ids = tuple(m.id for m in bank.motivators)
        columns, sign, motivator_of = [], [], []
        appearances = np.zeros(len(ids))
        for item in bank.items_of_kind("forced_choice"):
            if not isinstance(item, ForcedChoiceItem):
                continue
            owners = [ids.index(statement.motivator) for statement in item.statements]
            appearances[owners] += 1
            for column, part_sign in zip(layout.item_columns[item.id], (1.0, -1.0)):
                columns.append(column)
                sign.append(part_sign)
                motivator_of.append(owners + [-1] * (4 - len(owners)))
        return cls(ids, np.array(columns, dtype=int), np.array(sign), np.array(motivator_of, dtype=int).reshape(-1, 4),
                   appearances)

    def scores(self, codes: np.ndarray) -> np.ndarray:
        """Ipsative motivator scores, shape (n, M), -1..1; NaN for a motivator never answered."""
        picks = codes[:, self.columns]  # (n, B): statement index, NaN if unanswered
        missing = np.isnan(picks)
        chosen = self.motivator_of[np.arange(len(self.columns)), np.where(missing, 0, picks).astype(np.intp)]
        n, m = len(codes), len(self.motivator_ids)
        most = self.sign > 0
        # One counter per (respondent, motivator) for "most" picks, then one per pair for "least"
        # picks, then a last one that collects unanswered picks: a single count over all columns.
        slot = chosen + (np.arange(n) * m)[:, None] + np.where(most, 0, n * m)
        counted = np.bincount(np.where(missing, 2 * n * m, slot).ravel(), minlength=2 * n * m + 1)
        totals = (counted[: n * m] - counted[n * m: 2 * n * m]).reshape(n, m)
        contains = np.zeros((int(most.sum()), m))
        for position in range(self.motivator_of.shape[1]):
            owners = self.motivator_of[most, position]
            contains[np.flatnonzero(owners >= 0), owners[owners >= 0]] = 1.0
        counts = (~missing[:, most]).astype(float) @ contains  # blocks answered that hold each motivator
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(counts > 0, totals / counts, np.nan)
