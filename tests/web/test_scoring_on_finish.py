"""Finishing scores the attempt once; a scoring failure loses nothing; rescore keeps history."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from assessment.banks import load_bank
from assessment.db import db
from assessment.models import Attempt, Result
from tests.web.candidate_driver import apply, complete_all_pages



def _results(app: Flask) -> list[Result]:
    with app.app_context():
        results = db.session.scalars(select(Result).order_by(Result.id)).all()
        for result in results:
            db.session.expunge(result)
        return results


def test_finishing_stores_one_current_result_with_its_versions(app: Flask, slug: str) -> None:
    client = app.test_client()
    complete_all_pages(client, apply(client, slug))
    [result] = _results(app)
    bank_version = load_bank(Path(app.config["QUESTION_BANKS_DIR"]) / "sales_rep.yaml").version
    assert result.is_current and result.bank_version == bank_version
    assert result.model_version.startswith(f"sales_rep-{bank_version}-simulated-")
    assert result.recommendation in {"recommended", "consider", "not_recommended", "not_interpretable"}
    profile = result.profile
    assert profile["benchmark_id"] == "full_cycle_ae" and profile["provisional_norms"] is True
    assert len(profile["competencies"]) == 10 and len(profile["motivators"]) == 9
    # The candidate answered the first option everywhere: a long string of identical answers.
    assert any(flag["name"] == "longstring" for flag in profile["validity_flags"])


def test_a_scoring_failure_keeps_the_attempt_completed_and_unscored(
        app: Flask, slug: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    broken = tmp_path / "sales_rep.json"
    broken.write_text("{ not json", encoding="utf-8")
    app.config["SCORING_MODELS_DIR"] = str(tmp_path)
    client = app.test_client()
    token = apply(client, slug)
    final = complete_all_pages(client, token)
    assert final.status_code == 302
    assert "Thank you" in client.get(f"/take/{token}").get_data(as_text=True)
    assert _results(app) == []
    with app.app_context():
        assert db.session.scalars(select(Attempt.status)).one() == "completed"
    assert "Scoring attempt" in caplog.text and "failed" in caplog.text


def test_rescore_scores_unscored_attempts_and_keeps_old_results(app: Flask, slug: str, tmp_path: Path,
                                                                runner: FlaskCliRunner) -> None:
    app.config["SCORING_MODELS_DIR"] = str(tmp_path)  # no model yet: finishing leaves it unscored
    client = app.test_client()
    complete_all_pages(client, apply(client, slug))
    assert _results(app) == []
    app.config["SCORING_MODELS_DIR"] = str(Path(app.root_path).parent / "scoring_models")
    first = runner.invoke(args=["scoring", "rescore"])
    assert first.exit_code == 0 and "Scored 1 completed attempt(s); 0 could not be scored." in first.output
    with app.app_context():
        campaign_id = db.session.scalars(select(Attempt.campaign_id)).one()
    second = runner.invoke(args=["scoring", "rescore", "--campaign", str(campaign_id)])
    assert second.exit_code == 0
    results = _results(app)
    assert len(results) == 2 and [r.is_current for r in results] == [False, True]
    assert results[0].profile == results[1].profile  # same answers, same model: the same profile
