"""Motivator scores from the forced-choice blocks (ipsative).

In each block the statement chosen as most like the respondent scores +1 for its motivator and
the one chosen as least like them -1; a motivator's score is the mean over the blocks it appears
in (-1..1). Ipsative: the scores rank motivators *within* a person (they sum to about zero), so
they say what drives this person more than what else, never how driven they are compared with
other people.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..banks import Bank, ForcedChoiceItem
from .encoding import ColumnLayout, column_selector, select_columns


@dataclass(frozen=True)
class MotivationKey:
    """For each forced-choice column, the motivator of each statement index.

    Attributes (B columns, M motivators)
    ----------
    columns : ndarray of int, shape (B,)
    sign : ndarray of float, shape (B,) -- +1 for a "most" column, -1 for a "least" column
    motivator_of : ndarray of int, shape (B, 4) -- motivator index by statement index (-1: none)
    """

    motivator_ids: tuple[str, ...]
    columns: np.ndarray
    sign: np.ndarray
    motivator_of: np.ndarray

    @classmethod
    def for_bank(cls, bank: Bank) -> MotivationKey:
        """The key of the bank's forced-choice blocks: which column's answer scores which motivator."""
        layout = ColumnLayout.for_bank(bank)
        ids = tuple(m.id for m in bank.motivators)
        columns, sign, motivator_of = [], [], []
        for item in bank.items_of_kind("forced_choice"):
            if not isinstance(item, ForcedChoiceItem):
                continue
            owners = [ids.index(statement.motivator) for statement in item.statements]
            for column, part_sign in zip(layout.item_columns[item.id], (1.0, -1.0)):
                columns.append(column)
                sign.append(part_sign)
                motivator_of.append(owners + [-1] * (4 - len(owners)))
        return cls(ids, np.array(columns, dtype=int), np.array(sign), np.array(motivator_of, dtype=int).reshape(-1, 4))

    def scores(self, codes: np.ndarray) -> np.ndarray:
        """Ipsative motivator scores, shape (n, M), -1..1; NaN for a motivator never answered.

        One matrix product per statement position: which columns picked the statement at that
        position, times the +1/-1 that pick gives its motivator. Totals and counts are small
        whole numbers, exact in float32.
        """
        picks = select_columns(codes, self._selector).astype(np.float32)  # statement index, NaN if unanswered
        totals = np.zeros((len(codes), len(self.motivator_ids)), dtype=np.float32)
        for position, credit in enumerate(self._credit):
            totals += (picks == position).astype(np.float32) @ credit
        answered = (~np.isnan(picks[:, self.sign > 0])).astype(np.float32)
        counts = answered @ self._blocks_holding  # blocks answered that hold each motivator
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(counts > 0, totals.astype(np.float64) / counts, np.nan)

    @cached_property
    def _selector(self) -> slice | np.ndarray:
        return column_selector(self.columns)

    @cached_property
    def _credit(self) -> np.ndarray:
        """Shape (4, B, M): what picking the statement at each position of column b gives motivator m."""
        credit = np.zeros((self.motivator_of.shape[1], len(self.columns), len(self.motivator_ids)), dtype=np.float32)
        for position in range(self.motivator_of.shape[1]):
            owners = self.motivator_of[:, position]
            held = np.flatnonzero(owners >= 0)
            credit[position, held, owners[held]] = self.sign[held]
        return credit

    @cached_property
    def _blocks_holding(self) -> np.ndarray:
        """Shape ("most" columns, M): 1 where the column's block holds a statement of motivator m."""
        return (self._credit[:, self.sign > 0] != 0).any(axis=0).astype(np.float32)
