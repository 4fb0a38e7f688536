"""Rules that relate the parts of a bank to each other.

The schema checks each part on its own; these rules check what only the whole bank can tell:
unique ids, references that resolve, every scale measured, a unique best SJT option, benchmarks
that cover every competency once. Ids are collected from every entry, valid or not, so one
broken entry does not set off false "unknown id" problems elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from .problems import Problem
from .schema import (
    AttentionItem,
    Benchmark,
    ForcedChoiceItem,
    LikertItem,
    SjtItem,
)
from .structure import ParsedBank, RawEntry
from .yaml_source import LocatedDict, Location, follow

#: Sections whose ids share one namespace, because an item's ``scale`` may name any of them.
SCALE_SECTIONS = ("competencies", "motivators", "validity_scales")


def check_bank(parsed: ParsedBank, file_stem: str) -> list[Problem]:
    """Run every cross-reference rule and return all the problems found."""
    ids = _RawIds(parsed)
    problems = _check_header(parsed, file_stem)
    problems += _duplicate_ids([e for name in SCALE_SECTIONS for e in parsed.raw_sections[name]])
    problems += _duplicate_ids(parsed.raw_sections["items"])
    problems += _duplicate_ids(parsed.raw_sections["benchmarks"])
    points = parsed.header.response_format.points if parsed.header else None
    for entry in parsed.sections["items"]:
        problems += _check_item(entry.model, entry.raw, entry.where, ids, points)
    for entry in parsed.sections["benchmarks"]:
        problems += _check_benchmark(entry.model, entry.raw, entry.where, ids)
    problems += _check_pairs(parsed)
    problems += _check_coverage(parsed)
    return problems


class _RawIds:
    """The ids each section declares and the kind of each item, from raw entries."""

    def __init__(self, parsed: ParsedBank) -> None:
        self.by_section = {
            name: {_id_of(entry.value) for entry in entries} - {None}
            for name, entries in parsed.raw_sections.items()
        }
        self.item_kinds = {
            _id_of(entry.value): entry.value.get("kind")
            for entry in parsed.raw_sections["items"]
            if isinstance(entry.value, dict)
        }

    def __getitem__(self, section: str) -> set[Any]:
        return self.by_section[section]


def _id_of(value: Any) -> str | None:
    """The ``id`` of a raw entry when it has a usable one."""
    entry_id = value.get("id") if isinstance(value, dict) else None
    return entry_id if isinstance(entry_id, str) else None


def _at(raw: LocatedDict, *path: str | int) -> Location:
    """The location of the value at ``path`` inside ``raw`` (or of the deepest part found)."""
    return follow(raw, raw.location, "", list(path))[0]


def _check_header(parsed: ParsedBank, file_stem: str) -> list[Problem]:
    """The id names the file, and the answer scale has one label per point."""
    problems: list[Problem] = []
    header, data = parsed.header, parsed.data
    if header is None:
        return problems
    if header.id != file_stem:
        message = f"bank id '{header.id}' must equal the file name '{file_stem}'"
        problems.append(Problem(*_at(data, "id"), "id", message))
    points, labels = header.response_format.points, header.response_format.labels
    if len(labels) != points:
        message = f"needs exactly {points} labels, one per point (has {len(labels)})"
        where = "response_format.labels"
        problems.append(Problem(*_at(data, "response_format", "labels"), where, message))
    return problems


def _duplicate_ids(entries: Iterable[RawEntry]) -> list[Problem]:
    """Report every entry whose id was already used; ids must be unique to be referenced."""
    problems: list[Problem] = []
    first_seen: dict[str, Location] = {}
    for entry in entries:
        entry_id = _id_of(entry.value)
        if entry_id is None:
            continue
        if entry_id in first_seen:
            file, line = first_seen[entry_id]
            message = f"duplicate id '{entry_id}' (first used at {file}:{line})"
            problems.append(Problem(*_at(entry.value, "id"), entry.where, message))
        else:
            first_seen[entry_id] = _at(entry.value, "id")
    return problems


def _check_item(
    item: Any, raw: LocatedDict, where: str, ids: _RawIds, points: int | None
) -> list[Problem]:
    """Apply the rules of the item's kind."""
    if isinstance(item, LikertItem):
        return _check_likert(item, raw, where, ids)
    if isinstance(item, SjtItem):
        return _check_sjt(item, raw, where, ids)
    if isinstance(item, ForcedChoiceItem):
        return _check_forced_choice(item, raw, where, ids)
    if isinstance(item, AttentionItem) and points is not None and item.expected > points:
        message = f"expected answer {item.expected} is outside the scale 1..{points}"
        return [Problem(*_at(raw, "expected"), f"{where}.expected", message)]
    return []


def _check_likert(item: LikertItem, raw: LocatedDict, where: str, ids: _RawIds) -> list[Problem]:
    """The scale is a competency or validity scale; a pair points at another likert item."""
    problems: list[Problem] = []
    if item.scale in ids["motivators"]:
        message = f"'{item.scale}' is a motivator; motivators are measured by forced_choice items"
        problems.append(Problem(*_at(raw, "scale"), f"{where}.scale", message))
    elif item.scale not in ids["competencies"] | ids["validity_scales"]:
        message = f"unknown scale '{item.scale}' (not a competency or validity scale)"
        problems.append(Problem(*_at(raw, "scale"), f"{where}.scale", message))
    if item.pair is not None:
        target, location = item.pair.item, _at(raw, "pair", "item")
        if target == item.id:
            message = "an item cannot be paired with itself"
        elif target not in ids.item_kinds:
            message = f"pair names unknown item '{target}'"
        elif ids.item_kinds[target] != "likert":
            kind = ids.item_kinds[target]
            message = f"pair names '{target}', a {kind} item; pairs are likert only"
        else:
            return problems
        problems.append(Problem(*location, f"{where}.pair.item", message))
    return problems


def _check_pairs(parsed: ParsedBank) -> list[Problem]:
    """Each pair is declared once, and a pair within one scale agrees with the items' keying.

    Two items of one scale keyed the same way should get the same answer, and two keyed
    opposite ways mirrored answers; a relation that says otherwise is an authoring slip that
    would flag consistent candidates as inconsistent.
    """
    problems: list[Problem] = []
    likert = {e.model.id: e.model for e in parsed.sections["items"] if e.model.kind == "likert"}
    declared: dict[frozenset[str], str] = {}
    for entry in parsed.sections["items"]:
        item = entry.model
        if not isinstance(item, LikertItem) or item.pair is None:
            continue
        key = frozenset((item.id, item.pair.item))
        other = likert.get(item.pair.item)
        if key in declared:
            message = f"this pair is already declared on item {declared[key]}; declare it once"
            problems.append(Problem(*_at(entry.raw, "pair"), f"{entry.where}.pair", message))
        elif other is not None and other.scale == item.scale:
            expected = "same" if other.keyed == item.keyed else "opposite"
            if item.pair.relation != expected:
                message = (
                    f"items {item.id} ({item.keyed}) and {other.id} ({other.keyed}) are on the "
                    f"same scale, so their relation must be '{expected}'"
                )
                location = _at(entry.raw, "pair", "relation")
                problems.append(Problem(*location, f"{entry.where}.pair.relation", message))
        declared[key] = item.id
    return problems


def _check_sjt(item: SjtItem, raw: LocatedDict, where: str, ids: _RawIds) -> list[Problem]:
    """The scale is a competency; option ids are unique; exactly one option is best."""
    problems: list[Problem] = []
    if item.scale not in ids["competencies"]:
        kind = "a validity scale" if item.scale in ids["validity_scales"] else "unknown"
        kind = "a motivator" if item.scale in ids["motivators"] else kind
        message = f"scale '{item.scale}' is {kind}; sjt items measure a competency"
        problems.append(Problem(*_at(raw, "scale"), f"{where}.scale", message))
    problems += _duplicate_letters(
        [option.id for option in item.options], raw, "options", f"{where}.options"
    )
    highest = max(option.effectiveness for option in item.options)
    best = [option.id for option in item.options if option.effectiveness == highest]
    if len(best) > 1:
        message = (
            f"options {', '.join(best)} share the highest effectiveness ({highest}); "
            "exactly one option must be the most effective"
        )
        problems.append(Problem(*_at(raw, "options"), f"{where}.options", message))
    return problems


def _check_forced_choice(
    item: ForcedChoiceItem, raw: LocatedDict, where: str, ids: _RawIds
) -> list[Problem]:
    """Statement ids are unique; each names a known motivator, and no motivator twice."""
    problems = _duplicate_letters(
        [statement.id for statement in item.statements], raw, "statements", f"{where}.statements"
    )
    first_statement: dict[str, str] = {}
    for index, statement in enumerate(item.statements):
        location = _at(raw, "statements", index, "motivator")
        field = f"{where}.statements[{statement.id}].motivator"
        if statement.motivator not in ids["motivators"]:
            message = f"unknown motivator '{statement.motivator}'"
            problems.append(Problem(*location, field, message))
        elif statement.motivator in first_statement:
            message = (
                f"motivator '{statement.motivator}' is already in statement "
                f"{first_statement[statement.motivator]}; each statement needs a different one"
            )
            problems.append(Problem(*location, field, message))
        else:
            first_statement[statement.motivator] = statement.id
    return problems


def _duplicate_letters(letters: list[str], raw: LocatedDict, key: str, where: str) -> list[Problem]:
    """Options and statements are answered by letter, so each letter may appear once."""
    counts = Counter(letters)
    return [
        Problem(*_at(raw, key, index, "id"), f"{where}[{letter}].id", f"duplicate id '{letter}'")
        for index, letter in enumerate(letters)
        if counts[letter] > 1 and letters.index(letter) != index
    ]


def _check_benchmark(
    benchmark: Benchmark, raw: LocatedDict, where: str, ids: _RawIds
) -> list[Problem]:
    """Each requirement names a known competency, and every competency has exactly one."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, requirement in enumerate(benchmark.requirements):
        location = _at(raw, "requirements", index, "competency")
        field = f"{where}.requirements[{requirement.competency}]"
        if requirement.competency not in ids["competencies"]:
            message = f"unknown competency '{requirement.competency}'"
            problems.append(Problem(*location, field, message))
        elif requirement.competency in seen:
            message = f"competency '{requirement.competency}' has more than one requirement"
            problems.append(Problem(*location, field, message))
        seen.add(requirement.competency)
    for competency in sorted(ids["competencies"] - seen):
        message = f"missing a requirement for competency '{competency}'"
        problems.append(Problem(*_at(raw, "requirements"), f"{where}.requirements", message))
    return problems


def _check_coverage(parsed: ParsedBank) -> list[Problem]:
    """Every declared competency, validity scale and motivator is measured by some item."""
    scales_used: set[Any] = set()
    motivators_used: set[Any] = set()
    for entry in parsed.raw_sections["items"]:
        if not isinstance(entry.value, dict):
            continue
        scales_used.add(entry.value.get("scale"))
        statements = entry.value.get("statements")
        if isinstance(statements, list):
            motivators_used |= {s.get("motivator") for s in statements if isinstance(s, dict)}
    problems: list[Problem] = []
    for name, used, measure in (
        ("competencies", scales_used, "likert or sjt item"),
        ("validity_scales", scales_used, "likert item"),
        ("motivators", motivators_used, "forced_choice statement"),
    ):
        for declared in parsed.sections[name]:
            if declared.model.id not in used:
                message = f"'{declared.model.id}' is not measured by any {measure}"
                problems.append(Problem(*_at(declared.raw, "id"), declared.where, message))
    return problems
