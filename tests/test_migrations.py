"""The Alembic migrations build exactly the schema the models describe."""
from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from assessment import create_app
from assessment.db import db
from tests.conftest import make_test_config


def test_migrating_an_empty_database_reaches_the_models_schema(new_database_url: Any) -> None:
    app = create_app(make_test_config(new_database_url()))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(new_database_url: Any) -> None:
    app = create_app(make_test_config(new_database_url()))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert tables == set()
