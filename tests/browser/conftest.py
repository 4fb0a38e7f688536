"""Browser fixtures: the app on a free local port, careers sites that frame it, and Chromium.

The live server serves the very app object of the `app` fixture (tests/conftest.py), so its rows
are deleted after each test like every other test's. Chromium is Debian's, launched once per run;
each test opens its own contexts, so no cookie, cache or storage passes from one test to another.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, sync_playwright
from werkzeug.serving import make_server

from tests.browser.candidate_pages import JOB_TITLE
from tests.browser.servers import CareersSite, QuietRequestHandler, serve_careers_site, serve_in_thread
from tests.support import make_organisation, make_rep_campaign

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: The two sizes the candidate pages are designed for: a small phone and a laptop.
DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
#: Long enough for a slow CI machine, short enough that a missing element fails the run quickly.
ACTION_TIMEOUT_MS = 10_000


@pytest.fixture()
def live_url(app: Flask) -> Iterator[str]:
    """The test's app served over HTTP on 127.0.0.1, on a port the system picks."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    url = f"http://127.0.0.1:{server.port}"
    app.config["ASSESSMENT_BASE_URL"] = url  # the public links the app writes must lead here
    with serve_in_thread(server):
        yield url


@pytest.fixture(scope="session")
def careers_site() -> Iterator[CareersSite]:
    """The careers site the campaign allows to frame its pages."""
    with serve_careers_site() as site:
        yield site


@pytest.fixture(scope="session")
def other_site() -> Iterator[CareersSite]:
    """A site the campaign does not name, which must not be able to frame its pages."""
    with serve_careers_site() as site:
        yield site


@pytest.fixture()
def slug(app: Flask, careers_site: CareersSite) -> str:
    """The public slug of an open campaign on the sales bank, framable by `careers_site` only."""
    with app.app_context():
        _, admin, _ = make_organisation("Acme")
        campaign = make_rep_campaign(admin, job_title=JOB_TITLE, allowed_origins=[careers_site.origin])
        return campaign.public_slug


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by the whole run (starting it is the slow part)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=sorted(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    """Each test using this runs at phone and at desktop size."""
    return request.param


@pytest.fixture()
def new_context(browser: Browser, live_url: str) -> Iterator[Callable[[str], BrowserContext]]:
    """Open fresh browser contexts (a new profile: no cookies) sized as a named device.

    It depends on `live_url` so that the contexts, and their connections, are closed before the
    server stops and the app's rows are deleted.
    """
    opened: list[BrowserContext] = []

    def open_context(device: str) -> BrowserContext:
        context = browser.new_context(**DEVICES[device])
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()
