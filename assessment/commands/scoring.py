"""`flask scoring ...`: the scoring engine's commands on response files.

Each subcommand takes a bank (`--bank`, an id or a YAML file) and, where it reads answers, a
responses CSV (`--responses`, see `assessment.scoring.response_csv`); the shared option parsing
and loading helpers sit at the bottom of this module. Bad input ends in one error line and exit
status 1.
"""
from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..banks import Bank, BankValidationError, discover_bank_files, load_bank
from ..scoring.item_analysis import ItemAnalysis, ScaleAnalysis, item_analysis
from ..scoring.response_csv import ResponseFileError, Responses, read_responses

scoring_cli = AppGroup(
    "scoring",
    help="Score and analyse response data against a question bank (item analysis, ...).",
)

#: Bank ids are file stems; anything else is taken as a path.
_BANK_ID = re.compile(r"^[a-z][a-z0-9_]*$")

bank_option = click.option(
    "--bank", "bank_ref", required=True, metavar="FILE_OR_ID",
    help="A bank id from QUESTION_BANKS_DIR or the path of a bank YAML file.",
)
responses_option = click.option(
    "--responses", "responses_path", required=True, metavar="CSV",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Responses CSV: respondent_id, then one column per item id.",
)


@scoring_cli.command("item-analysis")
@bank_option
@responses_option
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def item_analysis_command(bank_ref: str, responses_path: Path, as_json: bool) -> None:
    """Classical item analysis: alpha, item-total r and alpha if deleted, per scale."""
    bank = load_bank_option(bank_ref)
    responses = read_responses_option(responses_path, bank)
    analysis = item_analysis(bank, responses.codes)
    if as_json:
        click.echo(json.dumps(analysis.as_dict(), indent=2))
    else:
        click.echo("\n".join(_item_analysis_lines(analysis)))


# --- text output of item-analysis -------------------------------------------------------------

def _item_analysis_lines(analysis: ItemAnalysis) -> list[str]:
    lines = [
        f"Item analysis of bank {analysis.bank_id} {analysis.bank_version}: "
        f"{analysis.n_respondents} respondent(s)",
        f"Missing data: {analysis.method}",
        f"Scale score: {analysis.scale_score}",
    ]
    for scale in analysis.scales:
        lines += ["", *_scale_lines(scale)]
    if analysis.not_analysed:
        lines += ["", "Not analysed:"]
        lines += [f"  {note}" for note in analysis.not_analysed]
    return lines


def _scale_lines(scale: ScaleAnalysis) -> list[str]:
    width = max(len("item"), *(len(item.item_id) for item in scale.items))
    lines = [
        f"{scale.name} ({scale.kind} {scale.scale_id}): {scale.n_items} item(s), "
        f"{scale.n_respondents} respondent(s)",
        f"  scale score mean {_number(scale.mean, 2)}, SD {_number(scale.sd, 2)}; "
        f"alpha {_number(scale.alpha, 3)}, standardised alpha {_number(scale.alpha_standardized, 3)}",
        f"  {'item':<{width}}  key   mean     SD  missing  item-rest r  alpha if deleted",
    ]
    for item in scale.items:
        lines.append(
            f"  {item.item_id:<{width}}  {item.key:<3} {_number(item.mean, 2):>6} "
            f"{_number(item.sd, 2):>6} {_number(item.missing_rate, 3):>8} "
            f"{_number(item.item_rest_r, 3):>12} {_number(item.alpha_if_deleted, 3):>17}"
        )
    lines += [f"  note: {note}" for note in scale.notes]
    return lines


def _number(value: float, decimals: int) -> str:
    return "n/a" if math.isnan(value) else f"{value:.{decimals}f}"


# --- shared input handling for the scoring commands --------------------------------------------

def load_bank_option(reference: str) -> Bank:
    """The bank named by --bank: an id in QUESTION_BANKS_DIR, else the path of a YAML file."""
    directory = Path(current_app.config["QUESTION_BANKS_DIR"])
    path = directory / f"{reference}.yaml"
    if not (_BANK_ID.match(reference) and path.is_file()):
        path = Path(reference)
        if not path.is_file():
            known = ", ".join(p.stem for p in discover_bank_files(directory)) or "none"
            raise click.ClickException(
                f"no bank '{reference}': neither a bank id in {directory} (available: {known}) "
                "nor a bank file"
            )
    try:
        return load_bank(path)
    except BankValidationError as error:
        first = error.problems[0] if error.problems else "unknown problem"
        more = f" (and {len(error.problems) - 1} more; see `flask bank lint {path}`)" \
            if len(error.problems) > 1 else ""
        raise click.ClickException(f"bank {path} failed validation: {first}{more}") from None


def read_responses_option(path: Path, bank: Bank) -> Responses:
    """The responses CSV named by --responses, checked against ``bank``."""
    try:
        return read_responses(path, bank)
    except ResponseFileError as error:
        raise click.ClickException(str(error)) from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{path}: not a UTF-8 text (CSV) file") from None
    except csv.Error as error:
        raise click.ClickException(f"{path}: not a readable CSV file ({error})") from None
