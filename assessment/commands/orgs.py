"""`flask orgs ...`: manage organisations (customers)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..db import db
from ..services.accounts import AccountError, create_organisation

orgs_cli = AppGroup("orgs", help="Manage organisations.")


@orgs_cli.command("create")
@click.argument("name")
def create(name: str) -> None:
    """Create the organisation NAME."""
    try:
        organisation = create_organisation(name)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created organisation {organisation.name!r} (id {organisation.id}).")
