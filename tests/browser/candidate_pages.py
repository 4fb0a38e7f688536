"""What a candidate does on the pages, in a real browser: fill the form, answer, check the layout."""
from __future__ import annotations

import re

from playwright.sync_api import Frame, FrameLocator, Page, expect

#: The job of the campaign the browser tests open.
JOB_TITLE = "Account Executive"
#: The smallest touch target WCAG 2.5.5 and the platform guidelines ask for, in CSS pixels.
MIN_TARGET_PX = 44
PAGE_OF = re.compile(r"Page (\d+) of (\d+)")
#: The heading of each kind of question page.
KIND_HEADINGS = {
    "likert": "How much do you agree with each statement?",
    "sjt": "What would you do?",
    "forced_choice": "Which is most like you?",
}


def apply(page: Page | Frame | FrameLocator, name: str = "Jane Doe", email: str = "jane@example.com") -> None:
    """Fill the campaign page's form and start; waits for the intro page."""
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_label("I have read the information above").check()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", name=f"Before you start, {name}")).to_be_visible()


def page_number(page: Page) -> tuple[int, int]:
    """The (number, total) a question page shows in its progress line."""
    text = page.locator(".progress-text").inner_text()
    match = PAGE_OF.fullmatch(text.strip())
    if match is None:
        raise AssertionError(f"no page number in {text!r}")
    return int(match.group(1)), int(match.group(2))


def page_kind(page: Page) -> str:
    """Which kind of question page this is, by its heading."""
    heading = page.get_by_role("heading", level=1).inner_text().strip()
    for kind, text in KIND_HEADINGS.items():
        if heading == text:
            return kind
    raise AssertionError(f"unknown question page heading {heading!r}")


def radio_groups(page: Page) -> list[str]:
    """The names of the page's answer groups (one per item, two per most/least block), in shown order."""
    return page.eval_on_selector_all(
        "input[type=radio]", "inputs => [...new Set(inputs.map(input => input.name))]")


def answer_page(page: Page, *, touch: bool = False) -> dict[str, str]:
    """Answer every group by clicking (tapping, on a phone) an option's label; returns what was chosen.

    Group n gets option n modulo its size: answers vary across the page, and the "most" and
    "least" groups of a forced-choice block, being consecutive, never get the same statement.
    The clicks skip Playwright's wait for a still, uncovered target, which would triple the time
    of a whole assessment: a click that misses its label leaves its answer unchosen, and the
    check at the end reports it.
    """
    options: list[tuple[str, list[str]]] = page.eval_on_selector_all("input[type=radio]", """inputs => {
        const groups = new Map();
        for (const input of inputs) groups.set(input.name, [...(groups.get(input.name) || []), input.value]);
        return [...groups];
    }""")
    chosen = {name: values[n % len(values)] for n, (name, values) in enumerate(options)}
    for name, value in chosen.items():
        label = page.locator(f'label.opt:has(input[name="{name}"][value="{value}"])')
        if touch:
            label.tap(force=True)
        else:
            label.click(force=True)
    shown = checked_answers(page)
    if shown != chosen:
        raise AssertionError(f"clicking the labels chose {shown}, not {chosen}")
    return chosen


def checked_answers(page: Page) -> dict[str, str]:
    """The answers the page shows as chosen, by group name."""
    return dict(page.eval_on_selector_all(
        "input[type=radio]:checked", "inputs => inputs.map(input => [input.name, input.value])"))


def layout_problems(page: Page) -> list[str]:
    """What breaks the phone and desktop rules on this page: sideways scrolling, small targets."""
    where = page.url
    problems = []
    viewport_width = page.viewport_size["width"]
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > viewport_width:
        problems.append(f"{where}: scrolls sideways ({scroll_width}px wide in a {viewport_width}px viewport)")
    short = page.eval_on_selector_all(
        "label.opt",
        f"""labels => labels
            .map(label => [label.innerText.trim(), label.getBoundingClientRect().height])
            .filter(([, height]) => height < {MIN_TARGET_PX})""")
    problems += [f"{where}: option {text!r} is {height:.0f}px tall" for text, height in short]
    return problems
