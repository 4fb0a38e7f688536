"""The PDF report download: what the PDF says, who may have it, its name, the cache, the log."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.models import Campaign, ReportAccess, Result
from assessment.reports.wording import DescribedProfile
from assessment.services.review import described_result
from tests.reports.conftest import Candidate
from tests.reports.reading import pdf_metadata, pdf_pages
from tests.support import make_organisation, sign_in, start_candidate

BANK = load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml")


def _stored_profile(app: Flask, candidate: Candidate) -> DescribedProfile:
    with app.app_context():
        return described_result(db.session.scalar(select(Result).where(Result.attempt_id == candidate.attempt_id)))


def test_the_pdf_holds_the_whole_report(app: Flask, jane: Candidate) -> None:
    client = app.test_client()
    sign_in(client, "manager1@acme.example")
    response = client.get(jane.pdf)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    text = " ".join(pages)
    profile = _stored_profile(app, jane)

    # Designed layout: cover, competencies, one page per weakness, motivation, validity, methodology.
    assert len(pages) == 5 + len(profile.weaknesses)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page and "CONFIDENTIAL" in page
        assert "Jane Doe" in page  # the running header
    assert "Jane Doe" in pages[0] and "Account Executive" in pages[0]
    assert re.search(rf"RECOMMENDATION {profile.recommendation_label.upper()}\b", pages[0])
    assert "This report advises; a person decides." in pages[0]
    for competency in BANK.competencies:
        assert competency.name in pages[1], competency.name
    for number, weakness in enumerate(profile.weaknesses, start=2):
        assert f"Weakness {number - 1} of {len(profile.weaknesses)}: {weakness.name}" in pages[number]
        assert "Days 1–30" in pages[number] and "Days 61–90" in pages[number]
    assert "ipsative" in pages[-3] and profile.motivators[0].name in pages[-3]
    assert "Response validity" in pages[-2] and "Attention checks" in pages[-2]
    assert "Provisional norms" in pages[-1] and "5,000 simulated respondents" in text
    assert pdf_metadata(response.data) == ("Assessment report: Jane Doe, Account Executive", "Acme")


def test_the_file_name_and_the_audit_log(app: Flask, jane: Candidate) -> None:
    client = app.test_client()
    sign_in(client, "admin@acme.example")
    response = client.get(jane.pdf)
    assert response.headers["Content-Disposition"] == 'attachment; filename="Doe_Jane_Account-Executive_report.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        assert db.session.scalars(select(ReportAccess.action).where(
            ReportAccess.attempt_id == jane.attempt_id)).all() == ["download"]


def test_staff_who_cannot_see_the_candidate_get_404(app: Flask, jane: Candidate) -> None:
    with app.app_context():
        make_organisation("Globex")
        campaign = db.session.get(Campaign, jane.campaign_id)
        start_candidate(campaign, email="late@example.com", name="Late Starter")
        unfinished = Candidate(jane.campaign_id, jane.attempt_id + 1)
    for email in ("manager2@acme.example", "admin@globex.example", "manager1@globex.example"):
        client = app.test_client()
        sign_in(client, email)
        assert client.get(jane.pdf).status_code == 404, email
    client = app.test_client()
    sign_in(client, "manager1@acme.example")
    assert client.get(unfinished.pdf).status_code == 404  # no result yet
    assert client.get(Candidate(jane.campaign_id, jane.attempt_id + 1000).pdf).status_code == 404
    assert client.get(Candidate(jane.campaign_id + 1000, jane.attempt_id).pdf).status_code == 404
    assert app.test_client().get(jane.pdf).status_code == 302  # signed out: to the sign-in page
    with app.app_context():
        assert db.session.scalars(select(ReportAccess)).all() == []


def test_the_candidate_page_offers_the_pdf_once_scored(app: Flask, jane: Candidate) -> None:
    with app.app_context():
        start_candidate(db.session.get(Campaign, jane.campaign_id), email="late@example.com", name="Late Starter")
    client = app.test_client()
    sign_in(client, "manager1@acme.example")
    assert f'href="{jane.pdf}"' in client.get(jane.page).get_data(as_text=True)
    unfinished = Candidate(jane.campaign_id, jane.attempt_id + 1)
    assert "Download PDF" not in client.get(unfinished.page).get_data(as_text=True)


def test_a_second_download_is_served_from_the_cache(app: Flask, jane: Candidate, report_cache_dir: Path) -> None:
    client = app.test_client()
    sign_in(client, "manager1@acme.example")
    first = client.get(jane.pdf).data
    cached = list(report_cache_dir.glob("*.pdf"))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    written = cached[0].stat().st_mtime_ns
    assert client.get(jane.pdf).data == first
    assert list(report_cache_dir.glob("*.pdf")) == cached and cached[0].stat().st_mtime_ns == written
    assert cached[0].stat().st_mode & 0o077 == 0  # personal data: readable by the owner only
    assert not list(report_cache_dir.glob(".*"))  # no temporary file left behind


def test_a_changed_job_title_renders_again(app: Flask, jane: Candidate, report_cache_dir: Path) -> None:
    client = app.test_client()
    sign_in(client, "manager1@acme.example")
    client.get(jane.pdf)
    with app.app_context():
        db.session.get(Campaign, jane.campaign_id).job_title = "Senior Account Executive"
        db.session.commit()
    response = client.get(jane.pdf)
    assert "Senior Account Executive" in pdf_pages(response.data)[0]
    assert "Doe_Jane_Senior-Account-Executive_report.pdf" in response.headers["Content-Disposition"]
    assert len(list(report_cache_dir.glob("*.pdf"))) == 1  # the outdated file is gone
