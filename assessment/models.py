"""SQLAlchemy models: organisations, staff users, campaigns and candidate attempts.

Every row that belongs to a customer carries its organisation (directly or through its campaign),
so that each query can be scoped to the signed-in user's organisation.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from .db import UTCDateTime, db, utcnow


class Role(StrEnum):
    """What a staff user may do: admins manage their organisation, managers review candidates."""

    ADMIN = "admin"
    MANAGER = "manager"


class CampaignStatus(StrEnum):
    """Whether a campaign's link accepts candidates."""

    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


class AttemptStatus(StrEnum):
    """Where a candidate's attempt stands."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Organisation(db.Model):
    """A customer: a company that hires with the assessment. Its data is seen by no other."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="organisation")


class User(UserMixin, db.Model):
    """A staff member who signs in: an admin or a hiring manager.

    `session_version` is part of the id stored in the session cookie; raising it ends every
    session of the user on the server side (sign-out, password change, deactivation).
    """

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'manager')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:
        """Whether the account may sign in (Flask-Login refuses sessions of inactive users)."""
        return self.active

    @property
    def is_admin(self) -> bool:
        """Whether the user manages the organisation's users and sees all its campaigns."""
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        """The session's user id, with the session version, so that a new version revokes old cookies."""
        return f"{self.id}:{self.session_version}"


campaign_managers = Table(
    "campaign_managers",
    db.metadata,
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Campaign(db.Model):
    """A job opening assessed with one question bank against one benchmark.

    `public_slug` is the only thing candidates see: random, so campaigns cannot be enumerated.
    """

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    public_slug: Mapped[str] = mapped_column(String(64), unique=True)
    job_title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    bank_id: Mapped[str] = mapped_column(String(64))
    benchmark_id: Mapped[str] = mapped_column(String(64))
    closes_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    managers: Mapped[list[User]] = relationship(secondary=campaign_managers, order_by=User.name)

    def status_on(self, today: date) -> CampaignStatus:
        """Closed by an admin, expired after its closing date, or open."""
        if self.closed_at is not None:
            return CampaignStatus.CLOSED
        if self.closes_on is not None and today > self.closes_on:
            return CampaignStatus.EXPIRED
        return CampaignStatus.OPEN

    @hybrid_method
    def is_open_on(self, today: date) -> bool:
        """Whether the link takes candidates; in a query, the same rule as an SQL condition."""
        return self.status_on(today) == CampaignStatus.OPEN

    @is_open_on.inplace.expression
    @classmethod
    def _is_open_on_expression(cls, today: date | BindParameter[date]) -> ColumnElement[bool]:
        return and_(cls.closed_at.is_(None), or_(cls.closes_on.is_(None), cls.closes_on >= today))


class Attempt(db.Model):
    """One candidate's sitting of a campaign's assessment.

    The candidate's credential is a random token given once; only its SHA-256 digest is kept,
    so a copy of the database does not let anyone open an attempt. The attempt is pinned to the
    bank version it started with, and `seed` fixes the order of items within each page.
    """

    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint("status IN ('in_progress', 'completed')", name="status"),
        UniqueConstraint("campaign_id", "candidate_email", name="uq_attempts_campaign_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    candidate_name: Mapped[str] = mapped_column(String(200))
    candidate_email: Mapped[str] = mapped_column(String(254))
    bank_id: Mapped[str] = mapped_column(String(64))
    bank_version: Mapped[str] = mapped_column(String(32))
    seed: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.IN_PROGRESS)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The furthest page (0-based) the candidate has opened: where they stopped, if they did.
    furthest_page: Mapped[int] = mapped_column(Integer, default=0)

    campaign: Mapped[Campaign] = relationship()


class Response(db.Model):
    """A candidate's answer to one item, as the raw response code the bank defines.

    Likert and attention items: "1".."k"; SJT: the option id; forced choice: the id of the
    statement most like the candidate, then ",least-id" when the block asks for both.
    One row per attempt and item: saving a page again replaces its answers.
    """

    __tablename__ = "responses"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PageVisit(db.Model):
    """When a candidate first saw a page and last submitted it (time on page, server side)."""

    __tablename__ = "page_visits"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    page_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_shown_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Result(db.Model):
    """A scored profile of a completed attempt, with the versions that produced it.

    Re-scoring adds a new current result and keeps the old ones, so any past result can be
    explained and reproduced from the stored answers, the bank version and the model version.
    `profile` is `assessment.scoring.results.Profile.to_data()`: codes and numbers under a schema
    version, worded only when shown; `recommendation` and `validity_verdict` repeat its codes
    (`Recommendation.code`, `Verdict.code`) for queries.
    """

    __tablename__ = "results"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    is_current: Mapped[bool] = mapped_column(default=True)
    bank_version: Mapped[str] = mapped_column(String(32))
    model_version: Mapped[str] = mapped_column(String(120))
    benchmark_id: Mapped[str] = mapped_column(String(64))
    fit: Mapped[float | None] = mapped_column()
    recommendation: Mapped[str] = mapped_column(String(32))
    validity_verdict: Mapped[str] = mapped_column(String(32))
    profile: Mapped[dict[str, object]] = mapped_column(JSON)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportAccess(db.Model):
    """A staff user's view or download of a candidate's report: the audit log admins read.

    The organisation is stored on the row (not only reached through the attempt) so that the log
    is read with one query scoped to it. Staff users are deactivated, never deleted, so their rows
    stay; deleting a candidate's attempt deletes its rows with it.
    """

    __tablename__ = "report_accesses"
    __table_args__ = (CheckConstraint("action IN ('view', 'download')", name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    attempt: Mapped[Attempt] = relationship()
