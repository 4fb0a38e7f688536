"""How long a bank takes to answer, from a per-kind time budget.

The estimate is shown to candidates before they start and checked for every shipped bank
(20 to 35 minutes). The budgets follow the answering times that web-survey paradata record for
each kind of question, and none is set below them: many candidates answer on a phone, and many
read in a second language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

#: A one-sentence statement (about 15 words) on an answer scale the candidate already knows,
#: shown with other statements on one page: web-survey paradata put such grid items at about
#: 5 to 7 s each, because the scale is learnt once and only the statement is read each time.
#: The budget takes 6 s, the middle of that range.
LIKERT_SECONDS = 6

#: An attention item looks and is answered like a Likert item, so it costs the same.
ATTENTION_SECONDS = LIKERT_SECONDS

#: A scenario and 3 to 5 options come to roughly 100 words (about 35 s to read) plus about
#: 10 s to weigh the options against each other before picking one.
SJT_SECONDS = 45

#: A block of three short statements, as in the shipped banks (about 12 s to read), weighed
#: against each other, then two clicks ("most like me" and "least like me", about 8 s): longer
#: than rating one statement.
FORCED_CHOICE_SECONDS = 20

#: Seconds per item kind; the keys are the ``kind`` values of the bank format.
SECONDS_PER_KIND = {
    "likert": LIKERT_SECONDS,
    "attention": ATTENTION_SECONDS,
    "sjt": SJT_SECONDS,
    "forced_choice": FORCED_CHOICE_SECONDS,
}


class _HasKind(Protocol):
    @property
    def kind(self) -> str: ...


def estimated_seconds(items: Iterable[_HasKind]) -> int:
    """Total answering time of ``items`` in seconds, from the per-kind budget above.

    A page of ten statements and one work situation:

    >>> from types import SimpleNamespace as Item
    >>> estimated_seconds([Item(kind="likert")] * 10 + [Item(kind="sjt")])
    105
    """
    return sum(SECONDS_PER_KIND[item.kind] for item in items)


def whole_minutes(seconds: int) -> int:
    """Round up to whole minutes, so a candidate is never promised less time than needed.

    >>> whole_minutes(105), whole_minutes(120), whole_minutes(121)
    (2, 2, 3)
    """
    return math.ceil(seconds / 60)
