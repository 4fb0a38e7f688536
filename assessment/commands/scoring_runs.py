"""`flask scoring calibrate | score | rescore`: make scoring models and score with them."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import click
import numpy as np

from ..db import db
from ..scoring.calibration import calibrate
from ..scoring.model import ScoringModelError, load_scoring_model, save_scoring_model
from ..scoring.profile import ProfileBatch, Scorer
from ..scoring.verdicts import Recommendation, Verdict
from ..services.scoring import completed_attempts, score_attempt, scoring_model_path
from .scoring import bank_option, load_bank_option, read_responses_option, responses_option, scoring_cli


@scoring_cli.command("calibrate")
@bank_option
@responses_option
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The scoring model file (JSON) to write.")
@click.option("--source", type=click.Choice(["simulated", "collected"]), required=True,
              help="Where the responses come from; norms from simulated data are marked provisional.")
@click.option("--description", default="", help="What the sample is (stored in the model).")
def calibrate_command(bank_ref: str, responses_path: Path, out_path: Path, source: str, description: str) -> None:
    """Learn norms, reliabilities and validity thresholds from a responses CSV."""
    bank = load_bank_option(bank_ref)
    responses = read_responses_option(responses_path, bank)
    try:
        model = calibrate(bank, responses.codes, source=source,
                          description=description or f"{len(responses.codes)} respondents from {responses_path.name}")
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    save_scoring_model(model, out_path)
    lowest = min(model.scales.items(), key=lambda entry: entry[1].alpha)
    click.echo(f"Wrote {out_path}: model {model.version}, {model.sample.size} respondents, "
               f"{'provisional' if model.provisional else 'final'} norms; lowest alpha {lowest[1].alpha:.2f} ({lowest[0]}).")


@scoring_cli.command("score")
@bank_option
@click.option("--benchmark", "benchmark_id", required=True, help="The benchmark (job profile) to compare with.")
@responses_option
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the results: .csv (one row per respondent) or .json (full profiles, "
                   "as the app stores them: codes and numbers).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Scoring model file (default: the bank's current model in SCORING_MODELS_DIR).")
def score_command(bank_ref: str, benchmark_id: str, responses_path: Path, out_path: Path, model_path: Path | None) -> None:
    """Score a responses CSV in one batch."""
    bank = load_bank_option(bank_ref)
    if benchmark_id not in {b.id for b in bank.benchmarks}:
        raise click.ClickException(f"bank {bank.id} has no benchmark '{benchmark_id}' "
                                   f"(available: {', '.join(b.id for b in bank.benchmarks)})")
    if out_path.suffix not in {".csv", ".json"}:
        raise click.ClickException("--out must end in .csv or .json")
    responses = read_responses_option(responses_path, bank)
    try:
        scorer = Scorer(bank, load_scoring_model(model_path or scoring_model_path(bank.id)))
    except (ScoringModelError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    batch = scorer.score(responses.codes, benchmark_id)
    if out_path.suffix == ".json":
        profiles = [{"respondent_id": rid, **batch.profile(i).to_data()}
                    for i, rid in enumerate(responses.respondent_ids)]
        out_path.write_text(json.dumps(profiles, indent=1) + "\n", encoding="utf-8")
    else:
        _write_results_csv(out_path, responses.respondent_ids, batch)
    click.echo(f"Scored {len(batch)} respondents against {benchmark_id} with model {scorer.model.version}: {out_path}")


@scoring_cli.command("rescore")
@click.option("--campaign", "campaign_id", type=int, help="Only the attempts of this campaign.")
def rescore_command(campaign_id: int | None) -> None:
    """Score every completed attempt with its bank's current model (older results are kept)."""
    scored = failed = 0
    for attempt in completed_attempts(campaign_id):
        try:
            score_attempt(attempt)
        except Exception as error:  # report and go on: one bad attempt must not stop the rest
            db.session.rollback()
            failed += 1
            click.echo(f"attempt {attempt.id}: not scored: {error}", err=True)
        else:
            scored += 1
    click.echo(f"Scored {scored} completed attempt(s); {failed} could not be scored.")
    if failed:
        raise SystemExit(1)


def _write_results_csv(path: Path, respondent_ids: tuple[str, ...], batch: ProfileBatch) -> None:
    scorer = batch.scorer
    competencies = scorer.competency_ids
    header = ["respondent_id", "fit", "recommendation", "validity"]
    header += [f"{c}_{part}" for c in competencies for part in ("raw", "t", "percentile", "band_low", "band_high")]
    header += [f"motivator_{m}" for m in scorer.motivation_key.motivator_ids]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i, rid in enumerate(respondent_ids):
            profile_row = [rid, _cell(batch.fit[i]), Recommendation(int(batch.recommendation[i])).code,
                           Verdict(int(batch.verdict[i])).code]
            for c in range(len(competencies)):
                profile_row += [_cell(array[i, c]) for array in (batch.scales.raw, batch.scales.standard,
                                batch.scales.percentile, batch.scales.band_low, batch.scales.band_high)]
            profile_row += [_cell(value) for value in batch.motivators[i]]
            writer.writerow(profile_row)


def _cell(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.2f}"
