"""Line-aware YAML reading for question banks, includes merged.

PyYAML's ``safe_load`` forgets where each value came from. Composing the document into nodes
first keeps the file and line of every mapping, list and scalar, so that every later check can
say ``file:line`` -- including for content that came from an included fragment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .problems import Problem

#: Keys an included fragment may hold; they are appended to the bank's own lists.
INCLUDABLE_SECTIONS = ("motivators", "validity_scales", "items")

_STRING_TAG = "tag:yaml.org,2002:str"

#: The libyaml loader is several times faster; the pure-Python one gives the same nodes.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Location(NamedTuple):
    """Where a value was written: file name and 1-based line."""

    file: str
    line: int


class LocatedDict(dict[str, Any]):
    """A mapping from YAML that remembers where it and each of its values were written."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.value_locations: dict[str, Location] = {}


class LocatedList(list[Any]):
    """A sequence from YAML that remembers where it and each of its entries were written."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.item_locations: list[Location] = []

    def append_located(self, value: Any, location: Location) -> None:
        """Append ``value`` together with the place it was written."""
        self.append(value)
        self.item_locations.append(location)

    def located(self) -> list[tuple[Any, Location]]:
        """Each entry with the place it was written."""
        return list(zip(self, self.item_locations, strict=True))


@dataclass(frozen=True)
class SourceBank:
    """A bank file read into located plain data, includes merged, with the problems met."""

    data: LocatedDict | None
    problems: list[Problem]


def entry_label(value: Any, index: int) -> str:
    """Name a list entry by its id (or the competency it is about), else by its position.

    ``items[pro_01]`` tells an author far more than ``items[17]``.
    """
    if isinstance(value, dict):
        for key in ("id", "competency"):
            if isinstance(value.get(key), str):
                return f"[{value[key]}]"
    return f"[{index}]"


def follow(value: Any, location: Location, where: str, path: list[Any]) -> tuple[Location, str]:
    """Follow ``path`` (keys and list positions) into located data as far as it exists.

    Returns the location of the deepest value reached and its name, extending ``where`` (e.g.
    ``items[pro_01]`` + ``["options", 1]`` gives ``items[pro_01].options[b]``), so a problem
    points at the most precise line available.
    """
    for part in path:
        if isinstance(value, LocatedDict) and isinstance(part, str) and part in value:
            location = value.value_locations[part]
            where = f"{where}.{part}" if where else part
            value = value[part]
        elif isinstance(value, LocatedList) and isinstance(part, int) and part < len(value):
            location = value.item_locations[part]
            where = f"{where}{entry_label(value[part], part)}"
            value = value[part]
        else:
            break
    return location, where


def read_bank_source(path: Path) -> SourceBank:
    """Read a bank file and the fragments it includes into located data.

    Problems of the YAML level (unreadable file, syntax error, duplicate key, bad include) are
    collected rather than raised, so the caller can report them with everything else.
    """
    problems: list[Problem] = []
    data = _read_mapping(path, problems)
    if data is None:
        return SourceBank(None, problems)
    includes = data.pop("include", None)
    include_location = data.value_locations.pop("include", data.location)
    if includes is not None:
        _merge_includes(path, data, includes, include_location, problems)
    return SourceBank(data, problems)


def _read_mapping(path: Path, problems: list[Problem]) -> LocatedDict | None:
    """Compose one file and convert it; the document must be a mapping."""
    file = _display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(file, 1, "file", f"cannot be read: {error}"))
        return None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or error
        problems.append(Problem(file, line, "yaml", f"syntax error: {reason}"))
        return None
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        problems.append(Problem(file, line, "file", "must be a YAML mapping of keys to values"))
        return None
    return _Converter(file, problems).mapping(node, "")


def _display_name(path: Path) -> str:
    """A short, stable name for messages: the path as given, with ``a/../b`` folded."""
    return os.path.normpath(path)


class _Converter:
    """Turns the nodes of one file into located plain data, reporting what YAML lets pass.

    PyYAML's composer accepts a repeated key (the last one silently wins); a bank author almost
    always meant something else, so it is reported here.
    """

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.constructor = SafeConstructor()

    def location(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1)

    def value(self, node: yaml.Node, where: str) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            result = LocatedList(self.location(node))
            for index, child in enumerate(node.value):
                label = entry_label(_peek_ids(child), index)
                result.append_located(self.value(child, f"{where}{label}"), self.location(child))
            return result
        try:
            return self.constructor.construct_object(node)
        except ConstructorError as error:
            line = self.location(node).line
            self.problems.append(Problem(self.file, line, where or "yaml", str(error.problem)))
            return None

    def mapping(self, node: yaml.MappingNode, where: str) -> LocatedDict:
        result = LocatedDict(self.location(node))
        for key_node, value_node in node.value:
            key_location = self.location(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STRING_TAG:
                message = "keys must be plain words"
                self.problems.append(Problem(*key_location, where or "file", message))
                continue
            key = key_node.value
            field = f"{where}.{key}" if where else key
            if key in result:
                message = f"duplicate key (first at line {result.value_locations[key].line})"
                self.problems.append(Problem(*key_location, field, message))
            result[key] = self.value(value_node, field)
            # The key's line, not the value's: a block list or mapping starts on the next line.
            result.value_locations[key] = key_location
        return result


def _peek_ids(node: yaml.Node) -> dict[str, str]:
    """The scalar ``id``/``competency`` values of a mapping node, for naming it in messages."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        key.value: value.value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
        and key.value in ("id", "competency")
        and isinstance(value, yaml.ScalarNode)
    }


def _merge_includes(
    path: Path, data: LocatedDict, includes: Any, location: Location, problems: list[Problem]
) -> None:
    """Append each included fragment's sections to the bank's own, in include order."""
    if not isinstance(includes, LocatedList):
        problems.append(Problem(*location, "include", "must be a list of file paths"))
        return
    seen: set[Path] = set()
    for index, (entry, entry_location) in enumerate(includes.located()):
        where = f"include[{index}]"
        fragment_path = _include_path(path, entry, entry_location, where, seen, problems)
        if fragment_path is None:
            continue
        fragment = _read_mapping(fragment_path, problems)
        if fragment is not None:
            _merge_fragment(data, fragment, problems)


def _include_path(
    path: Path,
    entry: Any,
    location: Location,
    where: str,
    seen: set[Path],
    problems: list[Problem],
) -> Path | None:
    """Resolve one include entry against the bank's folder, or report why it cannot be used."""
    file, line = location
    if not isinstance(entry, str) or not entry.strip():
        problems.append(Problem(file, line, where, "must be a file path relative to the bank"))
        return None
    if os.path.isabs(entry):
        problems.append(Problem(file, line, where, f"'{entry}' must be relative to the bank file"))
        return None
    fragment_path = Path(os.path.normpath(path.parent / entry))
    if not fragment_path.is_file():
        problems.append(Problem(file, line, where, f"included file '{entry}' does not exist"))
        return None
    if fragment_path in seen:
        problems.append(Problem(file, line, where, f"'{entry}' is included twice"))
        return None
    seen.add(fragment_path)
    return fragment_path


def _merge_fragment(data: LocatedDict, fragment: LocatedDict, problems: list[Problem]) -> None:
    for key, value in fragment.items():
        file, line = fragment.value_locations[key]
        if key not in INCLUDABLE_SECTIONS:
            allowed = ", ".join(INCLUDABLE_SECTIONS)
            problems.append(
                Problem(file, line, key, f"unknown key in an included file (allowed: {allowed})")
            )
            continue
        if not isinstance(value, LocatedList):
            problems.append(Problem(file, line, key, "must be a list"))
            continue
        target = data.get(key)
        if target is None:
            target = LocatedList(Location(file, line))
            data[key] = target
            data.value_locations[key] = target.location
        if not isinstance(target, LocatedList):
            continue  # the bank's own non-list value is reported when the bank is checked
        for entry, entry_location in value.located():
            target.append_located(entry, entry_location)
