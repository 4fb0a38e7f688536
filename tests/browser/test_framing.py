"""A careers site can embed the assessment in an iframe only if the campaign names its origin."""
from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.candidate_pages import JOB_TITLE, apply
from tests.browser.servers import CareersSite


def _open_job_posting(new_context: Callable[[str], BrowserContext], site: CareersSite, framed_url: str) -> Page:
    """The careers site's job page, loaded with its frame (`goto` waits for the frame's load too)."""
    page = new_context("desktop").new_page()
    with page.expect_response(framed_url) as answered:
        page.goto(site.job_page(framed_url))
    assert answered.value.ok  # the app did serve the page: whether it shows is the browser's decision
    return page


def test_the_assessment_runs_inside_a_frame_on_the_allowed_careers_site(
        new_context: Callable[[str], BrowserContext], careers_site: CareersSite, live_url: str, slug: str) -> None:
    framed_url = f"{live_url}/apply/{slug}"
    page = _open_job_posting(new_context, careers_site, framed_url)
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_contain_text(JOB_TITLE)
    apply(frame)
    frame.get_by_role("link", name="Start with page 1").click()
    expect(frame.get_by_text("Page 1 of")).to_be_visible()
    expect(frame.get_by_role("radio").first).to_be_visible()
    assert page.url == careers_site.job_page(framed_url)  # every step happened inside the frame


def test_a_site_the_campaign_does_not_name_cannot_frame_it(
        new_context: Callable[[str], BrowserContext], other_site: CareersSite, live_url: str, slug: str) -> None:
    page = _open_job_posting(new_context, other_site, f"{live_url}/apply/{slug}")
    (frame,) = page.main_frame.child_frames
    assert frame.url != f"{live_url}/apply/{slug}"  # Chromium put its error page in the frame
    assert JOB_TITLE not in frame.content()
