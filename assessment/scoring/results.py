"""A respondent's profile as plain data: what the web pages, the reports and JSON output read."""
from __future__ import annotations

from dataclasses import dataclass, field

from .verdicts import Flag

__all__ = ["CompetencyResult", "Flag", "MotivatorResult", "Profile", "StrengthOrWeakness"]


@dataclass(frozen=True)
class CompetencyResult:
    id: str
    name: str
    scored: bool
    raw: float | None
    standard: float | None
    percentile: float | None
    sem: float | None
    band_low: float | None
    band_high: float | None
    band_label: str | None
    answered: int
    items: int
    required_percentile: int
    importance: int


@dataclass(frozen=True)
class StrengthOrWeakness:
    """A competency that falls short of (or clearly exceeds) the job's requirement."""

    competency_id: str
    name: str
    definition: str
    percentile: float
    required_percentile: int
    importance: int
    importance_label: str
    rationale: str
    gap: float  # in norm-group standard deviations, importance-weighted for ranking
    coaching: tuple[str, ...] = ()
    interview_questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class MotivatorResult:
    id: str
    name: str
    description: str
    score: float | None  # ipsative, -1..1
    rank: int
    management_tips: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """One respondent's profile against one benchmark."""

    bank_id: str
    bank_version: str
    model_version: str
    provisional_norms: bool
    benchmark_id: str
    benchmark_name: str
    competencies: list[CompetencyResult]
    weaknesses: list[StrengthOrWeakness]
    strengths: list[StrengthOrWeakness]
    motivators: list[MotivatorResult]
    social_desirability_percentile: float | None
    validity_verdict: str
    validity_flags: list[Flag]
    fit: float | None
    recommendation: str
    reasons: list[str] = field(default_factory=list)

    @property
    def top_motivators(self) -> list[MotivatorResult]:
        return self.motivators[:3]

    @property
    def bottom_motivators(self) -> list[MotivatorResult]:
        return self.motivators[-2:]
