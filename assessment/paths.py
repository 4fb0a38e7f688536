"""Where the package finds its data folders, from a source checkout or an installed wheel.

templates/, question_banks/ and scoring_models/ sit at the repository's top level, where people
edit them; the wheel carries them inside the package (setup.cfg maps them in). This is the one
place that knows both layouts; everything else asks here. No Flask, so every layer may.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE_DIR", "PROJECT_ROOT", "STATIC_DIR"]

#: The `assessment` package's own folder (its static files and migrations are always inside).
PACKAGE_DIR = Path(__file__).resolve().parent

#: The folder holding templates/, question_banks/ and scoring_models/: the package's folder in an
#: installed wheel, the repository's top level in a source checkout (an editable install).
PROJECT_ROOT = PACKAGE_DIR if (PACKAGE_DIR / "templates").is_dir() else PACKAGE_DIR.parent

#: The files served under /static/, which the PDF renderer may also read.
STATIC_DIR = PACKAGE_DIR / "static"
