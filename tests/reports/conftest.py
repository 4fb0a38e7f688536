"""A scored candidate of a campaign, and the staff who may (and may not) see their report."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from assessment.db import db
from assessment.models import Attempt, Campaign
from tests.support import make_organisation, make_rep_campaign
from tests.web.candidate_driver import apply, complete_all_pages


@dataclass(frozen=True)
class Candidate:
    campaign_id: int
    attempt_id: int

    @property
    def page(self) -> str:
        return f"/campaigns/{self.campaign_id}/candidates/{self.attempt_id}"

    @property
    def pdf(self) -> str:
        return f"{self.page}/report.pdf"


@pytest.fixture()
def report_cache_dir(app: Flask, tmp_path: Path) -> Path:
    """The app's instance folder moved to a temporary one, so cached PDFs stay out of the repo."""
    app.instance_path = str(tmp_path / "instance")
    return tmp_path / "instance" / "report_cache"


@pytest.fixture()
def acme(app: Flask) -> int:
    """Organisation Acme: an admin and two managers; campaign "Account Executive" run by manager 1."""
    with app.app_context():
        _, admin, managers = make_organisation("Acme", managers=2)
        return make_rep_campaign(admin, manager_ids=[managers[0].id]).id


@pytest.fixture()
def complete_candidate(app: Flask, acme: int, report_cache_dir: Path) -> Callable[[str], Candidate]:
    """Make a candidate of Acme's campaign answer every page (scored on finishing)."""

    def complete(name: str, email: str = "jane@example.com") -> Candidate:
        with app.app_context():
            slug = db.session.get(Campaign, acme).public_slug
        client = app.test_client()
        complete_all_pages(client, apply(client, slug, email=email, name=name))
        with app.app_context():
            attempt_id = db.session.scalar(select(Attempt.id).where(Attempt.candidate_email == email))
        return Candidate(acme, attempt_id)

    return complete


@pytest.fixture()
def jane(complete_candidate: Callable[[str], Candidate]) -> Candidate:
    return complete_candidate("Jane Doe")
