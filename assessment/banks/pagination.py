"""How a bank's items are laid out in pages for the candidate.

Pages hold one kind of item each, so every page has one set of instructions and one layout; the
kinds are interleaved through the assessment (a few pages of statements, then a work situation,
then choices...) so that no stretch feels long. Item order *within* a page is shuffled per
attempt from the attempt's seed, and is the same every time that attempt sees the page.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .bank import Bank

#: Likert statements per page: about a minute and a half of reading, a screen on a laptop.
LIKERT_PER_PAGE = 10
#: Situational-judgement scenarios per page: each is a paragraph plus four options.
SJT_PER_PAGE = 2
#: Forced-choice blocks per page: each is three short statements.
FORCED_CHOICE_PER_PAGE = 6


@dataclass(frozen=True)
class Page:
    """One page of the assessment: its kind and the ids of its items, in the bank's order."""

    kind: str
    item_ids: tuple[str, ...]

    def ordered_for(self, seed: int, index: int) -> tuple[str, ...]:
        """The item ids in the order one attempt (its `seed`) sees this page (at `index`).

        The same order every time, so a page reloaded or resumed does not reshuffle:

        >>> page = Page("likert", ("q1", "q2", "q3", "q4", "q5"))
        >>> page.ordered_for(seed=42, index=3) == page.ordered_for(seed=42, index=3)
        True
        >>> sorted(page.ordered_for(seed=42, index=3)) == list(page.item_ids)
        True
        """
        ids = list(self.item_ids)
        random.Random(seed * 1009 + index).shuffle(ids)
        return tuple(ids)


def paginate(bank: Bank) -> tuple[Page, ...]:
    """Split the bank into pages.

    The validity scales' statements (social desirability) and the attention checks are spread
    evenly over the competency statement pages, so that neither stands out as a block of its own.
    """
    competencies = {c.id for c in bank.competencies}
    likert = bank.items_of_kind("likert")
    statement_pages = _chunks("likert", [i.id for i in likert if i.scale in competencies], LIKERT_PER_PAGE)
    statement_pages = _spread(statement_pages, [i.id for i in likert if i.scale not in competencies])
    statement_pages = _spread(statement_pages, [i.id for i in bank.items_of_kind("attention")])
    sequences = [
        statement_pages,
        _chunks("sjt", [i.id for i in bank.items_of_kind("sjt")], SJT_PER_PAGE),
        _chunks("forced_choice", [i.id for i in bank.items_of_kind("forced_choice")], FORCED_CHOICE_PER_PAGE),
    ]
    return _interleave([pages for pages in sequences if pages])


def _chunks(kind: str, ids: list[str], size: int) -> list[Page]:
    return [Page(kind, tuple(ids[start:start + size])) for start in range(0, len(ids), size)]


def _spread(pages: list[Page], item_ids: list[str]) -> list[Page]:
    """Add items one by one to evenly spaced statement pages (they share the Likert format)."""
    if not item_ids:
        return pages
    if not pages:
        return [Page("likert", tuple(item_ids))]
    extra: dict[int, list[str]] = {}
    for n, item_id in enumerate(item_ids):
        extra.setdefault((n + 1) * len(pages) // (len(item_ids) + 1), []).append(item_id)
    return [Page(page.kind, page.item_ids + tuple(extra.get(i, ()))) for i, page in enumerate(pages)]


def _interleave(sequences: list[list[Page]]) -> tuple[Page, ...]:
    """Merge the sequences so that each is spread evenly over the whole assessment.

    The first sequence starts at once (statements are the easiest start); the others are
    offset by half a step so they fall between its pages.
    """
    positioned = [
        ((n + (0.5 if order else 0.0)) / len(pages), order, page)
        for order, pages in enumerate(sequences)
        for n, page in enumerate(pages)
    ]
    return tuple(page for _, _, page in sorted(positioned, key=lambda entry: entry[:2]))
