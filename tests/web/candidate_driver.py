"""Drive the candidate pages through HTTP as a browser without cookies or JavaScript would."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

_RADIO = re.compile(r'name="(q-[^"]+)" type="radio" value="([^"]*)"')
_PAGE_TOKEN = re.compile(r'name="page_token" type="hidden" value="([^"]*)"')
_PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


@dataclass
class QuestionPage:
    """A question page as rendered: its number, the total, its fields and their options."""

    number: int
    total: int
    options: dict[str, list[str]]
    page_token: str
    html: str

    def first_answers(self) -> dict[str, str]:
        """An answer to every question: the first option, the second for "least like me"."""
        return {name: values[1] if name.endswith("-least") else values[0] for name, values in self.options.items()}


def read_page(response: TestResponse) -> QuestionPage:
    html = response.get_data(as_text=True)
    options: dict[str, list[str]] = {}
    for name, value in _RADIO.findall(html):
        options.setdefault(name, []).append(value)
    number, total = (int(n) for n in _PAGE_OF.search(html).groups())
    token = _PAGE_TOKEN.search(html)
    return QuestionPage(number, total, options, token.group(1) if token else "", html)


def apply(client: FlaskClient, slug: str, email: str = "jane@example.com", name: str = "Jane Doe") -> str:
    """Start an attempt from the campaign page; returns the attempt token from the redirect."""
    response = client.post(f"/apply/{slug}", data={"name": name, "email": email, "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def post_page(client: FlaskClient, token: str, page: QuestionPage, answers: dict[str, str],
              action: str = "next") -> TestResponse:
    return client.post(f"/take/{token}/page/{page.number}",
                       data={**answers, "page_token": page.page_token, "action": action})


def complete_all_pages(client: FlaskClient, token: str) -> TestResponse:
    """Answer every page in order and finish; returns the last response."""
    response = client.get(f"/take/{token}/page/1")
    while True:
        page = read_page(response)
        response = post_page(client, token, page, page.first_answers())
        assert response.status_code == 302, response.get_data(as_text=True)
        if page.number == page.total:
            return response
        response = client.get(response.headers["Location"])
