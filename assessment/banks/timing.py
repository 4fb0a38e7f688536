"""How long a bank takes to answer, from a per-kind time budget.

The estimate is shown to candidates before they start and checked for every shipped bank
(20 to 35 minutes), so it errs on the slow side: many candidates answer on a phone, and many
read in a second language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

#: A one-sentence statement (about 15 words) on an answer scale the candidate already knows:
#: about 6 s to read at a careful second-language pace plus about 3 s to choose and tap.
LIKERT_SECONDS = 9

#: An attention item looks and is answered like a Likert item, so it costs the same.
ATTENTION_SECONDS = LIKERT_SECONDS

#: A scenario and 3 to 5 options come to roughly 100 words (about 35 s to read) plus about
#: 10 s to weigh the options against each other before picking one.
SJT_SECONDS = 45

#: Two to four short statements (about 12 s to read) that must be weighed against each other,
#: which takes longer than rating one statement on its own (about 13 s more).
FORCED_CHOICE_SECONDS = 25

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
    """Total answering time of ``items`` in seconds, from the per-kind budget above."""
    return sum(SECONDS_PER_KIND[item.kind] for item in items)


def whole_minutes(seconds: int) -> int:
    """Round up to whole minutes, so a candidate is never promised less time than needed."""
    return math.ceil(seconds / 60)
