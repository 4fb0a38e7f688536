"""The audit log of candidate reports: who viewed or downloaded which report, and when.

Rows are added for the views that show a report (the HTML page, the PDF download) once the
request's reads end, each in a short write transaction of its own (`assessment.db.after_commit`):
a first download renders for about a second, and SQLite's write lock must not be held meanwhile,
or candidates' page saves would wait for it. Admins read the log of their own organisation,
newest first.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..db import after_commit, db, utcnow
from ..models import Attempt, ReportAccess, User

__all__ = ["ACTIONS", "AuditEntry", "AuditPage", "record_report_access", "organisation_report_accesses"]

#: What can be done with a report: opened in the browser, or downloaded as a PDF.
ACTIONS = ("view", "download")


@dataclass(frozen=True)
class AuditEntry:
    """One row of the log as the admin page shows it (plain data, no ORM objects)."""

    at: datetime
    action: str
    user_name: str
    user_email: str
    candidate_name: str
    campaign_id: int
    campaign_title: str
    attempt_id: int


@dataclass(frozen=True)
class AuditPage:
    """A page of the log and the total number of rows, for pagination."""

    entries: list[AuditEntry]
    total: int


def record_report_access(user: User, attempt: Attempt, action: str) -> None:
    """Log that `user` viewed or downloaded `attempt`'s report, once the request's reads end.

    The row is written in a step of its own after the request's transaction (`after_commit`), so
    report views are ordinary reading GETs. A failure to write it is logged as an error.

    Raises ValueError for an unknown action, or when the attempt belongs to another organisation
    than the user's (the views find attempts through the user's campaigns, so this is a bug).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown report action {action!r}; expected one of {', '.join(ACTIONS)}")
    if attempt.campaign.organisation_id != user.organisation_id:
        raise ValueError("a report of another organisation cannot be logged against this user")
    access = {"organisation_id": user.organisation_id, "user_id": user.id, "attempt_id": attempt.id,
              "action": action, "at": utcnow()}
    after_commit(lambda: db.session.add(ReportAccess(**access)),
                 f"Logging the {action} of attempt {attempt.id}'s report by user {user.id}")


def organisation_report_accesses(organisation_id: int, limit: int, offset: int = 0) -> AuditPage:
    """The organisation's report accesses, newest first: `limit` rows from `offset`, and the total."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be positive and offset not negative")
    scoped = ReportAccess.organisation_id == organisation_id
    total = db.session.scalar(select(func.count()).select_from(ReportAccess).where(scoped)) or 0
    rows = db.session.scalars(
        select(ReportAccess).where(scoped)
        .options(joinedload(ReportAccess.user), joinedload(ReportAccess.attempt).joinedload(Attempt.campaign))
        .order_by(ReportAccess.at.desc(), ReportAccess.id.desc())
        .limit(limit).offset(offset)
    )
    entries = [
        AuditEntry(at=row.at, action=row.action, user_name=row.user.name, user_email=row.user.email,
                   candidate_name=row.attempt.candidate_name, campaign_id=row.attempt.campaign_id,
                   campaign_title=row.attempt.campaign.job_title, attempt_id=row.attempt_id)
        for row in rows
    ]
    return AuditPage(entries=entries, total=total)
