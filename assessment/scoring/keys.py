"""The scoring key: which items score which scale, in which direction, on which metric.

Likert items score their answer (1..k), reversed as k + 1 - x when keyed "-"; SJT items score the
expert effectiveness key of the option picked (1..4). Attention and forced-choice items score no
scale here (see `validity` and `motivation`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..banks import Bank, LikertItem, SjtItem
from .encoding import ColumnLayout


@dataclass(frozen=True)
class ScoringKey:
    """Arrays that turn the code matrix into keyed item scores and scale memberships.

    The Likert items come first, then the SJT items, each in the bank's order: the first
    `likert_count` columns of `answers(codes)` are then the Likert answers as the validity
    indices read them, with no second gather.

    Attributes (I scored items, S scales)
    ----------
    item_ids : tuple of str, shape (I,)
    scale_ids : tuple of str, shape (S,) -- competencies first, then validity scales
    competency_count : int -- how many of `scale_ids` are competencies
    columns : ndarray of int, shape (I,) -- each item's column in the code matrix
    membership : ndarray of bool, shape (I, S)
    reverse : ndarray of bool, shape (I,)
    lowest, highest : ndarray of float, shape (I,) -- the item score's possible range
    effectiveness : ndarray of float, shape (I, 5) -- SJT keys by option index (NaN elsewhere)
    is_sjt : ndarray of bool, shape (I,)
    """

    item_ids: tuple[str, ...]
    scale_ids: tuple[str, ...]
    competency_count: int
    columns: np.ndarray
    membership: np.ndarray
    reverse: np.ndarray
    lowest: np.ndarray
    highest: np.ndarray
    effectiveness: np.ndarray
    is_sjt: np.ndarray

    @classmethod
    def for_bank(cls, bank: Bank) -> ScoringKey:
        """The key of the bank's scored items: Likert items first, in the bank's order, then SJT items."""
        layout = ColumnLayout.for_bank(bank)
        scale_ids = tuple(c.id for c in bank.competencies) + tuple(v.id for v in bank.validity_scales)
        items = ([item for item in bank.items if isinstance(item, LikertItem)]
                 + [item for item in bank.items if isinstance(item, SjtItem)])
        membership = np.zeros((len(items), len(scale_ids)), dtype=bool)
        effectiveness = np.full((len(items), 5), np.nan)
        lowest, highest = np.ones(len(items)), np.full(len(items), float(bank.response_format.points))
        for n, item in enumerate(items):
            membership[n, scale_ids.index(item.scale)] = True
            if isinstance(item, SjtItem):
                keys = [option.effectiveness for option in item.options]
                effectiveness[n, : len(keys)] = keys
                lowest[n], highest[n] = min(keys), max(keys)
        return cls(
            item_ids=tuple(item.id for item in items),
            scale_ids=scale_ids,
            competency_count=len(bank.competencies),
            columns=np.array([layout.item_columns[item.id][0] for item in items], dtype=int),
            membership=membership,
            reverse=np.array([isinstance(i, LikertItem) and i.reverse_keyed for i in items]),
            lowest=lowest,
            highest=highest,
            effectiveness=effectiveness,
            is_sjt=np.array([isinstance(item, SjtItem) for item in items]),
        )

    def item_scores(self, codes: np.ndarray) -> np.ndarray:
        """Keyed item scores, shape (n, I), on each item's own metric; NaN where unanswered."""
        raw = codes[:, self.columns]
        scores = np.where(self.reverse, self.lowest + self.highest - raw, raw)
        sjt = np.flatnonzero(self.is_sjt)
        if sjt.size:
            picked = raw[:, sjt]
            index = np.where(np.isnan(picked), 0, picked).astype(int)
            keyed = self.effectiveness[sjt[None, :], index]  # (n, SJT items): the key of the pick
            scores[:, sjt] = np.where(np.isnan(picked), np.nan, keyed)
        return scores

    @cached_property
    def likert_count(self) -> int:
        """How many of the key's items are Likert items (they come first)."""
        return int((~self.is_sjt).sum())

    @cached_property
    def pomp_steps(self) -> int:
        """Steps of POMP per whole: the least common multiple of the items' score ranges.

        Counted in these steps every item's POMP is a whole number, so sums of item scores are
        exact in float32 in any order: a respondent scores the same alone or in any batch.
        """
        return math.lcm(*(int(span) for span in self.highest - self.lowest))

    def answers(self, codes: np.ndarray) -> np.ndarray:
        """The scored items' answer codes, shape (n, I), as float32 (half the memory traffic).

        `np.take` along the columns: about twice as fast as indexing with `codes[:, columns]`.
        """
        return np.take(codes, self.columns, axis=1).astype(np.float32)

    def pomp_steps_of_answers(self, answers: np.ndarray) -> np.ndarray:
        """Each item's POMP counted in whole steps of 1 / `pomp_steps`.

        steps = L (score - lowest) / (highest - lowest), L = `pomp_steps`: a whole number 0..L.
        For a Likert item it is a linear function of the answer (reverse keying included), so the
        Likert block is one multiply-add; the SJT block looks up the steps of the option picked.

        Parameters
        ----------
        answers : ndarray of float32, shape (n, I)
            From `answers`; not changed.

        Returns
        -------
        steps : ndarray of float32, shape (n, I)
            NaN where an item is unanswered.
        """
        likert = self.likert_count
        steps = np.empty_like(answers)
        slope, intercept = self._likert_line
        np.multiply(answers[:, :likert], slope, out=steps[:, :likert])
        steps[:, :likert] += intercept
        sjt = answers[:, likert:]
        if sjt.size:
            missing = np.isnan(sjt)
            index = np.where(missing, 0, sjt).astype(np.intp)
            steps[:, likert:] = np.where(missing, np.nan, self._sjt_steps[np.arange(sjt.shape[1]), index])
        return steps

    @cached_property
    def _likert_line(self) -> tuple[np.ndarray, np.ndarray]:
        """Slope and intercept per Likert item turning an answer x into POMP steps: whole
        numbers, since the range of every item divides `pomp_steps`."""
        likert = ~self.is_sjt
        step = self.pomp_steps // (self.highest - self.lowest)[likert]
        reverse, lowest, highest = self.reverse[likert], self.lowest[likert], self.highest[likert]
        slope = np.where(reverse, -step, step)
        intercept = np.where(reverse, highest * step, -lowest * step)
        return slope.astype(np.float32), intercept.astype(np.float32)

    @cached_property
    def _sjt_steps(self) -> np.ndarray:
        """POMP steps of each option of each SJT item, shape (SJT items, 5)."""
        sjt = self.is_sjt
        step = self.pomp_steps // (self.highest - self.lowest)[sjt, None]
        return (self.effectiveness[sjt] - self.lowest[sjt, None]) * step

    @cached_property
    def scale_and_method_weights(self) -> np.ndarray:
        """Item weights, shape (I, S + 2), float32 0 or 1: the scales, then all competency Likert
        items and all competency SJT items.

        The two extra columns give each respondent's mean self-description (Likert) and mean
        judgement (SJT) in the same matrix product as the scale scores: the two methods measure
        the same competencies, and self-description far above the judgement shown is a sign of
        self-enhancement (see `validity.self_enhancement_index`).
        """
        in_competency = self.membership[:, :self.competency_count].any(axis=1)
        methods = np.stack([in_competency & ~self.is_sjt, in_competency & self.is_sjt], axis=1)
        return np.concatenate([self.membership, methods], axis=1).astype(np.float32)

    def scale_items(self, scale_id: str) -> np.ndarray:
        """The item positions (into `item_ids`) of one scale."""
        return np.flatnonzero(self.membership[:, self.scale_ids.index(scale_id)])

