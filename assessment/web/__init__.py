"""The web layer: one blueprint per audience, plus the rules every response follows."""
from __future__ import annotations

from flask import Flask

from ..extensions import login_manager
from ..models import User
from ..reports.wording import recommendation_label
from ..services.accounts import load_user_from_session
from .auth import bp as auth_bp
from .candidate import bp as candidate_bp
from .errors import register_error_handlers
from .forms import ActionForm
from .security import register_security
from .staff import bp as staff_bp


def register_web(app: Flask) -> None:
    """Register the blueprints, the error pages and the security headers."""
    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(candidate_bp)
    register_error_handlers(app)
    register_security(app)
    # Templates make the one-button forms (sign out, close, deactivate) they need.
    app.jinja_env.globals["new_action_form"] = ActionForm
    # Pages that list Result rows word their recommendation codes (assessment/reports/wording.py).
    app.jinja_env.filters["recommendation_label"] = recommendation_label


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    return load_user_from_session(session_id)
