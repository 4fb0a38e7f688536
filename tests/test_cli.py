"""The administration commands, through Flask's CLI runner (and once as an operator runs them)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.models import Attempt, Campaign, Organisation, Result, User
from tests.support import sign_in


def test_create_organisation_and_users(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["orgs", "create", "Acme Corp"])
    assert result.exit_code == 0 and "Created organisation 'Acme Corp'" in result.output
    duplicate = runner.invoke(args=["orgs", "create", "acme corp"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output

    from_stdin = runner.invoke(args=["users", "create", "--org", "Acme Corp", "--email", "Ana@Acme.example",
                                     "--role", "admin", "--password-stdin"], input="a long passphrase\n")
    assert from_stdin.exit_code == 0, from_stdin.output
    prompted = runner.invoke(args=["users", "create", "--org", "Acme Corp", "--email", "max@acme.example",
                                   "--role", "manager"], input="short\nshort\nlong enough pw\nlong enough pw\n")
    assert prompted.exit_code == 0, prompted.output
    assert "Use at least 8 characters." in prompted.output
    assert "long enough pw" not in prompted.output
    assert sign_in(app.test_client(), "ana@acme.example", "a long passphrase").status_code == 302
    assert sign_in(app.test_client(), "max@acme.example", "long enough pw").status_code == 302


def test_user_creation_errors_are_clear_and_change_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["orgs", "create", "Acme"])
    unknown_org = runner.invoke(args=["users", "create", "--org", "Nope", "--email", "a@b.example",
                                      "--role", "admin", "--password-stdin"], input="long enough\n")
    assert unknown_org.exit_code == 1 and "No organisation named 'Nope'" in unknown_org.output
    short = runner.invoke(args=["users", "create", "--org", "Acme", "--email", "a@b.example",
                                "--role", "admin", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "Use at least 8 characters." in short.output
    bad_role = runner.invoke(args=["users", "create", "--org", "Acme", "--email", "a@b.example",
                                   "--role", "owner", "--password-stdin"], input="long enough\n")
    assert bad_role.exit_code == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_demo_data_is_idempotent_and_says_how_to_sign_in(app: Flask, runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Staff sign-in: https://assess.example.com/signin" in first.output
    assert "admin@demo.example  password: demo-admin-password" in first.output
    assert "manager@demo.example  password: demo-manager-password" in first.output
    assert "demo candidates who completed the assessment" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert second.output == first.output.replace(first.output.splitlines()[-1] + "\n", "")  # nothing added
    with app.app_context():
        counts = [db.session.scalar(select(func.count()).select_from(model)) for model in (Organisation, User, Campaign)]
        slugs = db.session.scalars(select(Campaign.public_slug)).all()
        attempts = db.session.scalars(select(Attempt)).all()
        results = db.session.scalars(select(Result).where(Result.is_current)).all()
    assert counts[:2] == [1, 2]
    # At least 8 completed candidates across the campaigns, each scored by the engine, with
    # profiles that differ: recommended or considered ones, rejected ones, an uninterpretable one.
    assert len(attempts) >= 8 and all(a.status == "completed" for a in attempts)
    assert len(results) == len(attempts)
    assert {r.recommendation for r in results} >= {"consider", "not_recommended", "not_interpretable"}
    assert len({r.campaign_id for r in attempts}) == counts[2]
    assert counts[2] == len(slugs) == first.output.count("/apply/")
    for slug in slugs:
        assert f"/apply/{slug}" in first.output
    assert sign_in(app.test_client(), "admin@demo.example", "demo-admin-password").status_code == 302


def test_demo_refuses_production(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["ASSESSMENT_ENV"] = "production"
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1 and "not loaded in production" in result.output


def test_a_bad_setting_stops_a_command_with_its_message_alone(tmp_path: Path) -> None:
    """The operator reads which setting is wrong in one line, not at the end of a traceback."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "DATA_RETENTION_MONTHS": "twelve"}
    command = subprocess.run([sys.executable, "-m", "flask", "--app", "assessment", "retention", "purge", "--dry-run"],
                             cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert command.returncode == 1
    assert command.stderr.strip() == "Error: DATA_RETENTION_MONTHS must be a whole number, not 'twelve'."
    assert not (tmp_path / "x.sqlite3").exists()
