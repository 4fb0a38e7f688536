"""Configuration from the environment, with safe defaults.

Every setting an operator may change is read here, once, from an environment variable; the
README lists them all. Tests pass a mapping to `create_app` instead of touching the environment.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import Flask

from .paths import PROJECT_ROOT
from .services.passwords import HASH_PROFILES

#: Shortest SECRET_KEY accepted in production: 32 characters of a random token carry well over
#: the 128 bits a signing key needs.
MIN_SECRET_KEY_LENGTH = 32
SECRET_KEY_FILE = "secret_key"


class ConfigurationError(click.ClickException):
    """Raised at start-up when a setting has a value the app cannot use; says which, in one line.

    A click exception, so that a `flask` command stops with that line alone ("Error: ...", exit
    status 1) instead of a traceback that ends with it; anywhere else it is an ordinary exception.
    """


class InsecureConfigurationError(ConfigurationError):
    """Raised at start-up when production mode meets a configuration it must not run with."""


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Fill `app.config` from the environment, then from `test_config`."""
    env = os.environ
    app.config.from_mapping(
        ASSESSMENT_ENV=env.get("ASSESSMENT_ENV", "development"),
        SQLALCHEMY_DATABASE_URI=normalise_database_url(
            env.get("DATABASE_URL") or _default_sqlite_url(app)
        ),
        ALLOW_SQLITE_IN_PRODUCTION=_flag(env.get("ASSESSMENT_ALLOW_SQLITE", "")),
        ASSESSMENT_BASE_URL=env.get("ASSESSMENT_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        RATELIMIT_STORAGE_URI=env.get("RATELIMIT_STORAGE_URI", "memory://"),
        RATELIMIT_HEADERS_ENABLED=False,
        SIGNIN_LIMIT_PER_ACCOUNT=env.get("SIGNIN_LIMIT_PER_ACCOUNT", "5 per minute;20 per hour"),
        SIGNIN_LIMIT_PER_ADDRESS=env.get("SIGNIN_LIMIT_PER_ADDRESS", "20 per minute;100 per hour"),
        APPLY_LIMIT_PER_ADDRESS=env.get("APPLY_LIMIT_PER_ADDRESS", "30 per minute;300 per hour"),
        MAX_CONTENT_LENGTH=_whole_number(env, "MAX_CONTENT_LENGTH", 512 * 1024),
        TRUSTED_PROXIES=_whole_number(env, "ASSESSMENT_TRUSTED_PROXIES", 0),
        QUESTION_BANKS_DIR=env.get("QUESTION_BANKS_DIR", str(PROJECT_ROOT / "question_banks")),
        SCORING_MODELS_DIR=env.get("SCORING_MODELS_DIR", str(PROJECT_ROOT / "scoring_models")),
        LOG_LEVEL=env.get("LOG_LEVEL", "INFO"),
        CANDIDATE_PAGE_TOKEN_MAX_AGE=_whole_number(env, "CANDIDATE_PAGE_TOKEN_MAX_AGE", 30 * 24 * 3600),
        DATA_RETENTION_MONTHS=_whole_number(env, "DATA_RETENTION_MONTHS", 12),
        PASSWORD_HASH_PROFILE=env.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"),
        SESSION_COOKIE_NAME="assessment_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )
    if env.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    if test_config:
        app.config.update(test_config)
    # A server's connections can go stale (restarts, idle timeouts); a file's cannot.
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    if app.config["PASSWORD_HASH_PROFILE"] not in HASH_PROFILES:
        known = ", ".join(HASH_PROFILES)
        raise ConfigurationError(f"PASSWORD_HASH_PROFILE must be one of {known}.")
    if app.config["DATA_RETENTION_MONTHS"] < 1:
        # `flask retention purge` deletes what is older than this: 0 would delete everything.
        raise ConfigurationError("DATA_RETENTION_MONTHS must be at least 1 (months candidates' data is kept).")
    if not app.config.get("SECRET_KEY") and app.config["ASSESSMENT_ENV"] != "production":
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def check_production_safety(app: Flask) -> None:
    """Refuse to start in production with debug on, a weak key or an unintended SQLite."""
    if app.config["ASSESSMENT_ENV"] != "production":
        return
    problems = []
    if app.debug:
        problems.append("debug mode is on (unset FLASK_DEBUG)")
    if len(app.config.get("SECRET_KEY") or "") < MIN_SECRET_KEY_LENGTH:
        problems.append(f"SECRET_KEY is missing or shorter than {MIN_SECRET_KEY_LENGTH} characters")
    is_sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    if is_sqlite and not app.config["ALLOW_SQLITE_IN_PRODUCTION"]:
        problems.append("DATABASE_URL is SQLite (set ASSESSMENT_ALLOW_SQLITE=1 to mean it)")
    if app.config["PASSWORD_HASH_PROFILE"] == "CHEAPEST":
        problems.append("PASSWORD_HASH_PROFILE is CHEAPEST, which is for tests only")
    if problems:
        raise InsecureConfigurationError(
            "Refusing to start in production: " + "; ".join(problems) + "."
        )


def normalise_database_url(url: str) -> str:
    """Route PostgreSQL URLs to the psycopg 3 driver, whatever spelling the operator used.

    >>> normalise_database_url("postgres://app@db.internal/assessment")
    'postgresql+psycopg://app@db.internal/assessment'
    >>> normalise_database_url("sqlite:////var/lib/assessment/assessment.sqlite3")
    'sqlite:////var/lib/assessment/assessment.sqlite3'
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _default_sqlite_url(app: Flask) -> str:
    return f"sqlite:///{Path(app.instance_path) / 'assessment.sqlite3'}"


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole-number setting; a value that is not one stops the app with the setting's name."""
    value = env.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from None


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _instance_secret_key(instance_path: Path) -> str:
    """Read the key kept in the instance folder, creating it (mode 0600) on first use.

    Generated rather than hard-coded so that no two installations share a signing key, and kept
    so that sessions and signed links survive a restart.
    """
    path = instance_path / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key
