"""Candidate attempts: start, save a page, finish. Every change is safe to repeat.

Saving upserts one row per attempt and item, so a double submit, the back button or a second tab
never duplicates an answer; finishing is a single compare-and-set UPDATE, so two "Finish" clicks
complete the attempt once.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Executable, Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..banks import Bank
from ..banks.pagination import Page
from ..db import db, utcnow
from ..models import Attempt, AttemptStatus, Campaign, CampaignStatus, PageVisit, Response, campaign_status

#: 32 random bytes = 256 bits, far above the 128 bits a bearer credential needs.
TOKEN_BYTES = 32


class AttemptAlreadyStarted(Exception):
    """An attempt exists for this e-mail in this campaign (nothing about it is revealed)."""


def token_digest(token: str) -> str:
    """What the database keeps of a token: its SHA-256, so a stolen copy cannot open attempts."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_attempt(campaign: Campaign, bank: Bank, *, name: str, email: str) -> tuple[Attempt, str]:
    """Create an attempt and return it with its token (shown to the candidate once, never kept)."""
    email = email.strip().lower()
    exists = select(Attempt.id).where(Attempt.campaign_id == campaign.id, Attempt.candidate_email == email)
    if db.session.scalar(exists) is not None:
        raise AttemptAlreadyStarted
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    attempt = Attempt(
        campaign_id=campaign.id, token_digest=token_digest(token), candidate_name=name.strip(),
        candidate_email=email, bank_id=bank.id, bank_version=bank.version,
        seed=secrets.randbelow(2**31), consented_at=now, started_at=now,
    )
    db.session.add(attempt)
    try:
        db.session.flush()
    except IntegrityError:  # the same e-mail started in another request at the same moment
        db.session.rollback()
        raise AttemptAlreadyStarted from None
    return attempt, token


def find_attempt(token: str) -> Attempt | None:
    """The attempt a token opens, if any, with its campaign and organisation (every page shows them)."""
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.token_digest == token_digest(token))
        .options(joinedload(Attempt.campaign).joinedload(Campaign.organisation))
    )


def saved_answers(attempt_id: int) -> dict[str, str]:
    """The attempt's answers by item id."""
    rows = db.session.execute(select(Response.item_id, Response.value).where(Response.attempt_id == attempt_id))
    return {item_id: value for item_id, value in rows}


@dataclass(frozen=True)
class AnswerableAttempt:
    """What saving a page needs of an attempt that still takes answers."""

    id: int
    bank_id: str
    allowed_origins: list[str]


_attempts: Table = Attempt.__table__
_campaigns: Table = Campaign.__table__
_ANSWERABLE = (
    select(_attempts.c.id, _attempts.c.bank_id, _attempts.c.status,
           _campaigns.c.closed_at, _campaigns.c.closes_on, _campaigns.c.allowed_origins)
    .join_from(_attempts, _campaigns, _attempts.c.campaign_id == _campaigns.c.id)
    .where(_attempts.c.token_digest == bindparam("digest"))
)


def answerable_attempt(token: str, today: date) -> AnswerableAttempt | None:
    """The attempt a token opens if it takes answers now (in progress, its campaign open).

    Saving a page is the busiest request there is, so this is one Core query returning a plain
    row rather than ORM objects. Call it inside the write transaction that saves, so that the
    attempt cannot be finished in another tab between this check and the save.
    """
    row = db.session.connection().execute(_ANSWERABLE, {"digest": token_digest(token)}).one_or_none()
    if (row is None or row.status != AttemptStatus.IN_PROGRESS
            or campaign_status(row.closed_at, row.closes_on, today) != CampaignStatus.OPEN):
        return None
    return AnswerableAttempt(row.id, row.bank_id, row.allowed_origins)


def first_incomplete_page(pages: Sequence[Page], answers: Mapping[str, str]) -> int | None:
    """The index of the first page with an unanswered item; None when every page is complete."""
    for index, page in enumerate(pages):
        if any(item_id not in answers for item_id in page.item_ids):
            return index
    return None


def record_page_shown(attempt_id: int, page_index: int) -> None:
    """Note when the candidate first saw a page (its time starts there) and how far they got."""
    _upsert(PageVisit, [{"attempt_id": attempt_id, "page_index": page_index, "first_shown_at": utcnow()}],
            keys=("attempt_id", "page_index"), update_columns=())
    db.session.execute(update(Attempt).where(Attempt.id == attempt_id, Attempt.furthest_page < page_index)
                       .values(furthest_page=page_index).execution_options(synchronize_session=False))


def save_page(attempt_id: int, page_index: int, answers: Mapping[str, str]) -> None:
    """Store a page's answers (replacing earlier answers to the same items) and its submit time."""
    now = utcnow()
    if answers:
        rows = [{"attempt_id": attempt_id, "item_id": item_id, "value": value, "answered_at": now}
                for item_id, value in answers.items()]
        _upsert(Response, rows, keys=("attempt_id", "item_id"), update_columns=("value", "answered_at"))
    _upsert(PageVisit, [{"attempt_id": attempt_id, "page_index": page_index, "first_shown_at": now,
                         "submitted_at": now}],
            keys=("attempt_id", "page_index"), update_columns=("submitted_at",))


def finish_attempt(attempt_id: int) -> bool:
    """Mark the attempt completed, once: True for the one request that made the change."""
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id, Attempt.status == AttemptStatus.IN_PROGRESS)
        .values(status=AttemptStatus.COMPLETED, completed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _upsert(model: type[db.Model], rows: list[dict[str, object]], *, keys: tuple[str, ...],
            update_columns: tuple[str, ...]) -> None:
    """INSERT ... ON CONFLICT for many rows in one round trip, on either database."""
    connection = db.session.connection()  # Core, not the ORM's bulk machinery: rows are plain dicts
    connection.execute(_upsert_statement(connection.dialect.name, model.__table__, keys, update_columns), rows)


@lru_cache(maxsize=None)
def _upsert_statement(dialect: str, table: Table, keys: tuple[str, ...],
                      update_columns: tuple[str, ...]) -> Executable:
    """The statement is built once and reused: SQLAlchemy then compiles it once, not per request
    (a statement carrying its values inline cannot be cached)."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    if not update_columns:
        return insert.on_conflict_do_nothing(index_elements=list(keys))
    return insert.on_conflict_do_update(
        index_elements=list(keys), set_={column: insert.excluded[column] for column in update_columns})
