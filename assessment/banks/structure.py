"""Check the shape of a bank's located data against the schema, entry by entry.

Each list entry is validated on its own, so one broken item neither hides the problems of the
others nor keeps the valid ones from the cross-reference checks that follow. Pydantic's error
locations are walked back through the located data to give each problem its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .problems import Problem
from .schema import (
    ITEM_KINDS,
    PATTERN_DESCRIPTIONS,
    BankHeader,
    Benchmark,
    Competency,
    Item,
    Motivator,
    ValidityScale,
)
from .yaml_source import LocatedDict, LocatedList, Location, entry_label, follow

#: The list sections of a bank and the model of each entry.
SECTION_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "competencies": TypeAdapter(Competency),
    "motivators": TypeAdapter(Motivator),
    "validity_scales": TypeAdapter(ValidityScale),
    "items": TypeAdapter(Item),
    "benchmarks": TypeAdapter(Benchmark),
}

#: Sections a bank cannot do without; motivators and validity scales are optional.
REQUIRED_SECTIONS = ("competencies", "items", "benchmarks")

_HEADER_ADAPTER = TypeAdapter(BankHeader)

TOP_LEVEL_KEYS = (*BankHeader.model_fields, *SECTION_ADAPTERS)


@dataclass(frozen=True)
class Parsed:
    """A schema-valid entry (its model) together with the located data it came from."""

    model: Any
    raw: LocatedDict
    where: str


@dataclass(frozen=True)
class RawEntry:
    """Any entry of a section, valid or not; its id still counts for duplicate checks."""

    value: Any
    location: Location
    where: str


@dataclass(frozen=True)
class ParsedBank:
    """The outcome of the shape checks: valid parts, every raw entry, and the problems."""

    data: LocatedDict
    header: BankHeader | None
    sections: dict[str, list[Parsed]]
    raw_sections: dict[str, list[RawEntry]]
    problems: list[Problem]


def parse_bank(data: LocatedDict) -> ParsedBank:
    """Validate the top level, the header fields and every section entry of ``data``."""
    problems: list[Problem] = []
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.append(Problem(*data.value_locations[key], key, "unknown top-level key"))
    header_data = {key: data[key] for key in BankHeader.model_fields if key in data}
    header = _validate(_HEADER_ADAPTER, header_data, data, data.location, "", problems)
    sections: dict[str, list[Parsed]] = {}
    raw_sections: dict[str, list[RawEntry]] = {}
    for name, adapter in SECTION_ADAPTERS.items():
        raw_sections[name] = [
            RawEntry(value, location, f"{name}{entry_label(value, index)}")
            for index, (value, location) in enumerate(_section(data, name, problems).located())
        ]
        sections[name] = []
        for entry in raw_sections[name]:
            value, location = entry.value, entry.location
            model = _validate(adapter, value, value, location, entry.where, problems)
            if model is not None:
                sections[name].append(Parsed(model, value, entry.where))
    return ParsedBank(data, header, sections, raw_sections, problems)


def _section(data: LocatedDict, name: str, problems: list[Problem]) -> LocatedList:
    """The entries of one list section, or no entries (with the problem) if it is unusable."""
    if name not in data:
        if name in REQUIRED_SECTIONS:
            problems.append(Problem(*data.location, "bank", f"missing required key '{name}'"))
        return LocatedList(data.location)
    entries = data[name]
    if not isinstance(entries, LocatedList):
        problems.append(Problem(*data.value_locations[name], name, "must be a list"))
        return LocatedList(data.location)
    if not entries and name in REQUIRED_SECTIONS:
        problems.append(Problem(*data.value_locations[name], name, "must not be empty"))
    return entries


def _validate(
    adapter: TypeAdapter[Any],
    value: Any,
    raw: Any,
    location: Location,
    where: str,
    problems: list[Problem],
) -> Any:
    """Validate ``value``; on failure add one located problem per pydantic error."""
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            if not _is_echo_of_entry_error(detail, raw):
                problems.append(_problem(detail, raw, location, where))
        return None


def _is_echo_of_entry_error(detail: Any, raw: Any) -> bool:
    """True for a list-length error caused only by an invalid entry of that list.

    Pydantic counts only the entries that validated, so one broken SJT option would also be
    reported as "too few options"; the raw list says whether the count itself is wrong.
    """
    if detail["type"] not in ("too_short", "too_long"):
        return False
    node = raw
    for part in _without_kind(list(detail["loc"]), raw):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    context = detail["ctx"]
    return isinstance(node, list) and (
        context.get("min_length", 0) <= len(node) <= context.get("max_length", len(node))
    )


def _without_kind(loc: list[Any], raw: Any) -> list[Any]:
    """Drop the item kind that pydantic's discriminated union adds to error paths."""
    if loc and isinstance(raw, dict) and loc[0] == raw.get("kind") and loc[0] in ITEM_KINDS:
        return loc[1:]
    return loc


def _problem(detail: Any, raw: Any, location: Location, where: str) -> Problem:
    """Turn one pydantic error into a problem at the line of the deepest value it names."""
    loc = _without_kind(list(detail["loc"]), raw)
    error_type = detail["type"]
    if error_type in ("missing", "extra_forbidden"):
        key = loc.pop() if loc else "?"
        location, where = follow(raw, location, where, loc)
        message = "missing required key" if error_type == "missing" else "unknown key"
        return Problem(*location, where or "bank", f"{message} '{key}'")
    location, where = follow(raw, location, where, loc)
    return Problem(*location, where or "bank", _message(error_type, detail))


def _message(error_type: str, detail: Any) -> str:
    """Say what is wrong in the words of the bank format rather than pydantic's."""
    context = detail.get("ctx", {})
    value = detail.get("input")
    got = f"(got {value!r})"
    if error_type == "union_tag_invalid":
        return f"unknown item kind {value.get('kind')!r} (known: {', '.join(ITEM_KINDS)})"
    if error_type == "union_tag_not_found":
        return "missing required key 'kind'"
    if error_type in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a mapping of keys to values"
    if error_type in ("tuple_type", "list_type"):
        return "must be a list"
    if error_type == "string_type":
        return f"must be text; put it in quotes {got}"
    if error_type == "int_type":
        return f"must be a whole number {got}"
    if error_type == "string_too_short":
        return "must not be empty"
    if error_type == "string_pattern_mismatch":
        return f"must be {PATTERN_DESCRIPTIONS[context['pattern']]} {got}"
    if error_type == "literal_error":
        return f"must be {context['expected']} {got}"
    if error_type == "greater_than_equal":
        return f"must be at least {context['ge']} {got}"
    if error_type == "less_than_equal":
        return f"must be at most {context['le']} {got}"
    if error_type == "too_short":
        return f"needs at least {context['min_length']} entries (has {context['actual_length']})"
    if error_type == "too_long":
        return f"allows at most {context['max_length']} entries (has {context['actual_length']})"
    return str(detail["msg"])
