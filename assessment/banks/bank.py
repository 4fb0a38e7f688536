"""The loaded question bank: one immutable object the scoring, reports and web app read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Annotated, NamedTuple, TypeVar

from pydantic import Field

from .schema import (
    ITEM_KINDS,
    BankHeader,
    Benchmark,
    Competency,
    Item,
    LikertItem,
    Motivator,
    SjtItem,
    ValidityScale,
)
from .timing import estimated_seconds, whole_minutes

_Entry = TypeVar("_Entry", Competency, Motivator, ValidityScale, Benchmark)


class ConsistencyPair(NamedTuple):
    """Two likert items whose answers should agree (``same``) or mirror (``opposite``)."""

    first: LikertItem
    second: LikertItem
    relation: str


class Bank(BankHeader):
    """A validated question bank.

    Only ``load_bank`` builds these, after every check has passed, so the helpers below can
    rely on the bank's invariants (ids unique, references resolved, one best SJT option...).
    """

    competencies: Annotated[tuple[Competency, ...], Field(min_length=1)]
    motivators: tuple[Motivator, ...] = ()
    validity_scales: tuple[ValidityScale, ...] = ()
    items: Annotated[tuple[Item, ...], Field(min_length=1)]
    benchmarks: Annotated[tuple[Benchmark, ...], Field(min_length=1)]

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``; responses are stored against item ids."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"bank {self.id} has no item '{item_id}'")

    def items_of_kind(self, kind: str) -> tuple[Item, ...]:
        """The items of one kind, in presentation order; the candidate flow pages by kind."""
        if kind not in ITEM_KINDS:
            raise ValueError(f"unknown item kind '{kind}' (known: {', '.join(ITEM_KINDS)})")
        return tuple(item for item in self.items if item.kind == kind)

    def items_for_scale(self, scale_id: str) -> tuple[LikertItem | SjtItem, ...]:
        """The likert and SJT items scored on a competency or validity scale."""
        return tuple(
            item
            for item in self.items
            if isinstance(item, (LikertItem, SjtItem)) and item.scale == scale_id
        )

    def item_counts_by_kind(self) -> dict[str, int]:
        """How many items of each kind the bank holds (every kind listed, zero included)."""
        counts: Counter[str] = Counter(item.kind for item in self.items)
        return {kind: counts[kind] for kind in ITEM_KINDS}

    @property
    def consistency_pairs(self) -> tuple[ConsistencyPair, ...]:
        """The declared consistency pairs, with both items resolved, for validity checks."""
        likert = {item.id: item for item in self.items if isinstance(item, LikertItem)}
        return tuple(
            ConsistencyPair(item, likert[item.pair.item], item.pair.relation)
            for item in likert.values()
            if item.pair is not None
        )

    def competency(self, competency_id: str) -> Competency:
        """The competency with id ``competency_id``."""
        return _find(self.id, "competency", self.competencies, competency_id)

    def motivator(self, motivator_id: str) -> Motivator:
        """The motivator with id ``motivator_id``."""
        return _find(self.id, "motivator", self.motivators, motivator_id)

    def validity_scale(self, scale_id: str) -> ValidityScale:
        """The validity scale with id ``scale_id``."""
        return _find(self.id, "validity scale", self.validity_scales, scale_id)

    def benchmark(self, benchmark_id: str) -> Benchmark:
        """The benchmark with id ``benchmark_id``, as chosen for a campaign."""
        return _find(self.id, "benchmark", self.benchmarks, benchmark_id)

    @property
    def estimated_seconds(self) -> int:
        """Answering time in seconds from the per-kind budget in ``timing.py``."""
        return estimated_seconds(self.items)

    @property
    def estimated_minutes(self) -> int:
        """Answering time rounded up to whole minutes, as promised to candidates."""
        return whole_minutes(self.estimated_seconds)


def _find(bank_id: str, what: str, entries: Sequence[_Entry], entry_id: str) -> _Entry:
    """Look an entry up by id, failing with the ids that do exist."""
    for entry in entries:
        if entry.id == entry_id:
            return entry
    known = ", ".join(entry.id for entry in entries) or "none"
    raise KeyError(f"bank {bank_id} has no {what} '{entry_id}' (known: {known})")
