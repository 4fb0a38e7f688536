"""Flask extensions, created unbound here and bound to an app in `create_app`.

The database handle is not among them: it lives in `assessment.db`, which binds `migrate` too,
so the import goes one way, db -> extensions.
"""
from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate

__all__ = ["limiter", "login_manager", "migrate"]

login_manager = LoginManager()
login_manager.login_view = "auth.signin"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"

#: No default limits: limits are declared on the routes that need them (sign-in).
limiter = Limiter(key_func=get_remote_address)

migrate = Migrate()
