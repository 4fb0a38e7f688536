"""Signed page tokens: the candidate forms' protection, checked without any cookie.

A token is signed with the app's secret over the attempt and the page, with a timestamp. The
attempt's own token in the URL is the candidate's credential; the page token adds that a post was
made from the page the server rendered for that attempt and page.
"""
from __future__ import annotations

from enum import Enum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

_SALT = "candidate-page"


class PageTokenCheck(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def sign_page(attempt_id: int, page_index: int) -> str:
    """The token to embed in the form of one page of one attempt."""
    return _serializer().dumps([attempt_id, page_index])


def check_page_token(token: str, attempt_id: int, page_index: int) -> PageTokenCheck:
    """Whether the token was made for this attempt and page, and is still within its time window."""
    serializer = _serializer()
    try:
        payload = serializer.loads(token, max_age=current_app.config["CANDIDATE_PAGE_TOKEN_MAX_AGE"])
    except SignatureExpired as expired:
        payload = serializer.load_payload(expired.payload)
        return PageTokenCheck.EXPIRED if payload == [attempt_id, page_index] else PageTokenCheck.INVALID
    except BadSignature:
        return PageTokenCheck.INVALID
    return PageTokenCheck.VALID if payload == [attempt_id, page_index] else PageTokenCheck.INVALID
