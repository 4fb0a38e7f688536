"""Response codes as text (database, CSV) and as a numeric matrix (scoring).

One column per item, and two for a forced-choice block that asks for "least like me" as well.
The numeric codes are: Likert and attention items, the answer 1..k; SJT items, the 0-based index
of the chosen option; forced-choice blocks, the 0-based index of the statement chosen as "most"
(and "least") like the respondent. Missing answers are NaN. As text, a block asking for both holds
"most,least", with an empty part for a half left unanswered (e.g. "a,").
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..banks import AttentionItem, Bank, ForcedChoiceItem, LikertItem, SjtItem


class ResponseCodeError(ValueError):
    """A raw response that is not a code of its item; the message names the row and the item."""


@dataclass(frozen=True)
class Column:
    """One column of the numeric matrix: an item, or one part ("most"/"least") of a block."""

    item_id: str
    part: str  # "" for single-answer items
    choices: tuple[str, ...]  # the text codes, in numeric order (Likert: "1".."k")
    offset: int  # numeric code of choices[0]: 1 for Likert and attention, 0 otherwise


@dataclass(frozen=True)
class ColumnLayout:
    """The numeric matrix's columns for a bank, in the bank's item order."""

    columns: tuple[Column, ...]

    @classmethod
    def for_bank(cls, bank: Bank) -> ColumnLayout:
        """The bank's columns in item order: one per Likert, attention or SJT item, and one per
        question a forced-choice block asks ("most like me", and "least" where it asks it)."""
        columns: list[Column] = []
        points = tuple(str(code) for code in range(1, bank.response_format.points + 1))
        for item in bank.items:
            if isinstance(item, (LikertItem, AttentionItem)):
                columns.append(Column(item.id, "", points, 1))
            elif isinstance(item, SjtItem):
                columns.append(Column(item.id, "", tuple(o.id for o in item.options), 0))
            elif isinstance(item, ForcedChoiceItem):
                ids = tuple(s.id for s in item.statements)
                columns.append(Column(item.id, "most", ids, 0))
                if item.asks_least:
                    columns.append(Column(item.id, "least", ids, 0))
        return cls(tuple(columns))

    @cached_property
    def item_columns(self) -> dict[str, list[int]]:
        """The column numbers of each item (two for a block asking "most" and "least")."""
        columns: dict[str, list[int]] = {}
        for n, column in enumerate(self.columns):
            columns.setdefault(column.item_id, []).append(n)
        return columns


def encode(bank: Bank, rows: Sequence[dict[str, str]], row_labels: Sequence[str] | None = None) -> np.ndarray:
    """Numeric codes (respondents x columns) from text answers keyed by item id.

    Raises `ResponseCodeError` naming the row and item of the first code that does not exist.
    """
    layout = ColumnLayout.for_bank(bank)
    lookup = [{code: n + column.offset for n, code in enumerate(column.choices)} for column in layout.columns]
    codes = np.full((len(rows), len(layout.columns)), np.nan)
    for r, answers in enumerate(rows):
        for item_id, text in answers.items():
            if text is None or text.strip() == "":
                continue
            columns = layout.item_columns.get(item_id)
            if columns is None:
                raise ResponseCodeError(f"{_where(r, row_labels)}: no item '{item_id}' in bank {bank.id}")
            parts = text.strip().split(",")
            if len(parts) != len(columns):
                raise ResponseCodeError(f"{_where(r, row_labels)}, item {item_id}: '{text}' should hold "
                                        f"{len(columns)} answer(s) separated by a comma")
            for n, part in zip(columns, parts):
                if not part.strip():  # one half of a most/least block left unanswered
                    continue
                value = lookup[n].get(part.strip())
                if value is None:
                    allowed = ", ".join(layout.columns[n].choices)
                    raise ResponseCodeError(f"{_where(r, row_labels)}, item {item_id}: '{text}' is not a "
                                            f"response code of this item ({allowed})")
                codes[r, n] = value
    return codes


def decode(bank: Bank, codes: np.ndarray) -> list[dict[str, str]]:
    """Text answers by item id from numeric codes (the inverse of `encode`; missing -> "")."""
    layout = ColumnLayout.for_bank(bank)
    rows = []
    for values in codes:
        answers: dict[str, list[str]] = {}
        for column, value in zip(layout.columns, values):
            parts = answers.setdefault(column.item_id, [])
            parts.append("" if np.isnan(value) else column.choices[int(value) - column.offset])
        # Positional parts ("most,least"); an empty part is an unanswered half; all empty: blank.
        rows.append({item_id: ",".join(parts) if any(parts) else "" for item_id, parts in answers.items()})
    return rows


def column_selector(columns: np.ndarray) -> slice | np.ndarray:
    """What `select_columns` takes: a slice when the columns are consecutive (a bank's
    forced-choice blocks and its attention checks usually are), else the columns themselves.
    Worked out once per key, not per batch."""
    start = int(columns[0]) if columns.size else 0
    if np.array_equal(columns, np.arange(start, start + columns.size)):
        return slice(start, start + columns.size)
    return columns


def select_columns(codes: np.ndarray, selector: slice | np.ndarray) -> np.ndarray:
    """`codes[:, selector]`, read-only: a view for a slice, which costs nothing where a gather
    copies every row; otherwise a copy by `np.take`."""
    if isinstance(selector, slice):
        return codes[:, selector]
    return np.take(codes, selector, axis=1)


def _where(row: int, labels: Sequence[str] | None) -> str:
    return f"row {row + 1}" + (f" (respondent {labels[row]})" if labels else "")
