"""A scored result as data: codes and numbers under a schema version, never words.

Every reader of a result (the review pages, the CSV export, the comparison, the PDF report, the
JSON output of `flask scoring score`) goes through `Profile`. What it stores is what the scoring
decided: outcome codes (`verdicts.Coded` slugs), scores, bands and ranks, and each validity flag's
figures. Names, advice and sentences are added when a result is shown: the bank's texts by id, and
the words in `assessment.reports.wording`, so that rewording never changes a stored result.

`Profile.to_data()` is the JSON-able form the database keeps; `Profile.from_data()` reads it back
and refuses any other schema version (migrations convert older results).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .verdicts import FLAG_LEVELS, FLAG_NAMES, BandLabel, Recommendation, Verdict

__all__ = ["SCHEMA_VERSION", "CompetencyScore", "Finding", "Flag", "MotivatorScore", "Profile", "ResultDataError"]

#: The version of the stored form; a change to it comes with a migration of stored results.
SCHEMA_VERSION = 2


class ResultDataError(ValueError):
    """Stored data that is not a result of this schema version."""


@dataclass(frozen=True)
class CompetencyScore:
    """One competency's scores (raw 0-100, T, percentile with its 90% band) and the job's requirement."""

    id: str
    scored: bool
    raw: float | None
    standard: float | None
    percentile: float | None
    sem: float | None
    band_low: float | None
    band_high: float | None
    band: BandLabel
    answered: int
    items: int
    required_percentile: int
    importance: int


@dataclass(frozen=True)
class Finding:
    """A competency that falls short of (or clearly exceeds) the job's requirement."""

    competency_id: str
    percentile: float
    required_percentile: int
    importance: int
    gap: float  # in norm-group standard deviations, importance-weighted for ranking


@dataclass(frozen=True)
class MotivatorScore:
    """A motivator's ipsative score (-1..1) and its rank among the respondent's motivators (1: strongest)."""

    id: str
    score: float | None  # ipsative, -1..1
    rank: int


@dataclass(frozen=True)
class Flag:
    """A validity concern: which check (a `FLAG_NAMES` entry), how serious, and its evidence's figures.

    The figures by flag: attention `failures`, `answered`; speed `seconds_per_item`, `threshold`;
    longstring `run`, `threshold`; inconsistency `difference`, `threshold`; social_desirability
    `percentile`; careless_pattern and self_enhancement none.
    """

    name: str
    level: str  # a `FLAG_LEVELS` value: "caution" or "severe"
    figures: Mapping[str, float]


@dataclass(frozen=True)
class Profile:
    """One respondent's result against one benchmark of one bank."""

    bank_id: str
    bank_version: str
    model_version: str
    provisional_norms: bool
    benchmark_id: str
    competencies: tuple[CompetencyScore, ...]
    weaknesses: tuple[Finding, ...]  # most important first
    strengths: tuple[Finding, ...]  # clearest first
    motivators: tuple[MotivatorScore, ...]  # strongest first
    social_desirability_percentile: float | None
    verdict: Verdict
    validity_flags: tuple[Flag, ...]
    fit: float | None
    recommendation: Recommendation

    def competency(self, competency_id: str) -> CompetencyScore | None:
        """The scores of one competency, or None if the result has none for it."""
        return next((c for c in self.competencies if c.id == competency_id), None)

    def to_data(self) -> dict[str, Any]:
        """The result as JSON-able data: codes as slugs, numbers as numbers, with the schema version."""
        data = asdict(self)
        data["verdict"], data["recommendation"] = self.verdict.code, self.recommendation.code
        for stored, competency in zip(data["competencies"], self.competencies):
            stored["band"] = competency.band.code
        return {"schema_version": SCHEMA_VERSION, **data}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Profile:
        """A result from `to_data`'s form; ResultDataError for another schema version or bad data."""
        version = data.get("schema_version") if isinstance(data, Mapping) else None
        if version != SCHEMA_VERSION:
            raise ResultDataError(f"a result of schema version {version!r}, not {SCHEMA_VERSION}")
        try:
            return cls(
                bank_id=data["bank_id"], bank_version=data["bank_version"], model_version=data["model_version"],
                provisional_norms=bool(data["provisional_norms"]), benchmark_id=data["benchmark_id"],
                competencies=tuple(CompetencyScore(**{**c, "band": BandLabel.of_code(c["band"])})
                                   for c in data["competencies"]),
                weaknesses=tuple(Finding(**w) for w in data["weaknesses"]),
                strengths=tuple(Finding(**s) for s in data["strengths"]),
                motivators=tuple(MotivatorScore(**m) for m in data["motivators"]),
                social_desirability_percentile=data["social_desirability_percentile"],
                verdict=Verdict.of_code(data["verdict"]),
                validity_flags=tuple(_flag(f) for f in data["validity_flags"]),
                fit=data["fit"],
                recommendation=Recommendation.of_code(data["recommendation"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ResultDataError(f"not a result of schema version {SCHEMA_VERSION}: {error!r}") from None


def _flag(data: Mapping[str, Any]) -> Flag:
    if data["name"] not in FLAG_NAMES or data["level"] not in FLAG_LEVELS.values():
        raise ValueError(f"unknown flag {data['name']!r} or level {data['level']!r}")
    return Flag(name=data["name"], level=data["level"], figures=dict(data["figures"]))
