"""Reviewing candidates (staff): the table, its CSV export, comparison and the audit log."""
from __future__ import annotations

import copy
import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.models import Attempt, AttemptStatus, Campaign, ReportAccess, Result, User
from assessment.reports.wording import RECOMMENDATION_LABELS
from assessment.scoring.verdicts import Recommendation
from assessment.services.audit import record_report_access
from tests.support import make_organisation, make_rep_campaign, sign_in, start_candidate
from tests.web.candidate_driver import apply, complete_all_pages

BANK = load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml")
FORMULA_NAME = '=HYPERLINK("http://x")'
#: Figures of the validity flags a test candidate is given.
FLAG_FIGURES = {"attention": {"failures": 1, "answered": 4}, "speed": {"seconds_per_item": 1.5, "threshold": 4.0}}


def _add_candidate(campaign: Campaign, name: str, template: dict[str, Any] | None, *, fit: float | None = None,
                   recommendation: str = "", completed_days_ago: int | None = 1,
                   flags: tuple[str, ...] = ()) -> int:
    """A candidate of the campaign: scored from a copy of a real profile, pending, or in progress."""
    start_candidate(campaign, email=f"{name.replace(' ', '.').lower()}@example.com", name=name)
    attempt = db.session.scalar(select(Attempt).where(Attempt.candidate_name == name,
                                                      Attempt.campaign_id == campaign.id))
    if completed_days_ago is not None:
        attempt.status = AttemptStatus.COMPLETED
        attempt.completed_at = datetime.now(UTC) - timedelta(days=completed_days_ago)
    if template is not None:
        profile = copy.deepcopy(template)
        profile.update(fit=fit, recommendation=recommendation,
                       validity_flags=[{"name": flag, "level": "caution", "figures": FLAG_FIGURES[flag]}
                                       for flag in flags])
        profile["motivators"][-1]["score"] = -0.5
        db.session.add(Result(attempt_id=attempt.id, bank_version=profile["bank_version"],
                              model_version=profile["model_version"], benchmark_id=profile["benchmark_id"],
                              fit=fit, recommendation=recommendation,
                              validity_verdict=profile["verdict"], profile=profile))
    db.session.commit()
    return attempt.id


@pytest.fixture()
def review(app: Flask) -> dict[str, Any]:
    """Acme's campaign with five candidates of every kind, another Acme campaign, and Globex."""
    with app.app_context():
        _, admin, managers = make_organisation("Acme", managers=2)
        campaign = make_rep_campaign(admin, manager_ids=[managers[0].id])
        other = make_rep_campaign(admin, job_title="Sales Development Rep")
        _, globex_admin, _ = make_organisation("Globex")
        globex = make_rep_campaign(globex_admin, job_title="Globex Closer")
        slug, globex_id = campaign.public_slug, globex.id
        ids = {"campaign": campaign.id, "other_campaign": other.id}
    client = app.test_client()
    complete_all_pages(client, apply(client, slug, email="formula@example.com", name=FORMULA_NAME))
    with app.app_context():
        campaign = db.session.get(Campaign, ids["campaign"])
        real = db.session.scalar(select(Result).join(Attempt).where(Attempt.candidate_name == FORMULA_NAME))
        ids["formula"], template = real.attempt_id, real.profile
        ids["ann"] = _add_candidate(campaign, "Ann Able", template, fit=91.0, recommendation="recommended",
                                    completed_days_ago=3)
        ids["bob"] = _add_candidate(campaign, "Bob Baker", template, fit=12.5, recommendation="not_recommended",
                                    completed_days_ago=2, flags=("attention", "speed"))
        ids["cy"] = _add_candidate(campaign, "Cy Pending", None)
        ids["dee"] = _add_candidate(campaign, "Dee Doing", None, completed_days_ago=None)
        ids["elsewhere"] = _add_candidate(db.session.get(Campaign, ids["other_campaign"]), "Eve Elsewhere",
                                          template, fit=50.0, recommendation="consider")
        ids["globex"] = _add_candidate(db.session.get(Campaign, globex_id), "Gil Globex", template,
                                       fit=60.0, recommendation="consider")
        ids["template"] = template
    return ids


def _client(app: Flask, email: str = "admin@acme.example") -> FlaskClient:
    client = app.test_client()
    sign_in(client, email)
    return client


def _top_motivator(review: dict) -> str:
    return BANK.motivator(review["template"]["motivators"][0]["id"]).name


def _order(html: str, *names: str) -> list[str]:
    """The names, in the order they appear in the page."""
    return sorted(names, key=lambda name: html.index(f">{name}</a>"))


def test_the_table_shows_every_candidate_with_their_headline_values(app: Flask, review: dict) -> None:
    response = _client(app, "manager1@acme.example").get(f"/campaigns/{review['campaign']}/candidates")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("Ann Able", "Bob Baker", "Cy Pending", "Dee Doing", "=HYPERLINK(&#34;http://x&#34;)"):
        assert name in html
    assert "Eve Elsewhere" not in html and "Gil Globex" not in html
    assert "Scoring pending" in html and "In progress (page 1)" in html
    assert "Attention checks missed, Too fast" in html
    weaknesses = review["template"]["weaknesses"]
    top_weakness = BANK.competency(weaknesses[0]["competency_id"]).name if weaknesses else "None"
    assert top_weakness in html and _top_motivator(review) in html
    assert f'href="/campaigns/{review["campaign"]}/candidates/{review["ann"]}"' in html
    # Only scored candidates can be ticked for comparison.
    assert f'value="{review["ann"]}"' in html and f'value="{review["cy"]}"' not in html


def test_the_table_sorts_by_its_column_headers(app: Flask, review: dict) -> None:
    client = _client(app)
    url = f"/campaigns/{review['campaign']}/candidates"
    html = client.get(f"{url}?sort=fit&order=desc").get_data(as_text=True)
    assert _order(html, "Ann Able", "Bob Baker", "Cy Pending", "Dee Doing")[:2] == ["Ann Able", "Bob Baker"]
    assert re.search(r'aria-sort="descending" class="num">\s*<a class="sort-link" href="[^"]*sort=fit&amp;order=asc', html)
    html = client.get(f"{url}?sort=fit&order=asc").get_data(as_text=True)
    assert _order(html, "Ann Able", "Bob Baker", "Cy Pending") == ["Bob Baker", "Ann Able", "Cy Pending"]
    html = client.get(f"{url}?sort=name&order=desc").get_data(as_text=True)
    assert _order(html, "Ann Able", "Bob Baker", "Cy Pending", "Dee Doing") == [
        "Dee Doing", "Cy Pending", "Bob Baker", "Ann Able"]
    html = client.get(f"{url}?sort=recommendation&order=desc").get_data(as_text=True)
    assert _order(html, "Ann Able", "Bob Baker", "Cy Pending") == ["Ann Able", "Bob Baker", "Cy Pending"]
    html = client.get(f"{url}?sort=completed&order=asc").get_data(as_text=True)
    assert _order(html, "Ann Able", "Bob Baker", "Dee Doing") == ["Ann Able", "Bob Baker", "Dee Doing"]
    # Unknown values fall back to the default order instead of failing.
    assert client.get(f"{url}?sort=email&order=sideways").status_code == 200


def test_the_table_filters_by_status_and_recommendation_and_keeps_the_query(app: Flask, review: dict) -> None:
    client = _client(app)
    url = f"/campaigns/{review['campaign']}/candidates"
    html = client.get(f"{url}?status=in_progress").get_data(as_text=True)
    assert "Dee Doing" in html and "Ann Able" not in html and "Showing 1 of 5 candidates" in html
    html = client.get(f"{url}?recommendation=pending").get_data(as_text=True)
    assert "Cy Pending" in html and "Ann Able" not in html and "Dee Doing" not in html
    html = client.get(f"{url}?recommendation=not_recommended&sort=name&order=asc").get_data(as_text=True)
    assert ">Bob Baker<" in html and ">Ann Able<" not in html
    assert '<option value="not_recommended" selected>' in html
    # Header links and the CSV link keep the filter; the filter form keeps the sort.
    assert "recommendation=not_recommended&amp;sort=fit" in html
    assert "candidates.csv?recommendation=not_recommended&amp;sort=name&amp;order=asc" in html
    assert '<option value="name" selected>' in html and '<option value="asc" selected>' in html
    html = client.get(f"{url}?status=completed&recommendation=consider").get_data(as_text=True)
    assert "No candidate matches these filters" in html
    # Links saved when the filter's values were words keep working.
    legacy = client.get(f"{url}?recommendation=not+recommended&sort=name&order=asc").get_data(as_text=True)
    assert ">Bob Baker<" in legacy and ">Ann Able<" not in legacy


def test_rewording_a_recommendation_changes_what_is_shown_not_what_is_found(
        app: Flask, review: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(RECOMMENDATION_LABELS, Recommendation.RECOMMENDED, "strong match")
    client = _client(app)
    html = client.get(f"/campaigns/{review['campaign']}/candidates?recommendation=recommended").get_data(as_text=True)
    assert ">Ann Able<" in html and ">Bob Baker<" not in html and "Strong match" in html
    rows = _read_csv(client.get(f"/campaigns/{review['campaign']}/candidates.csv?sort=name&order=asc"))
    assert [row["Recommendation"] for row in rows if row["Name"] == "Ann Able"] == ["strong match"]


def _read_csv(response: Any) -> list[dict[str, str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # the byte-order mark that tells Excel it is UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_export_has_every_scale_score_and_neutralises_formulas(app: Flask, review: dict) -> None:
    response = _client(app).get(f"/campaigns/{review['campaign']}/candidates.csv?sort=name&order=asc")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="Account-Executive_candidates_\d{4}-\d\d-\d\d\.csv"', disposition)
    rows = _read_csv(response)
    assert [row["Name"] for row in rows] == ["'" + FORMULA_NAME, "Ann Able", "Bob Baker", "Cy Pending", "Dee Doing"]
    for competency in BANK.competencies:
        for column in ("raw", "T", "percentile", "band low", "band high", "band"):
            assert f"{competency.name}: {column}" in rows[0]
    for motivator in BANK.motivators:
        assert f"Motivator {motivator.name}: score" in rows[0]
    real, ann, bob, cy, dee = rows
    first = review["template"]["competencies"][0]
    first_name = BANK.competency(first["id"]).name
    assert float(real[f"{first_name}: percentile"]) == pytest.approx(first["percentile"], abs=0.05)
    assert float(real[f"{first_name}: T"]) == pytest.approx(first["standard"], abs=0.05)
    assert real["Social desirability percentile"] != "" and real["Scoring model version"] != ""
    assert real["Bank"] == "sales_rep" and real["Bank version"] == BANK.version
    # Negative motivator scores are numbers, not text: no apostrophe in front of them.
    assert ann[f"Motivator {BANK.motivator(review['template']['motivators'][-1]['id']).name}: score"] == "-0.5"
    assert ann["Fit"] == "91.0" and ann["Recommendation"] == "recommended"
    assert bob["Validity flags"] == "Attention checks missed; Too fast"
    assert cy["Recommendation"] == "scoring pending" and cy["Fit"] == ""
    assert dee["Status"] == "In progress" and dee["Completed"] == ""
    # The export follows the table's filters.
    filtered = _read_csv(_client(app).get(f"/campaigns/{review['campaign']}/candidates.csv?status=in_progress"))
    assert [row["Name"] for row in filtered] == ["Dee Doing"]


def test_compare_shows_two_to_four_candidates_side_by_side(app: Flask, review: dict) -> None:
    client = _client(app, "manager1@acme.example")
    url = f"/campaigns/{review['campaign']}/compare"
    response = client.get(f"{url}?ids={review['ann']}&ids={review['bob']}&ids={review['formula']}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ann Able" in html and "Bob Baker" in html and "=HYPERLINK(&#34;http://x&#34;)" in html
    assert "<svg" in html and "Competencies against the job" in html and "Job needs" in html
    for competency in BANK.competencies:
        assert competency.name in html
    assert "Attention checks missed" in html and _top_motivator(review) in html


@pytest.mark.parametrize("choice, message", [
    (["ann"], "Choose between 2 and 4 candidates"),
    (["ann", "ann"], "Choose between 2 and 4 candidates"),
    (["ann", "bob", "formula", "ann", "elsewhere"], "applied to another campaign"),
    ([], "Choose between 2 and 4 candidates"),
    (["ann", "elsewhere"], "Only candidates of this campaign can be compared"),
    (["ann", "cy"], "no result yet for: Cy Pending"),
    (["ann", "x"], "not given as expected"),
])
def test_compare_refuses_other_choices_with_a_clear_message(
        app: Flask, review: dict, choice: list[str], message: str) -> None:
    ids = "&".join(f"ids={review.get(key, key)}" for key in choice)
    response = _client(app, "manager1@acme.example").get(f"/campaigns/{review['campaign']}/compare?{ids}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "Eve Elsewhere" not in html


def test_compare_refuses_too_many_candidates(app: Flask, review: dict) -> None:
    with app.app_context():
        campaign = db.session.get(Campaign, review["campaign"])
        extra = [_add_candidate(campaign, f"Extra {n}", review["template"], fit=50.0, recommendation="consider")
                 for n in range(2)]
    chosen = [review["ann"], review["bob"], review["formula"], *extra]
    response = _client(app).get(f"/campaigns/{review['campaign']}/compare?" + "&".join(f"ids={i}" for i in chosen))
    assert response.status_code == 400 and "(5 chosen)" in response.get_data(as_text=True)


def test_other_organisations_and_unassigned_managers_get_404(app: Flask, review: dict) -> None:
    campaign = review["campaign"]
    acme = _client(app)
    assert acme.get(f"/campaigns/{campaign}/compare?ids={review['ann']}&ids={review['globex']}").status_code == 404
    assert acme.get(f"/campaigns/{campaign}/compare?ids={review['ann']}&ids=99999").status_code == 404
    urls = (f"/campaigns/{campaign}/candidates", f"/campaigns/{campaign}/candidates.csv",
            f"/campaigns/{campaign}/compare?ids={review['ann']}&ids={review['bob']}")
    for email in ("admin@globex.example", "manager2@acme.example"):
        client = _client(app, email)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, (email, url)
            assert "Ann Able" not in response.get_data(as_text=True)


def test_viewing_a_report_is_recorded_and_admins_read_the_log(app: Flask, review: dict) -> None:
    manager = _client(app, "manager1@acme.example")
    assert manager.get(f"/campaigns/{review['campaign']}/candidates/{review['ann']}").status_code == 200
    with app.app_context():
        row = db.session.scalars(select(ReportAccess)).one()
        user = db.session.get(User, row.user_id)
        assert (user.email, row.attempt_id, row.action) == ("manager1@acme.example", review["ann"], "view")
    html = _client(app).get("/audit").get_data(as_text=True)
    assert "Acme Manager 1" in html and "Ann Able" in html and "Viewed the report" in html
    assert manager.get("/audit").status_code == 403
    globex = _client(app, "admin@globex.example").get("/audit").get_data(as_text=True)
    assert "Ann Able" not in globex and "No report has been opened yet" in globex


def test_the_audit_log_is_newest_first_and_paginated(app: Flask, review: dict) -> None:
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "admin@acme.example"))
        ann, bob = db.session.get(Attempt, review["ann"]), db.session.get(Attempt, review["bob"])
        for _ in range(55):
            record_report_access(admin, ann, "view")
        db.session.commit()
        record_report_access(admin, bob, "download")
        db.session.commit()
        with pytest.raises(ValueError, match="unknown report action"):
            record_report_access(admin, ann, "print")
        globex_admin = db.session.scalar(select(User).where(User.email == "admin@globex.example"))
        with pytest.raises(ValueError, match="another organisation"):
            record_report_access(globex_admin, ann, "view")
        assert db.session.scalar(select(func.count()).select_from(ReportAccess)) == 56
    client = _client(app)
    first = client.get("/audit").get_data(as_text=True)
    assert "Page 1 of 2" in first and first.index("Downloaded the PDF") < first.index("Viewed the report")
    assert first.count("<tr>") == 50 + 1  # the header row and a page of entries
    second = client.get("/audit?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and second.count("<tr>") == 6 + 1 and "Downloaded the PDF" not in second
    assert "There is no page 9" in client.get("/audit?page=9").get_data(as_text=True)
    assert client.get("/audit?page=-3").status_code == 200


def test_the_campaign_page_links_to_the_review(app: Flask, review: dict) -> None:
    html = _client(app, "manager1@acme.example").get(f"/campaigns/{review['campaign']}").get_data(as_text=True)
    assert f'href="/campaigns/{review["campaign"]}/candidates"' in html
    assert f'href="/campaigns/{review["campaign"]}/candidates.csv"' in html
    assert "Not recommended · fit 12" in html and "Recommended · fit 91" in html  # the latest candidates
