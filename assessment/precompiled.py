"""Core statements compiled once and run on the database driver's own cursor.

For a small statement, SQLAlchemy's execution path (the statement's cache key, the execution
context, parameter processing, the result object) costs more than SQLite or PostgreSQL take to
run it. The busiest write there is, saving a candidate's page of answers, therefore runs its
statements through `PrecompiledStatement`: they are still written with SQLAlchemy Core and
compiled by the connection's own dialect, once; each execution only converts the values with the
column types' bind processors, exactly as SQLAlchemy would, and hands them to the driver.

The cursor belongs to a `sqlalchemy.Connection`'s transaction, which begins and commits as usual.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Executable

DriverParameters = Mapping[str, Any] | Sequence[Any]


@dataclass(frozen=True)
class PrecompiledStatement:
    """A statement's SQL in the driver's parameter style, with what converting its values takes."""

    sql: str
    #: Parameter names in their order, for drivers that take positional parameters (SQLite's).
    positions: tuple[str, ...] | None
    processors: Mapping[str, Callable[[Any], Any]]
    #: Values the statement binds itself (such as a status it compares with), already converted.
    constants: Mapping[str, Any]

    @classmethod
    def compile(cls, statement: Executable, dialect: Dialect) -> PrecompiledStatement:
        compiled = statement.compile(dialect=dialect)
        processors, constants = {}, {}
        for bind, name in compiled.bind_names.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors[name] = process
            if not bind.required:
                constants[name] = bind.value if process is None else process(bind.value)
        positions = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        return cls(str(compiled), positions, processors, constants)

    def first_row(self, connection: Connection, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """Execute once; the first row the statement returns, if any."""
        with closing(connection.connection.cursor()) as cursor:
            cursor.execute(self.sql, self._for_driver({**self.constants, **self._converted(values)}))
            return cursor.fetchone()

    def execute_many(self, connection: Connection, rows: Iterable[Mapping[str, Any]],
                     common: Mapping[str, Any] | None = None) -> None:
        """Execute once per row, in one driver call. `common` holds the values every row shares,
        converted once rather than once per row."""
        shared = {**self.constants, **self._converted(common or {})}
        parameters = [self._for_driver({**shared, **self._converted(row)}) for row in rows]
        with closing(connection.connection.cursor()) as cursor:
            cursor.executemany(self.sql, parameters)

    def _converted(self, values: Mapping[str, Any]) -> dict[str, Any]:
        processors = self.processors
        return {name: value if name not in processors else processors[name](value)
                for name, value in values.items()}

    def _for_driver(self, values: dict[str, Any]) -> DriverParameters:
        return values if self.positions is None else tuple(values[name] for name in self.positions)
