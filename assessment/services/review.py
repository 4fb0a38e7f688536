"""Reviewing a campaign's candidates: the table's rows, sorting, filtering and comparison.

Rows are plain data built from two queries (the campaign's attempts, then their current results),
so the table, the CSV export and the comparison read the same values and never touch the database
from a template. Each result is read as a `Profile` and worded with its bank's texts
(`described_result`); filters and sorting use its codes, never its words.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..db import db
from ..models import Attempt, AttemptStatus, Campaign, Result
from ..reports.wording import RECOMMENDATION_LABELS, DescribedCompetency, DescribedProfile, describe
from ..scoring.results import Profile
from .banks import bank_catalog
from .campaigns import campaign_attempts
from .scoring import current_results

__all__ = [
    "MAX_COMPARED", "MIN_COMPARED", "RECOMMENDATIONS", "SORT_KEYS", "STATUSES",
    "CandidateRow", "ComparedCompetency", "CompareError", "TableQuery", "candidate_rows", "candidates_csv",
    "compared_rows", "comparison_competencies", "described_result", "table_rows",
]

#: Status filter values and their labels.
STATUSES = {"completed": "Completed", "in_progress": "In progress"}
#: Recommendation filter values (codes, best first) and their labels; "pending" is completed but unscored.
RECOMMENDATIONS = {code.code: label.capitalize() for code, label in RECOMMENDATION_LABELS.items()}
RECOMMENDATIONS["pending"] = "Scoring pending"
#: Sortable columns and the order a first click on their header gives.
SORT_KEYS = {"name": "asc", "completed": "desc", "fit": "desc", "recommendation": "desc"}
MIN_COMPARED, MAX_COMPARED = 2, 4
#: Text that spreadsheets read as a formula (or that hides one behind a tab or carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    profile: DescribedProfile | None = None

    @property
    def scored(self) -> bool:
        """Whether the candidate has a result."""
        return self.profile is not None

    @property
    def pending(self) -> bool:
        """Completed but not (yet) scored."""
        return self.status == AttemptStatus.COMPLETED and self.profile is None

    @property
    def fit(self) -> float | None:
        """Fit with the benchmark, 0-100, or None when unscored or nothing could be scored."""
        return self.profile.fit if self.profile else None

    @property
    def flags(self) -> tuple[str, ...]:
        """The validity flags' labels."""
        return tuple(flag.label for flag in self.profile.validity_flags) if self.profile else ()

    @property
    def top_weakness(self) -> str | None:
        """The name of the weakness with the largest importance-weighted gap, if any."""
        weaknesses = self.profile.weaknesses if self.profile else ()
        return weaknesses[0].name if weaknesses else None

    @property
    def top_motivator(self) -> str | None:
        """The name of the candidate's strongest motivator, if scored."""
        motivators = self.profile.motivators if self.profile else ()
        return motivators[0].name if motivators else None


@dataclass(frozen=True)
class TableQuery:
    """How the table is filtered and sorted; unknown values fall back to the defaults."""

    status: str = ""
    recommendation: str = ""
    sort: str = "completed"
    order: str = "desc"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> TableQuery:
        """Read the query string, ignoring values the table does not offer.

        A recommendation is its code; links saved when the filter took words ("not recommended")
        still work, as the codes are those words joined by underscores.
        """
        sort = args.get("sort", "") if args.get("sort") in SORT_KEYS else cls.sort
        order = args.get("order", "")
        recommendation = args.get("recommendation", "").replace(" ", "_")
        return cls(
            status=args.get("status", "") if args.get("status") in STATUSES else "",
            recommendation=recommendation if recommendation in RECOMMENDATIONS else "",
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
        """The column header's aria-sort value, so screen readers announce the order."""
        return ("ascending" if self.order == "asc" else "descending") if column == self.sort else "none"


def candidate_rows(campaign: Campaign) -> list[CandidateRow]:
    """Every candidate of the campaign with their current result, in two queries."""
    attempts = campaign_attempts(campaign)
    results = current_results([attempt.id for attempt in attempts])
    return [_row(attempt, described_result(results[attempt.id]) if attempt.id in results else None)
            for attempt in attempts]


def described_result(result: Result) -> DescribedProfile:
    """A stored result read as a `Profile` and worded with the texts of its bank (by id: the bank
    installed now; without it, names fall back to ids)."""
    profile = Profile.from_data(result.profile)
    try:
        bank = bank_catalog().get(profile.bank_id)
    except KeyError:
        bank = None
    return describe(profile, bank)


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
    return [_row(found[i], described_result(results[i])) for i in wanted]


@dataclass(frozen=True)
class ComparedCompetency:
    """A competency with the job's requirement and each compared candidate's score (None: absent)."""

    name: str
    required_percentile: int
    scores: list[DescribedCompetency | None]


def comparison_competencies(rows: list[CandidateRow]) -> list[ComparedCompetency]:
    """The competencies of the first candidate's profile, each with every candidate's score."""
    if not rows or rows[0].profile is None:
        return []
    by_candidate = [{c.id: c for c in row.profile.competencies} if row.profile else {} for row in rows]
    return [ComparedCompetency(name=c.name, required_percentile=c.required_percentile,
                               scores=[scores.get(c.id) for scores in by_candidate])
            for c in rows[0].profile.competencies]


def candidates_csv(rows: list[CandidateRow]) -> str:
    """The rows as CSV text with every scale score, one column per value, for a spreadsheet.

    Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
    carriage return) get a leading apostrophe; numbers are written as numbers. The caller adds
    the UTF-8 byte-order mark that makes Excel read the file as UTF-8.
    """
    competencies = _columns(row.profile.competencies for row in rows if row.profile)
    motivators = _columns(row.profile.motivators for row in rows if row.profile)
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
    p = row.profile
    values: list[Any] = [
        row.name, row.email, STATUSES.get(row.status, row.status), row.started_at.date().isoformat(),
        row.completed_at.date().isoformat() if row.completed_at else "", _round(row.fit, 1),
        p.recommendation_label if p else ("scoring pending" if row.pending else ""), row.top_weakness or "",
        row.top_motivator or "", p.verdict_label if p else "", "; ".join(row.flags),
    ]
    scores = {c.id: c for c in p.competencies} if p else {}
    for cid in competency_ids:
        c = scores.get(cid)
        values += ([_round(c.raw, 3), _round(c.standard, 1), _round(c.percentile, 1), _round(c.band_low, 1),
                    _round(c.band_high, 1), c.band_label] if c else [""] * 6)
    values.append(_round(p.social_desirability_percentile, 1) if p else "")
    drives = {m.id: m for m in p.motivators} if p else {}
    values += [_round(drives[mid].score, 3) if mid in drives else "" for mid in motivator_ids]
    values += [p.bank_id, p.bank_version, p.model_version] if p else ["", "", ""]
    return values


def _columns(scale_lists: Iterable[Iterable[Any]]) -> dict[str, str]:
    """Scale ids and names in the order they first appear (profiles of one bank share them)."""
    columns: dict[str, str] = {}
    for scales in scale_lists:
        for scale in scales:
            columns.setdefault(scale.id, scale.name)
    return columns


def _round(value: float | None, digits: int) -> float | str:
    return "" if value is None else round(float(value), digits)


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _row(attempt: Attempt, profile: DescribedProfile | None) -> CandidateRow:
    return CandidateRow(
        attempt_id=attempt.id, name=attempt.candidate_name, email=attempt.candidate_email,
        status=attempt.status, furthest_page=attempt.furthest_page, started_at=attempt.started_at,
        completed_at=attempt.completed_at, profile=profile,
    )


def _matches(row: CandidateRow, query: TableQuery) -> bool:
    if query.status and row.status != query.status:
        return False
    if query.recommendation == "pending":
        return row.pending
    return not query.recommendation or (row.profile is not None
                                        and row.profile.recommendation.code == query.recommendation)


def _sort_value(row: CandidateRow, key: str) -> Any:
    if key == "name":
        return row.name.casefold()
    if key == "completed":
        return row.completed_at
    if key == "fit":
        return row.fit
    if row.profile is None:
        return None
    # Codes rank the recommendations (best highest); within one, by fit (an unknown fit ranks lowest).
    return int(row.profile.recommendation), -1.0 if row.fit is None else row.fit
