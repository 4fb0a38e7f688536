"""Configuration from the environment, and production mode refusing unsafe settings."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from assessment import create_app
from assessment.config import ConfigurationError, InsecureConfigurationError

STRONG_KEY = "k" * 48
POSTGRES = "postgresql+psycopg://app@db.internal/assessment"


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("ASSESSMENT_ENV", "DATABASE_URL", "SECRET_KEY", "FLASK_DEBUG",
                 "ASSESSMENT_ALLOW_SQLITE", "PASSWORD_HASH_PROFILE", "ASSESSMENT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path / "instance"))
    return monkeypatch


def test_defaults_are_sqlite_in_the_instance_folder_and_a_generated_key(clean_env: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    app = create_app()
    instance = tmp_path / "instance"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'assessment.sqlite3'}"
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert app.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(app.config["SECRET_KEY"]) >= 32
    assert create_app().config["SECRET_KEY"] == app.config["SECRET_KEY"]  # kept, not regenerated
    assert app.config["ASSESSMENT_BASE_URL"] == "http://127.0.0.1:5000"


def test_environment_variables_are_read(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATABASE_URL", "postgres://app@db.internal/assessment")
    clean_env.setenv("SECRET_KEY", STRONG_KEY)
    clean_env.setenv("ASSESSMENT_BASE_URL", "https://jobs.example.com/")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == POSTGRES
    assert app.config["SECRET_KEY"] == STRONG_KEY
    assert app.config["ASSESSMENT_BASE_URL"] == "https://jobs.example.com"


def test_production_accepts_a_safe_configuration(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ASSESSMENT_ENV", "production")
    clean_env.setenv("SECRET_KEY", STRONG_KEY)
    clean_env.setenv("DATABASE_URL", POSTGRES)
    assert create_app().config["ASSESSMENT_ENV"] == "production"


@pytest.mark.parametrize("env, reason", [
    ({"SECRET_KEY": ""}, "SECRET_KEY is missing"),
    ({"SECRET_KEY": "short"}, "shorter than 32 characters"),
    ({"FLASK_DEBUG": "1"}, "debug mode is on"),
    ({"DATABASE_URL": "sqlite:////srv/assessment.db"}, "DATABASE_URL is SQLite"),
    ({"PASSWORD_HASH_PROFILE": "CHEAPEST"}, "for tests only"),
])
def test_production_refuses_an_insecure_configuration(clean_env: pytest.MonkeyPatch,
                                                      env: dict[str, str], reason: str) -> None:
    settings = {"ASSESSMENT_ENV": "production", "SECRET_KEY": STRONG_KEY, "DATABASE_URL": POSTGRES, **env}
    for name, value in settings.items():
        clean_env.setenv(name, value)
    with pytest.raises(InsecureConfigurationError) as raised:
        create_app()
    message = str(raised.value)
    assert reason in message and "\n" not in message


def test_production_sqlite_needs_an_explicit_opt_in(clean_env: pytest.MonkeyPatch) -> None:
    for name, value in {"ASSESSMENT_ENV": "production", "SECRET_KEY": STRONG_KEY,
                        "DATABASE_URL": "sqlite:////srv/assessment.db", "ASSESSMENT_ALLOW_SQLITE": "1"}.items():
        clean_env.setenv(name, value)
    assert create_app().config["ALLOW_SQLITE_IN_PRODUCTION"] is True


def test_unknown_password_hash_profile_is_refused(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("PASSWORD_HASH_PROFILE", "FAST")
    with pytest.raises(ConfigurationError, match="PASSWORD_HASH_PROFILE must be one of"):
        create_app()


def test_a_retention_period_under_a_month_is_refused(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATA_RETENTION_MONTHS", "0")
    with pytest.raises(ConfigurationError, match="DATA_RETENTION_MONTHS must be at least 1"):
        create_app()


def test_a_whole_number_setting_that_is_not_one_is_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATA_RETENTION_MONTHS", "twelve")
    with pytest.raises(ConfigurationError, match="DATA_RETENTION_MONTHS must be a whole number, not 'twelve'"):
        create_app()
