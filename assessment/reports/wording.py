"""Every word a result is shown with: labels of its codes, its reasons, its flags' evidence.

A stored result (`assessment.scoring.results.Profile`) holds codes and numbers only. The review
pages, the CSV export, the comparison and the PDF report word it here, when they show it, and take
names and advice from the question bank by id (`describe`). Kept apart from the logic so that a
psychologist can review, in one place, every sentence the product adds to the bank's own text;
rewording one changes no stored result and no link.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..banks import Bank
from ..banks.schema import IMPORTANCE_LABELS, Benchmark, Competency, Motivator
from ..scoring.results import CompetencyScore, Finding, Flag, MotivatorScore, Profile
from ..scoring.verdicts import BandLabel, Recommendation, Verdict

__all__ = [
    "BAND_LABELS", "COACHING_PHASES", "FLAG_LABELS", "READINGS", "RECOMMENDATION_LABELS", "VALIDITY_CHECKS",
    "VERDICT_LABELS", "VERDICT_MEANING", "DescribedCompetency", "DescribedFinding", "DescribedFlag",
    "DescribedMotivator", "DescribedProfile", "day_90_review", "describe", "flag_evidence", "reasons",
    "recommendation_label",
]

#: Recommendations in words, best first (the order the review filter offers them).
RECOMMENDATION_LABELS = {
    Recommendation.RECOMMENDED: "recommended",
    Recommendation.CONSIDER: "consider",
    Recommendation.NOT_RECOMMENDED: "not recommended",
    Recommendation.NOT_INTERPRETABLE: "not interpretable",
}

VERDICT_LABELS = {
    Verdict.VALID: "valid",
    Verdict.CAUTION: "interpret with caution",
    Verdict.NOT_INTERPRETABLE: "not interpretable",
}

#: A competency's band by its percentile (verdicts.DEVELOPMENT_NEED_BELOW, STRENGTH_ABOVE).
BAND_LABELS = {
    BandLabel.NOT_SCORED: "not scored",
    BandLabel.DEVELOPMENT_NEED: "development need",
    BandLabel.ADEQUATE: "adequate",
    BandLabel.STRENGTH: "strength",
}

#: The validity flags, named as a hiring manager reads them.
FLAG_LABELS = {
    "attention": "Attention checks missed",
    "speed": "Too fast",
    "longstring": "Repeated answers",
    "inconsistency": "Inconsistent",
    "careless_pattern": "Careless pattern",
    "social_desirability": "Overly favourable",
    "self_enhancement": "Self-enhancement",
}

#: What each validity verdict means for reading the report.
VERDICT_MEANING = {
    Verdict.VALID: "Nothing suggests careless or distorted answering: the scores can be read as they are, "
                   "within their measurement error.",
    Verdict.CAUTION: "Something in the answers needs care: read the scores as less certain than "
                     "their bands show, check the points below in the interview, and note that "
                     "the recommendation is at most “consider”.",
    Verdict.NOT_INTERPRETABLE: "The answers do not allow a reliable reading, so no recommendation is made. "
                               "Consider asking the candidate to take the assessment again.",
}

#: The three phases of the 90-day coaching plan: (days, what the phase is for).
COACHING_PHASES = (
    ("Days 1–30", "Set up and start"),
    ("Days 31–60", "Practise with feedback"),
    ("Days 61–90", "Make it a habit"),
)

#: Each response-validity check in FLAG_NAMES order: (name, what it looks at).
VALIDITY_CHECKS = {
    "attention": ("Attention checks",
                  "Statements that tell the candidate which answer to give, to show whether the "
                  "questions were read."),
    "speed": ("Time per question",
              "How long the candidate took per question, against the time careful reading needs."),
    "longstring": ("Identical answers in a row",
                   "Long runs of the same answer, which suggest answering without reading."),
    "inconsistency": ("Consistency",
                      "Pairs of statements that say the same thing in different words; careful "
                      "answers to them agree."),
    "careless_pattern": ("Overall answering pattern",
                         "The checks above taken together, against the norm group."),
    "social_desirability": ("Social desirability",
                            "Statements few people can honestly agree with; agreeing with most of them "
                            "suggests describing an ideal rather than oneself."),
    "self_enhancement": ("Self-ratings against judgement",
                         "How the candidate rates their own skills, against the choices they made in "
                         "the situational-judgement scenarios."),
}

#: How each competency compares with the job's requirement (by reading code), as the competency
#: table words it.
READINGS = {
    "weakness": "Weakness",
    "strength": "Strength",
    "meets": "Meets",
    "close": "Close",
    "not_scored": "Not scored",
}


def recommendation_label(code: str) -> str:
    """The words of a stored recommendation code, such as a `Result.recommendation` column's."""
    return RECOMMENDATION_LABELS[Recommendation.of_code(code)]


def day_90_review(competency: str) -> str:
    """The closing step of every coaching plan."""
    return (f"At day 90, review with the rep how far {competency.lower()} has moved toward what the job "
            "needs, and agree what continues in the next quarter.")


def flag_evidence(flag: Flag) -> str:
    """A flag's evidence in plain words, from the figures stored with it."""
    f = flag.figures
    sentences = {
        "attention": lambda: f"{f['failures']:.0f} of {f['answered']:.0f} attention checks were not answered "
                             "as instructed",
        "speed": lambda: f"about {f['seconds_per_item']:.1f} seconds per question; careful reading takes at least "
                         f"{f['threshold']:.0f}",
        "longstring": lambda: f"{f['run']:.0f} identical answers in a row; 97.5% of the norm group give at most "
                              f"{f['threshold']:.0f}",
        "inconsistency": lambda: f"answers to pairs of matching statements differ by {f['difference']:.1f} points "
                                 f"on average; 97.5% of the norm group stay under {f['threshold']:.1f}",
        "careless_pattern": lambda: "the combination of the checks above is typical of inattentive answering",
        "social_desirability": lambda: f"very high social desirability (percentile {f['percentile']:.0f}): the "
                                       "answers may describe an ideal rather than the person",
        "self_enhancement": lambda: "social desirability and self-ratings together are far above what the "
                                    "situational-judgement answers show (top 5% of the norm group): the "
                                    "self-description may be inflated",
    }
    return sentences[flag.name]()


@dataclass(frozen=True)
class DescribedCompetency(CompetencyScore):
    """A competency's scores with its name from the bank and its band in words."""

    name: str
    band_label: str
    importance_label: str


@dataclass(frozen=True)
class DescribedFinding(Finding):
    """A weakness or strength with the bank's definition, the job's rationale and the advice."""

    name: str
    definition: str
    importance_label: str
    rationale: str
    coaching: tuple[str, ...]
    interview_questions: tuple[str, ...]


@dataclass(frozen=True)
class DescribedMotivator(MotivatorScore):
    """A motivator's score with its name, description and management tips from the bank."""

    name: str
    description: str
    management_tips: tuple[str, ...]


@dataclass(frozen=True)
class DescribedFlag(Flag):
    """A validity flag with its label and its evidence in words."""

    label: str
    evidence: str


@dataclass(frozen=True)
class DescribedProfile(Profile):
    """A result with its words: what the pages, the CSV and the report show."""

    competencies: tuple[DescribedCompetency, ...]
    weaknesses: tuple[DescribedFinding, ...]
    strengths: tuple[DescribedFinding, ...]
    motivators: tuple[DescribedMotivator, ...]
    validity_flags: tuple[DescribedFlag, ...]
    benchmark_name: str
    recommendation_label: str
    verdict_label: str
    verdict_meaning: str
    reasons: tuple[str, ...]


def describe(profile: Profile, bank: Bank | None) -> DescribedProfile:
    """The result worded, with the bank's texts by id. `bank` is the installed bank of the result's
    id (None if it is gone); an entry it no longer has is shown by its id, without advice."""
    benchmark = _entry(bank.benchmark, profile.benchmark_id) if bank else None

    def competency(competency_id: str) -> Competency | None:
        return _entry(bank.competency, competency_id) if bank else None

    def name(competency_id: str) -> str:
        found = competency(competency_id)
        return found.name if found else competency_id

    def finding(f: Finding) -> DescribedFinding:
        found = competency(f.competency_id)
        requirement = _entry(benchmark.requirement, f.competency_id) if benchmark else None
        return DescribedFinding(**_fields(f), name=name(f.competency_id),
                                definition=found.definition if found else "",
                                importance_label=_importance(f.importance),
                                rationale=requirement.rationale if requirement else "",
                                coaching=tuple(found.coaching) if found else (),
                                interview_questions=tuple(found.interview_questions) if found else ())

    def motivator(m: MotivatorScore) -> DescribedMotivator:
        found: Motivator | None = _entry(bank.motivator, m.id) if bank else None
        return DescribedMotivator(**_fields(m), name=found.name if found else m.id,
                                  description=found.description if found else "",
                                  management_tips=tuple(found.management_tips) if found else ())

    names = {c.id: name(c.id) for c in profile.competencies}
    return DescribedProfile(**{
        **_fields(profile),
        "competencies": tuple(DescribedCompetency(**_fields(c), name=names[c.id], band_label=BAND_LABELS[c.band],
                                                  importance_label=_importance(c.importance))
                              for c in profile.competencies),
        "weaknesses": tuple(finding(w) for w in profile.weaknesses),
        "strengths": tuple(finding(s) for s in profile.strengths),
        "motivators": tuple(motivator(m) for m in profile.motivators),
        "validity_flags": tuple(DescribedFlag(**_fields(f), label=FLAG_LABELS[f.name], evidence=flag_evidence(f))
                                for f in profile.validity_flags),
        "benchmark_name": _benchmark_name(benchmark, profile.benchmark_id),
        "recommendation_label": RECOMMENDATION_LABELS[profile.recommendation],
        "verdict_label": VERDICT_LABELS[profile.verdict],
        "verdict_meaning": VERDICT_MEANING[profile.verdict],
        "reasons": reasons(profile, names),
    })


def reasons(profile: Profile, names: Mapping[str, str]) -> tuple[str, ...]:
    """The recommendation's reasons, as sentences a hiring manager can check (`names`: competency
    names by id)."""
    if profile.verdict == Verdict.NOT_INTERPRETABLE:
        return ("The answers do not allow a reliable reading (see response validity), so no recommendation "
                "is made. Consider asking the candidate to take the assessment again.",)
    sentences = []
    if profile.fit is not None:
        sentences.append(f"Fit with the benchmark: {profile.fit:.0f} out of 100 (the importance-weighted chance "
                         "that each competency meets the job's requirement).")
    weak = {w.competency_id for w in profile.weaknesses}
    critical = [c for c in profile.competencies if c.id in weak and c.importance == 3]
    other = [c for c in profile.competencies if c.id in weak and c.importance < 3]
    for c in critical:
        sentences.append(f"{names[c.id]} is below what the job requires (percentile {c.percentile:.0f} against "
                         f"{c.required_percentile}), and the benchmark rates it critical.")
    if other:
        sentences.append("Also below the requirement: " + ", ".join(
            f"{names[c.id]} (percentile {c.percentile:.0f} against {c.required_percentile})" for c in other) + ".")
    if not critical and not other:
        sentences.append("No competency falls below the job's requirement by more than its measurement error.")
    unscored = [names[c.id] for c in profile.competencies if not c.scored]
    if unscored:
        sentences.append("Not scored (too few answers): " + ", ".join(unscored) + ".")
    if profile.verdict == Verdict.CAUTION:
        sentences.append("Response validity asks for caution, so the result is at most "
                         f"'{RECOMMENDATION_LABELS[Recommendation.CONSIDER]}'.")
    return tuple(sentences)


def _fields(instance: Any) -> dict[str, Any]:
    """A dataclass's own field values, shallow (nested results stay typed)."""
    return {f.name: getattr(instance, f.name) for f in fields(instance)}


def _entry(find: Any, entry_id: str) -> Any:
    """A bank entry by id, or None when the bank (of a newer version) no longer has it."""
    try:
        return find(entry_id)
    except KeyError:
        return None


def _importance(importance: int) -> str:
    return IMPORTANCE_LABELS.get(importance, str(importance))


def _benchmark_name(benchmark: Benchmark | None, benchmark_id: str) -> str:
    return benchmark.name if benchmark else benchmark_id
