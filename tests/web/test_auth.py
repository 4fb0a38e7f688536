"""Sign-in, sign-out, password change and session revocation, through HTTP."""
from __future__ import annotations

import re

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from assessment.db import db
from assessment.models import User
from tests.support import PASSWORD, csrf_token, make_organisation, sign_in, submit


def _org(app: Flask) -> tuple[str, str]:
    with app.app_context():
        _, admin, managers = make_organisation("Acme")
        return admin.email, managers[0].email


def test_sign_in_lands_on_dashboard(app: Flask, client: FlaskClient) -> None:
    admin_email, _ = _org(app)
    response = sign_in(client, admin_email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Campaigns" in client.get("/").get_data(as_text=True)


def test_wrong_email_and_wrong_password_get_the_same_answer(app: Flask, client: FlaskClient) -> None:
    admin_email, _ = _org(app)
    wrong_password = sign_in(client, admin_email, "not the password")
    wrong_email = sign_in(client, "nobody@acme.example", "not the password")
    assert wrong_password.status_code == wrong_email.status_code == 422
    def without_typed_email_and_token(html: str) -> str:
        # The CSRF token carries a timestamp (one-second resolution), so it may differ.
        html = re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "", html)
        return html.replace(admin_email, "").replace("nobody@acme.example", "")

    body_a = without_typed_email_and_token(wrong_password.get_data(as_text=True))
    body_b = without_typed_email_and_token(wrong_email.get_data(as_text=True))
    assert "The e-mail or the password is not correct." in body_a
    assert body_a == body_b


def test_deactivated_user_cannot_sign_in(app: Flask, client: FlaskClient) -> None:
    _, manager_email = _org(app)
    with app.app_context():
        db.session.scalar(select(User).where(User.email == manager_email)).active = False
        db.session.commit()
    assert sign_in(client, manager_email).status_code == 422


def test_passwords_are_stored_hashed_with_argon2id(app: Flask) -> None:
    _org(app)
    with app.app_context():
        hashes = db.session.scalars(select(User.password_hash)).all()
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_sign_in_is_throttled_per_account(app: Flask) -> None:
    admin_email, _ = _org(app)
    app.config["SIGNIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    # Each try from a different address: only the per-account limit can stop them.
    statuses = []
    for n in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n}"
        statuses.append(sign_in(client, admin_email, "wrong password").status_code)
    assert statuses == [422, 422, 422, 429, 429]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    blocked = sign_in(client, admin_email)  # even the right password waits
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_sign_in_is_throttled_per_address(app: Flask, client: FlaskClient) -> None:
    _org(app)
    app.config["SIGNIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    statuses = [sign_in(client, f"guess{n}@acme.example", "wrong password").status_code for n in range(5)]
    assert statuses == [422, 422, 422, 429, 429]


def test_successful_sign_ins_do_not_count_towards_the_limit(app: Flask) -> None:
    admin_email, _ = _org(app)
    app.config["SIGNIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    for _ in range(4):
        assert sign_in(app.test_client(), admin_email).status_code == 302


def test_next_stays_on_the_site(app: Flask, client: FlaskClient) -> None:
    admin_email, _ = _org(app)
    for target in ("https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example", "javascript:alert(1)"):
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
        response = sign_in(app.test_client(), admin_email, next_url=target)
        assert response.headers["Location"] == "/", target
    response = sign_in(app.test_client(), admin_email, next_url="/users")
    assert response.headers["Location"] == "/users"


def test_signin_page_carries_next_from_the_redirect(app: Flask, client: FlaskClient) -> None:
    response = client.get("/users")
    assert response.status_code == 302 and response.headers["Location"] == "/signin?next=%2Fusers"
    assert 'name="next" type="hidden" value="/users"' in client.get("/signin?next=/users").get_data(as_text=True)


def _copied_session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("assessment_session")
    assert cookie is not None
    return cookie.value


def _opens_dashboard(app: Flask, cookie: str) -> bool:
    other_browser = app.test_client()
    other_browser.set_cookie("assessment_session", cookie)
    return other_browser.get("/").status_code == 200


def test_copied_cookie_dies_at_sign_out(app: Flask, client: FlaskClient) -> None:
    admin_email, _ = _org(app)
    sign_in(client, admin_email)
    copy = _copied_session_cookie(client)
    assert _opens_dashboard(app, copy)
    response = submit(client, "/signout")
    assert response.status_code == 302 and response.headers["Location"] == "/signin"
    assert not _opens_dashboard(app, copy)


def test_copied_cookie_dies_at_password_change(app: Flask, client: FlaskClient) -> None:
    admin_email, _ = _org(app)
    sign_in(client, admin_email)
    copy = _copied_session_cookie(client)
    new = "a much longer passphrase now"
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "new_password": new, "confirm_password": new})
    assert response.status_code == 302
    assert not _opens_dashboard(app, copy)
    assert client.get("/").status_code == 200  # the browser that changed it stays signed in
    assert sign_in(app.test_client(), admin_email, new).status_code == 302
    assert sign_in(app.test_client(), admin_email, PASSWORD).status_code == 422


def test_password_change_needs_the_current_password_and_the_policy(app: Flask, client: FlaskClient) -> None:
    admin_email, _ = _org(app)
    sign_in(client, admin_email)
    wrong = submit(client, "/account/password", {
        "current_password": "wrong wrong", "new_password": "long enough", "confirm_password": "long enough"})
    assert wrong.status_code == 422 and "The current password is not correct." in wrong.get_data(as_text=True)
    short = submit(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "short", "confirm_password": "short"})
    assert short.status_code == 422 and "Use at least 8 characters." in short.get_data(as_text=True)
    passphrase = "no digits or symbols needed, just length " * 3
    ok = submit(client, "/account/password", {
        "current_password": PASSWORD, "new_password": passphrase, "confirm_password": passphrase})
    assert ok.status_code == 302


def test_copied_cookie_dies_at_deactivation(app: Flask) -> None:
    admin_email, manager_email = _org(app)
    manager_browser = app.test_client()
    sign_in(manager_browser, manager_email)
    copy = _copied_session_cookie(manager_browser)
    assert _opens_dashboard(app, copy)
    admin_browser = app.test_client()
    sign_in(admin_browser, admin_email)
    with app.app_context():
        manager_id = db.session.scalar(select(User.id).where(User.email == manager_email))
    assert submit(admin_browser, f"/users/{manager_id}/deactivate").status_code == 302
    assert not _opens_dashboard(app, copy)
    assert manager_browser.get("/").status_code == 302


def test_expired_csrf_token_rerenders_the_form_with_what_was_typed(app: Flask, client: FlaskClient) -> None:
    admin_email, _ = _org(app)
    app.config["WTF_CSRF_TIME_LIMIT"] = -1  # every token is already expired
    token = csrf_token(client, "/signin")
    response = client.post("/signin", data={"email": admin_email, "password": PASSWORD, "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "this form expired before it was sent" in html
    assert f'value="{admin_email}"' in html
    assert client.get("/").status_code == 302  # not signed in


def test_workers_sharing_redis_share_the_sign_in_limit(make_app: Any) -> None:
    """Two app processes (gunicorn workers) on one Redis see one limit, not one each."""
    import secrets

    import redis

    redis_url = "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(redis_url)
    try:
        client.ping()
    except redis.ConnectionError as error:
        raise AssertionError(f"Redis is not reachable on 127.0.0.1:6379 ({error}); .ci/run starts it") from None
    finally:
        client.close()
    # A key prefix of this run's own: counts left in Redis by other runs cannot interfere.
    settings = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(8)}",
                "SIGNIN_LIMIT_PER_ACCOUNT": "3 per minute"}
    workers = [make_app(**settings), make_app(**settings)]
    email = "target@acme.example"
    statuses = [sign_in(workers[n % 2].test_client(), email, "wrong password").status_code for n in range(5)]
    assert statuses == [422, 422, 422, 429, 429]
