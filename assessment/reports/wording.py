"""Fixed wording of the report that does not come from the question bank.

Kept apart from the logic so that a psychologist can review every sentence the report adds to
the bank's own text in one place.
"""
from __future__ import annotations

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


def day_90_review(competency: str) -> str:
    """The closing step of every coaching plan."""
    return (f"At day 90, review with the rep how far {competency.lower()} has moved toward what the job "
            "needs, and agree what continues in the next quarter.")


#: What each validity verdict means for reading the report.
VERDICT_MEANING = {
    "valid": "Nothing suggests careless or distorted answering: the scores can be read as they are, "
             "within their measurement error.",
    "interpret with caution": "Something in the answers needs care: read the scores as less certain than "
                              "their bands show, check the points below in the interview, and note that "
                              "the recommendation is at most “consider”.",
    "not interpretable": "The answers do not allow a reliable reading, so no recommendation is made. "
                         "Consider asking the candidate to take the assessment again.",
}

#: How each competency compares with the job's requirement, as the competency table words it.
READINGS = {
    "weakness": "Weakness",
    "strength": "Strength",
    "meets": "Meets",
    "close": "Close",
    "not scored": "Not scored",
}
