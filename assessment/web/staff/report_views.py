"""PDF reports of candidates (staff).

The view turns database rows into plain report data at this boundary and renders the PDF (or
takes it from the file cache) in an ordinary reading request; the download is logged in a short
write transaction of its own once the reads end, before the file is sent (`services.audit`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, current_app, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from ...models import Attempt, Campaign, Result
from ...reports import CandidateFacts, NormFacts, build_report_context, instance_report_cache, report_filename
from ...reports.context import ReportContext
from ...scoring.model import ScoringModelError
from ...services.audit import record_report_access
from ...services.campaigns import find_campaign_attempt
from ...services.review import described_result
from ...services.scoring import ScoringUnavailable, current_results, current_scoring_model
from . import bp
from .access import campaign_or_404


@bp.route("/campaigns/<int:campaign_id>/candidates/<int:attempt_id>/report.pdf")
def candidate_report_pdf(campaign_id: int, attempt_id: int) -> Response:
    """A candidate's report as a PDF, rendered once per result and then served from the cache."""
    campaign = campaign_or_404(campaign_id)
    attempt = find_campaign_attempt(campaign, attempt_id) or abort(404)
    result = current_results([attempt.id]).get(attempt.id) or abort(404)
    report = report_context(campaign, attempt, result)
    cache = instance_report_cache(current_app.instance_path)
    path = cache.get_or_render(result.id, report.fingerprint(), lambda: _render(report))
    record_report_access(current_user, attempt, "download")
    name = report_filename(report.candidate.name, report.candidate.job_title)
    return Response(path.read_bytes(), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def report_context(campaign: Campaign, attempt: Attempt, result: Result) -> ReportContext:
    """The plain data of a result's report (no ORM object goes further than this)."""
    completed = attempt.completed_at
    facts = CandidateFacts(
        name=attempt.candidate_name, email=attempt.candidate_email, job_title=campaign.job_title,
        location=campaign.location, organisation=campaign.organisation.name,
        completed_on=completed.strftime("%d %B %Y").lstrip("0") if completed else None,
    )
    return build_report_context(described_result(result), facts, norm_facts(result.profile))


def norm_facts(profile: Mapping[str, Any]) -> NormFacts | None:
    """The norm group of the profile's scoring model, if the installed model is that version."""
    try:
        model = current_scoring_model(profile["bank_id"])
    except (ScoringUnavailable, ScoringModelError):
        return None
    if model.version != profile["model_version"]:
        return None
    return NormFacts.of_model(model)


def _render(report: ReportContext) -> bytes:
    # WeasyPrint takes most of a second to import: load it with the first report, not with the app.
    from ...reports.pdf import render_pdf

    html = render_template("report/report.html", report=report)
    return render_pdf(html, title=report.title, author=report.author)
