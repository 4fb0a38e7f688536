"""The candidate flow through HTTP: apply, resume, save pages, finish once, refuse bad input."""
from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from assessment.banks import load_bank
from assessment.banks.pagination import paginate
from assessment.config import PROJECT_ROOT
from assessment.db import db
from assessment.models import Attempt, Campaign, PageVisit, Response
from assessment.services.attempts import token_digest
from tests.support import count_rows
from tests.web.candidate_driver import apply, complete_all_pages, post_page, read_page

BANK = load_bank(PROJECT_ROOT / "question_banks" / "sales_rep.yaml")



def _attempt(app: Flask) -> Attempt:
    with app.app_context():
        attempt = db.session.scalars(select(Attempt)).one()
        db.session.expunge(attempt)
        return attempt


def test_campaign_page_says_what_when_and_why(client: FlaskClient, slug: str) -> None:
    response = client.get(f"/apply/{slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Acme" in html and "Account Executive" in html
    assert f"{BANK.estimated_minutes} minutes" in html
    assert "Who sees your results" in html and "How long they are kept" in html and "delete" in html
    assert "no time limit" in html and "accommodation" in html
    assert 'type="checkbox"' in html and 'name="consent"' in html
    for competency in BANK.competencies:
        assert competency.name in html


@pytest.mark.parametrize("data, message", [
    ({"name": "Jane Doe", "email": "jane@example.com"}, "Please tick the box to agree"),
    ({"name": "Jane Doe", "email": "not-an-email", "consent": "y"}, "Enter an e-mail address"),
    ({"name": "", "email": "jane@example.com", "consent": "y"}, "This field is required."),
])
def test_details_are_validated_beside_the_fields_and_kept(app: Flask, client: FlaskClient, slug: str,
                                                          data: dict[str, str], message: str) -> None:
    response = client.post(f"/apply/{slug}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    if data["email"]:
        assert f'value="{data["email"]}"' in html
    assert count_rows(app, Attempt) == 0


def test_start_keeps_only_the_token_digest_and_shows_the_resume_link(app: Flask, client: FlaskClient,
                                                                     slug: str) -> None:
    token = apply(client, slug)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    attempt = _attempt(app)
    assert attempt.token_digest == token_digest(token) and token not in attempt.token_digest
    assert (attempt.bank_id, attempt.bank_version) == ("sales_rep", BANK.version)
    intro = client.get(f"/take/{token}").get_data(as_text=True)
    assert f"http://localhost/take/{token}" in intro and "Bookmark" in intro
    assert 'href="/take/' + token + '/page/1"' in intro


def test_one_attempt_per_email_reveals_and_creates_nothing(app: Flask, slug: str) -> None:
    token = apply(app.test_client(), slug, email="jane@example.com")
    second = app.test_client().post(f"/apply/{slug}", data={"name": "Mallory", "email": " JANE@example.com ",
                                                            "consent": "y"})
    html = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "already under way" in html
    assert token not in html and "/take/" not in html
    assert count_rows(app, Attempt) == 1


def test_whole_assessment_then_thank_you_and_nothing_can_change(app: Flask, client: FlaskClient,
                                                                slug: str, caplog: pytest.LogCaptureFixture) -> None:
    token = apply(client, slug)
    final = complete_all_pages(client, token)
    assert final.headers["Location"] == f"/take/{token}"
    thanks = client.get(f"/take/{token}")
    assert "Thank you, Jane Doe" in thanks.get_data(as_text=True)
    attempt = _attempt(app)
    assert attempt.status == "completed" and attempt.completed_at is not None
    assert count_rows(app, Response) == len(BANK.items)
    assert count_rows(app, PageVisit) == len(paginate(BANK))
    with app.app_context():
        visits = db.session.scalars(select(PageVisit)).all()
    assert all(v.submitted_at is not None and v.submitted_at >= v.first_shown_at for v in visits)
    # After finishing, pages redirect to the thank-you page and posts change nothing.
    again = client.get(f"/take/{token}/page/1")
    assert again.status_code == 302 and again.headers["Location"] == f"/take/{token}"
    assert client.post(f"/take/{token}/page/1", data={}).status_code == 302
    assert count_rows(app, Response) == len(BANK.items)
    assert "Set-Cookie" not in thanks.headers


def test_no_cookie_is_ever_set(client: FlaskClient, slug: str) -> None:
    responses = [client.get(f"/apply/{slug}")]
    token = apply(client, slug)
    responses += [client.get(f"/take/{token}"), client.get(f"/take/{token}/page/1")]
    page = read_page(responses[-1])
    responses.append(post_page(client, token, page, page.first_answers()))
    assert all("Set-Cookie" not in r.headers for r in responses)
    assert client.get_cookie("assessment_session") is None


def test_resume_opens_the_first_incomplete_page_in_the_same_order(app: Flask, slug: str) -> None:
    client = app.test_client()
    token = apply(client, slug)
    first = read_page(client.get(f"/take/{token}/page/1"))
    post_page(client, token, first, first.first_answers())
    second_view = client.get(f"/take/{token}/page/2").get_data(as_text=True)
    other_browser = app.test_client()
    resumed = other_browser.get(f"/take/{token}")
    assert resumed.status_code == 302 and resumed.headers["Location"] == f"/take/{token}/page/2"
    again = other_browser.get(f"/take/{token}/page/2").get_data(as_text=True)
    assert _RADIO_ORDER(again) == _RADIO_ORDER(second_view)
    page_one_again = other_browser.get(f"/take/{token}/page/1").get_data(as_text=True)
    assert _RADIO_ORDER(page_one_again) == _RADIO_ORDER(first.html)


def _RADIO_ORDER(html: str) -> list[str]:  # noqa: N802
    return list(dict.fromkeys(re.findall(r'name="(q-[^"]+)" type="radio"', html)))


def test_item_order_differs_between_attempts(app: Flask, slug: str) -> None:
    orders = set()
    for n in range(4):
        client = app.test_client()
        token = apply(client, slug, email=f"c{n}@example.com")
        orders.add(tuple(_RADIO_ORDER(client.get(f"/take/{token}/page/1").get_data(as_text=True))))
    assert len(orders) > 1


def test_double_submit_keeps_one_row_per_item(app: Flask, client: FlaskClient, slug: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    for _ in range(3):
        assert post_page(client, token, page, page.first_answers()).status_code == 302
    assert count_rows(app, Response) == len(page.options)


def test_a_saved_page_keeps_its_answers_and_the_moment_it_was_sent(app: Flask, client: FlaskClient,
                                                                     slug: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    answers = page.first_answers()
    before = datetime.now(UTC)
    assert post_page(client, token, page, answers).status_code == 302
    after = datetime.now(UTC)
    with app.app_context():
        visit = db.session.scalars(select(PageVisit)).one()
        saved = db.session.execute(select(Response.item_id, Response.value, Response.answered_at)).all()
    assert visit.first_shown_at <= before <= visit.submitted_at <= after
    assert {f"q-{item_id}": value for item_id, value, _ in saved} == answers
    assert {answered_at for _, _, answered_at in saved} == {visit.submitted_at}


def test_back_saves_and_going_back_shows_saved_answers_that_can_change(app: Flask, client: FlaskClient,
                                                                       slug: str) -> None:
    token = apply(client, slug)
    first = read_page(client.get(f"/take/{token}/page/1"))
    post_page(client, token, first, first.first_answers())
    second = read_page(client.get(f"/take/{token}/page/2"))
    one_answer = dict(list(second.first_answers().items())[:1])
    back = post_page(client, token, second, one_answer, action="back")
    assert back.status_code == 302 and back.headers["Location"] == f"/take/{token}/page/1"
    shown = client.get(f"/take/{token}/page/1").get_data(as_text=True)
    for name, value in first.first_answers().items():
        assert re.search(rf'name="{name}" type="radio" value="{value}"[^>]*checked', shown) or \
            re.search(rf'checked[^>]*name="{name}" type="radio" value="{value}"', shown), name
    changed = {name: values[-1] for name, values in first.options.items()}
    post_page(client, token, read_page(client.get(f"/take/{token}/page/1")), changed)
    with app.app_context():
        stored = {item_id: value for item_id, value in db.session.execute(select(Response.item_id, Response.value))}
    for name, value in changed.items():
        assert stored[name.removeprefix("q-")] == value
    assert len(stored) == len(first.options) + 1  # the one answer posted with "Back" is kept


def test_missing_answers_rerender_marked_with_the_answers_kept(app: Flask, client: FlaskClient,
                                                               slug: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    answers = page.first_answers()
    left_out = sorted(answers)[0]
    del answers[left_out]
    response = post_page(client, token, page, answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please answer the questions marked below" in html
    assert f'id="err-{left_out.removeprefix("q-")}"' in html
    assert html.count("checked") == len(answers)
    assert count_rows(app, Response) == len(answers)  # nothing answered is lost
    assert _attempt(app).status == "in_progress"


@pytest.mark.parametrize("tamper", ["unknown item", "value outside options", "item of another page"])
def test_tampered_fields_store_nothing(app: Flask, client: FlaskClient, slug: str, tamper: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    answers = page.first_answers()
    if tamper == "unknown item":
        answers["q-no_such_item"] = "1"
    elif tamper == "value outside options":
        answers[sorted(answers)[0]] = "99"
    else:
        other = read_page(client.get(f"/take/{token}/page/2"))
        answers.update(other.first_answers())
    response = post_page(client, token, page, answers)
    assert response.status_code == 400
    assert "nothing was saved" in response.get_data(as_text=True)
    assert count_rows(app, Response) == 0


def test_pages_beyond_the_last_and_unknown_tokens_are_404(client: FlaskClient, slug: str) -> None:
    token = apply(client, slug)
    total = read_page(client.get(f"/take/{token}/page/1")).total
    assert client.get(f"/take/{token}/page/{total + 1}").status_code == 404
    assert client.post(f"/take/{token}/page/0", data={}).status_code == 404
    assert client.get("/take/not-a-token").status_code == 404
    assert client.post("/take/not-a-token/page/1", data={"q-x": "1"}).status_code == 404
    assert client.get("/take/").status_code == 404


def test_a_closed_campaign_refuses_its_tokens_and_stores_nothing(app: Flask, client: FlaskClient,
                                                                 slug: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    with app.app_context():
        db.session.scalars(select(Campaign)).one().closes_on = date.today() - timedelta(days=1)
        db.session.commit()
    response = post_page(client, token, page, page.first_answers())
    assert response.status_code == 404
    assert "This assessment is closed" in response.get_data(as_text=True)
    assert count_rows(app, Response) == 0


def test_a_missing_or_forged_page_token_stores_nothing(app: Flask, client: FlaskClient, slug: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    for forged in ("", "forged", read_page(client.get(f"/take/{token}/page/2")).page_token):
        page.page_token = forged
        response = post_page(client, token, page, page.first_answers())
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert html.count("checked") == len(page.options)  # the answers are still on the page
    assert count_rows(app, Response) == 0


def test_a_page_token_of_another_attempt_stores_nothing(app: Flask, client: FlaskClient, slug: str) -> None:
    mine = apply(client, slug)
    theirs = apply(client, slug, email="john@example.com", name="John Roe")
    their_page = read_page(client.get(f"/take/{theirs}/page/1"))
    my_page = read_page(client.get(f"/take/{mine}/page/1"))
    my_page.page_token = their_page.page_token  # valid, but signed for the same page of another attempt
    response = post_page(client, mine, my_page, my_page.first_answers())
    assert response.status_code == 400
    assert "could not be verified" in response.get_data(as_text=True)
    assert count_rows(app, Response) == 0


def test_a_page_posted_after_the_token_window_is_kept_on_the_page_then_saved(
        app: Flask, client: FlaskClient, slug: str) -> None:
    token = apply(client, slug)
    page = read_page(client.get(f"/take/{token}/page/1"))
    app.config["CANDIDATE_PAGE_TOKEN_MAX_AGE"] = -1  # as if the candidate came back days later
    late = post_page(client, token, page, page.first_answers())
    html = late.get_data(as_text=True)
    assert late.status_code == 400 and "open for a long time" in html
    assert html.count("checked") == len(page.options)
    app.config["CANDIDATE_PAGE_TOKEN_MAX_AGE"] = 3600
    resent = read_page(late)
    assert post_page(client, token, resent, page.first_answers()).status_code == 302
    assert count_rows(app, Response) == len(page.options)


def test_two_simultaneous_finish_posts_complete_once(app: Flask, slug: str,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    client = app.test_client()
    token = apply(client, slug)
    response = client.get(f"/take/{token}/page/1")
    while True:
        page = read_page(response)
        if page.number == page.total:
            break
        response = client.get(post_page(client, token, page, page.first_answers()).headers["Location"])
    statuses = []
    barrier = threading.Barrier(2)

    def finish() -> None:
        browser = app.test_client()
        barrier.wait()
        statuses.append(post_page(browser, token, page, page.first_answers()).status_code)

    caplog.set_level("INFO", logger=app.logger.name)
    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert sum(bool(re.fullmatch(r"Attempt \d+ completed", r.getMessage())) for r in caplog.records) == 1
    assert _attempt(app).status == "completed"
    assert count_rows(app, Response) == len(BANK.items)


def test_candidate_pages_may_be_framed_only_by_the_campaign_origins(client: FlaskClient, slug: str) -> None:
    apply_page = client.get(f"/apply/{slug}")
    token = apply(client, slug)
    for response in (apply_page, client.get(f"/take/{token}"), client.get(f"/take/{token}/page/1")):
        assert "frame-ancestors https://careers.acme.example" in response.headers["Content-Security-Policy"]


def test_dashboard_shows_progress_and_where_candidates_stop(app: Flask, slug: str) -> None:
    from tests.support import sign_in
    for n in range(3):
        client = app.test_client()
        token = apply(client, slug, email=f"c{n}@example.com")
        if n == 0:
            complete_all_pages(client, token)
        else:
            for number in range(1, n + 2):
                page = read_page(client.get(f"/take/{token}/page/{number}"))
                post_page(client, token, page, page.first_answers())
    staff = app.test_client()
    sign_in(staff, "admin@acme.example")
    with app.app_context():
        campaign_id = db.session.scalars(select(Campaign.id)).one()
    html = staff.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert "3 started · 2 in progress · 1 completed" in html
    assert re.search(r"<td>Page 2</td><td class=\"num\">1</td>", html)
    assert re.search(r"<td>Page 3</td><td class=\"num\">1</td>", html)


def test_staff_see_candidates_escaped_with_their_result(app: Flask, slug: str, tmp_path) -> None:
    from tests.support import sign_in
    client = app.test_client()
    complete_all_pages(client, apply(client, slug, name="<b>Jane</b> Doe"))
    app.config["SCORING_MODELS_DIR"] = str(tmp_path)  # no model: the next one stays unscored
    other = app.test_client()
    complete_all_pages(other, apply(other, slug, email="max@example.com", name="Max Pending"))
    staff = app.test_client()
    sign_in(staff, "admin@acme.example")
    with app.app_context():
        campaign_id = db.session.scalars(select(Campaign.id)).one()
    html = staff.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert "&lt;b&gt;Jane&lt;/b&gt; Doe" in html and "<b>Jane</b>" not in html
    assert "Scoring pending" in html
    assert re.search(r"(Recommended|Consider|Not recommended|Not interpretable) · fit \d+", html)


def test_starting_attempts_is_limited_per_address(app: Flask, slug: str) -> None:
    app.config["APPLY_LIMIT_PER_ADDRESS"] = "2 per minute"
    client = app.test_client()
    invalid = client.post(f"/apply/{slug}", data={"name": "", "email": "x@example.com", "consent": "y"})
    assert invalid.status_code == 422  # a refused form does not count
    apply(client, slug, email="one@example.com")
    apply(client, slug, email="two@example.com")
    third = client.post(f"/apply/{slug}", data={"name": "Three", "email": "three@example.com", "consent": "y"})
    assert third.status_code == 429 and "Too many attempts" in third.get_data(as_text=True)
    assert count_rows(app, Attempt) == 2
