"""Shared fixtures: an app on a fresh database per test run, cleaned after every test.

The suite runs on SQLite by default and on PostgreSQL with TEST_DATABASE=postgresql; on
PostgreSQL the run creates its own uniquely named database and drops it at the end. The schema
is built by the Alembic migrations, as in production.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import delete, make_url

from assessment import create_app
from assessment.db import db
from assessment.extensions import limiter

POSTGRES_SERVER_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _admin_connection() -> psycopg.Connection:
    url = make_url(POSTGRES_SERVER_URL)
    try:
        return psycopg.connect(
            host=url.host, port=url.port, user=url.username, password=url.password,
            dbname=url.database, autocommit=True, connect_timeout=5,
        )
    except psycopg.OperationalError as error:
        pytest.exit(f"PostgreSQL is not reachable at {url.host}:{url.port} ({error}); "
                    "start it (.ci/run does) or set TEST_POSTGRES_URL.", returncode=1)


@pytest.fixture(scope="session")
def new_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A factory of empty databases of the kind under test; each is dropped at the end."""
    created: list[str] = []

    def make() -> str:
        if os.environ.get("TEST_DATABASE", "sqlite") != "postgresql":
            path = tmp_path_factory.mktemp("db") / "test.sqlite3"
            return f"sqlite:///{path}"
        name = f"assessment_test_{os.getpid()}_{secrets.token_hex(4)}"
        with _admin_connection() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return make_url(POSTGRES_SERVER_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    if created:
        with _admin_connection() as connection:
            for name in created:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    """The settings every test app uses; tests may override any of them."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        "ASSESSMENT_BASE_URL": "https://assess.example.com",
        **overrides,
    }


@pytest.fixture(scope="session")
def database_url(new_database_url: Any) -> str:
    """The run's database, migrated to the latest schema once."""
    url = new_database_url()
    app = create_app(make_test_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture()
def app(database_url: str) -> Iterator[Flask]:
    """A fresh app on the run's database; every row is deleted after the test."""
    app = create_app(make_test_config(database_url))
    yield app
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
        db.engine.dispose()
    limiter.reset()


@pytest.fixture()
def make_app(database_url: str) -> Iterator[Any]:
    """Build extra apps on the run's database (e.g. two workers); their connections are closed."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        made.append(create_app(make_test_config(database_url, **overrides)))
        return made[-1]

    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture()
def profile(app: Flask) -> tuple[str, str]:
    """A (bank id, benchmark id) pair that the installed question banks offer."""
    from assessment.services.banks import bank_catalog

    with app.app_context():
        bank = min(bank_catalog().banks.values(), key=lambda bank: bank.id)
        return bank.id, bank.benchmarks[0].id


@pytest.fixture()
def slug(app: Flask) -> str:
    """The public slug of an open sales-rep campaign of "Acme", embeddable by its careers site."""
    from tests.support import make_organisation, make_rep_campaign

    with app.app_context():
        _, admin, _ = make_organisation("Acme")
        return make_rep_campaign(admin, allowed_origins=["https://careers.acme.example"]).public_slug
