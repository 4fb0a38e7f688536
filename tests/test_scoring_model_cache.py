"""The current scoring model of a bank, as scoring and report downloads get it: read from its
file once, and read again when an operator replaces the file."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from flask import Flask

from assessment.paths import PROJECT_ROOT
from assessment.services.banks import bank_catalog
from assessment.services.scoring import ScoringUnavailable, current_scorer, current_scoring_model


def test_the_model_is_read_once_until_its_file_changes(app: Flask, tmp_path: Path) -> None:
    installed = tmp_path / "sales_rep.json"
    shutil.copy(PROJECT_ROOT / "scoring_models" / "sales_rep.json", installed)
    app.config["SCORING_MODELS_DIR"] = str(tmp_path)
    with app.app_context():
        bank = bank_catalog().get("sales_rep")
        first = current_scoring_model("sales_rep")
        assert current_scoring_model("sales_rep") is first
        assert current_scorer(bank).model is first

        replacement = json.loads(installed.read_text()) | {"version": first.version + "-recalibrated"}
        installed.write_text(json.dumps(replacement))
        modified = installed.stat().st_mtime_ns + 1_000_000  # a new file time, however coarse the clock
        os.utime(installed, ns=(modified, modified))
        second = current_scoring_model("sales_rep")
        assert second.version == first.version + "-recalibrated"
        assert current_scorer(bank).model is second

        installed.unlink()
        with pytest.raises(ScoringUnavailable, match="no scoring model for bank sales_rep"):
            current_scoring_model("sales_rep")
