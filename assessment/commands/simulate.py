"""`flask scoring simulate`: write a simulated calibration sample for a bank.

The generating model is `assessment.scoring.simulation` (see docs/methodology.md, "The simulated
calibration sample"). Bad input ends in one error line and exit status 1.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..scoring.response_csv import write_responses
from ..scoring.simulation import simulate, write_truth
from .scoring import bank_option, load_bank_option, scoring_cli


@scoring_cli.command("simulate")
@bank_option
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
def simulate_command(bank_ref: str, n: int, seed: int, out_path: Path, truth_path: Path | None,
                     careless_share: float, faking_share: float) -> None:
    """Simulate responses to a bank from the documented model, with the truth behind them."""
    bank = load_bank_option(bank_ref)  # the ranges of n, seed and shares are checked by simulate
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

