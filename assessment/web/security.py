"""Security headers on every response, and the session cookie's Secure flag.

Written by hand rather than with an extension: the policy is a handful of fixed headers, and the
one dynamic part (which origins may frame a candidate page) is set by the candidate views through
`allow_framing_by`.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from flask import Flask, Request, Response, g, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin

_BASE_POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)


def allow_framing_by(origins: Iterable[str]) -> None:
    """Let the current response be framed by these origins (a campaign's careers sites)."""
    g.frame_ancestors = tuple(origins)


@lru_cache(maxsize=256)
def content_security_policy(frame_ancestors: tuple[str, ...]) -> str:
    """The CSP header value; framing is refused unless origins are named."""
    ancestors = " ".join(frame_ancestors) if frame_ancestors else "'none'"
    return "; ".join((*_BASE_POLICY, f"frame-ancestors {ancestors}"))


def _add_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = content_security_policy(
        g.get("frame_ancestors", ())
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the cookie marked Secure whenever served over HTTPS.

    Deployments behind a TLS-terminating proxy get this from X-Forwarded-Proto when
    ASSESSMENT_TRUSTED_PROXIES is set; SESSION_COOKIE_SECURE forces it everywhere.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured so, or when this request came over HTTPS."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """A new empty session when the request brings no session cookie, as every candidate
        request does, without building the signing serializer for nothing."""
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Nothing to do for a session never touched, as on every candidate request; Flask's own
        method would first work out every attribute of a cookie it then does not set."""
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


def register_security(app: Flask) -> None:
    """Add the security headers to every response and use the HTTPS-aware session cookie."""
    app.after_request(_add_headers)
    app.session_interface = HttpsAwareSessionInterface()
