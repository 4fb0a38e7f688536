"""`flask scoring simulate`: write a simulated calibration sample for a bank.

The generating model is `assessment.scoring.simulation` (see docs/methodology.md, "The simulated
calibration sample"). Bad input ends in one error line and exit status 1.
"""
from __future__ import annotations

import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..banks import Bank, BankValidationError, discover_bank_files, load_bank
from ..scoring.response_csv import write_responses
from ..scoring.simulation import simulate, write_truth

#: Bank ids are file stems; anything else is taken as the path of a bank file.
_BANK_ID = re.compile(r"^[a-z][a-z0-9_]*$")

@click.command("simulate")
@click.option("--bank", "bank_ref", required=True, metavar="FILE_OR_ID",
              help="A bank id from QUESTION_BANKS_DIR or the path of a bank YAML file.")
@click.option("--n", "n", type=int, default=5000, show_default=True,
              help="Number of simulated respondents.")
@click.option("--seed", type=int, required=True,
              help="Random seed; the same seed and bank give the same files.")
@click.option("--out", "out_path", required=True, metavar="CSV",
              type=click.Path(dir_okay=False, path_type=Path), help="Responses CSV to write.")
@click.option("--truth", "truth_path", metavar="CSV", type=click.Path(dir_okay=False, path_type=Path),
              help="Generating values CSV to write [default: <out stem>.truth.csv beside --out].")
@click.option("--careless-share", type=float, default=0.05, show_default=True,
              help="Share of careless respondents (half random, half long strings).")
@click.option("--faking-share", type=float, default=0.10, show_default=True,
              help="Share of respondents who fake good on self-report items.")
@with_appcontext
def simulate_command(bank_ref: str, n: int, seed: int, out_path: Path, truth_path: Path | None,
                     careless_share: float, faking_share: float) -> None:
    """Simulate responses to a bank from the documented model, with the truth behind them."""
    bank = _load_bank(bank_ref)  # the ranges of n, seed and shares are checked by simulate
    truth_path = truth_path or out_path.with_name(f"{out_path.stem}.truth.csv")
    if truth_path.resolve() == out_path.resolve():
        raise click.ClickException("--truth and --out must be different files")
    for path in (out_path, truth_path):
        if not path.parent.is_dir():
            raise click.ClickException(f"cannot write {path}: folder {path.parent} does not exist")
    try:
        sample = simulate(bank, n, seed, careless_share=careless_share, faking_share=faking_share)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    try:
        write_responses(out_path, bank, sample.responses)
        write_truth(truth_path, sample.truth)
    except OSError as error:
        raise click.ClickException(f"cannot write {error.filename}: {error.strerror}") from None
    labels = sample.truth.labels
    click.echo(
        f"Wrote {n} simulated respondents to bank {bank.id} {bank.version} (seed {seed}; "
        f"{(labels == 'careless').sum()} careless, {(labels == 'faking').sum()} faking) "
        f"to {out_path}, truth to {truth_path}"
    )


def _load_bank(reference: str) -> Bank:
    """The bank named by an id in QUESTION_BANKS_DIR, or by the path of its YAML file."""
    if _BANK_ID.match(reference):
        directory = Path(current_app.config["QUESTION_BANKS_DIR"])
        path = directory / f"{reference}.yaml"
        if not path.is_file():
            known = ", ".join(p.stem for p in discover_bank_files(directory)) or "none"
            raise click.ClickException(f"no bank '{reference}' in {directory} (available: {known})")
    else:
        path = Path(reference)
        if not path.is_file():
            raise click.ClickException(f"no bank file {path}")
    try:
        return load_bank(path)
    except BankValidationError as error:
        first = str(error.problems[0]) if error.problems else "invalid"
        raise click.ClickException(f"bank {path} failed validation ({len(error.problems)} "
                                   f"problem(s); first: {first}); run `flask bank lint`") from None
