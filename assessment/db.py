"""Database handle, engine settings and the one way to write: a unit of work that commits once.

SQLite is the embedded default and PostgreSQL the production database; the rules below make the
two behave alike under several workers (see docs/operations.md):

* SQLite runs in WAL mode with a 5 s busy timeout and foreign keys on.
* Every write happens in a unit of work (`write_transaction`, or the request boundary in
  `assessment.web.transactions`): its transaction begins as a write transaction, with
  ``BEGIN IMMEDIATE`` on SQLite (a deferred transaction that reads and then writes fails at once
  with "database is locked" when another worker wrote in between, whatever the timeout),
  commits once when the unit ends, or rolls back when it fails. Services flush, never commit.
* Work that must follow a commit registers with `after_commit`; it runs once the unit has
  committed, each step in a write transaction of its own, and a step that fails is rolled back
  and logged without touching what was committed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from .extensions import migrate

SQLITE_BUSY_TIMEOUT_MS = 5000

#: Named constraints, so that Alembic can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

#: Whether the transactions begun now are write transactions (``BEGIN IMMEDIATE`` on SQLite).
#: A context variable, not a setting of the session: the SQLite engine's begin hook reads it.
_writing: ContextVar[bool] = ContextVar("writing", default=False)

#: Where the session keeps the steps to run after its transaction commits (`after_commit`).
_AFTER_COMMIT = "after_commit"


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite has no time zones; storing naive UTC everywhere and attaching UTC on the way out keeps
    comparisons correct on both databases.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Store the time as naive UTC; a naive time is refused, as its zone is unknown."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Give the stored naive UTC back as an aware UTC time."""
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware, as every model stores it."""
    return datetime.now(UTC)


def init_database(app: Flask) -> None:
    """Bind SQLAlchemy and Alembic to the app and apply the SQLite rules to its engine."""
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below) instead of the driver's implicit deferred one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Straight to the driver: running it as a statement of SQLAlchemy's costs more than the BEGIN.
        connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")


@contextmanager
def writing() -> Iterator[None]:
    """Begin every transaction of the block as a write transaction (``BEGIN IMMEDIATE`` on SQLite).

    It takes SQLite's write lock at the transaction's first statement, so the block's reads see
    the data it will write over. Elsewhere than SQLite it changes nothing.
    """
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


@dataclass(frozen=True)
class _Step:
    run: Callable[[], None]
    what: str


def after_commit(step: Callable[[], None], what: str) -> None:
    """Run `step` once the current unit of work has committed, in a write transaction of its own.

    For work that must not happen unless the unit's changes are stored, and whose failure must
    not undo them (scoring a finished attempt, removing files of deleted rows), and for the one
    write of a request that otherwise only reads (logging a report download, see `end_reading`).
    Skipped when the unit rolls back. A step that raises is rolled back and logged as "`what`
    failed"; the next steps still run.
    """
    db.session.info.setdefault(_AFTER_COMMIT, []).append(_Step(step, what))


@event.listens_for(Session, "after_soft_rollback")
def _forget_steps_of_a_rolled_back_transaction(session: Session, previous_transaction: Any) -> None:
    if not previous_transaction.nested:  # a savepoint's rollback leaves its transaction going on
        session.info.pop(_AFTER_COMMIT, None)


def rollback() -> None:
    """Roll the session's transaction back; its after-commit steps will not run."""
    db.session.rollback()
    db.session.info.pop(_AFTER_COMMIT, None)  # also those registered before any statement


def commit() -> None:
    """Commit the session's transaction (or roll it back if that fails, and raise), then run the
    steps registered with `after_commit`."""
    try:
        db.session.commit()
    except BaseException:
        rollback()
        raise
    _run_steps(db.session.info.pop(_AFTER_COMMIT, []))


def end_reading() -> None:
    """End a unit of work that only read: roll its transaction back, then run its after-commit steps.

    A request whose one write is a log line after slow reading (a PDF download renders for about
    a second) reads in an ordinary transaction and logs in a step of its own, so that SQLite's
    write lock is not held while it renders.
    """
    steps = db.session.info.pop(_AFTER_COMMIT, [])
    db.session.rollback()
    _run_steps(steps)


def _run_steps(steps: list[_Step]) -> None:
    for step in steps:
        try:
            with write_transaction():
                step.run()
        except Exception:
            current_app.logger.exception("%s failed after the commit; what was committed is kept", step.what)


@contextmanager
def write_transaction() -> Iterator[None]:
    """One unit of work outside a request (a command, an after-commit step).

    Its transaction begins as a write transaction, so it must begin in the block: the session may
    hold no open transaction on entry. Commits once when the block ends, then runs the
    after-commit steps (`commit`); rolls back if the block raises.
    """
    if db.session().in_transaction():
        raise RuntimeError("a write transaction must begin before the session's first statement; "
                           "end the open transaction first")
    with writing():
        try:
            yield
        except BaseException:
            rollback()
            raise
        commit()
