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

from sqlalchemy import Connection, Date, Executable, Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..banks import Bank
from ..banks.pagination import Page
from ..db import UTCDateTime, db, utcnow
from ..models import Attempt, AttemptStatus, Campaign, PageVisit, Response

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
class AttemptPage:
    """One page of one attempt, drawn from a bank: what a question page's token names."""

    attempt_id: int
    page_index: int
    bank_id: str


def first_incomplete_page(pages: Sequence[Page], answers: Mapping[str, str]) -> int | None:
    """The index of the first page with an unanswered item; None when every page is complete."""
    for index, page in enumerate(pages):
        if any(item_id not in answers for item_id in page.item_ids):
            return index
    return None


def record_page_shown(attempt_id: int, page_index: int) -> None:
    """Note when the candidate first saw a page (its time starts there) and how far they got."""
    first_shown = {"attempt_id": attempt_id, "page_index": page_index, "first_shown_at": utcnow()}
    _upsert(db.session.connection(), PageVisit, [first_shown], keys=("attempt_id", "page_index"), update_columns=())
    db.session.execute(update(Attempt).where(Attempt.id == attempt_id, Attempt.furthest_page < page_index)
                       .values(furthest_page=page_index).execution_options(synchronize_session=False))


def save_page(token: str, page: AttemptPage, answers: Mapping[str, str], today: date) -> bool:
    """Store a page's answers and its submit time if `token` opens that attempt and it takes answers.

    Returns False, storing nothing, when the token opens no such attempt, or it is finished, or
    its campaign is closed. Saving is the busiest write there is, so the check costs no statement
    of its own: the page visit's upsert selects its row from the attempt only when all of that
    holds. Answers replace earlier answers to the same items. Must run in a write transaction
    (``BEGIN IMMEDIATE`` on SQLite, see `assessment.db`), so that the attempt cannot be finished in
    another tab between check and save.
    """
    now = utcnow()
    connection = db.session.connection()  # Core statements: no ORM objects are needed to save
    visit = {"digest": token_digest(token), "attempt_id": page.attempt_id, "bank_id": page.bank_id,
             "page_index": page.page_index, "now": now, "today": today}
    if connection.execute(_record_submission_statement(connection.dialect.name), visit).first() is None:
        return False
    if answers:
        _upsert(connection, Response, [{"attempt_id": page.attempt_id, "item_id": item_id, "value": value, "answered_at": now}
                           for item_id, value in answers.items()],
                keys=("attempt_id", "item_id"), update_columns=("value", "answered_at"))
    return True


def finish_attempt(attempt_id: int) -> bool:
    """Mark the attempt completed, once: True for the one request that made the change."""
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id, Attempt.status == AttemptStatus.IN_PROGRESS)
        .values(status=AttemptStatus.COMPLETED, completed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _upsert(connection: Connection, model: type[db.Model], rows: list[dict[str, object]], *,
            keys: tuple[str, ...], update_columns: tuple[str, ...]) -> None:
    """INSERT ... ON CONFLICT for many rows in one round trip, on either database (Core on the
    session's connection, not the ORM's bulk machinery: the rows are plain dicts)."""
    connection.execute(_upsert_statement(connection.dialect.name, model.__table__, keys, update_columns), rows)


@lru_cache(maxsize=None)
def _record_submission_statement(dialect: str) -> Executable:
    """INSERT INTO page_visits ... SELECT from the attempt if it takes answers ... ON CONFLICT
    update the submit time, RETURNING a row only when the attempt took the page (`save_page`)."""
    attempt_taking_answers = (
        select(Attempt.id, bindparam("page_index"), bindparam("now", type_=UTCDateTime),
               bindparam("now", type_=UTCDateTime))
        .join(Attempt.campaign)
        .where(Attempt.token_digest == bindparam("digest"), Attempt.id == bindparam("attempt_id"),
               Attempt.bank_id == bindparam("bank_id"), Attempt.status == AttemptStatus.IN_PROGRESS,
               Campaign.is_open_on(bindparam("today", type_=Date)))
    )
    insert = _insert(dialect, PageVisit.__table__)
    return (insert.from_select(["attempt_id", "page_index", "first_shown_at", "submitted_at"], attempt_taking_answers)
            .on_conflict_do_update(index_elements=["attempt_id", "page_index"],
                                   set_={"submitted_at": insert.excluded.submitted_at})
            .returning(PageVisit.attempt_id))


@lru_cache(maxsize=None)
def _upsert_statement(dialect: str, table: Table, keys: tuple[str, ...],
                      update_columns: tuple[str, ...]) -> Executable:
    """The statement is built once and reused: SQLAlchemy then compiles it once, not per request
    (a statement carrying its values inline cannot be cached)."""
    insert = _insert(dialect, table)
    if not update_columns:
        return insert.on_conflict_do_nothing(index_elements=list(keys))
    return insert.on_conflict_do_update(
        index_elements=list(keys), set_={column: insert.excluded[column] for column in update_columns})


def _insert(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which knows ON CONFLICT (both databases spell it the same way)."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
