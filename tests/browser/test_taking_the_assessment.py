"""A candidate takes the assessment in Chromium: at phone and desktop size, resuming elsewhere, by keyboard."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.candidate_pages import (
    KIND_HEADINGS,
    answer_page,
    apply,
    checked_answers,
    layout_problems,
    page_kind,
    page_number,
    radio_groups,
)

OpenContext = Callable[[str], BrowserContext]


def _go(page: Page, role: Literal["button", "link"], name: str, to_page: int) -> None:
    """Follow a link or button to question page `to_page`, and wait until that page has loaded.

    Reading the page any earlier could find the previous page, or only part of the new one.
    """
    page.get_by_role(role, name=name).click()
    expect(page).to_have_url(re.compile(rf"/page/{to_page}$"))
    page.wait_for_load_state()


def test_whole_assessment_by_clicking_the_options(new_context: OpenContext, device: str, live_url: str,
                                                   slug: str) -> None:
    """Every page fits the screen with options big enough to hit, and every answer goes in by a click."""
    page = new_context(device).new_page()
    page.goto(f"{live_url}/apply/{slug}")
    problems = layout_problems(page)
    apply(page)
    problems += layout_problems(page)
    _go(page, "link", "Start with page 1", 1)
    kinds_seen = set()
    while True:
        number, total = page_number(page)
        kinds_seen.add(page_kind(page))
        problems += layout_problems(page)
        answer_page(page, touch=device == "phone")
        if number == total:
            break
        _go(page, "button", "Save and continue", number + 1)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Thank you, Jane Doe")).to_be_visible()
    problems += layout_problems(page)
    assert kinds_seen == set(KIND_HEADINGS)
    assert not problems, "\n".join(problems)


def test_the_personal_link_resumes_in_a_fresh_browser_with_answers_and_order_kept(
        new_context: OpenContext, live_url: str, slug: str) -> None:
    """The link alone brings a candidate back, on another device or after clearing the browser."""
    first_browser = new_context("desktop")
    page = first_browser.new_page()
    page.goto(f"{live_url}/apply/{slug}")
    apply(page)
    personal_link = page.get_by_label("Your personal link").input_value()
    _go(page, "link", "Start with page 1", 1)
    page_one_order = radio_groups(page)
    page_one_answers = answer_page(page)
    _go(page, "button", "Save and continue", 2)
    answer_page(page)
    _go(page, "button", "Save and continue", 3)
    assert first_browser.cookies() == []  # nothing but the link can carry the attempt over
    first_browser.close()

    page = new_context("desktop").new_page()
    page.goto(personal_link)
    expect(page).to_have_url(f"{personal_link}/page/3")
    for shown in (3, 2):
        assert page_number(page)[0] == shown
        _go(page, "button", "Back", shown - 1)
    assert radio_groups(page) == page_one_order
    assert checked_answers(page) == page_one_answers


def _tab_to(page: Page, description: str, is_target: str) -> None:
    """Press Tab until the focused element satisfies the JavaScript predicate `is_target`."""
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({is_target})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {description}")


def test_a_statement_page_can_be_answered_and_sent_with_the_keyboard_only(
        new_context: OpenContext, live_url: str, slug: str) -> None:
    """Candidates who cannot use a mouse can answer (WCAG 2.1.1), and see where the focus is (2.4.7)."""
    page = new_context("desktop").new_page()
    page.goto(f"{live_url}/apply/{slug}")
    apply(page)
    _go(page, "link", "Start with page 1", 1)
    assert page_kind(page) == "likert"
    groups = radio_groups(page)
    points = page.locator(f'input[name="{groups[0]}"]').count()
    expected = {}
    for n, name in enumerate(groups):
        _tab_to(page, f"the answers to {name}", f"element => element.name === {name!r}")
        page.keyboard.press("Space")  # chooses the focused (first) answer
        for _ in range(n % points):
            page.keyboard.press("ArrowRight")  # moves to the next answer and chooses it
        expected[name] = page.evaluate("() => document.activeElement.value")
        outline = page.evaluate("() => getComputedStyle(document.activeElement.closest('label')).outlineStyle")
        assert outline != "none", f"no visible focus on the answers to {name}"
    assert checked_answers(page) == expected
    assert len(set(expected.values())) == points  # the arrow keys really moved through the answers
    _tab_to(page, "the Save and continue button", "element => element.textContent.trim() === 'Save and continue'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/page/2$"))
