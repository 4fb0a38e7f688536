"""Campaigns: a job opening, its assessment and benchmark, and the public link candidates use.

Every read takes the signed-in user and is scoped to the user's organisation (and, for managers,
to the campaigns assigned to them), so an id from elsewhere finds nothing.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, select

from ..db import db, utcnow
from ..models import Attempt, AttemptStatus, Campaign, Role, User, campaign_managers

#: 12 random bytes = 96 bits: far beyond guessing, short enough for a link in a job posting.
SLUG_BYTES = 12


class CampaignError(ValueError):
    """A campaign change was refused; the message is fit to show to the admin."""


@dataclass(frozen=True)
class CampaignFields:
    """What an admin sets on a campaign (the form's cleaned data)."""

    job_title: str
    location: str | None
    bank_id: str
    benchmark_id: str
    closes_on: date | None
    manager_ids: list[int]
    allowed_origins: list[str]


@dataclass(frozen=True)
class AttemptCounts:
    """How many candidates started and finished a campaign."""

    started: int = 0
    completed: int = 0

    @property
    def in_progress(self) -> int:
        """Candidates who started and have not finished."""
        return self.started - self.completed


def new_public_slug() -> str:
    """An unguessable slug for a campaign's public link."""
    return secrets.token_urlsafe(SLUG_BYTES)


def candidate_url(campaign: Campaign, base_url: str) -> str:
    """The public link candidates open, from the site's public base URL."""
    return f"{base_url.rstrip('/')}/apply/{campaign.public_slug}"


def _visible_to(user: User) -> Select[tuple[Campaign]]:
    query = select(Campaign).where(Campaign.organisation_id == user.organisation_id)
    if user.role != Role.ADMIN:
        query = query.where(
            Campaign.id.in_(
                select(campaign_managers.c.campaign_id).where(campaign_managers.c.user_id == user.id)
            )
        )
    return query


def visible_campaigns(user: User) -> list[Campaign]:
    """The campaigns the user may see, newest first."""
    return list(db.session.scalars(_visible_to(user).order_by(Campaign.created_at.desc(), Campaign.id.desc())))


def find_campaign(user: User, campaign_id: int) -> Campaign | None:
    """A campaign the user may see, by id; None for any other id."""
    return db.session.scalar(_visible_to(user).where(Campaign.id == campaign_id))


def find_campaign_by_slug(slug: str) -> Campaign | None:
    """The campaign behind a public link, whatever its status (the caller checks it)."""
    return db.session.scalar(select(Campaign).where(Campaign.public_slug == slug))


def attempt_counts(campaign_ids: list[int]) -> dict[int, AttemptCounts]:
    """Started and completed attempts per campaign, in one query."""
    if not campaign_ids:
        return {}
    completed = func.sum(case((Attempt.status == AttemptStatus.COMPLETED, 1), else_=0))
    rows = db.session.execute(
        select(Attempt.campaign_id, func.count(), completed)
        .where(Attempt.campaign_id.in_(campaign_ids))
        .group_by(Attempt.campaign_id)
    )
    counts = {campaign_id: AttemptCounts() for campaign_id in campaign_ids}
    for campaign_id, started, done in rows:
        counts[campaign_id] = AttemptCounts(started=started, completed=int(done or 0))
    return counts


def campaign_attempts(campaign: Campaign, limit: int | None = None) -> list[Attempt]:
    """The campaign's candidates, most recent first (the latest `limit` of them if given)."""
    return list(db.session.scalars(
        select(Attempt).where(Attempt.campaign_id == campaign.id)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc()).limit(limit)
    ))


def find_campaign_attempt(campaign: Campaign, attempt_id: int) -> Attempt | None:
    """An attempt of this campaign by id; None for attempts of any other campaign."""
    return db.session.scalar(select(Attempt).where(Attempt.id == attempt_id, Attempt.campaign_id == campaign.id))


def stopping_pages(campaign: Campaign) -> dict[int, int]:
    """Unfinished attempts by the furthest page (1-based) they reached: where candidates drop out."""
    rows = db.session.execute(
        select(Attempt.furthest_page, func.count())
        .where(Attempt.campaign_id == campaign.id, Attempt.status == AttemptStatus.IN_PROGRESS)
        .group_by(Attempt.furthest_page)
        .order_by(Attempt.furthest_page)
    )
    return {page + 1: count for page, count in rows}


def create_campaign(admin: User, fields: CampaignFields) -> Campaign:
    """Open a new campaign in the admin's organisation."""
    campaign = Campaign(
        organisation_id=admin.organisation_id,
        public_slug=new_public_slug(),
        created_by_id=admin.id,
    )
    _apply_fields(admin, campaign, fields)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def update_campaign(admin: User, campaign: Campaign, fields: CampaignFields) -> None:
    """Change a campaign; its assessment is fixed once a candidate has started it."""
    if fields.bank_id != campaign.bank_id and has_attempts(campaign):
        raise CampaignError(
            "Candidates have already started this assessment, so it cannot be changed. "
            "Open a new campaign for a different assessment."
        )
    _apply_fields(admin, campaign, fields)


def has_attempts(campaign: Campaign) -> bool:
    """Whether any candidate has started the campaign."""
    return db.session.scalar(select(func.count()).where(Attempt.campaign_id == campaign.id)) > 0


def close_campaign(campaign: Campaign) -> None:
    """Stop accepting candidates: the link and unfinished attempts show the closed page."""
    if campaign.closed_at is None:
        campaign.closed_at = utcnow()


def reopen_campaign(campaign: Campaign, today: date) -> bool:
    """Accept candidates again. Returns True when a past closing date had to be cleared."""
    campaign.closed_at = None
    if campaign.closes_on is not None and campaign.closes_on < today:
        campaign.closes_on = None
        return True
    return False


def _apply_fields(admin: User, campaign: Campaign, fields: CampaignFields) -> None:
    managers = list(
        db.session.scalars(
            select(User).where(
                User.id.in_(fields.manager_ids),
                User.organisation_id == admin.organisation_id,
                User.role == Role.MANAGER,
            )
        )
    )
    if len(managers) != len(set(fields.manager_ids)):
        raise CampaignError("Choose managers from your organisation.")
    campaign.job_title = fields.job_title
    campaign.location = fields.location or None
    campaign.bank_id = fields.bank_id
    campaign.benchmark_id = fields.benchmark_id
    campaign.closes_on = fields.closes_on
    campaign.allowed_origins = list(fields.allowed_origins)
    campaign.managers = managers
