"""Every kind of candidate page passes axe-core's WCAG 2.1 A and AA rules, at phone and desktop size.

Each test also saves a screenshot of the page under test-artifacts/screenshots/, for people to look at.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from assessment.banks import load_bank
from assessment.banks.pagination import paginate
from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.services.campaigns import close_campaign, find_campaign_by_slug
from tests.browser.candidate_pages import JOB_TITLE, KIND_HEADINGS, apply
from tests.web.candidate_driver import apply as apply_over_http
from tests.web.candidate_driver import complete_all_pages

SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = paginate(load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml"))
AXE = Axe()


def _first_page_of(kind: str) -> int:
    return next(number for number, page in enumerate(PAGES, start=1) if page.kind == kind)


class CandidateSite:
    """Opens each kind of candidate page of one campaign in a browser page."""

    def __init__(self, app: Flask, live_url: str, slug: str) -> None:
        self.app, self.live_url, self.slug = app, live_url, slug

    def started_attempt(self) -> str:
        """The token of an attempt started over HTTP: only the pages after the start are under test."""
        return apply_over_http(self.app.test_client(), self.slug)

    def campaign(self, page: Page) -> None:
        page.goto(f"{self.live_url}/apply/{self.slug}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(JOB_TITLE)

    def campaign_with_errors(self, page: Page) -> None:
        self.campaign(page)
        page.get_by_label("Your e-mail address").fill("not an address")
        page.get_by_role("button", name="Start the assessment").click()
        expect(page.get_by_text("Please tick the box to agree before starting.")).to_be_visible()

    def intro(self, page: Page) -> None:
        self.campaign(page)
        apply(page)

    def question_page(self, page: Page, kind: str) -> None:
        page.goto(f"{self.live_url}/take/{self.started_attempt()}/page/{_first_page_of(kind)}")
        expect(page.get_by_role("heading", level=1)).to_have_text(KIND_HEADINGS[kind])

    def missing_answers(self, page: Page) -> None:
        self.question_page(page, "likert")
        page.locator("label.opt").first.click()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("alert")).to_contain_text("Please answer the questions marked below")

    def thank_you(self, page: Page) -> None:
        token = self.started_attempt()
        complete_all_pages(self.app.test_client(), token)
        page.goto(f"{self.live_url}/take/{token}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Jane Doe")

    def closed(self, page: Page) -> None:
        with self.app.app_context():
            close_campaign(find_campaign_by_slug(self.slug))
            db.session.commit()
        page.goto(f"{self.live_url}/apply/{self.slug}")
        expect(page.get_by_role("heading", level=1)).to_have_text("This assessment is closed")


PAGE_KINDS: dict[str, Callable[[CandidateSite, Page], None]] = {
    "campaign": CandidateSite.campaign,
    "campaign-with-errors": CandidateSite.campaign_with_errors,
    "intro": CandidateSite.intro,
    "likert": lambda site, page: site.question_page(page, "likert"),
    "sjt": lambda site, page: site.question_page(page, "sjt"),
    "forced-choice": lambda site, page: site.question_page(page, "forced_choice"),
    "missing-answers": CandidateSite.missing_answers,
    "thank-you": CandidateSite.thank_you,
    "closed": CandidateSite.closed,
}


def _describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violated rule: what it is, where to read about it, and each offending node."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}\n  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}\n    {node['html']}")
            lines += [f"    {line}" for line in node.get("failureSummary", "").splitlines()]
    return "\n".join(lines)


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=Path(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_wcag_21_aa_violations(kind: str, device: str, new_context: Callable[[str], BrowserContext],
                                  app: Flask, live_url: str, slug: str) -> None:
    page = new_context(device).new_page()
    PAGE_KINDS[kind](CandidateSite(app, live_url, slug), page)
    page.wait_for_load_state()  # the openers wait for one element; axe must see the whole page
    _screenshot(page, f"{kind}-{device}")
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS},
                                     "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, f"{kind} page at {device} size:\n{_describe(violations)}"
