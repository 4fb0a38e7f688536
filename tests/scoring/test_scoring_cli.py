"""The calibrate and score commands, end to end on a small simulated sample."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from flask.testing import FlaskCliRunner


def _simulate(runner: FlaskCliRunner, out: Path, n: int = 300) -> None:
    result = runner.invoke(args=["scoring", "simulate", "--bank", "sales_rep", "--n", str(n), "--seed", "4",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_calibrate_then_score_to_csv_and_json(runner: FlaskCliRunner, tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    _simulate(runner, sample)
    model = tmp_path / "model.json"
    calibrated = runner.invoke(args=["scoring", "calibrate", "--bank", "sales_rep", "--responses", str(sample),
                                     "--source", "simulated", "--out", str(model)])
    assert calibrated.exit_code == 0, calibrated.output
    data = json.loads(model.read_text())
    assert data["provisional"] is True and data["sample"]["size"] == 300
    assert set(data["scales"]) >= {"prospecting", "social_desirability"}
    for out in ("results.csv", "results.json"):
        scored = runner.invoke(args=["scoring", "score", "--bank", "sales_rep", "--benchmark", "hunter",
                                     "--responses", str(sample), "--model", str(model), "--out", str(tmp_path / out)])
        assert scored.exit_code == 0, scored.output
    with (tmp_path / "results.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 300 and {"fit", "recommendation", "prospecting_percentile"} <= set(rows[0])
    profiles = json.loads((tmp_path / "results.json").read_text())
    assert profiles[0]["respondent_id"] == rows[0]["respondent_id"]
    assert profiles[0]["recommendation"] == rows[0]["recommendation"]


def test_scoring_commands_refuse_bad_input_in_one_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    _simulate(runner, sample, n=20)
    too_small = runner.invoke(args=["scoring", "calibrate", "--bank", "sales_rep", "--responses", str(sample),
                                    "--source", "simulated", "--out", str(tmp_path / "m.json")])
    assert too_small.exit_code == 1 and "at least 100 respondents" in too_small.output
    base = ["scoring", "score", "--bank", "sales_rep", "--responses", str(sample)]
    unknown = runner.invoke(args=[*base, "--benchmark", "astronaut", "--out", str(tmp_path / "r.csv")])
    assert unknown.exit_code == 1 and "no benchmark 'astronaut'" in unknown.output
    suffix = runner.invoke(args=[*base, "--benchmark", "hunter", "--out", str(tmp_path / "r.txt")])
    assert suffix.exit_code == 1 and ".csv or .json" in suffix.output
    missing = runner.invoke(args=[*base, "--benchmark", "hunter", "--model", str(tmp_path / "none.json"),
                                  "--out", str(tmp_path / "r.csv")])
    assert missing.exit_code == 1 and "cannot be read" in missing.output
    for output in (too_small.output, unknown.output, suffix.output, missing.output):
        assert "Traceback" not in output
