"""Results stored as codes and numbers (schema version 2)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 19:10:00.000000

Results were stored as `dataclasses.asdict` of the profile: English labels (recommendation,
verdict, bands), the bank's texts, the reasons and each validity flag's evidence sentence. This
converts them to `Profile.to_data()`'s form: codes, numbers and the evidence's figures (read back
from the sentences, which the scoring wrote with fixed patterns), and turns the `recommendation`
and `validity_verdict` columns into codes. The conversion is written out here rather than taken
from the application, so that it stays what it was when later code changes.

Downgrade: the old form held the bank's texts and sentences, which the new form leaves to the
bank and the wording at display time; rebuilding them would tie this migration to the code of
the day. Downgrading therefore works on a database without results and refuses otherwise
(restore the backup taken before upgrading).
"""
from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SCHEMA_VERSION = 2

RECOMMENDATIONS = {"recommended": "recommended", "consider": "consider", "not recommended": "not_recommended",
                   "not interpretable": "not_interpretable"}
VERDICTS = {"valid": "valid", "interpret with caution": "caution", "not interpretable": "not_interpretable"}
BANDS = {"not scored": "not_scored", "development need": "development_need", "adequate": "adequate",
         "strength": "strength"}
NUMBER = r"(\d+(?:\.\d+)?)"
#: Each flag's evidence sentence as the scoring wrote it, with the names of its figures.
EVIDENCE = {
    "attention": (rf"^{NUMBER} of {NUMBER} attention checks", ("failures", "answered")),
    "speed": (rf"^about {NUMBER} seconds per question; careful reading takes at least {NUMBER}",
              ("seconds_per_item", "threshold")),
    "longstring": (rf"^{NUMBER} identical answers in a row; 97\.5% of the norm group give at most {NUMBER}",
                   ("run", "threshold")),
    "inconsistency": (rf"differ by {NUMBER} points on average; 97\.5% of the norm group stay under {NUMBER}",
                      ("difference", "threshold")),
    "careless_pattern": (r"", ()),
    "social_desirability": (rf"\(percentile {NUMBER}\)", ("percentile",)),
    "self_enhancement": (r"", ()),
}
COMPETENCY_FIELDS = ("id", "scored", "raw", "standard", "percentile", "sem", "band_low", "band_high", "answered",
                     "items", "required_percentile", "importance")
FINDING_FIELDS = ("competency_id", "percentile", "required_percentile", "importance", "gap")

results = sa.table("results", sa.column("id", sa.Integer), sa.column("recommendation", sa.String),
                   sa.column("validity_verdict", sa.String), sa.column("profile", sa.JSON))


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.select(results.c.id, results.c.profile)).all()
    for result_id, profile in rows:
        if profile.get("schema_version") == SCHEMA_VERSION:
            continue
        converted = converted_profile(profile)
        connection.execute(results.update().where(results.c.id == result_id).values(
            profile=converted, recommendation=converted["recommendation"],
            validity_verdict=converted["verdict"]))


def downgrade():
    stored = op.get_bind().execute(sa.select(sa.func.count()).select_from(results)).scalar()
    if stored:
        raise RuntimeError(f"{stored} result(s) are stored as codes; the texts of the older form cannot be "
                           "rebuilt by a migration. Restore the database backup taken before upgrading.")


def converted_profile(old: dict[str, Any]) -> dict[str, Any]:
    """A result of the older form (texts included) in schema version 2."""
    return {
        "schema_version": SCHEMA_VERSION,
        "bank_id": old["bank_id"], "bank_version": old["bank_version"], "model_version": old["model_version"],
        "provisional_norms": old["provisional_norms"], "benchmark_id": old["benchmark_id"],
        "competencies": [{**{key: c[key] for key in COMPETENCY_FIELDS}, "band": BANDS[c["band_label"]]}
                         for c in old["competencies"]],
        "weaknesses": [{key: w[key] for key in FINDING_FIELDS} for w in old["weaknesses"]],
        "strengths": [{key: s[key] for key in FINDING_FIELDS} for s in old["strengths"]],
        "motivators": [{"id": m["id"], "score": m["score"], "rank": m["rank"]} for m in old["motivators"]],
        "social_desirability_percentile": old["social_desirability_percentile"],
        "verdict": VERDICTS[old["validity_verdict"]],
        "validity_flags": [{"name": f["name"], "level": f["level"], "figures": figures(f["name"], f["evidence"])}
                           for f in old["validity_flags"]],
        "fit": old["fit"],
        "recommendation": RECOMMENDATIONS[old["recommendation"]],
    }


def figures(flag: str, evidence: str) -> dict[str, float]:
    """The figures an evidence sentence quotes, by name."""
    pattern, names = EVIDENCE[flag]
    found = re.search(pattern, evidence)
    if found is None:
        raise ValueError(f"evidence of flag {flag} not in the scoring's words: {evidence!r}")
    return {name: float(value) for name, value in zip(names, found.groups())}
