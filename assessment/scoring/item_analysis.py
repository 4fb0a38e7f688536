"""Classical item analysis of a bank's scales: scale statistics, alpha and per-item statistics.

For each competency and validity scale that has items, from the keyed item scores of
`ScoringKey` (reverse-keyed Likert items reversed, SJT items scored by their effectiveness key):
the scale score's mean and SD, raw and standardised coefficient alpha, and per item its mean,
SD, missing rate, corrected item-total correlation and alpha if the item were deleted. Missing
answers are handled as R's psych::alpha does by default (see `reliability`).

Forced-choice motivator blocks are ipsative (each answer ranks motivators within one person, so
scores always sum to the same total) and their internal consistency is not meaningful in this
sense; attention items are instructed-response checks. Neither is analysed, and the result says so.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ..banks import Bank, LikertItem
from . import reliability
from .encoding import ColumnLayout
from .keys import ScoringKey

__all__ = ["METHOD", "ItemAnalysis", "ItemStatistics", "ScaleAnalysis", "item_analysis"]

#: How missing answers enter the covariances; printed with every analysis.
METHOD = "pairwise-complete covariances (as psych::alpha, use='pairwise')"

#: How the scale score is formed; printed with every analysis.
SCALE_SCORE = "prorated sum: mean of the answered keyed item scores x number of items"


@dataclass(frozen=True)
class ItemStatistics:
    """One item of a scale. Statistics that the data cannot determine are NaN."""

    item_id: str
    key: str  # "+" or "-" for Likert items, "sjt" for SJT items (scored by effectiveness key)
    mean: float
    sd: float
    missing_rate: float
    item_rest_r: float  # corrected item-total correlation (psych's r.drop)
    alpha_if_deleted: float


@dataclass(frozen=True)
class ScaleAnalysis:
    """One scale: its score's distribution, its reliability and its items."""

    scale_id: str
    name: str
    kind: str  # "competency" or "validity"
    n_items: int
    n_respondents: int  # respondents who answered at least one item of the scale
    mean: float
    sd: float
    alpha: float
    alpha_standardized: float
    items: tuple[ItemStatistics, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemAnalysis:
    """The item analysis of a bank on a set of responses."""

    bank_id: str
    bank_version: str
    n_respondents: int
    method: str
    scale_score: str
    scales: tuple[ScaleAnalysis, ...]
    not_analysed: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data: the same numbers, with None where a statistic is undefined."""
        return _nan_to_none(asdict(self))


def item_analysis(bank: Bank, codes: np.ndarray) -> ItemAnalysis:
    """Analyse every scale of ``bank`` that has items, on the response codes ``codes``.

    Parameters
    ----------
    bank : Bank
    codes : ndarray, shape (n, c)
        The numeric response codes (see `encoding`), one column per column of the bank's
        `ColumnLayout`, NaN for a missing answer.

    Returns
    -------
    ItemAnalysis
    """
    codes = np.asarray(codes, dtype=float)
    expected = len(ColumnLayout.for_bank(bank).columns)
    if codes.ndim != 2 or codes.shape[1] != expected:
        raise ValueError(f"codes must have shape (respondents, {expected}) for bank {bank.id}, "
                         f"got {codes.shape}")
    key = ScoringKey.for_bank(bank)
    scores = key.item_scores(codes)
    names = {c.id: (c.name, "competency") for c in bank.competencies}
    names |= {v.id: (v.name, "validity") for v in bank.validity_scales}
    scales = []
    for scale_id in key.scale_ids:
        positions = key.scale_items(scale_id)
        if positions.size:
            name, kind = names[scale_id]
            items = [bank.item(key.item_ids[p]) for p in positions]
            labels = [(item.id, item.keyed if isinstance(item, LikertItem) else "sjt") for item in items]
            scales.append(_analyse_scale(scale_id, name, kind, labels, scores[:, positions]))
    return ItemAnalysis(
        bank_id=bank.id,
        bank_version=bank.version,
        n_respondents=codes.shape[0],
        method=METHOD,
        scale_score=SCALE_SCORE,
        scales=tuple(scales),
        not_analysed=_not_analysed(bank),
    )


def _analyse_scale(scale_id: str, name: str, kind: str, labels: list[tuple[str, str]],
                   X: np.ndarray) -> ScaleAnalysis:
    """The statistics of one scale from its item scores X (n, k)."""
    k = X.shape[1]
    answered = (~np.isnan(X)).sum(axis=1)
    respondents = answered > 0
    prorated = np.where(np.isnan(X), 0.0, X).sum(axis=1)[respondents] / answered[respondents] * k
    notes: list[str] = []
    rest_r = np.full(k, np.nan)
    if_deleted = np.full(k, np.nan)
    alpha = alpha_std = math.nan
    if k == 1:
        notes.append("alpha undefined: the scale has one item")
    elif respondents.sum() < 2:
        notes.append("alpha undefined: fewer than two respondents answered the scale")
    else:
        # As psych::alpha (delete=TRUE): items without variance cannot be correlated and are
        # left out of every reliability statistic.
        usable = reliability.usable_items(X)
        if not usable.all():
            left_out = ", ".join(item_id for (item_id, _), ok in zip(labels, usable) if not ok)
            notes.append(f"left out of alpha (fewer than two answers or no variance): {left_out}")
        if usable.sum() < 2:
            notes.append("alpha undefined: fewer than two items can be analysed")
        else:
            Xu = X[:, usable]
            alpha = reliability.cronbach_alpha(Xu)
            alpha_std = reliability.standardized_alpha(Xu)
            rest_r[usable] = reliability.corrected_item_total_correlation(Xu)
            if_deleted[usable] = reliability.alpha_if_item_deleted(Xu)
            if np.isnan(reliability.pairwise_covariance(Xu)).any():
                notes.append("alpha undefined: some pairs of items have fewer than two "
                             "respondents in common")
    means, sds, missing = reliability.item_means(X), reliability.item_sds(X), reliability.missing_rates(X)
    items = tuple(
        ItemStatistics(item_id, item_key, float(means[i]), float(sds[i]), float(missing[i]),
                       float(rest_r[i]), float(if_deleted[i]))
        for i, (item_id, item_key) in enumerate(labels)
    )
    return ScaleAnalysis(
        scale_id=scale_id,
        name=name,
        kind=kind,
        n_items=k,
        n_respondents=int(respondents.sum()),
        mean=float(prorated.mean()) if prorated.size else math.nan,
        sd=float(prorated.std(ddof=1)) if prorated.size > 1 else math.nan,
        alpha=float(alpha),
        alpha_standardized=float(alpha_std),
        items=items,
        notes=tuple(notes),
    )


def _not_analysed(bank: Bank) -> tuple[str, ...]:
    """What the analysis leaves out on purpose, and why."""
    notes = []
    blocks = len(bank.items_of_kind("forced_choice"))
    if blocks:
        notes.append(f"{blocks} forced-choice motivator block(s): ipsative (they rank motivators "
                     "within each person), so alpha and item-total correlations do not apply")
    checks = len(bank.items_of_kind("attention"))
    if checks:
        notes.append(f"{checks} attention item(s): instructed-response checks, scored by validity, "
                     "not by a scale")
    return tuple(notes)


def _nan_to_none(value: object) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: _nan_to_none(entry) for key, entry in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nan_to_none(entry) for entry in value]
    return value
