"""User management pages (admins only)."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ...db import db
from ...models import Role, User
from ...services.accounts import (
    AccountError,
    create_user,
    deactivate_user,
    organisation_users,
    reactivate_user,
)
from ...services.passwords import PasswordPolicyError
from ..forms import ActionForm, render_form
from . import bp
from .access import admin_required, colleague_or_404
from .forms import UserForm


@bp.route("/users")
@admin_required
def users() -> str:
    """The organisation's staff users (admins)."""
    return render_template(
        "staff/users.html",
        users=organisation_users(current_user.organisation_id),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user() -> Response | tuple[str, int]:
    """Create a staff user (admins)."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            create_user(
                current_user.organisation,
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                password=form.password.data,
            )
        except AccountError as error:
            form.email.errors.append(str(error))
        except PasswordPolicyError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Account created for {form.email.data}. Give them their initial password in person or by phone.", "success")
            return redirect(url_for("staff.users"))
    return render_form("staff/user_form.html", form)


def _change_status(user_id: int, operation: Callable[[User, User], None], done: str) -> Response | tuple[str, int]:
    colleague = colleague_or_404(user_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return render_form("staff/users.html", form, users=organisation_users(current_user.organisation_id))
    try:
        operation(current_user, colleague)
    except AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("staff.users"))
    db.session.commit()
    flash(done.format(email=colleague.email), "success")
    return redirect(url_for("staff.users"))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def deactivate(user_id: int) -> Response | tuple[str, int]:
    """Deactivate a user: their sessions end and they can no longer sign in."""
    return _change_status(user_id, deactivate_user, "{email} is deactivated and signed out everywhere.")


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@admin_required
def reactivate(user_id: int) -> Response | tuple[str, int]:
    """Let a deactivated user sign in again."""
    return _change_status(user_id, reactivate_user, "{email} can sign in again.")
