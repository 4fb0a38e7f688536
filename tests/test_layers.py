"""The package's layers, read statically from its import graph (nothing is imported).

`assessment.scoring` and `assessment.banks` are the science and its content: they must stay usable
without the web stack, the database or the app's configuration. `assessment.reports` gets plain
facts from the web layer and must not reach back into configuration or services. `assessment.db`
binds the extensions, so `assessment.extensions` must not import it back.

Every import statement counts, a function's own imports included, and so do the `__init__`
modules an import runs on the way to its target. `assessment/__init__.py` (the app factory) is
left out of those: Python runs it before any submodule, whatever the layers say.
"""
from __future__ import annotations

import ast
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]

WEB_STACK = ("flask", "werkzeug", "sqlalchemy")
APP_MODULES = ("assessment.web", "assessment.services", "assessment.reports", "assessment.db",
               "assessment.models", "assessment.config")


@dataclass(frozen=True)
class Import:
    """One import statement's target, as found in a module's source."""

    importer: str
    path: Path
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.importer} ({self.path.name}, line {self.line}) imports {self.target}"


ImportGraph = dict[str, list[Import]]


def module_name(path: Path, root: Path) -> str:
    """`assessment/web/__init__.py` -> `assessment.web`; `assessment/db.py` -> `assessment.db`."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path, package: str) -> ImportGraph:
    """The imports of every module under `root/package`, relative imports resolved."""
    files = {module_name(path, root): path for path in sorted((root / package).rglob("*.py"))}
    return {name: list(_imports(name, path, files)) for name, path in files.items()}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterable[Import]:
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.level, node.module)
            # `from package import name` imports the submodule `name` when there is one.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        else:
            continue
        for target in dict.fromkeys(targets):
            for executed in _with_parent_packages(target, modules):
                yield Import(name, path, node.lineno, executed)


def _absolute(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name of `from <level dots><module> import ...` written in `importer`."""
    if level == 0:
        return module or ""
    parts = importer.split(".")
    if not is_package:
        parts.pop()
    if level > 1:
        parts = parts[: -(level - 1)]
    return ".".join([*parts, module] if module else parts)


def _with_parent_packages(target: str, modules: dict[str, Path]) -> list[str]:
    """The target and the package `__init__` modules importing it runs, the top package's aside."""
    parts = target.split(".")
    parents = [".".join(parts[:n]) for n in range(2, len(parts))]
    return [parent for parent in parents if parent in modules] + [target]


def is_within(name: str, prefixes: Iterable[str]) -> bool:
    """Whether `name` is one of the dotted names in `prefixes` or a submodule of one."""
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def is_web_stack(name: str) -> bool:
    """Flask, Werkzeug, SQLAlchemy or a Flask extension (`flask_*`)."""
    top = name.split(".")[0]
    return top in WEB_STACK or top.startswith("flask_")


def violations(graph: ImportGraph, layer: str, forbidden: Callable[[str], bool]) -> list[str]:
    """Each import that `layer`'s modules reach, directly or through other modules, and must not.

    Says which module imports what on which line, and through which imports the layer gets there.
    """
    found: dict[Import, list[Import]] = {}
    for start in (name for name in graph if is_within(name, [layer])):
        for chain in _reachable_imports(graph, start, stop=forbidden):
            if forbidden(chain[-1].target):
                found.setdefault(chain[-1], chain)
    return [" <- ".join(str(step) for step in reversed(chain)) for chain in found.values()]


def import_chain(graph: ImportGraph, start: str, goal: str) -> list[Import] | None:
    """The shortest chain of imports by which `start` imports `goal`, if any."""
    for chain in _reachable_imports(graph, start, stop=lambda name: name == goal):
        if chain[-1].target == goal:
            return chain
    return None


def _reachable_imports(graph: ImportGraph, start: str, stop: Callable[[str], bool]) -> Iterable[list[Import]]:
    """Every import reachable from `start`, each once, with the chain leading to it (breadth first).

    The walk goes on through the package's own modules, but not through one that `stop` matches.
    """
    seen = {start}
    queue = deque([[step] for step in graph[start]])
    while queue:
        chain = queue.popleft()
        yield chain
        target = chain[-1].target
        if target in graph and target not in seen and not stop(target):
            seen.add(target)
            queue.extend([*chain, step] for step in graph[target])


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    return import_graph(REPOSITORY, "assessment")


@pytest.mark.parametrize("layer", ["assessment.scoring", "assessment.banks"])
def test_the_science_and_the_banks_need_no_web_stack_database_or_app(graph: ImportGraph, layer: str) -> None:
    found = violations(graph, layer, lambda name: is_web_stack(name) or is_within(name, APP_MODULES))
    assert not found, "\n".join(found)


def test_reports_take_plain_facts_and_read_neither_configuration_nor_services(graph: ImportGraph) -> None:
    found = violations(graph, "assessment.reports",
                       lambda name: is_within(name, ["assessment.config", "assessment.services", "assessment.web"]))
    assert not found, "\n".join(found)


def test_db_and_extensions_import_each_other_one_way_only(graph: ImportGraph) -> None:
    there = import_chain(graph, "assessment.db", "assessment.extensions")
    back = import_chain(graph, "assessment.extensions", "assessment.db")
    assert not (there and back), "import cycle:\n" + "\n".join(" -> ".join(map(str, chain)) for chain in (there, back))


def test_the_walk_finds_relative_function_local_and_indirect_imports(tmp_path: Path) -> None:
    """The checks above pass only if the walk sees such imports: a small package shows it does."""
    files = {
        "pkg/__init__.py": "from flask import Flask\n",
        "pkg/core/__init__.py": "",
        "pkg/core/maths.py": "import numpy\nfrom .helpers import tidy\n",
        "pkg/core/helpers.py": "def tidy():\n    from ..app import settings\n    return settings\n",
        "pkg/app.py": "import flask_login\nsettings = {}\n",
        "pkg/web/__init__.py": "from .. import app\n",
        "pkg/report.py": "from . import web\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    fake = import_graph(tmp_path, "pkg")

    found = violations(fake, "pkg.core", lambda name: is_web_stack(name) or is_within(name, ["pkg.app"]))
    assert found == ["pkg.core.helpers (helpers.py, line 2) imports pkg.app"]
    reached = violations(fake, "pkg.report", is_web_stack)
    assert reached == ["pkg.app (app.py, line 1) imports flask_login <- pkg.web (__init__.py, line 1) imports pkg.app"
                       " <- pkg.report (report.py, line 1) imports pkg.web"]
    assert import_chain(fake, "pkg.report", "pkg.app") is not None
    assert import_chain(fake, "pkg.app", "pkg.report") is None
