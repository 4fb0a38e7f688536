"""Access rules of the staff pages: admin-only views, and objects scoped to the organisation."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

from ...models import Campaign, User
from ...services.accounts import find_organisation_user
from ...services.campaigns import find_campaign

P = ParamSpec("P")
R = TypeVar("R")


def admin_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuse (403) a view to anyone but an admin."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def campaign_or_404(campaign_id: int) -> Campaign:
    """A campaign the signed-in user may see; any other id is simply not found."""
    return find_campaign(current_user, campaign_id) or abort(404)


def colleague_or_404(user_id: int) -> User:
    """A user of the signed-in user's organisation; any other id is simply not found."""
    return find_organisation_user(current_user.organisation_id, user_id) or abort(404)
