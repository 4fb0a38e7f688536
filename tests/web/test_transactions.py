"""The request boundary through HTTP: a writing request commits once or stores nothing; work
after the commit runs in its own transaction and loses nothing committed when it fails; two
workers on one database both write."""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.models import Attempt, PageVisit, Response, Result
from tests.support import count_rows, finishes_within
from tests.web.candidate_driver import QuestionPage, apply, post_page, read_page

BANK = load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml")


def _status(app: Flask) -> str:
    with app.app_context():
        return db.session.scalars(select(Attempt.status)).one()


def _on_the_last_page(client: FlaskClient, token: str) -> QuestionPage:
    """Answer every page but the last; returns the last page, as shown."""
    response = client.get(f"/take/{token}/page/1")
    while (page := read_page(response)).number < page.total:
        response = client.get(post_page(client, token, page, page.first_answers()).headers["Location"])
    return page


def test_a_page_save_commits_once(app: Flask, client: FlaskClient, slug: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    commits: list[object] = []
    with app.app_context():
        event.listen(db.engine, "commit", commits.append)
    response = post_page(client, token, page, page.first_answers())
    assert response.status_code == 302 and response.headers["Location"].endswith("/page/2")
    assert len(commits) == 1
    assert count_rows(app, Response) == len(page.options)


def test_a_request_that_reads_commits_nothing(app: Flask, client: FlaskClient, slug: str) -> None:
    commits: list[object] = []
    with app.app_context():
        event.listen(db.engine, "commit", commits.append)
    assert client.get(f"/apply/{slug}").status_code == 200
    assert commits == []


def test_a_failing_view_stores_nothing_and_runs_no_after_commit_step(
        app: Flask, client: FlaskClient, slug: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last page's post saves its answers, completes the attempt and asks for it to be scored,
    then fails before answering: none of that is kept, and nothing is scored."""
    token = apply(client, slug)
    last = _on_the_last_page(client, token)
    answers_before = count_rows(app, Response)

    def failing_redirect(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the view failed after its writes")

    monkeypatch.setattr("assessment.web.candidate.views.redirect", failing_redirect)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as production does: the error page
    response = post_page(client, token, last, last.first_answers())
    assert response.status_code == 500 and "Something went wrong" in response.get_data(as_text=True)
    assert count_rows(app, Response) == answers_before
    assert _status(app) == "in_progress"
    assert count_rows(app, Result) == 0
    monkeypatch.undo()
    assert post_page(client, token, last, last.first_answers()).status_code == 302  # sent again: saved
    assert _status(app) == "completed" and count_rows(app, Result) == 1


def test_a_failing_after_commit_step_loses_nothing_committed_and_is_logged(
        app: Flask, client: FlaskClient, slug: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "sales_rep.json").write_text("{ not json", encoding="utf-8")  # scoring will raise
    app.config["SCORING_MODELS_DIR"] = str(tmp_path)
    token = apply(client, slug)
    last = _on_the_last_page(client, token)
    response = post_page(client, token, last, last.first_answers())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/take/{token}")
    assert _status(app) == "completed"
    assert count_rows(app, Response) == len(BANK.items)
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(PageVisit.submitted_at.is_not(None))) == last.total
    assert count_rows(app, Result) == 0
    [failure] = [record for record in caplog.records if "failed after the commit" in record.getMessage()]
    assert failure.levelname == "ERROR" and failure.exc_info is not None
    assert failure.getMessage().startswith("Scoring attempt ")


def test_two_workers_writing_at_once_both_succeed(app: Flask, make_app: Callable[..., Flask], slug: str) -> None:
    """Two apps on one database, as two worker processes are, each with a candidate viewing and
    saving pages at the same moments: on SQLite their write transactions wait for each other's
    lock (BEGIN IMMEDIATE, busy timeout) instead of failing."""
    workers = [app, make_app()]
    tokens = [apply(worker.test_client(), slug, email=f"candidate{n}@example.com")
              for n, worker in enumerate(workers)]
    pages = 6
    start = threading.Barrier(len(workers))
    statuses: list[list[int]] = [[] for _ in workers]

    def candidate(n: int) -> None:
        client, token = workers[n].test_client(), tokens[n]
        start.wait()
        for number in range(1, pages + 1):
            shown = client.get(f"/take/{token}/page/{number}")
            page = read_page(shown)
            statuses[n] += [shown.status_code, post_page(client, token, page, page.first_answers()).status_code]

    threads = [threading.Thread(target=candidate, args=(n,), daemon=True) for n in range(len(workers))]
    for thread in threads:
        thread.start()
    assert all(finishes_within(60, thread.join) for thread in threads)
    assert statuses == [[200, 302] * pages] * len(workers)
    assert count_rows(app, PageVisit) == pages * len(workers)
    with app.app_context():
        saved = db.session.scalars(select(func.count()).select_from(Response).group_by(Response.attempt_id)).all()
    assert len(saved) == len(workers) and saved[0] == saved[1] > 0
