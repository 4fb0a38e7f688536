"""`flask bank ...`: check the question banks and see what one contains."""
from __future__ import annotations

import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..banks import Bank, BankValidationError, discover_bank_files, load_bank

bank_cli = AppGroup(
    "bank", help="Check the question banks (lint) and summarise one of them (show)."
)

#: Bank ids are file stems; anything else could name a file outside the banks folder.
_BANK_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@bank_cli.command("lint")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def lint(files: tuple[Path, ...]) -> None:
    """Check FILES (default: every bank in QUESTION_BANKS_DIR); exit 1 on any problem.

    Every problem is printed as file:line: where: message, so editors and CI logs can jump
    to it; a clean file gets a one-line summary.
    """
    paths = list(files) or discover_bank_files(_banks_dir())
    if not paths:
        raise click.ClickException(f"no question banks (*.yaml) in {_banks_dir()}")
    failed = 0
    for path in paths:
        try:
            bank = load_bank(path)
        except BankValidationError as error:
            failed += 1
            for problem in error.problems:
                click.echo(str(problem))
        else:
            counts = ", ".join(f"{n} {kind}" for kind, n in bank.item_counts_by_kind().items())
            click.echo(
                f"OK {path}: {bank.id} {bank.version}, {len(bank.items)} items ({counts}), "
                f"about {bank.estimated_minutes} min"
            )
    if failed:
        click.echo(f"{failed} of {len(paths)} bank file(s) failed validation.", err=True)
        click.get_current_context().exit(1)


@bank_cli.command("show")
@click.argument("bank_id")
def show(bank_id: str) -> None:
    """Summarise the bank BANK_ID: scales, item counts, time and benchmarks."""
    directory = _banks_dir()
    path = directory / f"{bank_id}.yaml"
    if not _BANK_ID.match(bank_id) or not path.is_file():
        known = ", ".join(p.stem for p in discover_bank_files(directory)) or "none"
        raise click.ClickException(f"no bank '{bank_id}' in {directory} (available: {known})")
    try:
        bank = load_bank(path)
    except BankValidationError as error:
        click.echo(str(error))
        raise click.ClickException(f"bank '{bank_id}' failed validation") from None
    for line in _describe(bank):
        click.echo(line)


def _describe(bank: Bank) -> list[str]:
    """The lines of `bank show`: what an author or reviewer checks before publishing a bank."""
    lines = [
        bank.title,
        f"  id {bank.id}, version {bank.version}, role: {bank.role}",
        f"  estimated time: {bank.estimated_minutes} minutes",
        f"  response format: {bank.response_format.points} points "
        f"({' / '.join(bank.response_format.labels)})",
        "",
        "Items by kind:",
    ]
    lines += [f"  {kind:<14} {n:>4}" for kind, n in bank.item_counts_by_kind().items()]
    lines += ["", "Scales (likert / sjt items):"]
    scales = [("competency", c.id, c.name) for c in bank.competencies]
    scales += [("validity", v.id, v.name) for v in bank.validity_scales]
    for kind, scale_id, name in scales:
        items = bank.items_for_scale(scale_id)
        likert = sum(item.kind == "likert" for item in items)
        sjt = len(items) - likert
        lines.append(f"  {kind:<10} {scale_id:<28} {likert:>3} / {sjt:<3} {name}")
    lines += ["", "Motivators (forced-choice statements):"]
    if not bank.motivators:
        lines.append("  none")
    for motivator in bank.motivators:
        count = sum(
            statement.motivator == motivator.id
            for item in bank.items_of_kind("forced_choice")
            for statement in item.statements
        )
        lines.append(f"  {motivator.id:<28} {count:>3}  {motivator.name}")
    lines += ["", "Benchmarks:"]
    for benchmark in bank.benchmarks:
        lines.append(f"  {benchmark.id}: {benchmark.name}")
        for requirement in benchmark.requirements:
            importance = f"{requirement.importance_label} ({requirement.importance})"
            lines.append(
                f"    {requirement.competency:<28} {importance:<14} "
                f"minimum percentile {requirement.minimum_percentile}"
            )
    return lines


def _banks_dir() -> Path:
    return Path(current_app.config["QUESTION_BANKS_DIR"])
