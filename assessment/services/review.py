"""Reviewing a campaign's candidates: the table's rows, sorting, filtering and comparison.

Rows are plain data built from two queries (the campaign's attempts, then their current results),
so the table, the CSV export and the comparison read the same values and never touch the database
from a template.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..db import db
from ..models import Attempt, AttemptStatus, Campaign
from ..scoring.verdicts import Recommendation
from .campaigns import campaign_attempts
from .scoring import current_results

__all__ = [
    "FLAG_LABELS", "MAX_COMPARED", "MIN_COMPARED", "RECOMMENDATIONS", "SORT_KEYS", "STATUSES",
    "CandidateRow", "ComparedCompetency", "CompareError", "TableQuery", "candidate_rows", "candidates_csv",
    "compared_rows", "comparison_competencies", "table_rows",
]

#: The validity flags of a profile, named as a hiring manager reads them.
FLAG_LABELS = {
    "attention": "Attention checks missed",
    "speed": "Too fast",
    "longstring": "Repeated answers",
    "inconsistency": "Inconsistent",
    "careless_pattern": "Careless pattern",
    "social_desirability": "Overly favourable",
    "self_enhancement": "Self-enhancement",
}
#: Status filter values and their labels.
STATUSES = {"completed": "Completed", "in_progress": "In progress"}
#: Recommendation filter values (best first) and their labels; "pending" is completed but unscored.
RECOMMENDATIONS = {r.text: r.text.capitalize() for r in sorted(Recommendation, reverse=True)}
RECOMMENDATIONS["pending"] = "Scoring pending"
#: Sortable columns and the order a first click on their header gives.
SORT_KEYS = {"name": "asc", "completed": "desc", "fit": "desc", "recommendation": "desc"}
MIN_COMPARED, MAX_COMPARED = 2, 4
#: Text that spreadsheets read as a formula (or that hides one behind a tab or carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_RECOMMENDATION_RANK = {r.text: int(r) for r in Recommendation}


class CompareError(ValueError):
    """The candidates asked for cannot be compared; the message is fit to show to the user."""


@dataclass(frozen=True)
class CandidateRow:
    """One candidate of a campaign with the current result's headline values (None if unscored)."""

    attempt_id: int
    name: str
    email: str
    status: str
    furthest_page: int
    started_at: datetime
    completed_at: datetime | None
    profile: Mapping[str, Any] | None = None
    flags: tuple[str, ...] = field(default=())

    @property
    def scored(self) -> bool:
        return self.profile is not None

    @property
    def pending(self) -> bool:
        """Completed but not (yet) scored."""
        return self.status == AttemptStatus.COMPLETED and self.profile is None

    @property
    def fit(self) -> float | None:
        return self.profile["fit"] if self.profile else None

    @property
    def recommendation(self) -> str | None:
        return self.profile["recommendation"] if self.profile else None

    @property
    def validity_verdict(self) -> str | None:
        return self.profile["validity_verdict"] if self.profile else None

    @property
    def top_weakness(self) -> str | None:
        weaknesses = self.profile["weaknesses"] if self.profile else []
        return weaknesses[0]["name"] if weaknesses else None

    @property
    def top_motivator(self) -> str | None:
        motivators = self.profile["motivators"] if self.profile else []
        return motivators[0]["name"] if motivators else None


@dataclass(frozen=True)
class TableQuery:
    """How the table is filtered and sorted; unknown values fall back to the defaults."""

    status: str = ""
    recommendation: str = ""
    sort: str = "completed"
    order: str = "desc"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> TableQuery:
        """Read the query string, ignoring values the table does not offer."""
        sort = args.get("sort", "") if args.get("sort") in SORT_KEYS else cls.sort
        order = args.get("order", "")
        return cls(
            status=args.get("status", "") if args.get("status") in STATUSES else "",
            recommendation=args.get("recommendation", "") if args.get("recommendation") in RECOMMENDATIONS else "",
            sort=sort,
            order=order if order in ("asc", "desc") else SORT_KEYS[sort],
        )

    def args(self, **changes: str) -> dict[str, str]:
        """The query string's arguments with some changed, leaving out empty filters."""
        values = {"status": self.status, "recommendation": self.recommendation,
                  "sort": self.sort, "order": self.order, **changes}
        return {key: value for key, value in values.items() if value}

    def header_args(self, column: str) -> dict[str, str]:
        """The arguments of a column header's link: toggle the order of the sorted column."""
        if column == self.sort:
            return self.args(order="asc" if self.order == "desc" else "desc")
        return self.args(sort=column, order=SORT_KEYS[column])

    def aria_sort(self, column: str) -> str:
        return ("ascending" if self.order == "asc" else "descending") if column == self.sort else "none"


def candidate_rows(campaign: Campaign) -> list[CandidateRow]:
    """Every candidate of the campaign with their current result, in two queries."""
    attempts = campaign_attempts(campaign)
    results = current_results([attempt.id for attempt in attempts])
    return [_row(attempt, results[attempt.id].profile if attempt.id in results else None) for attempt in attempts]


def table_rows(rows: Iterable[CandidateRow], query: TableQuery) -> list[CandidateRow]:
    """The rows the query's filters keep, in its order; rows without the sorted value come last."""
    kept = [row for row in rows if _matches(row, query)]
    ordered = sorted(kept, key=lambda row: row.name.casefold())  # stable tie-break by name
    present = [row for row in ordered if _sort_value(row, query.sort) is not None]
    missing = [row for row in ordered if _sort_value(row, query.sort) is None]
    present.sort(key=lambda row: _sort_value(row, query.sort), reverse=query.order == "desc")
    return present + missing


def compared_rows(campaign: Campaign, attempt_ids: list[int]) -> list[CandidateRow]:
    """The scored candidates of the campaign to compare, in the order asked.

    Raises CompareError (shown to the user) for too few or too many candidates, candidates of
    another campaign of the organisation, or candidates without a result. Ids that are not
    attempts of the campaign's organisation raise LookupError, which the view answers with 404.
    """
    wanted = list(dict.fromkeys(attempt_ids))
    if not MIN_COMPARED <= len(wanted) <= MAX_COMPARED:
        raise CompareError(f"Choose between {MIN_COMPARED} and {MAX_COMPARED} candidates to compare "
                           f"({len(wanted)} chosen).")
    found = {attempt.id: attempt for attempt in db.session.scalars(
        select(Attempt).join(Campaign)
        .where(Attempt.id.in_(wanted), Campaign.organisation_id == campaign.organisation_id))}
    if len(found) != len(wanted):
        raise LookupError("an attempt of another organisation, or none")
    # Not named: the user may not be allowed to see the other campaign's candidates.
    if any(attempt.campaign_id != campaign.id for attempt in found.values()):
        raise CompareError("Only candidates of this campaign can be compared; some of those chosen "
                           "applied to another campaign.")
    results = current_results(wanted)
    unscored = [found[i].candidate_name for i in wanted if i not in results]
    if unscored:
        raise CompareError(f"Only scored candidates can be compared; no result yet for: {', '.join(unscored)}.")
    return [_row(found[i], results[i].profile) for i in wanted]


@dataclass(frozen=True)
class ComparedCompetency:
    """A competency with the job's requirement and each compared candidate's score (None: absent)."""

    name: str
    required_percentile: int
    scores: list[Mapping[str, Any] | None]


def comparison_competencies(rows: list[CandidateRow]) -> list[ComparedCompetency]:
    """The competencies of the first candidate's profile, each with every candidate's score."""
    if not rows or rows[0].profile is None:
        return []
    by_candidate = [{c["id"]: c for c in row.profile["competencies"]} if row.profile else {} for row in rows]
    return [ComparedCompetency(name=c["name"], required_percentile=c["required_percentile"],
                               scores=[scores.get(c["id"]) for scores in by_candidate])
            for c in rows[0].profile["competencies"]]


def candidates_csv(rows: list[CandidateRow]) -> str:
    """The rows as CSV text with every scale score, one column per value, for a spreadsheet.

    Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
    carriage return) get a leading apostrophe; numbers are written as numbers. The caller adds
    the UTF-8 byte-order mark that makes Excel read the file as UTF-8.
    """
    competencies = _columns(row.profile["competencies"] for row in rows if row.profile)
    motivators = _columns(row.profile["motivators"] for row in rows if row.profile)
    header = ["Name", "E-mail", "Status", "Started", "Completed", "Fit", "Recommendation", "Top weakness",
              "Top motivator", "Validity verdict", "Validity flags"]
    for name in competencies.values():
        header += [f"{name}: raw", f"{name}: T", f"{name}: percentile", f"{name}: band low",
                   f"{name}: band high", f"{name}: band"]
    header += ["Social desirability percentile"]
    header += [f"Motivator {name}: score" for name in motivators.values()]
    header += ["Bank", "Bank version", "Scoring model version"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in _csv_values(row, list(competencies), list(motivators))])
    return out.getvalue()


def _csv_values(row: CandidateRow, competency_ids: list[str], motivator_ids: list[str]) -> list[Any]:
    p = row.profile or {}
    values: list[Any] = [
        row.name, row.email, STATUSES.get(row.status, row.status), row.started_at.date().isoformat(),
        row.completed_at.date().isoformat() if row.completed_at else "", _round(row.fit, 1),
        row.recommendation or ("scoring pending" if row.pending else ""), row.top_weakness or "",
        row.top_motivator or "", row.validity_verdict or "", "; ".join(row.flags),
    ]
    scores = {c["id"]: c for c in p.get("competencies", [])}
    for cid in competency_ids:
        c = scores.get(cid, {})
        values += [_round(c.get("raw"), 3), _round(c.get("standard"), 1), _round(c.get("percentile"), 1),
                   _round(c.get("band_low"), 1), _round(c.get("band_high"), 1), c.get("band_label") or ""]
    values.append(_round(p.get("social_desirability_percentile"), 1))
    drives = {m["id"]: m for m in p.get("motivators", [])}
    values += [_round(drives.get(mid, {}).get("score"), 3) for mid in motivator_ids]
    values += [p.get("bank_id", ""), p.get("bank_version", ""), p.get("model_version", "")]
    return values


def _columns(scale_lists: Iterable[list[Mapping[str, Any]]]) -> dict[str, str]:
    """Scale ids and names in the order they first appear (profiles of one bank share them)."""
    columns: dict[str, str] = {}
    for scales in scale_lists:
        for scale in scales:
            columns.setdefault(scale["id"], scale["name"])
    return columns


def _round(value: float | None, digits: int) -> float | str:
    return "" if value is None else round(float(value), digits)


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _row(attempt: Attempt, profile: Mapping[str, Any] | None) -> CandidateRow:
    flags = tuple(FLAG_LABELS.get(flag["name"], flag["name"]) for flag in profile["validity_flags"]) if profile else ()
    return CandidateRow(
        attempt_id=attempt.id, name=attempt.candidate_name, email=attempt.candidate_email,
        status=attempt.status, furthest_page=attempt.furthest_page, started_at=attempt.started_at,
        completed_at=attempt.completed_at, profile=profile, flags=flags,
    )


def _matches(row: CandidateRow, query: TableQuery) -> bool:
    if query.status and row.status != query.status:
        return False
    if query.recommendation == "pending":
        return row.pending
    return not query.recommendation or row.recommendation == query.recommendation


def _sort_value(row: CandidateRow, key: str) -> Any:
    if key == "name":
        return row.name.casefold()
    if key == "completed":
        return row.completed_at
    if key == "fit":
        return row.fit
    if row.recommendation is None:
        return None
    # Within one recommendation, by fit (an unknown fit ranks lowest).
    return _RECOMMENDATION_RANK.get(row.recommendation, -1), -1.0 if row.fit is None else row.fit
