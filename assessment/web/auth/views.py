"""Sign-in, sign-out and password change views."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response as BaseResponse

from ...db import db
from ...extensions import limiter
from ...services.accounts import AccountError, authenticate, change_password, end_all_sessions
from ...services.passwords import PasswordPolicyError
from ..forms import ActionForm, render_form
from . import bp
from .forms import ChangePasswordForm, SigninForm

SIGNIN_FAILED = "The e-mail or the password is not correct."


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: `next` never leads off the site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


def _submitted_email() -> str:
    return (request.form.get("email") or "").strip().lower() or "-"


def _signin_failed(response: Response) -> bool:
    return response.status_code != 302


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGNIN_LIMIT_PER_ADDRESS"],
    methods=["POST"], deduct_when=_signin_failed, scope="signin-address",
)
@limiter.limit(
    lambda: current_app.config["SIGNIN_LIMIT_PER_ACCOUNT"],
    key_func=_submitted_email, methods=["POST"], deduct_when=_signin_failed, scope="signin-account",
)
def signin() -> BaseResponse | tuple[str, int]:
    """Staff sign-in; failed attempts count against the address's and the account's limits."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.dashboard"))
    form = SigninForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a fresh session: no fixation, no leftovers from before sign-in
            login_user(user)
            session.permanent = True
            db.session.commit()
            return redirect(safe_next_url(form.next.data) or url_for("staff.dashboard"))
        form.password.errors.append(SIGNIN_FAILED)
    return render_form("auth/signin.html", form)


@bp.route("/signout", methods=["POST"])
@login_required
def signout() -> BaseResponse | tuple[str, int]:
    """Sign out everywhere: every copy of the session cookie stops working."""
    form = ActionForm()
    if not form.validate_on_submit():
        return render_form("auth/signout.html", form)
    end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.signin"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> BaseResponse | tuple[str, int]:
    """Change one's own password; the other sessions of the account end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except (AccountError, PasswordPolicyError) as error:
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # this session continues with the new version; copies die
            flash("Your password is changed. Other sessions of your account have ended.", "success")
            return redirect(url_for("staff.dashboard"))
    return render_form("auth/password.html", form)
