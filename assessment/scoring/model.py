"""The versioned scoring model: what calibration learns and scoring reads (a JSON file).

Results record the model's `version`, so any score can be reproduced with the model that made it.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

FORMAT = 1


class ScoringModelError(ValueError):
    """A scoring model file that cannot be used; the message names the file and the problem."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScaleNorm(_Frozen):
    """Norms of one scale: raw score (0-100, mean proportion of maximum) in the norm group."""

    items: int = Field(description="number of items of the scale")
    min_answered: int = Field(description="fewest answered items for the scale to be scored")
    mean: float
    sd: float
    alpha: float = Field(description="coefficient alpha in the calibration sample")
    sem: float = Field(description="standard error of measurement: sd * sqrt(1 - alpha)")
    quantiles: tuple[float, ...] = Field(description="raw scores at percentiles 0, 1, ..., 100")


class MotivatorNorm(_Frozen):
    """Norms of one motivator's ipsative score (-1..1) in the norm group."""

    mean: float
    sd: float


class ValidityThresholds(_Frozen):
    """Where each response-validity index starts to raise a flag."""

    longstring: float = Field(description="longest run of identical Likert answers (97.5th percentile)")
    inconsistency: float = Field(description="mean disagreement over consistency pairs (97.5th percentile)")
    careless_index: float = Field(description="composite carelessness index (95th percentile)")
    longstring_median: float
    longstring_spread: float
    inconsistency_median: float
    inconsistency_spread: float
    social_desirability_percentile: float = Field(description="percentile from which social desirability is very high")
    self_report_mean: float = Field(description="mean POMP of the competency Likert items in the norm group")
    self_report_sd: float
    judgement_mean: float = Field(description="mean POMP of the SJT items in the norm group (0 if none)")
    judgement_sd: float
    self_enhancement: float = Field(description="self-enhancement index (95th percentile)")
    seconds_per_item: float = Field(description="median seconds per item below which responding is implausibly fast")


class CalibrationSample(_Frozen):
    """The sample a scoring model was calibrated on: its size and where it came from."""

    size: int
    source: str = Field(description="'simulated' or 'collected'")
    description: str


class ScoringModel(_Frozen):
    """Everything scoring needs beyond the bank: norms, reliabilities, validity thresholds."""

    format: int = FORMAT
    version: str
    bank_id: str
    bank_version: str
    created: str
    provisional: bool = Field(description="True while the norms come from a simulated sample")
    sample: CalibrationSample
    scales: dict[str, ScaleNorm]
    motivators: dict[str, MotivatorNorm]
    validity: ValidityThresholds


def load_scoring_model(path: str | os.PathLike[str]) -> ScoringModel:
    """Read a scoring model file."""
    path = Path(path)
    try:
        return ScoringModel.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ScoringModelError(f"{path}: cannot be read ({error.strerror})") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ScoringModelError(f"{path}: {where}: {first['msg']}") from None


def save_scoring_model(model: ScoringModel, path: str | os.PathLike[str]) -> None:
    """Write a scoring model file (stable key order, so versions diff cleanly)."""
    Path(path).write_text(model.model_dump_json(indent=2) + "\n", encoding="utf-8")
