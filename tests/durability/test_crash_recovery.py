"""Crash recovery: SIGKILL a busy multi-worker server and lose nothing that was acknowledged.

Fifty candidates answer pages concurrently against `gunicorn --workers 4`; mid-run the whole
process group is SIGKILLed (no graceful shutdown, transactions cut wherever they were). After a
restart on the same database:

* every page whose POST got its 302 is stored with the answers of that post (or of a later post
  of the same page, acknowledged or cut off in flight);
* every page is stored whole or not at all, with the answers of one post, written by one
  transaction: a post cut off in flight may be saved or not, never partly;
* there is one row per attempt and item;
* every candidate resumes at the first incomplete page and finishes against the new server.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import requests
from flask import Flask
from sqlalchemy import func, select

from assessment.banks import load_bank
from assessment.banks.pagination import Page, paginate
from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.models import Attempt, AttemptStatus, PageVisit, Response
from assessment.services.attempts import first_incomplete_page, token_digest
from tests.durability.candidates import Candidate, PagePost
from tests.durability.server import GunicornServer

BANK = load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml")
PAGES = paginate(BANK)
CANDIDATES = 50
#: Acknowledged page posts before the kill: about a third of the run, so that every candidate is
#: mid-assessment (50 candidates x 20 pages = 1,000 pages).
KILL_AFTER_ACKNOWLEDGED = 300
#: Bound of the wait for that many acknowledgements (about 6 s on two idle cores; slower when shared).
LOAD_TIMEOUT_S = 60.0


class Progress:
    """Counts shared by the candidate threads and the thread that pulls the plug."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.applied = 0
        self.acknowledged = 0

    def count_applied(self) -> None:
        with self._lock:
            self.applied += 1

    def count_acknowledged(self) -> None:
        with self._lock:
            self.acknowledged += 1


@dataclass
class StoredAttempt:
    status: str
    answers: dict[str, tuple[str, datetime]]


def _take_until_stopped(candidate: Candidate, stop: threading.Event, progress: Progress) -> None:
    with requests.Session() as session:
        try:
            candidate.apply(session)
            progress.count_applied()
            candidate.answer_pages(session, f"/take/{candidate.token}/page/1", stop, progress.count_acknowledged)
        except requests.RequestException:
            if not stop.is_set():  # before the kill, a failed request is a failure of the server
                raise


def _load_then_kill(server: GunicornServer, candidates: Sequence[Candidate]) -> None:
    """Run the candidates until enough pages are acknowledged, then SIGKILL the server."""
    stop, progress = threading.Event(), Progress()
    with ThreadPoolExecutor(len(candidates)) as pool:
        futures = [pool.submit(_take_until_stopped, c, stop, progress) for c in candidates]
        deadline = time.monotonic() + LOAD_TIMEOUT_S
        while time.monotonic() < deadline and not any(f.done() and f.exception() for f in futures):
            if progress.applied == len(candidates) and progress.acknowledged >= KILL_AFTER_ACKNOWLEDGED:
                break
            time.sleep(0.01)
        stop.set()
        server.kill()
    _raise_first(futures, server)
    assert progress.applied == len(candidates) and progress.acknowledged >= KILL_AFTER_ACKNOWLEDGED, \
        f"only {progress.applied} applied and {progress.acknowledged} pages acknowledged in {LOAD_TIMEOUT_S} s"


def _raise_first(futures: Sequence[Future[None]], server: GunicornServer) -> None:
    errors = [f.exception() for f in futures if f.exception() is not None]
    assert not errors, f"{len(errors)} candidates failed, first: {errors[0]!r}\n{server.log_tail()}"


def _stored(app: Flask, candidates: Sequence[Candidate]) -> dict[str, StoredAttempt]:
    """What the database holds for each candidate's token."""
    stored = {}
    with app.app_context():
        for candidate in candidates:
            attempt = db.session.scalars(select(Attempt).where(Attempt.token_digest == token_digest(candidate.token))).one()
            rows = db.session.execute(select(Response.item_id, Response.value, Response.answered_at)
                                      .where(Response.attempt_id == attempt.id))
            stored[candidate.token] = StoredAttempt(attempt.status, {item: (value, at) for item, value, at in rows})
        db.session.remove()
    return stored


def _duplicates(app: Flask) -> dict[str, int]:
    """Rows beyond one per key, by table (the primary keys forbid them: this checks it)."""
    with app.app_context():
        surplus = {}
        for model, key in ((Response, (Response.attempt_id, Response.item_id)),
                           (PageVisit, (PageVisit.attempt_id, PageVisit.page_index))):
            rows = db.session.scalar(select(func.count()).select_from(model))
            distinct = db.session.scalar(select(func.count()).select_from(select(*key).distinct().subquery()))
            surplus[model.__tablename__] = rows - distinct
        db.session.remove()
    return {table: extra for table, extra in surplus.items() if extra}


def _values(post: PagePost, page: Page) -> dict[str, str]:
    """The value each item of the page is stored with when this post is saved."""
    fields = post.fields
    return {item_id: fields.get(f"q-{item_id}") or ",".join(
        fields[name] for name in (f"q-{item_id}-most", f"q-{item_id}-least") if name in fields)
        for item_id in page.item_ids}


def _page_problems(candidate: Candidate, stored: StoredAttempt) -> list[str]:
    problems = []
    unknown = set(stored.answers) - {item.id for item in BANK.items}
    if unknown:
        problems.append(f"answers to items not in the bank: {sorted(unknown)}")
    for number, page in enumerate(PAGES, start=1):
        posts = [post for post in candidate.posts if post.number == number]
        acknowledged = [n for n, post in enumerate(posts) if post.acknowledged]
        # The last acknowledged post of the page, or a later one (at most one, cut off in flight).
        allowed = posts[acknowledged[-1]:] if acknowledged else posts
        saved = {item_id: stored.answers[item_id] for item_id in page.item_ids if item_id in stored.answers}
        where = f"candidate {candidate.number}, page {number}"
        if not saved:
            if acknowledged:
                problems.append(f"{where}: acknowledged {len(acknowledged)} times, nothing stored")
            continue
        values = {item_id: value for item_id, (value, _) in saved.items()}
        if not any(values == _values(post, page) for post in allowed):
            problems.append(f"{where}: stored {values} is not one whole post of {[_values(p, page) for p in allowed]}")
        if len({at for _, at in saved.values()}) != 1:
            problems.append(f"{where}: answers written at different times, not by one transaction")
    return problems


def _resume_expectation(token: str, stored: StoredAttempt) -> tuple[int, str]:
    """What GET /take/<token> must answer: the thank-you page, the intro, or a redirect."""
    if stored.status == AttemptStatus.COMPLETED:
        return 200, "Thank you"
    answers = {item_id: value for item_id, (value, _) in stored.answers.items()}
    if not answers:
        return 200, f'href="/take/{token}/page/1"'  # the intro, which links the first page
    index = first_incomplete_page(PAGES, answers)
    return 302, f"/take/{token}/page/{len(PAGES) if index is None else index + 1}"


def _resume_and_finish(candidate: Candidate, expected: tuple[int, str]) -> None:
    token = candidate.token
    with requests.Session() as session:
        status, location, html = candidate.request(session, "GET", f"/take/{token}")
        if status == 302:
            got = (status, location)
        else:
            got = (status, expected[1] if expected[1] in html else f"a page without {expected[1]!r}")
        assert got == expected, f"candidate {candidate.number} resumed with {got}, expected {expected}"
        if "Thank you" not in expected[1]:
            first = location if status == 302 else f"/take/{token}/page/1"
            candidate.answer_pages(session, first, threading.Event())
        status, _, html = candidate.request(session, "GET", f"/take/{token}")
        assert status == 200 and "Thank you" in html, f"candidate {candidate.number}: no thank-you page"


def test_acknowledged_pages_survive_sigkill_of_every_worker(app: Flask, server: GunicornServer,
                                                            slug: str) -> None:
    assert len(PAGES[0].item_ids) == 10 and len(PAGES) > 10  # the run must stop mid-assessment
    server.start(f"/apply/{slug}")
    candidates = [Candidate(n, server.base_url, slug) for n in range(CANDIDATES)]
    _load_then_kill(server, candidates)

    server.start(f"/apply/{slug}")
    stored = _stored(app, candidates)
    problems = [problem for c in candidates for problem in _page_problems(c, stored[c.token])]
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:10])
    assert not _duplicates(app)

    with ThreadPoolExecutor(len(candidates)) as pool:
        futures = [pool.submit(_resume_and_finish, c, _resume_expectation(c.token, stored[c.token]))
                   for c in candidates]
    _raise_first(futures, server)
    final = _stored(app, candidates)
    assert {s.status for s in final.values()} == {AttemptStatus.COMPLETED}
    assert all(len(s.answers) == len(BANK.items) for s in final.values())
    assert not _duplicates(app)
