"""Database handle, engine settings and transaction rules shared by every model and service.

SQLite is the embedded default and PostgreSQL the production database; the rules below make the
two behave alike under several workers (see docs/operations.md):

* SQLite runs in WAL mode with a 5 s busy timeout and foreign keys on.
* A request that may write (any method but GET, HEAD, OPTIONS) begins its transaction with
  ``BEGIN IMMEDIATE`` on SQLite: a deferred transaction that reads and then writes fails at once
  with "database is locked" when another worker wrote in between, whatever the timeout. Busy
  views marked `begins_own_write_transaction` instead end their read transaction and call
  `begin_write_transaction` just before they write, or write through `write_transaction`.
* Write transactions queue for SQLite's write lock on a file beside the database
  (`assessment.writers_queue`), which hands the lock on as soon as it is free.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Connection, DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from .extensions import migrate
from .writers_queue import WritersQueue

_View = TypeVar("_View", bound=Callable[..., Any])

SQLITE_BUSY_TIMEOUT_MS = 5000
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

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


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite has no time zones; storing naive UTC everywhere and attaching UTC on the way out keeps
    comparisons correct on both databases.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
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
    app.before_request(_begin_write_transaction_for_unsafe_methods)


def _configure_sqlite(engine: Engine) -> None:
    writers = WritersQueue.beside(engine.url)

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
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode == "IMMEDIATE" and writers:
            writers.wait_for_turn(connection.info)
        # Straight to the driver: running it as a statement of SQLAlchemy's costs more than the BEGIN.
        connection.connection.driver_connection.execute(f"BEGIN {mode}")

    if writers:
        @event.listens_for(engine, "checkin")
        def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
            writers.end_turn(record.info)  # after the commit or the pool's rollback


def end_reads_and_begin_writing() -> None:
    """Turn the current read transaction into a write transaction, safely on both databases.

    On SQLite the read transaction must end first (its snapshot cannot be upgraded once another
    worker has written), then ``BEGIN IMMEDIATE`` waits for the write lock. PostgreSQL's READ
    COMMITTED transaction can simply go on writing, which saves two round trips.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.rollback()
        begin_write_transaction()


def begin_write_transaction() -> None:
    """Start the session's transaction as a write transaction (``BEGIN IMMEDIATE`` on SQLite).

    Must run before the transaction's first statement; elsewhere than SQLite it only opens the
    transaction.
    """
    db.session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


@contextmanager
def write_transaction() -> Iterator[Connection]:
    """A Core connection in a write transaction of its own, committed when the block ends.

    For the busiest write, saving a candidate's page, which needs no ORM objects: the session's
    bookkeeping around a connection and its commit costs about as much as the statements.
    Statements run on the driver's cursor (`assessment.precompiled`). On SQLite the transaction
    begins with ``BEGIN IMMEDIATE``, after its turn in the writers' queue; on PostgreSQL it is
    pipelined. Rolls back if the block raises.
    """
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            with _pipelined_transaction(connection):
                yield connection
        else:
            connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection


@contextmanager
def _pipelined_transaction(connection: Connection) -> Iterator[None]:
    """A transaction in psycopg's pipeline mode whose BEGIN and COMMIT travel with the statements.

    Left to psycopg, a pipelined transaction waits for its BEGIN alone, and the pipeline's end
    waits again after the COMMIT: five round trips for a page save with the pool's pre-ping. The
    driver connection runs in autocommit mode here, so psycopg adds nothing of its own, and the
    transaction's own BEGIN and COMMIT are queued like its statements: BEGIN goes with the first
    statement, whose row is awaited, and COMMIT with the pipeline's closing sync. Three round
    trips, pre-ping included. When the block raises, no COMMIT is queued and the open
    transaction is rolled back.
    """
    connection.execution_options(isolation_level="AUTOCOMMIT")  # reset when the pool takes it back
    driver_connection = connection.connection.driver_connection
    try:
        with driver_connection.pipeline():
            driver_connection.execute("BEGIN")
            yield
            driver_connection.execute("COMMIT")
    except BaseException:
        driver_connection.rollback()  # a no-op unless the transaction is still open
        raise


def begins_own_write_transaction(view: _View) -> _View:
    """Mark a view that validates first and then opens its own short write transaction.

    Holding SQLite's write lock from the start of a busy request (form building, validation,
    token checks) makes concurrent writers queue behind work that needs no lock.
    """
    view.begins_own_write_transaction = True  # type: ignore[attr-defined]
    return view


def _begin_write_transaction_for_unsafe_methods() -> None:
    if request.method in READ_ONLY_METHODS:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "begins_own_write_transaction", False):
        begin_write_transaction()
