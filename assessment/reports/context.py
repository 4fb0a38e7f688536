"""The report's content as plain data: a worded result plus the facts of the attempt.

The PDF template reads only what `build_report_context` returns: strings, numbers, lists and
frozen dataclasses (the result as `wording.describe` words it), never database rows. The web layer
turns its rows into `CandidateFacts` and `NormFacts` at the boundary.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from ..scoring.model import ScoringModel
from ..scoring.verdicts import FLAG_NAMES, NOT_RECOMMENDED_BELOW_FIT, RECOMMEND_FROM_FIT
from .wording import (
    COACHING_PHASES,
    READINGS,
    VALIDITY_CHECKS,
    DescribedCompetency,
    DescribedFinding,
    DescribedFlag,
    DescribedProfile,
    day_90_review,
)

__all__ = ["CandidateFacts", "CoachingPhase", "CompetencyRow", "NormFacts", "ReportContext", "ValidityCheck",
           "WeaknessPage", "build_report_context"]


@dataclass(frozen=True)
class CandidateFacts:
    """Who was assessed for which job, as plain text (dates already formatted)."""

    name: str
    email: str
    job_title: str
    location: str | None
    organisation: str
    completed_on: str | None


@dataclass(frozen=True)
class NormFacts:
    """The norm group of the scoring model that scored the result (when still installed)."""

    model_version: str
    sample_size: int
    source: str  # "simulated" or "collected"
    description: str
    alphas: Mapping[str, float]  # coefficient alpha by scale id

    @classmethod
    def of_model(cls, model: ScoringModel) -> NormFacts:
        """The facts of the model a result was scored with; the app and the benchmark both use it."""
        return cls(model_version=model.version, sample_size=model.sample.size, source=model.sample.source,
                   description=model.sample.description,
                   alphas={scale: norm.alpha for scale, norm in model.scales.items()})


@dataclass(frozen=True)
class CoachingPhase:
    """One phase of a weakness's 90-day coaching plan: its days, its focus and its actions."""

    days: str
    focus: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class WeaknessPage:
    """One weakness with its competency row (for the chart) and its 90-day coaching plan."""

    number: int
    weakness: DescribedFinding
    competency: DescribedCompetency | None
    plan: tuple[CoachingPhase, ...]


@dataclass(frozen=True)
class CompetencyRow(DescribedCompetency):
    """A row of the competency table: the competency and how it reads for the job (a `READINGS` code
    and its words)."""

    reading: str
    reading_label: str


@dataclass(frozen=True)
class ValidityCheck:
    """One response-validity check as the report lists it: what it looks at and what it found."""

    name: str
    checks: str
    found: str | None  # the flag's evidence, or None when nothing unusual was found
    level: str | None


@dataclass(frozen=True)
class ReportContext:
    """Everything `templates/report/report.html` shows."""

    title: str
    author: str
    candidate: CandidateFacts
    first_name: str
    profile: DescribedProfile
    competency_rows: tuple[CompetencyRow, ...]
    verdict_meaning: str
    weakness_pages: tuple[WeaknessPage, ...]
    validity_checks: tuple[ValidityCheck, ...]
    norms: NormFacts | None
    reliabilities: tuple[Mapping[str, Any], ...]
    recommend_from_fit: float = RECOMMEND_FROM_FIT
    not_recommended_below_fit: float = NOT_RECOMMENDED_BELOW_FIT

    def fingerprint(self) -> str:
        """A digest of the whole content: a cached PDF is reused only for identical content."""
        text = json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_report_context(profile: DescribedProfile, candidate: CandidateFacts,
                         norms: NormFacts | None) -> ReportContext:
    """The report of one worded result; `norms` is None when the scoring model is not installed.

    Raises ValueError when `norms` belongs to another scoring model than the profile's.
    """
    if norms is not None and norms.model_version != profile.model_version:
        raise ValueError(f"norms of {norms.model_version} cannot describe a result of {profile.model_version}")
    competencies = {c.id: c for c in profile.competencies}
    weaknesses = tuple(
        WeaknessPage(number=n, weakness=w, competency=competencies.get(w.competency_id),
                     plan=coaching_plan(w.coaching, w.name))
        for n, w in enumerate(profile.weaknesses, start=1)
    )
    job = candidate.job_title
    return ReportContext(
        title=f"Assessment report: {candidate.name}, {job}",
        author=candidate.organisation,
        candidate=candidate,
        first_name=(candidate.name.split() or [candidate.name])[0],
        profile=profile,
        competency_rows=competency_rows(profile),
        verdict_meaning=profile.verdict_meaning,
        weakness_pages=weaknesses,
        validity_checks=validity_checks(profile.validity_flags, profile.social_desirability_percentile),
        norms=norms,
        reliabilities=tuple(
            {"name": c.name, "answered": c.answered, "of": c.items, "sem": c.sem,
             "alpha": norms.alphas.get(c.id) if norms else None}
            for c in profile.competencies
        ),
    )


def competency_rows(profile: DescribedProfile) -> tuple[CompetencyRow, ...]:
    """The competency table: each competency with its importance and how it reads for the job.

    A weakness or strength is what the scoring engine named (beyond measurement error); any other
    competency either meets the requirement or falls short of it by less than its error ("close").
    """
    weak = {w.competency_id for w in profile.weaknesses}
    strong = {s.competency_id for s in profile.strengths}
    rows = []
    for c in profile.competencies:
        if not c.scored:
            reading = "not_scored"
        elif c.id in weak or c.id in strong:
            reading = "weakness" if c.id in weak else "strength"
        else:
            reading = "meets" if c.percentile >= c.required_percentile else "close"
        rows.append(CompetencyRow(**{f.name: getattr(c, f.name) for f in fields(c)}, reading=reading,
                                  reading_label=READINGS[reading]))
    return tuple(rows)


def coaching_plan(actions: Sequence[str], competency: str) -> tuple[CoachingPhase, ...]:
    """The bank's coaching actions in their order, spread over days 1-30, 31-60 and 61-90.

    Earlier phases take the extra actions (the bank lists what to start with first); the last
    phase always ends with the day-90 review, so even a short list makes a complete plan.
    """
    size, extra = divmod(len(actions), len(COACHING_PHASES))
    phases, start = [], 0
    for index, (days, focus) in enumerate(COACHING_PHASES):
        end = start + size + (1 if index < extra else 0)
        phases.append(CoachingPhase(days, focus, tuple(actions[start:end])))
        start = end
    last = phases[-1]
    phases[-1] = dataclasses.replace(last, actions=(*last.actions, day_90_review(competency)))
    return tuple(phases)


def validity_checks(flags: Sequence[DescribedFlag], desirability: float | None) -> tuple[ValidityCheck, ...]:
    """Every check that was run, in plain words, with what it found (its flag's evidence)."""
    found = {flag.name: flag for flag in flags}
    checks = []
    for name in FLAG_NAMES:
        title, checks_what = VALIDITY_CHECKS[name]
        flag = found.get(name)
        if name == "social_desirability" and desirability is not None and flag is None:
            checks_what = f"{checks_what} This candidate: percentile {desirability:.0f}."
        checks.append(ValidityCheck(title, checks_what, flag.evidence if flag else None,
                                    flag.level if flag else None))
    return tuple(checks)
