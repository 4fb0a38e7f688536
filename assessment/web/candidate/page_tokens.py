"""Signed page tokens: the candidate forms' protection, checked without any cookie.

A token is signed with the app's secret over the attempt, the page and the bank the page was
drawn from, with a timestamp. The attempt's own token in the URL is the candidate's credential;
the page token adds that a post was made from the page the server rendered for that attempt and
page. Because it names the bank and page, a posted page can be validated before any query.
"""
from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ...services.attempts import AttemptPage

_SALT = "candidate-page"


class PageTokenCheck(Enum):
    """What reading a question page's token found: valid, too old, or not ours."""
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


def _serializer() -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str) -> URLSafeTimedSerializer:
    """One serializer per key: building it derives the signing key, on every page otherwise."""
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def sign_page(page: AttemptPage) -> str:
    """The token to embed in the form of one page of one attempt."""
    return _serializer().dumps([page.attempt_id, page.page_index, page.bank_id])


def read_page_token(token: str) -> tuple[PageTokenCheck, AttemptPage | None]:
    """The page a token was signed for, and whether it is still within its time window.

    An expired token still names its page, so that the candidate can be told that the page was
    open too long rather than that it could not be verified.
    """
    serializer = _serializer()
    try:
        payload = serializer.loads(token, max_age=current_app.config["CANDIDATE_PAGE_TOKEN_MAX_AGE"])
        check = PageTokenCheck.VALID
    except SignatureExpired as expired:
        payload = serializer.load_payload(expired.payload)
        check = PageTokenCheck.EXPIRED
    except BadSignature:
        return PageTokenCheck.INVALID, None
    page = _signed_page(payload)
    return (check, page) if page is not None else (PageTokenCheck.INVALID, None)


def _signed_page(payload: Any) -> AttemptPage | None:
    """The payload as a page, or None for a token of another shape (signed by an older release)."""
    match payload:
        case [int(attempt_id), int(page_index), str(bank_id)]:
            return AttemptPage(attempt_id, page_index, bank_id)
    return None
