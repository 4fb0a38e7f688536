"""Staff pages (admins and hiring managers): dashboard, campaigns, users. All need a session."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("staff", __name__)


@bp.before_request
@login_required
def _require_signin() -> None:
    """Every staff page needs a signed-in user, so a new route cannot be left open."""


from . import campaign_views, report_views, review_views, user_views  # noqa: E402,F401  (register the routes on `bp`)
