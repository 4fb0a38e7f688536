"""Friendly error pages: a person gets a page that says what happened, never a stack trace."""
from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

#: What each error means for the person who met it.
_MESSAGES = {
    400: ("The request could not be understood", "Something in what was sent was not valid. Go back, check the page and try again."),
    403: ("You do not have access to this page", "Your account does not allow this action. Ask an administrator of your organisation if you need it."),
    404: ("Page not found", "There is nothing at this address. The link may be mistyped, or what it pointed to is no longer available."),
    405: ("That action is not possible here", "This page does not accept that kind of request. Use the buttons and links on the site."),
    413: ("What you sent is too large", "The request was larger than the site accepts. Shorten the text and try again."),
    429: ("Too many attempts", "Please wait a few minutes before trying again."),
    500: ("Something went wrong on our side", "The error has been logged. Please try again in a moment."),
}


def _render(status: int) -> tuple[str, int]:
    title, message = _MESSAGES.get(status, _MESSAGES[500])
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _handle_http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    return _render(error.code if error.code in _MESSAGES else 500)


def register_error_handlers(app: Flask) -> None:
    """Render every HTTP error and every unexpected exception as a friendly page."""
    app.register_error_handler(HTTPException, _handle_http_error)

    # Flask has already logged the original exception when this handler runs.
    app.register_error_handler(InternalServerError, lambda _error: _render(500))
