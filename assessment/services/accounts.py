"""Organisations and staff accounts: creation, sign-in, passwords, deactivation, sessions."""
from __future__ import annotations

from sqlalchemy import func, select

from ..db import db, utcnow
from ..models import Organisation, Role, User
from .passwords import check_password_policy, hash_password, password_matches


class AccountError(ValueError):
    """An account operation was refused; the message is fit to show to the person asking."""


def normalise_email(email: str) -> str:
    """E-mail addresses are compared without case or surrounding spaces."""
    return email.strip().lower()


def create_organisation(name: str) -> Organisation:
    """Create an organisation; names are unique so that the CLI can refer to them."""
    name = name.strip()
    if not name:
        raise AccountError("An organisation needs a name.")
    if db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower())):
        raise AccountError(f"An organisation named {name!r} already exists.")
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def find_organisation(name: str) -> Organisation | None:
    """The organisation with this name, whatever its case."""
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def create_user(
    organisation: Organisation, *, email: str, name: str, role: Role, password: str
) -> User:
    """Create a staff user; e-mails are unique across organisations because they sign in."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(f"A user with the e-mail {email} already exists.")
    check_password_policy(password)
    user = User(
        organisation=organisation,
        email=email,
        name=name.strip() or email,
        role=Role(role).value,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, else None (one answer for every failure)."""
    user = find_user_by_email(email)
    if not password_matches(user.password_hash if user else None, password):
        return None
    if user is None or not user.active:
        return None
    user.last_signed_in_at = utcnow()
    return user


def load_user_from_session(session_id: str) -> User | None:
    """The user a session belongs to, if the session has not been revoked since."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def end_all_sessions(user: User) -> None:
    """Revoke every session of the user: copies of old session cookies stop working."""
    user.session_version += 1


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change a user's own password, proving the current one; ends the user's other sessions."""
    if not password_matches(user.password_hash, current_password):
        raise AccountError("The current password is not correct.")
    check_password_policy(new_password)
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)


def deactivate_user(admin: User, user: User) -> None:
    """Deactivate a user of the admin's organisation and end all of that user's sessions."""
    _check_manageable(admin, user)
    user.active = False
    end_all_sessions(user)


def reactivate_user(admin: User, user: User) -> None:
    """Let a deactivated user of the admin's organisation sign in again."""
    _check_manageable(admin, user)
    user.active = True


def _check_manageable(admin: User, user: User) -> None:
    if user.organisation_id != admin.organisation_id:
        raise AccountError("No such user.")
    if user.id == admin.id:
        raise AccountError("You cannot change the status of your own account.")


def organisation_users(organisation_id: int) -> list[User]:
    """The staff of one organisation, admins first, then by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id == organisation_id)
            .order_by(User.role, User.name)
        )
    )


def find_organisation_user(organisation_id: int, user_id: int) -> User | None:
    """A user of this organisation by id; None for ids of other organisations."""
    return db.session.scalar(
        select(User).where(User.id == user_id, User.organisation_id == organisation_id)
    )
