"""Every staff route needs a session and a CSRF token; organisations never see each other."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sqlalchemy import select

from assessment.db import db
from assessment.models import Attempt
from assessment.services.campaigns import CampaignFields, create_campaign
from tests.support import PASSWORD, make_organisation, sign_in, start_candidate

#: Routes anyone may open. Everything else must demand a signed-in user.
PUBLIC_ENDPOINTS = {"static", "auth.signin", "candidate.apply", "candidate.take", "candidate.page",
                    "candidate.submit_page"}


def _concrete_urls(app: Flask, ids: dict[str, int]) -> list[tuple[str, str, set[str]]]:
    """(endpoint, url, methods) of every rule, with its converters filled with real ids."""
    urls = []
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), "x")), rule.rule)
        urls.append((rule.endpoint, url, set(rule.methods or ()) - {"HEAD", "OPTIONS"}))
    return urls


@pytest.fixture()
def two_organisations(app: Flask, profile: tuple[str, str]) -> dict[str, object]:
    bank_id, benchmark_id = profile
    with app.app_context():
        ids = {}
        for name in ("Acme", "Globex"):
            _, admin, managers = make_organisation(name)
            campaign = create_campaign(admin, CampaignFields(
                job_title=f"{name} Account Executive", location=None, bank_id=bank_id,
                benchmark_id=benchmark_id, closes_on=None, manager_ids=[managers[0].id],
                allowed_origins=[]))
            db.session.commit()
            start_candidate(campaign, name=f"{name} Candidate")
            attempt_id = db.session.scalar(select(Attempt.id).where(Attempt.campaign_id == campaign.id))
            ids[name] = {"admin": admin.email, "manager": managers[0].email, "campaign_id": campaign.id,
                         "user_id": managers[0].id, "slug": campaign.public_slug, "attempt_id": attempt_id}
        return ids


def test_every_staff_route_redirects_to_sign_in_without_a_session(
        app: Flask, client: FlaskClient, two_organisations: dict) -> None:
    ids = two_organisations["Acme"]
    checked = 0
    for endpoint, url, methods in _concrete_urls(app, ids):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in methods:
            response = client.open(url, method=method)
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"].startswith("/signin"), (method, url)
            checked += 1
    assert checked >= 10  # the staff pages are really enumerated


def test_every_state_changing_route_rejects_a_post_without_csrf_token(
        app: Flask, client: FlaskClient, two_organisations: dict) -> None:
    ids = two_organisations["Acme"]
    sign_in(client, ids["admin"])
    # Candidate pages work without cookies, so they carry their own signed page token instead
    # (tested with the candidate flow); every other form needs the session's CSRF token.
    posts = [(endpoint, url) for endpoint, url, methods in _concrete_urls(app, ids)
             if "POST" in methods and not endpoint.startswith("candidate.")]
    assert {"auth.signout", "staff.new_campaign", "staff.close", "staff.deactivate"} <= {e for e, _ in posts}
    for endpoint, url in posts:
        # Sign-in is posted by people without a session, so it is checked from a new browser.
        browser = app.test_client() if endpoint == "auth.signin" else client
        data = {"job_title": "Changed", "email": ids["admin"], "password": PASSWORD}
        response = browser.post(url, data=data)
        assert response.status_code == 400, (endpoint, url, response.status_code)
    # Nothing changed: still signed in, the campaign still open, the manager still active.
    page = client.get(f"/campaigns/{ids['campaign_id']}").get_data(as_text=True)
    assert "Acme Account Executive" in page and "Close campaign" in page
    assert "Deactivate" in client.get("/users").get_data(as_text=True)


def test_users_get_404_for_every_object_of_another_organisation(
        app: Flask, two_organisations: dict) -> None:
    acme, globex = two_organisations["Acme"], two_organisations["Globex"]
    for email in (acme["admin"], acme["manager"]):
        client = app.test_client()
        sign_in(client, email)
        for endpoint, url, methods in _concrete_urls(app, globex):
            if endpoint in PUBLIC_ENDPOINTS or "<" in url or not re.search(r"/\d+", url):
                continue
            for method in methods:
                response = client.open(url, method=method, data={})
                # Admin-only pages answer 403 to managers before any lookup; never the object.
                expected = {404} if email == acme["admin"] else {403, 404}
                assert response.status_code in expected, (email, method, url, response.status_code)
                assert "Globex" not in response.get_data(as_text=True)


def test_guessed_campaign_ids_find_nothing(app: Flask, two_organisations: dict) -> None:
    client = app.test_client()
    sign_in(client, two_organisations["Acme"]["admin"])
    for guess in range(1, 50):
        response = client.get(f"/campaigns/{guess}")
        if guess == two_organisations["Acme"]["campaign_id"]:
            assert response.status_code == 200
        else:
            assert response.status_code == 404


def test_manager_sees_only_assigned_campaigns_and_no_admin_pages(
        app: Flask, two_organisations: dict, profile: tuple[str, str]) -> None:
    acme = two_organisations["Acme"]
    with app.app_context():
        from sqlalchemy import select

        from assessment.models import User
        admin = db.session.scalar(select(User).where(User.email == acme["admin"]))
        unassigned = create_campaign(admin, CampaignFields(
            job_title="Unassigned Role", location=None, bank_id=profile[0], benchmark_id=profile[1],
            closes_on=None, manager_ids=[], allowed_origins=[]))
        db.session.commit()
        unassigned_id = unassigned.id
    client = app.test_client()
    sign_in(client, acme["manager"])
    dashboard = client.get("/").get_data(as_text=True)
    assert "Acme Account Executive" in dashboard and "Unassigned Role" not in dashboard
    assert client.get(f"/campaigns/{acme['campaign_id']}").status_code == 200
    assert client.get(f"/campaigns/{unassigned_id}").status_code == 404
    for url in ("/users", "/users/new", "/campaigns/new", f"/campaigns/{acme['campaign_id']}/edit"):
        assert client.get(url).status_code == 403, url
