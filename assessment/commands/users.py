"""`flask users ...`: manage staff accounts."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..db import db
from ..models import Role
from ..services.accounts import AccountError, create_user, find_organisation
from ..services.passwords import PasswordPolicyError, check_password_policy

users_cli = AppGroup("users", help="Manage staff accounts.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    while True:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            check_password_policy(password)
        except PasswordPolicyError as error:
            click.echo(str(error), err=True)
        else:
            return password


@users_cli.command("create")
@click.option("--org", "org_name", required=True, help="Name of the user's organisation.")
@click.option("--email", required=True, help="The e-mail the user signs in with.")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--name", default="", help="Display name (defaults to the e-mail).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(org_name: str, email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a staff user; the password is prompted for unless --password-stdin is given."""
    organisation = find_organisation(org_name)
    if organisation is None:
        raise click.ClickException(f"No organisation named {org_name!r}. Create it with `flask orgs create`.")
    password = _read_password(password_stdin)
    try:
        user = create_user(organisation, email=email, name=name, role=Role(role), password=password)
    except (AccountError, PasswordPolicyError) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} in {organisation.name!r}.")
