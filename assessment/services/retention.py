"""Deleting candidates' data once the period the privacy notice promises has passed.

Every candidate is told, before consenting, that their answers and results are kept
DATA_RETENTION_MONTHS months after they finish and then deleted. `purge_expired_attempts`
keeps that promise: it deletes each attempt finished more than that long ago (an attempt never
finished counts from its start) with everything that hangs on it, which the schema deletes with
the attempt: answers, page times, results and the report-access log rows. Cached report PDFs are
files, not rows: the purge removes every cached PDF whose result no longer exists.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select

from ..db import after_commit, db
from ..models import Attempt, Result
from ..reports.cache import ReportCache


@dataclass(frozen=True)
class Purge:
    """What a purge deleted (or, in a dry run, would delete)."""

    cutoff: datetime  # attempts finished (or, unfinished, started) before this moment
    attempts: int
    results: int
    cached_reports: int


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier; the month's last day when that
    month is shorter (31 March minus one month is 28 or 29 February)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def purge_expired_attempts(now: datetime, months: int, cache: ReportCache, *, dry_run: bool = False) -> Purge:
    """Delete the attempts past their retention period, and cached PDFs of deleted results.

    The rows are deleted in the caller's unit of work; the files once it has committed
    (`assessment.db.after_commit`), so that no report loses its file while its result stays.
    A dry run counts and changes nothing.
    """
    cutoff = months_before(now, months)
    expired = _expired(cutoff)
    attempts = db.session.scalar(select(func.count()).select_from(Attempt).where(expired))
    expiring = set(db.session.scalars(select(Result.id).join(Attempt, Result.attempt_id == Attempt.id)
                                      .where(expired)))
    # The files without a result once the purge is done: the expiring ones' and any orphan.
    remaining = set(db.session.scalars(select(Result.id))) - expiring
    files = len(cache.files_not_of(remaining))
    if not dry_run:
        db.session.execute(delete(Attempt).where(expired))  # the schema cascades to the rest
        after_commit(lambda: cache.keep_only(db.session.scalars(select(Result.id))),
                     "Removing the cached reports of purged results")
    return Purge(cutoff, attempts, len(expiring), files)


def _expired(cutoff: datetime) -> ColumnElement[bool]:
    """Finished before the cutoff, or never finished and started before it."""
    return func.coalesce(Attempt.completed_at, Attempt.started_at) < cutoff
