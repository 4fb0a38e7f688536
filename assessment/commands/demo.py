"""`flask demo`: load the demo data and say how to use it."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import write_transaction
from ..services.banks import bank_catalog
from ..services.campaigns import candidate_url
from ..services.demo import load_demo_data
from ..services.demo_candidates import add_demo_candidates


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the demo organisation, accounts, campaigns and scored candidates (safe to run again)."""
    if current_app.config["ASSESSMENT_ENV"] == "production":
        raise click.ClickException("The demo data has published passwords: it is not loaded in production.")
    catalog = bank_catalog()
    available = {bank.id: {benchmark.id for benchmark in bank.benchmarks} for bank in catalog.banks.values()}
    with write_transaction():  # the candidates are scored once it commits
        demo = load_demo_data(available)
        added = sum(add_demo_candidates(campaign, catalog.get(campaign.bank_id), first=n == 0)
                    for n, campaign in enumerate(demo.campaigns))
    base_url = current_app.config["ASSESSMENT_BASE_URL"]
    click.echo(f"Staff sign-in: {base_url}/signin")
    for account in demo.accounts:
        click.echo(f"  {account.role:<8} {account.email}  password: {account.password}")
    click.echo("Candidate links:")
    for campaign in demo.campaigns:
        click.echo(f"  {campaign.job_title}: {candidate_url(campaign, base_url)}")
    if not demo.campaigns:
        click.echo("  (none: no question bank with the demo benchmarks is installed)")
    if added:
        click.echo(f"Added {added} demo candidates who completed the assessment (answered by the simulation).")
