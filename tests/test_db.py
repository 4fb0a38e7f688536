"""Write transactions of their own (`assessment.db.write_transaction`, which saves candidates'
pages): whole or not at all, on SQLite (queued, BEGIN IMMEDIATE) and PostgreSQL (pipelined)."""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from assessment.db import db, write_transaction
from assessment.models import Organisation


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
