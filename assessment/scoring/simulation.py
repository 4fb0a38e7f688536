"""A simulated calibration sample: answers to a bank from a documented generating model.

Until real response data have been calibrated, the norms ship from a simulated sample. This
module is its generating model. docs/methodology.md ("The simulated calibration sample") gives
the full argument and the references; in short (value: why):

* Competency traits theta ~ MVN(0, 1) with equal correlations 0.30: a moderate general factor of
  sales effectiveness (positive manifold of work-behaviour dimensions; Viswesvaran, Schmidt &
  Ones, 2005). Social desirability (SD) ~ N(0, 1), correlated 0.20 with the standardised mean of
  the competencies (SD correlates 0.1-0.4 with substantive traits; Ones et al., 1996). Motivator
  utilities ~ N(0, 1), independent (Thurstone, 1927; no basis for a structure).
* Likert items: Samejima's (1969) graded response model, logistic with D = 1.702 (within 0.01 of
  the normal ogive, Camilli, 1994; keeps the code in numpy). Loading lambda ~ U(0.40, 0.70)
  (typical self-report items), a = lambda / sqrt(1 - lambda^2) on the normal-ogive metric (Takane
  & de Leeuw, 1987). Location b0 ~ N(-0.3, SD 0.4) (self-descriptions lean to agreement).
  Thresholds b_c = b0 + z_c / lambda, z_c the standard-normal quantile of c/k: a neutral item
  uses its k categories equally often, so every category is used. ``-`` items answer -theta;
  social-desirability items answer SD.
* SJT items: P(option j) = softmax_j[(alpha + beta * theta) * (e_j - mean e) + u_j], alpha = 0.60,
  beta = 0.25, option appeal u_j ~ N(0, 0.30) (a nominal response model with slopes fixed by the
  keys; Bock, 1972). The intercept alpha keeps the keyed best option popular at every trait level;
  without it low scorers would avoid it (3% at theta = -2). The best of options keyed 1..4 is
  picked by 29% at theta = -2, 49% at 0 and 67% at +2.
* Forced-choice blocks: statement utility = motivator utility + N(0, 1); "most" the highest,
  "least" the lowest (Thurstonian IRT; Brown & Maydeu-Olivares, 2011).
* Attention items: the expected code with probability 0.98 (misclicks), else an adjacent code.
* Careless respondents (``careless_share``, 5%: between 3.5%, Johnson, 2005, and 10-12%, Meade &
  Craig, 2012): half answer every item uniformly at random; half give long strings of a favourite
  code (kept with probability 0.90 on each Likert or attention item, else a random code); both
  pick at random on SJT and forced-choice items.
* Faking respondents (``faking_share``, 10%): Likert items of competencies and of SD answered from
  theta + 1.0 (deliberate faking raises scale means 0.5-1 SD; Viswesvaran & Ones, 1999); SJT items
  from the true trait (knowledge instructions resist faking; Nguyen et al., 2005); forced-choice
  blocks as attentive respondents (they resist faking; Cao & Drasgow, 2019).
* Everyone leaves each item unanswered with probability 0.01, completely at random.

Randomness comes from ``numpy.random.default_rng`` only: the persons and their answers from
``default_rng(seed)``; each item's parameters from ``default_rng([seed, ITEM_STREAM, *words])``,
the words being the first 16 bytes of the SHA-256 digest of the item id, so an item keeps its
parameters whatever the bank around it (shared items are the same in every bank). Same bank,
seed and numpy version: the same sample, byte for byte.
"""
from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np

from ..banks import AttentionItem, Bank, ForcedChoiceItem, Item, LikertItem, SjtItem
from .encoding import ColumnLayout
from .response_csv import Responses

__all__ = ["SimulatedSample", "SimulationTruth", "simulate", "write_truth"]

COMPETENCY_CORRELATION = 0.30  # general factor among sales competencies
SD_CORRELATION = 0.20  # social desirability with the competencies' mean
SD_SCALE = "social_desirability"
LOADING_RANGE = (0.40, 0.70)  # standardised loadings of self-report items
LOCATION_MEAN, LOCATION_SD = -0.3, 0.4  # item location b0: a lean to agreement
LOGISTIC_D = 1.702  # logistic scaling constant approximating the normal ogive
SJT_INTERCEPT, SJT_SLOPE = 0.60, 0.25  # alpha, beta of the SJT choice model
SJT_ATTRACTIVENESS_SD = 0.30  # option appeal unrelated to its effectiveness key
CHOICE_NOISE_SD = 1.0  # forced-choice statement uniqueness (Thurstonian)
ATTENTION_ACCURACY = 0.98  # attentive respondents who follow the instruction
LONGSTRING_KEEP = 0.90  # a straight-liner gives the favourite code on this share of items
FAKING_SHIFT = 1.0  # impression management, in SD units of the trait
MISSING_RATE = 0.01  # item non-response, at random
ITEM_STREAM = 1  # the stream number that keeps item parameters apart from persons

LABELS = ("attentive", "careless", "faking")  # the respondent types, as the truth names them


@dataclass(frozen=True)
class SimulationTruth:
    """The generating values of each simulated respondent (n respondents).

    Attributes
    ----------
    respondent_ids : tuple of str, shape (n,)
    labels : ndarray of str, shape (n,) -- "attentive", "careless" or "faking"
    careless_style : ndarray of str, shape (n,) -- "random" or "longstring" for careless, else ""
    competency_ids : tuple of str, shape (C,)
    competencies : ndarray, shape (n, C) -- latent competency traits theta
    social_desirability : ndarray, shape (n,) -- the latent SD trait
    motivator_ids : tuple of str, shape (M,)
    motivators : ndarray, shape (n, M) -- latent motivator utilities
    """

    respondent_ids: tuple[str, ...]
    labels: np.ndarray
    careless_style: np.ndarray
    competency_ids: tuple[str, ...]
    competencies: np.ndarray
    social_desirability: np.ndarray
    motivator_ids: tuple[str, ...]
    motivators: np.ndarray


@dataclass(frozen=True)
class SimulatedSample:
    """Simulated responses (codes in the `encoding` layout) and the truth that generated them."""

    responses: Responses
    truth: SimulationTruth


def simulate(bank: Bank, n: int, seed: int, *, careless_share: float = 0.05,
             faking_share: float = 0.10) -> SimulatedSample:
    """Simulate ``n`` respondents answering ``bank`` (the model is in the module docstring).

    Exactly round(n * careless_share) respondents are careless and round(n * faking_share) faking
    (fewer if the two roundings overfill n), at random positions. Raises ValueError for a bad n,
    seed or share, or for a validity scale other than social desirability (no trait models it).
    """
    _check_arguments(n, seed, careless_share, faking_share)
    unknown = [v.id for v in bank.validity_scales if v.id != SD_SCALE]
    if unknown:
        raise ValueError(f"no generating model for validity scale(s) {', '.join(unknown)} "
                         f"(only {SD_SCALE} is simulated)")
    rng = np.random.default_rng(seed)
    width = max(6, len(str(n)))
    ids = tuple(f"sim-{number:0{width}d}" for number in range(1, n + 1))
    truth = _draw_persons(bank, ids, rng, careless_share, faking_share)
    layout = ColumnLayout.for_bank(bank)
    codes = np.full((n, len(layout.columns)), np.nan)
    careless = truth.labels == "careless"
    answers = _Answerer(bank, seed, truth, rng)
    for item in bank.items:  # items, never respondents: every draw below is a vector over persons
        columns = layout.item_columns[item.id]
        values = answers.attentive(item)
        values[careless] = answers.careless(item)[careless]
        codes[:, columns] = values
    for item in bank.items:  # missing last, so the answers do not depend on it
        codes[np.ix_(rng.random(n) < MISSING_RATE, layout.item_columns[item.id])] = np.nan
    return SimulatedSample(Responses(ids, codes), truth)


def write_truth(path: str | os.PathLike[str], truth: SimulationTruth) -> None:
    """Write the truth as CSV: respondent_id, label, careless_style, then one column per latent.

    Latent columns: ``theta_<competency>``, ``theta_social_desirability``, ``utility_<motivator>``
    (six decimals).
    """
    header = ["respondent_id", "label", "careless_style"]
    header += [f"theta_{c}" for c in truth.competency_ids] + ["theta_social_desirability"]
    header += [f"utility_{m}" for m in truth.motivator_ids]
    latent = np.column_stack([truth.competencies, truth.social_desirability, truth.motivators])
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for respondent, label, style, values in zip(truth.respondent_ids, truth.labels,
                                                    truth.careless_style, latent):
            writer.writerow([respondent, label, style, *(f"{v:.6f}" for v in values)])


def _check_arguments(n: int, seed: int, careless_share: float, faking_share: float) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of respondents, at least 1 (got {n!r})")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0 (got {seed!r})")
    for name, share in (("careless_share", careless_share), ("faking_share", faking_share)):
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1 (got {share!r})")
    if careless_share + faking_share > 1.0:
        raise ValueError(f"careless_share + faking_share must not exceed 1 "
                         f"(got {careless_share} + {faking_share})")


def _draw_persons(bank: Bank, ids: tuple[str, ...], rng: np.random.Generator, careless_share: float,
                  faking_share: float) -> SimulationTruth:
    """Labels, then latent traits: one general factor plus specific parts (equal correlations)."""
    n = len(ids)
    n_careless = round(n * careless_share)
    n_faking = min(round(n * faking_share), n - n_careless)  # two roundings up may not fit in n
    order = rng.permutation(n)
    attentive, careless, faking = LABELS
    labels = np.full(n, attentive, dtype="<U9")
    labels[order[:n_careless]] = careless
    labels[order[n_careless:n_careless + n_faking]] = faking
    style = np.full(n, "", dtype="<U10")
    style[order[: (n_careless + 1) // 2]] = "random"
    style[order[(n_careless + 1) // 2: n_careless]] = "longstring"
    n_comp, rho = len(bank.competencies), COMPETENCY_CORRELATION
    general = rng.standard_normal((n, 1))
    theta = np.sqrt(rho) * general + np.sqrt(1 - rho) * rng.standard_normal((n, n_comp))
    mean_sd = np.sqrt((1 + (n_comp - 1) * rho) / n_comp)  # population SD of the competencies' mean
    standard_mean = theta.mean(axis=1) / mean_sd
    sd_trait = SD_CORRELATION * standard_mean + np.sqrt(1 - SD_CORRELATION**2) * rng.standard_normal(n)
    utilities = rng.standard_normal((n, len(bank.motivators)))
    return SimulationTruth(ids, labels, style, tuple(c.id for c in bank.competencies), theta,
                           sd_trait, tuple(m.id for m in bank.motivators), utilities)


def _item_rng(seed: int, item_id: str) -> np.random.Generator:
    """The item's own generator: keyed by the seed and the item id, not by the bank."""
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    words = np.frombuffer(digest[:16], dtype="<u4").tolist()
    return np.random.default_rng([seed, ITEM_STREAM, *words])


class _Answerer:
    """Answers one item for every respondent at once (attentive model or careless model)."""

    def __init__(self, bank: Bank, seed: int, truth: SimulationTruth, rng: np.random.Generator):
        self.seed, self.truth, self.rng, self.n = seed, truth, rng, len(truth.labels)
        self.points = bank.response_format.points
        self.competency_index = {c.id: i for i, c in enumerate(bank.competencies)}
        self.motivator_index = {m.id: i for i, m in enumerate(bank.motivators)}
        self.quantiles = np.array([NormalDist().inv_cdf(c / self.points) for c in range(1, self.points)])
        self.favourite = rng.integers(1, self.points + 1, self.n)  # the straight-liners' code
        self.faking = truth.labels == "faking"
        self.longstring = truth.careless_style == "longstring"

    def _trait(self, scale: str) -> np.ndarray:
        if scale == SD_SCALE:
            return self.truth.social_desirability
        return self.truth.competencies[:, self.competency_index[scale]]

    def attentive(self, item: Item) -> np.ndarray:
        """Codes, shape (n, columns of the item), from the attentive model (fakers included)."""
        if isinstance(item, LikertItem):
            return self._likert(item)
        if isinstance(item, SjtItem):
            return self._sjt(item)
        if isinstance(item, ForcedChoiceItem):
            return self._forced_choice(item)
        return self._attention(item)

    def _likert(self, item: LikertItem) -> np.ndarray:
        """Graded response model: P(X >= c) = logistic(D a (theta - b_c)), c = 2..k."""
        params = _item_rng(self.seed, item.id)
        loading = params.uniform(*LOADING_RANGE)
        location = params.normal(LOCATION_MEAN, LOCATION_SD)
        slope = loading / np.sqrt(1 - loading**2)
        thresholds = location + self.quantiles / loading
        theta = self._trait(item.scale) + FAKING_SHIFT * self.faking  # fakers: competencies and SD alike
        theta = -theta if item.reverse_keyed else theta
        at_least = 1 / (1 + np.exp(-LOGISTIC_D * slope * (theta[:, None] - thresholds)))
        return 1.0 + (self.rng.random((self.n, 1)) < at_least).sum(axis=1, keepdims=True)

    def _sjt(self, item: SjtItem) -> np.ndarray:
        """Softmax choice over centred effectiveness keys, sampled with the Gumbel-max trick."""
        keys = np.array([option.effectiveness for option in item.options], dtype=float)
        appeal = _item_rng(self.seed, item.id).normal(0, SJT_ATTRACTIVENESS_SD, keys.size)
        signal = SJT_INTERCEPT + SJT_SLOPE * self._trait(item.scale)  # true trait, fakers too
        logits = signal[:, None] * (keys - keys.mean()) + appeal
        return np.argmax(logits + self.rng.gumbel(size=logits.shape), axis=1)[:, None] * 1.0

    def _forced_choice(self, item: ForcedChoiceItem) -> np.ndarray:
        """Thurstonian choice: most = highest statement utility, least = lowest."""
        motivators = [self.motivator_index[statement.motivator] for statement in item.statements]
        utility = self.truth.motivators[:, motivators]
        utility = utility + self.rng.normal(0, CHOICE_NOISE_SD, utility.shape)
        picks = [utility.argmax(axis=1)] + ([utility.argmin(axis=1)] if item.asks_least else [])
        return np.column_stack(picks) * 1.0

    def _attention(self, item: AttentionItem) -> np.ndarray:
        """The expected code, or with probability 1 - accuracy a neighbouring one."""
        side = np.where(self.rng.random(self.n) < 0.5, -1, 1)
        adjacent = item.expected + side
        adjacent = np.where((adjacent < 1) | (adjacent > self.points), item.expected - side, adjacent)
        slip = self.rng.random(self.n) >= ATTENTION_ACCURACY
        return np.where(slip, adjacent, item.expected)[:, None] * 1.0

    def careless(self, item: Item) -> np.ndarray:
        """Codes, shape (n, columns of the item), from the careless model (kept for careless rows)."""
        rng, n = self.rng, self.n
        if isinstance(item, (LikertItem, AttentionItem)):
            random = rng.integers(1, self.points + 1, n)
            keep = rng.random(n) < LONGSTRING_KEEP
            string = np.where(keep, self.favourite, random)
            return np.where(self.longstring, string, random)[:, None] * 1.0
        if isinstance(item, SjtItem):
            return rng.integers(0, len(item.options), n)[:, None] * 1.0
        size = len(item.statements)
        most = rng.integers(0, size, n)
        if not item.asks_least:
            return most[:, None] * 1.0
        least = (most + 1 + rng.integers(0, size - 1, n)) % size
        return np.column_stack([most, least]) * 1.0
