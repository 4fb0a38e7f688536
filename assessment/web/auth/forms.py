"""Forms of the sign-in pages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ...services.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordPolicyError,
    check_password_policy,
)


class SigninForm(FlaskForm):
    """A staff member's e-mail and password, and where to go after signing in."""

    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    next = HiddenField()


def _meets_password_policy(_form: FlaskForm, field: PasswordField) -> None:
    try:
        check_password_policy(field.data or "")
    except PasswordPolicyError as error:
        raise ValidationError(str(error)) from None


def new_password_field(label: str) -> PasswordField:
    """A password field that enforces the length-only policy."""
    return PasswordField(
        label,
        validators=[DataRequired(), _meets_password_policy],
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A long passphrase is best.",
    )


class ChangePasswordForm(FlaskForm):
    """A new password, confirmed by the current one and typed twice."""

    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = new_password_field("New password")
    confirm_password = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The two new passwords differ.")],
    )
