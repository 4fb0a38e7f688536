"""Typed, immutable models of a question bank's parts (pydantic v2, frozen).

These models check the shape of each part on its own: required keys, types, ranges, no unknown
keys. Rules that relate parts to each other (references, uniqueness, coverage) live in
``validation.py``, where they can point at the exact line of each offending value.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, StringConstraints

#: Ids are lowercase words joined by underscores, safe in URLs, CSV headers and file names.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"

#: Semantic version (``1.2.0``, optionally ``-draft.1`` or ``+build``); results record it.
VERSION_PATTERN = r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"

#: SJT options are lettered a to e, forced-choice statements a to d, as candidates see them.
OPTION_ID_PATTERN = r"^[a-e]$"
STATEMENT_ID_PATTERN = r"^[a-d]$"

#: How each pattern is explained to a content author when a value does not match it.
PATTERN_DESCRIPTIONS = {
    ID_PATTERN: "lowercase letters, digits and _, starting with a letter",
    VERSION_PATTERN: 'a semantic version in quotes, such as "1.0.0"',
    OPTION_ID_PATTERN: "one of a, b, c, d, e",
    STATEMENT_ID_PATTERN: "one of a, b, c, d",
}

Identifier = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN)]
Version = Annotated[StrictStr, StringConstraints(pattern=VERSION_PATTERN)]

#: Free text that must say something; surrounding whitespace (block scalars) is dropped.
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]

#: Manager-facing lists need several entries so a report can offer a choice, not one line.
MIN_ADVICE_ENTRIES = 3

#: The question shown under an SJT scenario when the item does not set its own.
DEFAULT_SJT_QUESTION = "Which action would be most effective?"

#: Words for the benchmark importance levels, for reports and the CLI.
IMPORTANCE_LABELS = {1: "useful", 2: "important", 3: "critical"}

Advice = Annotated[tuple[Text, ...], Field(min_length=MIN_ADVICE_ENTRIES)]


class FrozenModel(BaseModel):
    """Base of every bank model: immutable after loading, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ResponseFormat(FrozenModel):
    """The agreement scale used by likert and attention items; responses are 1..points."""

    points: Annotated[StrictInt, Field(ge=4, le=7)]
    labels: tuple[Text, ...]


class Competency(FrozenModel):
    """A sales skill the bank measures, with what a manager can do about a low score."""

    id: Identifier
    name: Text
    definition: Text
    coaching: Advice
    interview_questions: Advice


class Motivator(FrozenModel):
    """Something that drives a person at work, ranked by the forced-choice blocks."""

    id: Identifier
    name: Text
    description: Text
    management_tips: Advice


class ValidityScale(FrozenModel):
    """A scale about how the candidate answered (e.g. social desirability), not a skill."""

    id: Identifier
    name: Text
    description: Text


class Pair(FrozenModel):
    """A consistency pair: two likert items whose answers should agree (or mirror)."""

    item: Identifier
    relation: Literal["same", "opposite"]


class LikertItem(FrozenModel):
    """A statement rated on the bank's agreement scale; ``-`` items are scored reversed."""

    id: Identifier
    kind: Literal["likert"]
    scale: Identifier
    text: Text
    keyed: Literal["+", "-"]
    pair: Pair | None = None

    @property
    def reverse_keyed(self) -> bool:
        """True when agreeing means less of the scale, so the score must be reversed."""
        return self.keyed == "-"


class SjtOption(FrozenModel):
    """One possible action in a scenario, with its expert effectiveness key (1..4)."""

    id: Annotated[StrictStr, StringConstraints(pattern=OPTION_ID_PATTERN)]
    text: Text
    effectiveness: Annotated[StrictInt, Field(ge=1, le=4)]


class SjtItem(FrozenModel):
    """A situational-judgement item: the candidate picks the single most effective option.

    The item's score is the effectiveness key of the option picked.
    """

    id: Identifier
    kind: Literal["sjt"]
    scale: Identifier
    scenario: Text
    question: Text = DEFAULT_SJT_QUESTION
    options: Annotated[tuple[SjtOption, ...], Field(min_length=3, max_length=5)]

    @property
    def best_option(self) -> SjtOption:
        """The option experts rate most effective (validation guarantees it is unique)."""
        return max(self.options, key=lambda option: option.effectiveness)

    def effectiveness_of(self, option_id: str) -> int:
        """The score of picking ``option_id``: its expert effectiveness key."""
        for option in self.options:
            if option.id == option_id:
                return option.effectiveness
        raise KeyError(f"item {self.id} has no option '{option_id}'")


class Statement(FrozenModel):
    """One statement of a forced-choice block, tied to the motivator it expresses."""

    id: Annotated[StrictStr, StringConstraints(pattern=STATEMENT_ID_PATTERN)]
    text: Text
    motivator: Identifier


class ForcedChoiceItem(FrozenModel):
    """A block of statements about different motivators: pick the one most like you.

    With three or four statements the candidate also picks the one least like them.
    """

    id: Identifier
    kind: Literal["forced_choice"]
    statements: Annotated[tuple[Statement, ...], Field(min_length=2, max_length=4)]

    @property
    def asks_least(self) -> bool:
        """True when the block also asks for the statement least like the candidate."""
        return len(self.statements) >= 3


class AttentionItem(FrozenModel):
    """An instructed-response item: the text says which answer to give."""

    id: Identifier
    kind: Literal["attention"]
    text: Text
    expected: Annotated[StrictInt, Field(ge=1)]


#: Any item; the ``kind`` key selects the model.
Item = Annotated[
    LikertItem | SjtItem | ForcedChoiceItem | AttentionItem, Field(discriminator="kind")
]

#: The item kinds, in the order reports list them.
ITEM_KINDS = ("likert", "sjt", "forced_choice", "attention")


class Requirement(FrozenModel):
    """What a job needs of one competency: how much it matters and the lowest acceptable level."""

    competency: Identifier
    importance: Annotated[StrictInt, Field(ge=1, le=3)]
    minimum_percentile: Annotated[StrictInt, Field(ge=1, le=99)]
    rationale: Text

    @property
    def importance_label(self) -> str:
        """The importance level in words: useful, important or critical."""
        return IMPORTANCE_LABELS[self.importance]


class Benchmark(FrozenModel):
    """A job profile: one requirement for each competency of the bank."""

    id: Identifier
    name: Text
    description: Text
    requirements: Annotated[tuple[Requirement, ...], Field(min_length=1)]

    def requirement(self, competency_id: str) -> Requirement:
        """The requirement for ``competency_id`` (validation guarantees there is one each)."""
        for requirement in self.requirements:
            if requirement.competency == competency_id:
                return requirement
        raise KeyError(f"benchmark {self.id} has no requirement for '{competency_id}'")


class BankHeader(FrozenModel):
    """The bank's scalar fields and answer format, checked before its lists."""

    id: Identifier
    version: Version
    title: Text
    role: Text
    instructions: Text
    response_format: ResponseFormat
