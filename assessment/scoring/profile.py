"""Profiles: what the scores mean for one job, as plain data for the web app and the reports.

`Scorer` is built once per bank and scoring model and scores any number of respondents in one
vectorised pass (`score`); `ProfileBatch.profile(i)` then builds one respondent's `Profile`: the
codes and numbers that are stored (the bank's texts and the words are added when it is shown).
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from ..banks import Bank, Benchmark
from .encoding import encode
from .keys import ScoringKey
from .model import ScoringModel
from .motivation import MotivationKey
from .scales import NormTable, ScaleScores, mean_pomp, place_in_norms, probability_at_least, raw_at_percentile
from .validity import ValidityIndices, ValidityKey, careless_index, self_enhancement_index, validity_indices
from .results import CompetencyScore, Finding, Flag, MotivatorScore, Profile
from .verdicts import FLAG_LEVELS, FLAG_NAMES, BandLabel, Recommendation, Verdict, band_labels, recommend, validity_flags

__all__ = ["ProfileBatch", "Scorer"]

_Batch = TypeVar("_Batch", "ProfileBatch", ScaleScores, ValidityIndices)

#: Strengths named in a profile.
TOP_STRENGTHS = 3
#: Respondents scored at a time in a large batch (see `Scorer.score`).
CHUNK = 8192


@dataclass(frozen=True)
class ProfileBatch:
    """Array-backed results for n respondents (see each array's shape)."""

    scorer: Scorer
    benchmark_id: str
    scales: ScaleScores  # competencies then validity scales, (n, S)
    motivators: np.ndarray  # (n, M) ipsative scores
    indices: ValidityIndices
    careless: np.ndarray  # (n,)
    self_enhancement: np.ndarray  # (n,)
    flags: np.ndarray  # (n, F) flag level: 0 none, 1 caution, 2 severe
    verdict: np.ndarray  # (n,) Verdict codes
    band: np.ndarray  # (n, C) BandLabel codes
    weakness: np.ndarray  # (n, C) bool
    strength: np.ndarray  # (n, C) bool
    gap: np.ndarray  # (n, C) importance-weighted shortfall in SD units (negative: above requirement)
    fit: np.ndarray  # (n,) 0-100, NaN when nothing is scored
    recommendation: np.ndarray  # (n,) Recommendation codes

    def __len__(self) -> int:
        return len(self.fit)

    def profile(self, i: int) -> Profile:
        """Respondent i's result as stored and read back (`results.Profile`)."""
        return self.scorer.build_profile(self, i)


class Scorer:
    """Scores responses to one bank with one scoring model.

    Parameters
    ----------
    bank : Bank
    model : ScoringModel -- must have been calibrated for this bank and version
    """

    def __init__(self, bank: Bank, model: ScoringModel) -> None:
        if model.bank_id != bank.id or model.bank_version != bank.version:
            raise ValueError(f"scoring model {model.version} is for {model.bank_id} {model.bank_version}, "
                             f"not {bank.id} {bank.version}")
        self.bank = bank
        self.model = model
        self.key = ScoringKey.for_bank(bank)
        self.motivation_key = MotivationKey.for_bank(bank)
        self.validity_key = ValidityKey.for_bank(bank)
        self.competency_ids = tuple(c.id for c in bank.competencies)
        self._norms = NormTable(self.key.scale_ids, model.scales)
        self._requirements = {b.id: self._requirement_arrays(b) for b in bank.benchmarks}
        self._weights = self.key.scale_and_method_weights(len(self.competency_ids))
        self._sd_column = self.key.scale_ids.index("social_desirability") if "social_desirability" in self.key.scale_ids else None

    def score(self, codes: np.ndarray, benchmark_id: str, seconds_per_item: np.ndarray | None = None) -> ProfileBatch:
        """Score n respondents (codes of shape (n, columns), see `encoding`) against a benchmark.

        A large batch is scored `CHUNK` respondents at a time, the chunks spread over the
        processor's cores: every step works row by row, so the results are the same; a chunk's
        arrays fit in the processor's cache and are reused from the heap, where a whole batch's
        arrays are fresh memory on every step; and numpy releases the interpreter lock while it
        computes, so threads run chunks side by side.
        """
        self.bank.benchmark(benchmark_id)  # an unknown benchmark fails here, whatever the batch
        codes = np.atleast_2d(np.asarray(codes, dtype=float))
        if len(codes) <= CHUNK:
            return self._score_chunk(codes, benchmark_id, seconds_per_item)

        def chunk(start: int) -> ProfileBatch:
            seconds = None if seconds_per_item is None else seconds_per_item[start:start + CHUNK]
            return self._score_chunk(codes[start:start + CHUNK], benchmark_id, seconds)

        # One matrix-library thread per chunk: its own threads would contend with the chunks'.
        workers = min(available_cores(), -(-len(codes) // CHUNK))
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(max_workers=workers) as pool:
            return _concatenated(list(pool.map(chunk, range(0, len(codes), CHUNK))))

    def _score_chunk(self, codes: np.ndarray, benchmark_id: str, seconds_per_item: np.ndarray | None) -> ProfileBatch:
        n_c = len(self.competency_ids)
        answers = self.key.answers(codes)
        # The key's first columns are the Likert answers in the bank's order (see `ScoringKey`);
        # the indices read them before the POMP steps below overwrite them.
        indices = validity_indices(self.validity_key, codes, answers[:, :self.key.likert_count], seconds_per_item)
        means, counts = mean_pomp(self.key.pomp_steps_of_answers(answers), self._weights, self.key.pomp_steps)
        n_s = len(self.key.scale_ids)
        raw, answered = 100.0 * means[:, :n_s], counts[:, :n_s]
        self_report, judgement = means[:, n_s], means[:, n_s + 1]
        scales = place_in_norms(raw, answered, self._norms)
        importance, required_raw = self._requirements[benchmark_id]
        sd = self._norms.sd[:n_c]
        comp_raw, comp_sem = scales.raw[:, :n_c], scales.sem[:, :n_c]
        scored = ~np.isnan(comp_raw)
        weakness = scored & (comp_raw + comp_sem < required_raw)
        strength = scored & (comp_raw - comp_sem > required_raw)
        gap = importance * (required_raw - comp_raw) / sd
        met = np.where(scored, probability_at_least(comp_raw, required_raw, comp_sem), 0.0)
        weights = np.where(scored, importance, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            fit = 100.0 * (met * weights).sum(axis=1) / weights.sum(axis=1)
        careless = careless_index(indices, self.model.validity)
        if self._sd_column is None:
            sd_percentile = sd_raw = np.full(len(codes), np.nan)
            sd_norm = (0.0, 1.0)
        else:
            sd_percentile, sd_raw = scales.percentile[:, self._sd_column], scales.raw[:, self._sd_column]
            norm = self.model.scales["social_desirability"]
            sd_norm = (norm.mean, norm.sd)
        enhancement = self_enhancement_index(sd_raw, *sd_norm, self_report, judgement, self.model.validity)
        flags = validity_flags(indices, careless, sd_percentile, enhancement, self.model.validity)
        verdict = Verdict.from_flags(flags)
        critical_weaknesses = (weakness & (importance == 3)).sum(axis=1)
        recommendation = recommend(fit, critical_weaknesses, verdict)
        return ProfileBatch(self, benchmark_id, scales, self.motivation_key.scores(codes), indices, careless,
                            enhancement, flags, verdict, band_labels(scales.percentile[:, :n_c]), weakness, strength,
                            gap, fit, recommendation)

    def _requirement_arrays(self, benchmark: Benchmark) -> tuple[np.ndarray, np.ndarray]:
        """A benchmark's importance of each competency and the raw score at its required
        percentile: the same for every batch, so worked out once."""
        requirements = [benchmark.requirement(c) for c in self.competency_ids]
        importance = np.array([r.importance for r in requirements], dtype=float)
        required_raw = np.array([raw_at_percentile(self.model.scales[c], float(r.minimum_percentile))
                                 for c, r in zip(self.competency_ids, requirements)])
        return importance, required_raw

    def score_answers(self, answers: dict[str, str], benchmark_id: str,
                      seconds_per_item: float | None = None) -> Profile:
        """Score one respondent's text answers (as stored by the candidate flow)."""
        seconds = None if seconds_per_item is None else np.array([seconds_per_item])
        return self.score(encode(self.bank, [answers]), benchmark_id, seconds).profile(0)

    def build_profile(self, batch: ProfileBatch, i: int) -> Profile:
        """Respondent i of a batch as a `Profile`: codes and numbers, the bank's texts left to rendering."""
        benchmark, scales = self.bank.benchmark(batch.benchmark_id), batch.scales
        competencies = []
        for c, competency_id in enumerate(self.competency_ids):
            requirement = benchmark.requirement(competency_id)
            competencies.append(CompetencyScore(
                id=competency_id, scored=not np.isnan(scales.raw[i, c]),
                raw=_value(scales.raw[i, c]), standard=_value(scales.standard[i, c]),
                percentile=_value(scales.percentile[i, c]), sem=_value(scales.sem[i, c]),
                band_low=_value(scales.band_low[i, c]), band_high=_value(scales.band_high[i, c]),
                band=BandLabel(int(batch.band[i, c])), answered=int(scales.answered[i, c]),
                items=self.model.scales[competency_id].items,
                required_percentile=requirement.minimum_percentile, importance=requirement.importance,
            ))
        return Profile(
            bank_id=self.bank.id, bank_version=self.bank.version, model_version=self.model.version,
            provisional_norms=self.model.provisional, benchmark_id=benchmark.id,
            competencies=tuple(competencies),
            weaknesses=self._ranked(batch, i, competencies, batch.weakness[i], descending=True),
            strengths=self._ranked(batch, i, competencies, batch.strength[i], descending=False)[:TOP_STRENGTHS],
            motivators=self._motivators(batch.motivators[i]),
            social_desirability_percentile=(_value(scales.percentile[i, self._sd_column])
                                            if self._sd_column is not None else None),
            verdict=Verdict(int(batch.verdict[i])),
            validity_flags=self._flags(batch, i),
            fit=_value(batch.fit[i]),
            recommendation=Recommendation(int(batch.recommendation[i])),
        )

    def _ranked(self, batch: ProfileBatch, i: int, competencies: list[CompetencyScore], selected: np.ndarray, *,
                descending: bool) -> tuple[Finding, ...]:
        """The selected competencies by importance-weighted gap: largest shortfall (or excess) first."""
        order = np.argsort(-batch.gap[i] if descending else batch.gap[i], kind="stable")
        return tuple(Finding(competency_id=competencies[c].id, percentile=float(batch.scales.percentile[i, c]),
                             required_percentile=competencies[c].required_percentile,
                             importance=competencies[c].importance, gap=float(batch.gap[i, c]))
                     for c in order if selected[c])

    def _motivators(self, scores: np.ndarray) -> tuple[MotivatorScore, ...]:
        """The motivators strongest first (unscored ones last)."""
        order = np.argsort(-np.nan_to_num(scores, nan=-np.inf), kind="stable")
        ids = self.motivation_key.motivator_ids
        return tuple(MotivatorScore(id=ids[m], score=_value(scores[m]), rank=rank)
                     for rank, m in enumerate(order, start=1))

    def _flags(self, batch: ProfileBatch, i: int) -> tuple[Flag, ...]:
        """The raised flags with the figures their evidence quotes (worded by `reports.wording`)."""
        indices, thresholds = batch.indices, self.model.validity
        figures: dict[str, dict[str, float]] = {
            "attention": {"failures": int(indices.attention_failures[i]),
                          "answered": int(indices.attention_answered[i])},
            "speed": {"seconds_per_item": float(indices.seconds_per_item[i]),
                      "threshold": float(thresholds.seconds_per_item)},
            "longstring": {"run": int(indices.longstring[i]), "threshold": float(thresholds.longstring)},
            "inconsistency": {"difference": float(indices.inconsistency[i]),
                              "threshold": float(thresholds.inconsistency)},
            "careless_pattern": {},
            "social_desirability": {"percentile": float(batch.scales.percentile[i, self._sd_column or 0])},
            "self_enhancement": {},
        }
        return tuple(Flag(name, FLAG_LEVELS[int(batch.flags[i, f])], figures[name])
                     for f, name in enumerate(FLAG_NAMES) if batch.flags[i, f])


def _concatenated(parts: list[_Batch]) -> _Batch:
    """The parts' arrays joined along the respondents, field by field (nested results too)."""
    first = parts[0]
    joined = {}
    for field in fields(first):
        value = getattr(first, field.name)
        if isinstance(value, np.ndarray):
            joined[field.name] = np.concatenate([getattr(part, field.name) for part in parts])
        elif is_dataclass(value):
            joined[field.name] = _concatenated([getattr(part, field.name) for part in parts])
    return replace(first, **joined)


def available_cores() -> int:
    """The cores this process may run on (`taskset` narrows them): the threads a large batch uses."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _value(number: float) -> float | None:
    return None if np.isnan(number) else float(number)
