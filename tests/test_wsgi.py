"""The production entry point (`gunicorn 'assessment.wsgi:app'`): built from the environment, with
its start-up objects frozen out of the garbage collector. The durability tests serve it with
gunicorn under load (tests/durability/server.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assessment.config import PROJECT_ROOT

PROBE = """
import gc, json
import assessment.wsgi as wsgi
print(json.dumps({"database": wsgi.app.config["SQLALCHEMY_DATABASE_URI"], "frozen": gc.get_freeze_count(),
                  "young": gc.get_count()[0]}))
"""


def test_the_entry_point_builds_the_app_from_the_environment_and_freezes_start_up_objects(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'production.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "s" * 48, "LOG_LEVEL": "WARNING"}
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True,
                           text=True, timeout=120, check=True)
    facts = json.loads(probe.stdout)
    assert facts["database"] == database
    # The libraries and the app, about 200,000 objects, no longer walked by full collections.
    assert facts["frozen"] > 50_000
    assert facts["young"] < 1_000
