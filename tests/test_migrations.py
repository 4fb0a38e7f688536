"""The Alembic migrations build exactly the schema the models describe, and bring results stored
in an older form to the current one, shown with the same figures everywhere."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, insert, inspect, select, text

from assessment import create_app
from assessment.db import db
from assessment.models import Attempt, AttemptStatus, Result
from assessment.reports.wording import RECOMMENDATION_LABELS, VERDICT_LABELS, flag_evidence
from assessment.scoring.results import Profile
from assessment.services.campaigns import CampaignFields, create_campaign
from tests.conftest import make_test_config
from tests.reports.reading import pdf_pages
from tests.support import make_organisation, sign_in, start_candidate


def test_migrating_an_empty_database_reaches_the_models_schema(new_database_url: Any) -> None:
    app = create_app(make_test_config(new_database_url()))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(new_database_url: Any) -> None:
    app = create_app(make_test_config(new_database_url()))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert tables == set()


#: Stored results in the form before schema version 2 (with the CSV the code of that time exported
#: for them), captured from that code: see the file's "about".
STORED_V1 = json.loads((Path(__file__).parent / "data" / "stored_results_v1.json").read_text(encoding="utf-8"))
BENCHMARKS = {"sales_rep": "hunter", "sales_manager": "first_line_manager", "sales_executive": "head_of_sales"}


@dataclass(frozen=True)
class MigratedCase:
    """A stored result of the older form, after the migration: where it is shown, and what it held."""

    campaign_id: int
    attempt_id: int
    old: dict[str, Any]

    @property
    def page(self) -> str:
        return f"/campaigns/{self.campaign_id}/candidates/{self.attempt_id}"


@pytest.fixture(scope="module")
def migrated(new_database_url: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, list]]:
    """A database at revision 0004 holding the captured results as that schema stored them, one
    candidate each (a campaign per bank), then upgraded to the latest revision."""
    app = create_app(make_test_config(new_database_url()))
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    cases = []
    with app.app_context():
        upgrade(revision="0004")
        _, admin, _ = make_organisation("Acme")
        campaigns = {bank_id: create_campaign(admin, CampaignFields(
            job_title=f"Role on {bank_id}", location=None, bank_id=bank_id, benchmark_id=benchmark_id,
            closes_on=None, manager_ids=[], allowed_origins=[])) for bank_id, benchmark_id in BENCHMARKS.items()}
        db.session.commit()
        for number, stored in enumerate(STORED_V1["results"], start=1):
            old = stored["profile"]
            campaign = campaigns[old["bank_id"]]
            start_candidate(campaign, email=f"c{number}@example.com", name=stored["case"])
            attempt = db.session.scalar(select(Attempt).where(Attempt.candidate_email == f"c{number}@example.com"))
            attempt.status = AttemptStatus.COMPLETED
            attempt.started_at, attempt.completed_at = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)
            db.session.execute(insert(Result.__table__).values(
                attempt_id=attempt.id, is_current=True, bank_version=old["bank_version"],
                model_version=old["model_version"], benchmark_id=old["benchmark_id"], fit=old["fit"],
                recommendation=old["recommendation"], validity_verdict=old["validity_verdict"], profile=old,
                scored_at=datetime(2026, 11, 2, tzinfo=UTC)))
            cases.append(MigratedCase(campaign.id, attempt.id, old))
        db.session.commit()
        upgrade()
        db.engine.dispose()
    yield app, cases
    with app.app_context():
        db.engine.dispose()


def _signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    sign_in(client, "admin@acme.example")
    return client


def _text(html: str) -> str:
    """A page's text as a reader sees it: tags dropped, entities read, whitespace single."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_migration_stores_codes_and_the_figures_of_the_evidence(migrated: tuple[Flask, list]) -> None:
    app, cases = migrated
    with app.app_context():
        results = {r.attempt_id: r for r in db.session.scalars(select(Result))}
        db.session.remove()
    for case in cases:
        result = results[case.attempt_id]
        profile = Profile.from_data(result.profile)  # the one reader of stored results accepts them all
        assert (result.recommendation, result.validity_verdict) == (profile.recommendation.code, profile.verdict.code)
        assert RECOMMENDATION_LABELS[profile.recommendation] == case.old["recommendation"]
        assert VERDICT_LABELS[profile.verdict] == case.old["validity_verdict"]
        assert [flag_evidence(f) for f in profile.validity_flags] == [f["evidence"] for f in case.old["validity_flags"]]
        assert "reasons" not in result.profile and "name" not in result.profile["competencies"][0]


def test_the_csv_of_migrated_results_is_the_one_exported_before(migrated: tuple[Flask, list]) -> None:
    app, cases = migrated
    before = {row["Name"]: row for row in csv.DictReader(io.StringIO(STORED_V1["csv"]))}
    client = _signed_in(app)
    exported = 0
    for campaign_id in dict.fromkeys(case.campaign_id for case in cases):
        body = client.get(f"/campaigns/{campaign_id}/candidates.csv?sort=name&order=asc").get_data()
        for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig"))):
            assert row == {column: before[row["Name"]][column] for column in row}, row["Name"]
            exported += 1
    assert exported == len(cases)


def test_every_page_shows_migrated_results_with_the_same_figures(migrated: tuple[Flask, list]) -> None:
    app, cases = migrated
    client = _signed_in(app)
    for campaign_id in dict.fromkeys(case.campaign_id for case in cases):
        of_campaign = [case for case in cases if case.campaign_id == campaign_id]
        table = client.get(f"/campaigns/{campaign_id}/candidates")
        assert table.status_code == 200
        shown = _text(table.get_data(as_text=True))
        for case in of_campaign:
            fit = "–" if case.old["fit"] is None else f"{case.old['fit']:.0f}"
            assert f"{case.old['recommendation'].capitalize()}" in shown and f" {fit} " in shown
        compared = "&".join(f"ids={case.attempt_id}" for case in of_campaign[:4])
        compare = client.get(f"/campaigns/{campaign_id}/compare?{compared}")
        assert compare.status_code == 200
        shown = _text(compare.get_data(as_text=True))
        for case in of_campaign[:4]:
            for c in case.old["competencies"]:
                assert c["name"] in shown
                if c["scored"]:
                    assert f"{c['percentile']:.0f} ({c['band_low']:.0f}–{c['band_high']:.0f})" in shown
    for case in cases:
        page = client.get(case.page)
        assert page.status_code == 200, case.old
        shown = _text(page.get_data(as_text=True))
        for sentence in [*case.old["reasons"], *(f["evidence"] for f in case.old["validity_flags"])]:
            assert " ".join(sentence.split()) in shown, sentence
        for w in case.old["weaknesses"]:
            assert f"{w['name']} · percentile {w['percentile']:.0f}, the job needs {w['required_percentile']}" in shown
        assert case.old["recommendation"].capitalize() in shown and case.old["validity_verdict"].capitalize() in shown


def test_the_pdf_reports_migrated_results_with_the_same_figures(migrated: tuple[Flask, list]) -> None:
    app, cases = migrated
    client = _signed_in(app)
    # Every case of one bank (all the flags among them) and two of each other bank: a PDF takes a while.
    for case in [c for c in cases if c.old["bank_id"] == "sales_rep" or c.old["validity_verdict"] != "valid"]:
        response = client.get(f"{case.page}/report.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        # A line may break after a hyphen: "self-description" reads "self- description".
        pages = [page.replace("- ", "-") for page in pdf_pages(response.data)]
        old = case.old
        assert len(pages) == 5 + len(old["weaknesses"])
        assert f"RECOMMENDATION {old['recommendation'].upper()}" in pages[0]
        for reason in old["reasons"]:
            assert reason in pages[0], reason
        for number, w in enumerate(old["weaknesses"], start=1):
            assert f"Weakness {number} of {len(old['weaknesses'])}: {w['name']}" in pages[number + 1]
            assert f"Percentile {w['percentile']:.0f}" in pages[number + 1]
        for flag in old["validity_flags"]:
            assert flag["evidence"] in pages[-2], flag
        for c in old["competencies"]:
            assert c["name"] in pages[1]
            if c["scored"]:
                assert f"{c['percentile']:.0f} ({c['band_low']:.0f}–{c['band_high']:.0f})" in pages[1]


def test_downgrading_refuses_to_lose_the_results(migrated: tuple[Flask, list]) -> None:
    app, cases = migrated
    with app.app_context():
        with pytest.raises(SystemExit):  # Flask-Migrate logs the migration's error and exits
            downgrade(revision="0004")
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == "0005"
        assert db.session.scalar(select(func.count()).select_from(Result)) == len(cases)
        db.session.remove()
        db.engine.dispose()
