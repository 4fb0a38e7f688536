"""Demo candidates: completed attempts answered by the simulation and scored by the real engine.

A newcomer then sees populated campaigns and real profiles at once. The respondents are chosen
from a simulated sample by their generating values, so the profiles differ in a known way: a
strong candidate, an average one, one with clear weaknesses, and in the first campaign one
careless and one faking respondent.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import update

from ..banks import Bank
from ..db import db, utcnow
from ..models import Attempt, Campaign, PageVisit
from ..scoring.encoding import decode
from ..scoring.simulation import simulate
from .attempts import AttemptAlreadyStarted, AttemptPage, finish_attempt, save_page, start_attempt
from .banks import bank_pages
from .scoring import ScoringUnavailable, score_attempt

#: The simulated sample the demo candidates are picked from (fixed: the same demo every time).
DEMO_SEED = 4242
DEMO_SAMPLE = 400
#: Seconds a demo candidate spends per item: a plausible, unhurried pace.
SECONDS_PER_ITEM = 7

#: (name, kind of respondent to pick) for every demo campaign, and extra ones for the first.
EVERY_CAMPAIGN = (("Jordan Rivera", "strong"), ("Sam Okafor", "average"), ("Alex Kim", "weak"))
FIRST_CAMPAIGN_ONLY = (("Taylor Nguyen", "careless"), ("Casey Morgan", "faking"))


@dataclass(frozen=True)
class DemoCandidate:
    """A simulated demo candidate: who, and which kind of answering the simulation gives them."""

    name: str
    email: str
    kind: str


def demo_candidates(first: bool) -> list[DemoCandidate]:
    """The candidates of a demo campaign (the first campaign also gets the two invalid ones)."""
    people = EVERY_CAMPAIGN + (FIRST_CAMPAIGN_ONLY if first else ())
    return [DemoCandidate(name, name.lower().replace(" ", ".") + "@candidate.example", kind) for name, kind in people]


def add_demo_candidates(campaign: Campaign, bank: Bank, first: bool) -> int:
    """Add the missing demo candidates to a campaign, completed and scored; returns how many."""
    sample = simulate(bank, DEMO_SAMPLE, DEMO_SEED)
    answers = decode(bank, sample.responses.codes)
    added = 0
    for candidate in demo_candidates(first):
        try:
            attempt, token = start_attempt(campaign, bank, name=candidate.name, email=candidate.email)
        except AttemptAlreadyStarted:
            continue
        _answer_every_page(token, attempt.id, bank, answers[_pick(sample, candidate.kind)])
        finish_attempt(attempt.id)
        db.session.commit()
        try:
            score_attempt(db.session.get(Attempt, attempt.id))
        except ScoringUnavailable:
            db.session.rollback()  # stays completed and "scoring pending", as in production
        added += 1
    return added


def _pick(sample: object, kind: str) -> int:
    """The respondent of the sample who best fits a kind of demo candidate."""
    labels = np.asarray(sample.truth.labels)
    level = sample.truth.competencies.mean(axis=1)
    if kind == "careless":
        return int(np.flatnonzero(labels == kind)[0])
    if kind == "faking":  # the faker who inflates the most: the clearest example to show
        fakers = np.flatnonzero(labels == kind)
        return int(fakers[np.argmax(sample.truth.social_desirability[fakers])])
    attentive = np.flatnonzero(labels == "attentive")
    order = attentive[np.argsort(level[attentive])]
    return int({"strong": order[-1], "average": order[len(order) // 2], "weak": order[0]}[kind])


def _answer_every_page(token: str, attempt_id: int, bank: Bank, answers: dict[str, str]) -> None:
    """Save every page as the candidate flow does, with plausible times on each page."""
    pages = bank_pages(bank)
    started = utcnow() - timedelta(seconds=SECONDS_PER_ITEM * len(bank.items))
    clock = started
    for index, page in enumerate(pages):
        save_page(db.session.connection(), token, AttemptPage(attempt_id, index, bank.id),
                  {i: answers[i] for i in page.item_ids if answers.get(i)}, date.today())
        shown, clock = clock, clock + timedelta(seconds=SECONDS_PER_ITEM * len(page.item_ids))
        db.session.execute(update(PageVisit)
                           .where(PageVisit.attempt_id == attempt_id, PageVisit.page_index == index)
                           .values(first_shown_at=shown, submitted_at=clock))
    db.session.execute(update(Attempt).where(Attempt.id == attempt_id)
                       .values(started_at=started, furthest_page=len(pages) - 1))
