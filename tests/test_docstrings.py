"""Every public module, class, method, function and view of the package has a docstring.

Checked with ruff's pydocstyle rules (configured in pyproject.toml), so that the rule is the
well-known one and a reader can run it alone: `.venv/bin/ruff check assessment`.
"""
from __future__ import annotations

import subprocess
import sys

from assessment.config import PROJECT_ROOT


def test_every_public_name_of_the_package_has_a_docstring() -> None:
    checked = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "assessment"],
                             cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
