"""Scoring completed attempts with the current scoring model of their bank, and keeping results.

The scoring engine (`assessment.scoring`) is pure; this module is its boundary with the database:
it turns stored answers and page times into arrays and stores the profile (`Profile.to_data()`:
codes and numbers, no words) with the bank and model versions that produced it. Scoring never
holds a write transaction: the profile is computed first, then stored in a short write
transaction of its own.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, update

from ..banks import Bank
from ..db import db, end_reads_and_begin_writing
from ..models import Attempt, AttemptStatus, PageVisit, Result
from ..scoring.model import ScoringModel, load_scoring_model
from ..scoring.profile import Scorer
from .attempts import saved_answers
from .banks import bank_catalog


class ScoringUnavailable(RuntimeError):
    """No usable scoring model for the attempt's bank; the attempt stays 'scoring pending'."""


def scoring_model_path(bank_id: str) -> Path:
    """The current scoring model of a bank: `<SCORING_MODELS_DIR>/<bank id>.json`."""
    return Path(current_app.config["SCORING_MODELS_DIR"]) / f"{bank_id}.json"


def current_scoring_model(bank_id: str) -> ScoringModel:
    """The current scoring model of a bank, read once and again only when its file changes.

    Scoring and every report download need it; parsing and validating the JSON each time would
    repeat the same work on every request.
    """
    path = scoring_model_path(bank_id)
    try:
        modified_ns = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ScoringUnavailable(f"no scoring model for bank {bank_id} at {path}") from None
    return _read_scoring_model(path, modified_ns)


@lru_cache(maxsize=32)
def _read_scoring_model(path: Path, modified_ns: int) -> ScoringModel:
    """Cached by modification time too, so that a replaced model file is read anew."""
    return load_scoring_model(path)


def current_scorer(bank: Bank) -> Scorer:
    """A scorer for the bank with its current model (built again only when the model changes)."""
    model = current_scoring_model(bank.id)
    key = (bank.id, bank.version)
    scorer = _scorers.get(key)
    if scorer is None or scorer.model is not model:
        scorer = _scorers[key] = Scorer(bank, model)
    return scorer


#: Scorers by bank id and version (building one prepares the model's tables).
_scorers: dict[tuple[str, str], Scorer] = {}


def seconds_per_item(attempt: Attempt, items: int) -> float | None:
    """Time on the pages (first shown to last submitted) per item answered, or None if unknown."""
    visits = db.session.scalars(select(PageVisit).where(PageVisit.attempt_id == attempt.id)).all()
    seconds = sum((v.submitted_at - v.first_shown_at).total_seconds() for v in visits if v.submitted_at)
    return seconds / items if seconds > 0 and items else None


def score_attempt(attempt: Attempt) -> Result:
    """Score a completed attempt and store the result as its current one (older ones are kept)."""
    bank = bank_catalog().get(attempt.bank_id)
    if bank.version != attempt.bank_version:
        raise ScoringUnavailable(f"attempt {attempt.id} was taken on {attempt.bank_id} {attempt.bank_version}, "
                                 f"but {bank.version} is installed")
    scorer = current_scorer(bank)
    answers = saved_answers(attempt.id)
    profile = scorer.score_answers(answers, attempt.campaign.benchmark_id, seconds_per_item(attempt, len(answers)))
    end_reads_and_begin_writing()
    db.session.execute(update(Result).where(Result.attempt_id == attempt.id).values(is_current=False))
    result = Result(
        attempt_id=attempt.id, bank_version=profile.bank_version, model_version=profile.model_version,
        benchmark_id=profile.benchmark_id, fit=profile.fit, recommendation=profile.recommendation.code,
        validity_verdict=profile.verdict.code, profile=profile.to_data(),
    )
    db.session.add(result)
    db.session.commit()
    return result


def score_after_finishing(attempt_id: int) -> None:
    """Score an attempt that has just been completed; a failure is logged and loses nothing."""
    attempt = db.session.get(Attempt, attempt_id)
    try:
        score_attempt(attempt)
    except ScoringUnavailable as error:
        db.session.rollback()
        current_app.logger.warning("Attempt %s left unscored: %s", attempt_id, error)
    except Exception:  # the answers are committed; staff see "scoring pending" and can rescore
        db.session.rollback()
        current_app.logger.exception("Scoring attempt %s failed; it stays completed and unscored", attempt_id)


def completed_attempts(campaign_id: int | None = None) -> list[Attempt]:
    """Completed attempts, of one campaign or of all, oldest first."""
    query = select(Attempt).where(Attempt.status == AttemptStatus.COMPLETED)
    if campaign_id is not None:
        query = query.where(Attempt.campaign_id == campaign_id)
    return list(db.session.scalars(query.order_by(Attempt.id)))


def has_result(attempt: Attempt) -> bool:
    """Whether the attempt has been scored at least once."""
    return db.session.scalar(select(func.count()).where(Result.attempt_id == attempt.id)) > 0


def current_results(attempt_ids: list[int]) -> dict[int, Result]:
    """The current result of each scored attempt among these, by attempt id."""
    if not attempt_ids:
        return {}
    rows = db.session.scalars(select(Result).where(Result.attempt_id.in_(attempt_ids), Result.is_current))
    return {result.attempt_id: result for result in rows}
