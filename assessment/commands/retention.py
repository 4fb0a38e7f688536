"""`flask retention ...`: delete candidates' data once its retention period has passed."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..db import utcnow, write_transaction
from ..reports.cache import instance_report_cache
from ..services.retention import purge_expired_attempts

retention_cli = AppGroup("retention", help="Delete candidates' data once its retention period has passed.")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
def purge(dry_run: bool) -> None:
    """Delete the attempts of candidates who finished more than DATA_RETENTION_MONTHS months
    ago (or started then and never finished): answers, page times, results, report-access log
    rows and cached reports. Run it daily (docs/operations.md)."""
    months = current_app.config["DATA_RETENTION_MONTHS"]
    with write_transaction():  # a dry run writes nothing
        done = purge_expired_attempts(utcnow(), months, instance_report_cache(current_app.instance_path),
                                      dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} {done.attempts} attempt(s) finished before {done.cutoff:%Y-%m-%d %H:%M} UTC "
               f"({months} months ago; unfinished ones count from their start), with their answers "
               f"and {done.results} result(s), and {done.cached_reports} cached report file(s).")
