"""Demo data: an organisation, an admin, a manager and a few campaigns to explore the product.

Idempotent: everything is looked up by its natural key first, so running it again changes
nothing (and keeps the campaigns' links stable).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..db import db
from ..models import Campaign, Organisation, Role, User
from .accounts import create_organisation, create_user, find_organisation, find_user_by_email
from .campaigns import CampaignFields, create_campaign

DEMO_ORGANISATION = "Northwind Demo Sales"
#: Published in the README on purpose: the demo is for trying the product on one's own machine,
#: and production mode refuses to load it.
DEMO_ADMIN = ("admin@demo.example", "Dana Admin", "demo-admin-password")
DEMO_MANAGER = ("manager@demo.example", "Morgan Manager", "demo-manager-password")

#: (job title, location, bank id, benchmark id)
DEMO_CAMPAIGNS = (
    ("Account Executive", "Boston, MA", "sales_rep", "full_cycle_ae"),
    ("Sales Development Representative", "Remote", "sales_rep", "sdr"),
    ("Regional Sales Manager", "Chicago, IL", "sales_manager", "first_line_manager"),
    ("Head of Sales", "New York, NY", "sales_executive", "head_of_sales"),
)


@dataclass(frozen=True)
class DemoAccount:
    """A demo staff account and its password, printed by `flask demo`."""

    email: str
    password: str
    role: str


@dataclass(frozen=True)
class DemoData:
    """What a newcomer needs to try the demo: the accounts and the campaigns."""

    accounts: list[DemoAccount]
    campaigns: list[Campaign]


def load_demo_data(available_banks: dict[str, set[str]]) -> DemoData:
    """Create the demo data that is missing; `available_banks` maps bank ids to benchmark ids.

    Campaigns whose bank or benchmark is not installed are skipped rather than created broken.
    """
    organisation = find_organisation(DEMO_ORGANISATION) or create_organisation(DEMO_ORGANISATION)
    admin = _ensure_user(organisation, DEMO_ADMIN, Role.ADMIN)
    manager = _ensure_user(organisation, DEMO_MANAGER, Role.MANAGER)
    campaigns = []
    for job_title, location, bank_id, benchmark_id in DEMO_CAMPAIGNS:
        if benchmark_id not in available_banks.get(bank_id, set()):
            continue
        campaign = db.session.scalar(
            select(Campaign).where(
                Campaign.organisation_id == organisation.id, Campaign.job_title == job_title
            )
        )
        if campaign is None:
            campaign = create_campaign(admin, CampaignFields(
                job_title=job_title, location=location, bank_id=bank_id,
                benchmark_id=benchmark_id, closes_on=None, manager_ids=[manager.id],
                allowed_origins=[],
            ))
        campaigns.append(campaign)
    accounts = [DemoAccount(email, password, role) for (email, _, password), role
                in ((DEMO_ADMIN, Role.ADMIN), (DEMO_MANAGER, Role.MANAGER))]
    return DemoData(accounts=accounts, campaigns=campaigns)


def _ensure_user(organisation: Organisation, account: tuple[str, str, str], role: Role) -> User:
    email, name, password = account
    return find_user_by_email(email) or create_user(
        organisation, email=email, name=name, role=role, password=password
    )
