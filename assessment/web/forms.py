"""Helpers shared by the staff forms: CSRF failures re-render the form, never a bare 400."""
from __future__ import annotations

from typing import Any

from flask import render_template
from flask_wtf import FlaskForm

#: Shown instead of Flask-WTF's terse messages: says what happened and what to do.
CSRF_NOTICE = (
    "For your security this form expired before it was sent, so nothing was saved. "
    "Check what you entered and send it again."
)


class ActionForm(FlaskForm):
    """Only its CSRF token: for buttons that change state (sign out, close, deactivate...)."""


def csrf_failed(form: FlaskForm) -> bool:
    """Whether the last validation failed on the CSRF token (missing, expired or invalid)."""
    csrf_field = getattr(form, "csrf_token", None)
    return bool(csrf_field is not None and csrf_field.errors)


def render_form(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """Render a form page, with the status saying whether a submission was refused.

    400 for a CSRF failure, 422 for invalid input, 200 otherwise; the page always shows what was
    typed and why it was not accepted.
    """
    if csrf_failed(form):
        status = 400
    elif form.errors:
        status = 422
    else:
        status = 200
    return render_template(template, form=form, csrf_notice=CSRF_NOTICE if status == 400 else None, **context), status
