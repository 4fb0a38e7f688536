"""`flask --app assessment ...` commands, one module per topic, registered by the factory."""
from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Add every command group to the app's CLI."""
    from .bank import bank_cli
    from .demo import demo_command
    from .orgs import orgs_cli
    from . import scoring_runs  # noqa: F401  (adds its commands to the scoring group)
    from .scoring import scoring_cli
    from .simulate import simulate_command
    from .users import users_cli

    scoring_cli.add_command(simulate_command)

    for command in (orgs_cli, users_cli, demo_command, bank_cli, scoring_cli):
        app.cli.add_command(command)
