"""Helpers for driving the app as a browser would (read CSRF tokens, sign in, submit forms), for
making its data, and for running work that must not hang the run."""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from assessment.db import db
from assessment.models import Campaign, Organisation, Role, User
from assessment.services.accounts import create_organisation, create_user

PASSWORD = "correct horse battery"

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/signin") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    html = client.get(page).get_data(as_text=True)
    match = _CSRF.search(html)
    if match is None:
        raise AssertionError(f"no CSRF token on {page}")
    return match.group(1) or match.group(2)


def submit(client: FlaskClient, url: str, data: dict[str, Any] | None = None, *,
           token_page: str = "/account/password", **kwargs: Any) -> TestResponse:
    """POST a form with a valid CSRF token, as the signed-in user's browser would."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client, token_page)}, **kwargs)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, next_url: str = "") -> TestResponse:
    """Sign in through the sign-in form."""
    return client.post(
        "/signin",
        data={"email": email, "password": password, "next": next_url,
              "csrf_token": csrf_token(client, "/signin")},
    )


def make_organisation(name: str, *, managers: int = 1) -> tuple[Organisation, User, list[User]]:
    """An organisation with one admin and some managers, all with the password PASSWORD."""
    organisation = create_organisation(name)
    slug = name.lower().replace(" ", "-")
    admin = create_user(organisation, email=f"admin@{slug}.example", name=f"{name} Admin",
                        role=Role.ADMIN, password=PASSWORD)
    staff = [create_user(organisation, email=f"manager{i}@{slug}.example", name=f"{name} Manager {i}",
                         role=Role.MANAGER, password=PASSWORD) for i in range(1, managers + 1)]
    db.session.commit()
    return organisation, admin, staff


def start_candidate(campaign: Campaign, email: str = "candidate@example.com", name: str = "Casey Candidate") -> str:
    """Start an attempt as the candidate flow does; returns the candidate's token."""
    from assessment.services.attempts import start_attempt
    from assessment.services.banks import bank_catalog

    _, token = start_attempt(campaign, bank_catalog().get(campaign.bank_id), name=name, email=email)
    db.session.commit()
    return token


def make_rep_campaign(admin: User, *, job_title: str = "Account Executive", location: str | None = "Boston, MA",
                      manager_ids: list[int] | None = None, allowed_origins: list[str] | None = None) -> Campaign:
    """A committed campaign on the sales_rep bank, full-cycle account executive benchmark."""
    from assessment.services.campaigns import CampaignFields, create_campaign

    campaign = create_campaign(admin, CampaignFields(
        job_title=job_title, location=location, bank_id="sales_rep", benchmark_id="full_cycle_ae",
        closes_on=None, manager_ids=manager_ids or [], allowed_origins=allowed_origins or []))
    db.session.commit()
    return campaign


def finishes_within(seconds: float, work: Callable[[], Any]) -> bool:
    """Whether `work`, run in a thread of its own, finishes within `seconds`: work stuck waiting
    for a lock fails its test instead of hanging the run."""
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    return not thread.is_alive()


def count_rows(app: Flask, model: type) -> int:
    """How many rows of `model` the app's database holds now."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
