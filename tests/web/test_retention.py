"""`flask retention purge`: candidates' data is deleted once the notice's retention period passes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from assessment.db import db
from assessment.models import Attempt, AttemptStatus, PageVisit, ReportAccess, Response, Result
from assessment.reports.cache import instance_report_cache
from assessment.services.retention import months_before
from tests.support import make_organisation, make_rep_campaign, start_candidate

NOW = datetime.now(timezone.utc)


def _attempt(campaign, email: str, started: datetime, completed: datetime | None, manager) -> tuple[int, int | None]:
    """An attempt with an answer, a page time, a result if completed, and a report-access row."""
    start_candidate(campaign, email=email, name=email.split("@")[0].title())
    attempt = db.session.scalar(select(Attempt).where(Attempt.candidate_email == email))
    attempt.started_at, attempt.completed_at = started, completed
    attempt.status = AttemptStatus.COMPLETED if completed else AttemptStatus.IN_PROGRESS
    db.session.add_all([Response(attempt_id=attempt.id, item_id="pro_01", value="4", answered_at=started),
                        PageVisit(attempt_id=attempt.id, page_index=0, first_shown_at=started)])
    result = None
    if completed:
        result = Result(attempt_id=attempt.id, bank_version="1", model_version="m", benchmark_id="full_cycle_ae",
                        fit=50.0, recommendation="consider", validity_verdict="valid", profile={})
        db.session.add(result)
        db.session.add(ReportAccess(organisation_id=campaign.organisation_id, user_id=manager.id,
                                    attempt_id=attempt.id, action="view"))
    db.session.commit()
    return attempt.id, result.id if result else None


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_purge_deletes_only_data_past_the_retention_period(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    app.instance_path = str(tmp_path / "instance")
    months = app.config["DATA_RETENTION_MONTHS"]
    expired = months_before(NOW, months) - timedelta(days=1)
    with app.app_context():
        _, admin, (manager,) = make_organisation("Acme")
        campaign = make_rep_campaign(admin, manager_ids=[manager.id])
        old_done, old_result = _attempt(campaign, "old@example.com", expired - timedelta(days=9), expired, manager)
        old_unfinished, _ = _attempt(campaign, "stalled@example.com", expired, None, manager)
        # Started long ago but finished within the period: kept, the period runs from the finish.
        _, late_result = _attempt(campaign, "slow@example.com", expired - timedelta(days=90), NOW - timedelta(days=3),
                                  manager)
        recent, recent_result = _attempt(campaign, "new@example.com", NOW - timedelta(days=2), NOW - timedelta(days=1),
                                         manager)
    cache = instance_report_cache(app.instance_path)
    cache.directory.mkdir(parents=True)
    for result_id in (old_result, late_result, recent_result):
        (cache.directory / f"{result_id}-v2-abc.pdf").write_bytes(b"%PDF")

    dry = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would delete 2 attempt(s)" in dry.output and "1 result(s)" in dry.output and "1 cached report" in dry.output
    with app.app_context():
        assert _count(Attempt) == 4 and _count(Result) == 3  # a dry run changes nothing
    assert len(list(cache.directory.glob("*.pdf"))) == 3

    done = runner.invoke(args=["retention", "purge"])
    assert done.exit_code == 0, done.output
    assert "Deleted 2 attempt(s)" in done.output and "1 cached report file(s)" in done.output
    with app.app_context():
        remaining = set(db.session.scalars(select(Attempt.candidate_email)))
        assert remaining == {"slow@example.com", "new@example.com"}
        for model in (Response, PageVisit):
            assert _count(model) == 2
        assert _count(Result) == 2 and _count(ReportAccess) == 2
        assert db.session.get(Attempt, old_done) is None and db.session.get(Attempt, old_unfinished) is None
        assert db.session.get(Attempt, recent) is not None
    assert sorted(path.name for path in cache.directory.glob("*.pdf")) == sorted(
        f"{result_id}-v2-abc.pdf" for result_id in (late_result, recent_result))

    again = runner.invoke(args=["retention", "purge"])
    assert "Deleted 0 attempt(s)" in again.output


def test_months_are_calendar_months() -> None:
    assert months_before(datetime(2026, 3, 31, 12, tzinfo=timezone.utc), 1) == datetime(2026, 2, 28, 12, tzinfo=timezone.utc)
    assert months_before(datetime(2026, 1, 15, tzinfo=timezone.utc), 12) == datetime(2025, 1, 15, tzinfo=timezone.utc)
    assert months_before(datetime(2024, 3, 29, tzinfo=timezone.utc), 1) == datetime(2024, 2, 29, tzinfo=timezone.utc)
