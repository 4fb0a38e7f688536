"""Simulated candidates: browsers without cookies or JavaScript, driving a real server over HTTP.

Each candidate keeps a log of every page it posted, with the answers it sent and whether the
server acknowledged the post (answered its 302). A post that failed in flight is kept too, not
acknowledged: the server may or may not have committed it.
"""
from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

#: Connect and read timeouts of every request: a stuck request fails the test instead of hanging it.
TIMEOUT = (5, 20)
#: How often a candidate posts the page it just posted again, with other answers (double submit).
RESUBMIT_RATE = 0.15
#: Bound of the pages one run of a candidate may post (20 pages plus resubmissions).
MAX_POSTS = 200

_RADIO = re.compile(r'name="(q-[^"]+)" type="radio" value="([^"]*)"')
_PAGE_TOKEN = re.compile(r'name="page_token" type="hidden" value="([^"]*)"')
_PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


class UnexpectedResponse(Exception):
    """The server answered something a healthy server never answers at this step."""


@dataclass
class PagePost:
    """One page POST: the page number, the form fields posted, whether it got its 302."""

    number: int
    fields: dict[str, str]
    acknowledged: bool = False


@dataclass
class QuestionPage:
    number: int
    options: dict[str, list[str]]
    page_token: str

    def random_fields(self, rng: random.Random) -> dict[str, str]:
        """An answer to every question; "least like me" differs from "most like me"."""
        fields = {name: rng.choice(values) for name, values in self.options.items()}
        for name, values in self.options.items():
            if name.endswith("-least"):
                most = fields[name.removesuffix("-least") + "-most"]
                fields[name] = rng.choice([value for value in values if value != most])
        return fields


def _read_page(html: str) -> QuestionPage:
    options: dict[str, list[str]] = {}
    for name, value in _RADIO.findall(html):
        options.setdefault(name, []).append(value)
    page_of, token = _PAGE_OF.search(html), _PAGE_TOKEN.search(html)
    if page_of is None or token is None or not options:
        raise UnexpectedResponse("not a question page")
    return QuestionPage(int(page_of.group(1)), options, token.group(1))


@dataclass
class Candidate:
    """One candidate: applies, then posts pages until told to stop or finished."""

    number: int
    base_url: str
    slug: str
    token: str | None = None
    posts: list[PagePost] = field(default_factory=list)
    completed: bool = False

    def __post_init__(self) -> None:
        self.rng = random.Random(self.number)

    def request(self, session: requests.Session, method: str, path: str,
                 data: dict[str, str] | None = None) -> tuple[int, str, str]:
        with session.request(method, self.base_url + path, data=data, timeout=TIMEOUT,
                             allow_redirects=False) as response:
            return response.status_code, response.headers.get("Location", ""), response.text

    def _expect(self, answer: tuple[int, str, str], status: int, what: str) -> tuple[int, str, str]:
        if answer[0] != status:
            raise UnexpectedResponse(f"candidate {self.number}: {what} answered {answer[0]}, not {status}")
        return answer

    def apply(self, session: requests.Session) -> None:
        """Post the campaign's form; the redirect carries the attempt token."""
        data = {"name": f"Candidate {self.number}", "email": f"candidate{self.number}@example.com", "consent": "y"}
        _, location, _ = self._expect(self.request(session, "POST", f"/apply/{self.slug}", data), 302, "apply")
        self.token = location.rsplit("/", 1)[-1]

    def open_page(self, session: requests.Session, path: str) -> QuestionPage:
        _, _, html = self._expect(self.request(session, "GET", path), 200, f"GET {path}")
        return _read_page(html)

    def answer_pages(self, session: requests.Session, first: str, stop: threading.Event,
                     on_acknowledged: Callable[[], None] = lambda: None) -> None:
        """Post pages from `first` on, in order, until finished or `stop` is set.

        Every post is logged before it is sent, so one cut off by a dead server stays in the log
        as not acknowledged.
        """
        page = self.open_page(session, first)
        for _ in range(MAX_POSTS):
            if stop.is_set():
                return
            post = PagePost(page.number, page.random_fields(self.rng))
            self.posts.append(post)
            path = f"/take/{self.token}/page/{page.number}"
            data = {**post.fields, "page_token": page.page_token, "action": "next"}
            _, location, _ = self._expect(self.request(session, "POST", path, data), 302, f"POST {path}")
            post.acknowledged = True
            on_acknowledged()
            if self.rng.random() < RESUBMIT_RATE:
                continue  # the same page again, as a double click or the back button would
            if location == f"/take/{self.token}":
                self.completed = True
                return
            page = self.open_page(session, location)
        raise UnexpectedResponse(f"candidate {self.number} did not finish in {MAX_POSTS} posts")
