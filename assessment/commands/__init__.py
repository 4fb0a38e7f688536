"""`flask --app assessment ...` commands, one module per topic, registered by the factory."""
from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Add every command group to the app's CLI."""
    from .bank import bank_cli
    from .demo import demo_command
    from .orgs import orgs_cli
    from .retention import retention_cli
    from . import scoring_runs, simulate  # noqa: F401  (they add their commands to the scoring group)
    from .scoring import scoring_cli
    from .users import users_cli

    for command in (orgs_cli, users_cli, demo_command, bank_cli, scoring_cli, retention_cli):
        app.cli.add_command(command)
