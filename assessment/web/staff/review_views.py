"""Reviewing a campaign's candidates: the table, CSV export, comparison, audit log (staff)."""
from __future__ import annotations

from datetime import date

from flask import abort, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from ...reports.naming import file_slug
from ...services.audit import organisation_report_accesses
from ...services.review import (
    MAX_COMPARED,
    MIN_COMPARED,
    RECOMMENDATIONS,
    STATUSES,
    CompareError,
    TableQuery,
    candidate_rows,
    candidates_csv,
    compared_rows,
    comparison_competencies,
    table_rows,
)
from . import bp
from .access import admin_required, campaign_or_404

#: Audit log rows per page.
AUDIT_PAGE_SIZE = 50
#: Excel reads a CSV file as UTF-8 only when it starts with the byte-order mark.
UTF8_BOM = "\ufeff"


@bp.route("/campaigns/<int:campaign_id>/candidates")
def candidates(campaign_id: int) -> str:
    """The campaign's candidates table, filtered and sorted by the query string."""
    found = campaign_or_404(campaign_id)
    query = TableQuery.from_args(request.args)
    everyone = candidate_rows(found)
    return render_template("staff/review/candidates.html", campaign=found, query=query,
                           rows=table_rows(everyone, query), total=len(everyone),
                           statuses=STATUSES, recommendations=RECOMMENDATIONS,
                           min_compared=MIN_COMPARED, max_compared=MAX_COMPARED)


@bp.route("/campaigns/<int:campaign_id>/candidates.csv")
def candidates_csv_download(campaign_id: int) -> Response:
    """The candidates table with every scale score, as a CSV file for a spreadsheet."""
    found = campaign_or_404(campaign_id)
    rows = table_rows(candidate_rows(found), TableQuery.from_args(request.args))
    filename = f"{file_slug(found.job_title) or f'campaign-{found.id}'}_candidates_{date.today().isoformat()}.csv"
    return Response(UTF8_BOM + candidates_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/campaigns/<int:campaign_id>/compare")
def compare(campaign_id: int) -> str | tuple[str, int]:
    """Two to four candidates of the campaign side by side."""
    found = campaign_or_404(campaign_id)
    raw_ids = request.args.getlist("ids")
    try:
        if not all(value.strip().isdigit() for value in raw_ids):
            raise CompareError("The candidates to compare were not given as expected. Choose them in the table.")
        rows = compared_rows(found, [int(value) for value in raw_ids])
    except CompareError as error:
        return render_template("staff/review/compare.html", campaign=found, error=str(error), rows=[]), 400
    except LookupError:
        abort(404)
    return render_template("staff/review/compare.html", campaign=found, error=None, rows=rows,
                           competencies=comparison_competencies(rows))


@bp.route("/audit")
@admin_required
def audit() -> str:
    """The organisation's report-access log (admins)."""
    page = request.args.get("page", 1, type=int)
    page = page if page and page > 0 else 1
    log = organisation_report_accesses(current_user.organisation_id, limit=AUDIT_PAGE_SIZE,
                                       offset=(page - 1) * AUDIT_PAGE_SIZE)
    pages = max(1, -(-log.total // AUDIT_PAGE_SIZE))
    return render_template("staff/review/audit.html", log=log, page=page, pages=pages)
