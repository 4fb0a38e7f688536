"""Campaigns through the staff pages: create, edit, close, reopen, and the shareable link."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from assessment.db import db
from assessment.models import Attempt, Campaign
from tests.support import make_organisation, sign_in, start_candidate, submit


@pytest.fixture()
def admin_client(app: Flask) -> tuple[FlaskClient, list[int]]:
    with app.app_context():
        _, admin, managers = make_organisation("Acme", managers=2)
        manager_ids = [manager.id for manager in managers]
        admin_email = admin.email
    client = app.test_client()
    sign_in(client, admin_email)
    return client, manager_ids


def _form(bank_and_benchmark: tuple[str, str], **overrides: object) -> dict[str, object]:
    return {"job_title": "Account Executive", "location": "Boston, MA",
            "profile": ":".join(bank_and_benchmark), "closes_on": "", "allowed_origins": "", **overrides}


def _campaign(app: Flask) -> Campaign:
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        db.session.expunge(campaign)
        return campaign


def test_admin_creates_a_campaign_and_gets_its_link_and_snippets(
        app: Flask, admin_client: tuple[FlaskClient, list[int]], profile: tuple[str, str]) -> None:
    client, manager_ids = admin_client
    response = submit(client, "/campaigns/new", _form(
        profile, manager_ids=manager_ids[:1],
        allowed_origins="https://Careers.Example.com\nhttp://127.0.0.1:8080/\n"))
    assert response.status_code == 302
    campaign = _campaign(app)
    assert (campaign.bank_id, campaign.benchmark_id) == profile
    assert campaign.allowed_origins == ["http://127.0.0.1:8080", "https://careers.example.com"]
    # At least 64 random bits: 12 random bytes, URL-safe base64.
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", campaign.public_slug)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = f"https://assess.example.com/apply/{campaign.public_slug}"
    assert f'value="{link}"' in page
    assert "Apply: take the assessment" in page
    assert f"&lt;iframe src=&#34;{link}&#34;" in page or f"&lt;iframe src=&quot;{link}&quot;" in page
    assert "Acme Manager 1" in page and "Acme Manager 2" not in page


def test_slugs_are_unique_and_random(app: Flask, admin_client: tuple[FlaskClient, list[int]],
                                     profile: tuple[str, str]) -> None:
    client, _ = admin_client
    for n in range(5):
        submit(client, "/campaigns/new", _form(profile, job_title=f"Role {n}"))
    with app.app_context():
        slugs = db.session.scalars(select(Campaign.public_slug)).all()
    assert len(set(slugs)) == 5


@pytest.mark.parametrize("field, value, message", [
    ("job_title", "", "This field is required."),
    ("profile", "no_such_bank:nothing", "Not a valid choice"),
    ("closes_on", "2001-01-01", "Choose today or a later date"),
    ("allowed_origins", "https://careers.example.com/jobs", "give only the origin"),
    ("allowed_origins", "careers.example.com", "is not a web origin"),
    ("allowed_origins", "https://x.example.com; script-src *", "not allowed in an origin"),
    ("allowed_origins", "https://a.example.com:99999", "has an invalid port"),
])
def test_bad_campaign_input_rerenders_with_the_error_and_creates_nothing(
        app: Flask, admin_client: tuple[FlaskClient, list[int]], profile: tuple[str, str],
        field: str, value: str, message: str) -> None:
    client, _ = admin_client
    response = submit(client, "/campaigns/new", _form(profile, **{field: value, "location": "Typed Place"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'value="Typed Place"' in html  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(select(Campaign)) is None


def test_edit_close_and_reopen(app: Flask, admin_client: tuple[FlaskClient, list[int]],
                               profile: tuple[str, str]) -> None:
    client, manager_ids = admin_client
    submit(client, "/campaigns/new", _form(profile))
    campaign_id = _campaign(app).id
    edit_page = client.get(f"/campaigns/{campaign_id}/edit").get_data(as_text=True)
    assert 'value="Account Executive"' in edit_page
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = submit(client, f"/campaigns/{campaign_id}/edit", _form(
        profile, job_title="Senior Account Executive", location="", closes_on=tomorrow,
        manager_ids=manager_ids))
    assert response.status_code == 302
    edited = _campaign(app)
    assert (edited.job_title, edited.location, edited.closes_on) == (
        "Senior Account Executive", None, date.today() + timedelta(days=1))

    assert submit(client, f"/campaigns/{campaign_id}/close").status_code == 302
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert "This campaign is closed" in page and "Reopen campaign" in page
    candidate_page = app.test_client().get(f"/apply/{edited.public_slug}")
    assert candidate_page.status_code == 410
    assert "This assessment is closed" in candidate_page.get_data(as_text=True)

    assert submit(client, f"/campaigns/{campaign_id}/reopen").status_code == 302
    assert _campaign(app).closed_at is None


def test_expired_campaign_link_says_closed_and_reopening_clears_the_past_date(
        app: Flask, admin_client: tuple[FlaskClient, list[int]], profile: tuple[str, str]) -> None:
    client, _ = admin_client
    submit(client, "/campaigns/new", _form(profile))
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        campaign.closes_on = date.today() - timedelta(days=1)
        db.session.commit()
        campaign_id, slug = campaign.id, campaign.public_slug
    response = app.test_client().get(f"/apply/{slug}")
    assert response.status_code == 410
    assert "its closing date has passed" in response.get_data(as_text=True)
    assert "Expired" in client.get("/").get_data(as_text=True)
    submit(client, f"/campaigns/{campaign_id}/reopen")
    assert _campaign(app).closes_on is None


def test_unknown_campaign_link_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/apply/not-a-real-campaign")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_assessment_cannot_change_once_candidates_started(
        app: Flask, admin_client: tuple[FlaskClient, list[int]], profile: tuple[str, str]) -> None:
    client, _ = admin_client
    submit(client, "/campaigns/new", _form(profile))
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        start_candidate(campaign)
        campaign.bank_id = "another_bank"  # as if it had been created with another assessment
        db.session.commit()
        campaign_id = campaign.id
    response = submit(client, f"/campaigns/{campaign_id}/edit", _form(profile))
    assert response.status_code == 422
    assert "cannot be changed" in response.get_data(as_text=True)
    assert _campaign(app).bank_id == "another_bank"


def test_dashboard_counts_started_and_completed_attempts(
        app: Flask, admin_client: tuple[FlaskClient, list[int]], profile: tuple[str, str]) -> None:
    client, _ = admin_client
    submit(client, "/campaigns/new", _form(profile))
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        for n in range(4):
            start_candidate(campaign, email=f"candidate{n}@example.com")
        db.session.execute(update(Attempt).where(Attempt.candidate_email == "candidate0@example.com")
                           .values(status="completed"))
        db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'data-label="Started">4</td>\s*<td class="num" data-label="In progress">3</td>\s*<td class="num" data-label="Completed">1</td>', html)


def test_framing_policy(app: Flask, admin_client: tuple[FlaskClient, list[int]],
                        profile: tuple[str, str]) -> None:
    client, _ = admin_client
    staff_page = client.get("/")
    assert "frame-ancestors 'none'" in staff_page.headers["Content-Security-Policy"]
    submit(client, "/campaigns/new", _form(profile, allowed_origins="https://careers.example.com"))
    campaign = _campaign(app)
    submit(client, f"/campaigns/{campaign.id}/close")
    candidate = app.test_client().get(f"/apply/{campaign.public_slug}")
    assert "frame-ancestors https://careers.example.com" in candidate.headers["Content-Security-Policy"]
