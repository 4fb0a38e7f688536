"""Fixtures for the durability tests: a real multi-worker gunicorn server on the run's database.

Teardown always kills the server, before the `app` fixture deletes the rows (its connections
must be gone by then).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.durability.server import GunicornServer



@pytest.fixture()
def server(app: Flask, database_url: str, tmp_path: Path) -> Iterator[GunicornServer]:
    """A gunicorn server controller (not started); killed at teardown, whatever happened."""
    controller = GunicornServer(database_url, tmp_path / "gunicorn.log")
    yield controller
    controller.kill()
