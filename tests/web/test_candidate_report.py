"""The candidate report page (staff): what it shows, and who may see it."""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.models import Attempt, Campaign
from tests.support import make_organisation, make_rep_campaign, sign_in, start_candidate
from tests.web.candidate_driver import apply, complete_all_pages

BANK = load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml")


@pytest.fixture()
def report_url(app: Flask) -> str:
    with app.app_context():
        _, admin, managers = make_organisation("Acme", managers=2)
        campaign = make_rep_campaign(admin, manager_ids=[managers[0].id])
        slug, campaign_id = campaign.public_slug, campaign.id
    client = app.test_client()
    complete_all_pages(client, apply(client, slug, name="<script>alert(1)</script> Doe"))
    with app.app_context():
        attempt_id = db.session.scalars(select(Attempt.id)).one()
    return f"/campaigns/{campaign_id}/candidates/{attempt_id}"


def test_the_report_shows_the_profile_escaped(app: Flask, report_url: str) -> None:
    staff = app.test_client()
    sign_in(staff, "manager1@acme.example")
    response = staff.get(report_url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Doe" in html and "<script>alert" not in html
    for competency in BANK.competencies:
        assert competency.name in html
    for heading in ("Recommendation for", "Fit", "Response validity", "Competencies against the job",
                    "Weaknesses for this job", "What motivates", "Provisional norms"):
        assert heading in html
    assert "<svg" in html and "a person decides" in html


def test_other_managers_and_organisations_get_404(app: Flask, report_url: str) -> None:
    with app.app_context():
        make_organisation("Globex")
    for email in ("manager2@acme.example", "admin@globex.example", "manager1@globex.example"):
        client = app.test_client()
        sign_in(client, email)
        assert client.get(report_url).status_code == 404, email
    client = app.test_client()
    sign_in(client, "admin@acme.example")
    assert client.get(report_url).status_code == 200
    campaign_part, _, attempt_id = report_url.rpartition("/")
    assert client.get(f"{campaign_part}/{int(attempt_id) + 1000}").status_code == 404


def test_an_unfinished_candidate_shows_where_they_are(app: Flask, report_url: str) -> None:
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        start_candidate(campaign, email="late@example.com", name="Late Starter")
        attempt_id = db.session.scalar(select(Attempt.id).where(Attempt.candidate_email == "late@example.com"))
        campaign_id = campaign.id
    client = app.test_client()
    sign_in(client, "admin@acme.example")
    html = client.get(f"/campaigns/{campaign_id}/candidates/{attempt_id}").get_data(as_text=True)
    assert "Not finished" in html and "Late Starter" in html
