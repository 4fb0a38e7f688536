"""Write transactions: whole or not at all on SQLite (BEGIN IMMEDIATE) and PostgreSQL (pipelined
page saves), and on SQLite a turn in the writers' queue that every transaction gives back."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from assessment.db import begin_write_transaction, db, write_transaction
from assessment.models import Organisation
from tests.support import finishes_within


def _insert_organisation(connection: object, name: str) -> None:
    cursor = connection.connection.cursor()  # type: ignore[attr-defined]  # the driver's, as page saves use
    cursor.execute(f"INSERT INTO organisations (name, created_at) VALUES ('{name}', CURRENT_TIMESTAMP)")
    cursor.close()


def _organisations(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Organisation.name).order_by(Organisation.name)))


def test_a_write_transaction_commits_its_statements_together(app: Flask) -> None:
    with app.app_context(), write_transaction() as connection:
        _insert_organisation(connection, "First")
        _insert_organisation(connection, "Second")
    assert _organisations(app) == ["First", "Second"]


def test_a_write_transaction_that_raises_stores_nothing_and_leaves_the_connection_usable(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(RuntimeError), write_transaction() as connection:
            _insert_organisation(connection, "Rolled back")
            raise RuntimeError("the request failed after its first statement")
        with write_transaction() as connection:  # the same pooled connection, back in its normal state
            _insert_organisation(connection, "Committed")
        assert db.session.scalar(select(Organisation.name)) == "Committed"  # the ORM's transactions work too
    assert _organisations(app) == ["Committed"]


def test_a_failing_statement_rolls_the_whole_transaction_back(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(Exception, match="(?i)unique"), write_transaction() as connection:
            _insert_organisation(connection, "Twice")
            _insert_organisation(connection, "Twice")
    assert _organisations(app) == []


def _fail_in_core_write_transaction() -> None:
    with write_transaction() as connection:
        _insert_organisation(connection, "Rolled back")
        raise RuntimeError("the request failed in its write")


def _fail_in_orm_write_transaction() -> None:
    begin_write_transaction()
    db.session.add(Organisation(name="Rolled back"))
    db.session.flush()
    raise RuntimeError("the request failed in its write")


@pytest.mark.parametrize("fail", [_fail_in_core_write_transaction, _fail_in_orm_write_transaction],
                         ids=["write_transaction", "ORM session"])
def test_a_failed_write_gives_its_turn_back_to_the_other_writers(app: Flask, make_app: Callable[..., Flask],
                                                                  fail: Callable[[], None]) -> None:
    """On SQLite every write transaction takes a turn in the writers' queue (a lock file); one that
    fails must hand it back, or every other worker's writes would wait for ever."""
    other_worker = make_app()  # its own engine and connections, as another process has
    failures: list[Exception] = []

    def request_that_fails() -> None:
        with app.app_context():
            try:
                fail()
            except RuntimeError as error:
                failures.append(error)
            finally:
                db.session.remove()  # as at the end of every request

    def write_in_the_other_worker() -> None:
        with other_worker.app_context(), write_transaction() as connection:
            _insert_organisation(connection, "Written after")

    assert finishes_within(10, request_that_fails) and len(failures) == 1
    assert finishes_within(10, write_in_the_other_worker), "the failed write kept its turn"
    assert _organisations(app) == ["Written after"]
