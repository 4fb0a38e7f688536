"""Headers, cookies, request limits and error pages on every response."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.support import make_organisation, sign_in


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for url in ("/signin", "/", "/no-such-page", "/static/css/app.css"):
        with client.get(url) as response:
            headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp, url
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_flags(app: Flask) -> None:
    with app.app_context():
        _, admin, _ = make_organisation("Acme")
        email = admin.email
    plain = app.test_client()
    response = sign_in(plain, email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    secure = app.test_client()
    cookie = sign_in(secure, email, **{}).headers["Set-Cookie"]
    assert "Secure" in cookie


def test_https_requests_get_a_secure_cookie_behind_a_proxy(make_app: Any) -> None:
    app = make_app(TRUSTED_PROXIES=1)
    response = app.test_client().get("/signin", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_request_size_is_limited(app: Flask, client: FlaskClient) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/signin", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_error_pages_are_friendly(app: Flask, client: FlaskClient) -> None:
    not_found = client.get("/no-such-page")
    assert not_found.status_code == 404 and "Page not found" in not_found.get_data(as_text=True)
    not_allowed = client.delete("/signin")
    assert not_allowed.status_code == 405 and "not possible here" in not_allowed.get_data(as_text=True)


def test_an_unexpected_error_shows_no_stack_trace(app: Flask, client: FlaskClient) -> None:
    @app.get("/boom-for-test")
    def boom() -> str:
        raise RuntimeError("secret internal detail")

    app.testing = False  # as in production: the error is handled, not raised into the test
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom-for-test")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "secret internal detail" not in html and "Traceback" not in html
