"""Sales skills assessment engine for hiring.

`create_app()` is the only way to get the Flask application: it reads the configuration, binds
the extensions and registers the blueprints and commands, and does nothing else (no network, no
migrations), so importing or creating the app is cheap and side-effect free. Its one check looks
for the library that keeps PDF rendering fast, and only logs a warning when it is missing.
Production servers load `assessment.wsgi:app`, which also calls `freeze_start_up_objects()`.
"""
from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .commands import register_commands
from .config import PROJECT_ROOT, check_production_safety, load_config
from .db import init_database
from .extensions import limiter, login_manager
from .reports.dependencies import warn_if_pdf_rendering_is_slow
from .web import register_web

__all__ = ["create_app", "freeze_start_up_objects"]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; `test_config` overrides the environment (tests use it)."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    load_config(app, test_config)
    check_production_safety(app)
    app.logger.setLevel(app.config["LOG_LEVEL"].upper())

    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

    init_database(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    register_web(app)
    register_commands(app)
    warn_if_pdf_rendering_is_slow(app.logger)
    return app


def freeze_start_up_objects() -> None:
    """Take everything alive now out of the cyclic garbage collector's walks (`gc.freeze()`).

    Once the app is built, the process holds about 200,000 objects (numpy, SciPy,
    WeasyPrint, the app) that live as long as it does. Every full collection walks them all again:
    a pause of 60-100 ms on this project's reference machine, which lands in whichever request
    happens to trigger it, most often a PDF render, the request that allocates most. Frozen, they
    are skipped. Reference counting still frees them; only cycles among them would never be
    collected, and start-up objects live until the process ends anyway. Collecting first keeps
    the garbage of start-up out of the frozen set.
    """
    gc.collect()
    gc.freeze()
