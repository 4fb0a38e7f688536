"""Dashboard and campaign pages."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ...db import db, end_reads_and_begin_writing
from ...models import Campaign, Role
from ...services.accounts import organisation_users
from ...services.audit import record_report_access
from ...services.banks import bank_catalog
from ...services.scoring import current_results
from ...services.review import described_result
from ...services.campaigns import (
    CampaignError,
    CampaignFields,
    attempt_counts,
    campaign_attempts,
    find_campaign_attempt,
    close_campaign,
    create_campaign,
    has_attempts,
    reopen_campaign,
    stopping_pages,
    update_campaign,
    visible_campaigns,
)
from ..forms import ActionForm, render_form
from . import bp
from .access import admin_required, campaign_or_404
from .forms import CampaignForm
from .links import campaign_links


#: Candidates listed on a campaign's page; the candidates table has them all.
LATEST_CANDIDATES = 5


@bp.route("/")
def dashboard() -> str:
    """The campaigns the user may see, with their candidate counts."""
    campaigns = visible_campaigns(current_user)
    return render_template(
        "staff/dashboard.html",
        campaigns=campaigns,
        counts=attempt_counts([campaign.id for campaign in campaigns]),
        today=date.today(),
        catalog=bank_catalog(),
    )


@bp.route("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int) -> str:
    """One campaign: its settings, candidate link, embed snippet and counts."""
    found = campaign_or_404(campaign_id)
    attempts = campaign_attempts(found, limit=LATEST_CANDIDATES)
    return render_template(
        "staff/campaign.html",
        campaign=found,
        status=found.status_on(date.today()),
        counts=attempt_counts([found.id])[found.id],
        stopping_pages=stopping_pages(found),
        attempts=attempts,
        results=current_results([attempt.id for attempt in attempts]),
        links=campaign_links(found, current_app.config["ASSESSMENT_BASE_URL"]),
        catalog=bank_catalog(),
    )


@bp.route("/campaigns/<int:campaign_id>/candidates/<int:attempt_id>")
def candidate(campaign_id: int, attempt_id: int) -> str:
    """One candidate's result on screen; opening it is recorded in the audit log."""
    found = campaign_or_404(campaign_id)
    attempt = find_campaign_attempt(found, attempt_id) or abort(404)
    result = current_results([attempt.id]).get(attempt.id)
    profile = described_result(result) if result else None
    end_reads_and_begin_writing()  # a GET that writes: SQLite needs a fresh write transaction
    record_report_access(current_user, attempt, "view")
    db.session.commit()
    return render_template("staff/candidate.html", campaign=found, attempt=attempt, profile=profile)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@admin_required
def new_campaign() -> Response | tuple[str, int]:
    """Open a campaign for a job (admins)."""
    form = _campaign_form()
    saved = _save_campaign(form, lambda fields: create_campaign(current_user, fields),
                           "Campaign created. Share its link or embed it in your job posting.")
    return saved or render_form("staff/campaign_form.html", form, campaign=None)


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_campaign(campaign_id: int) -> Response | tuple[str, int]:
    """Change a campaign's settings (admins); the bank of a campaign with candidates stays."""
    found = campaign_or_404(campaign_id)
    form = _campaign_form(found)

    def save(fields: CampaignFields) -> Campaign:
        update_campaign(current_user, found, fields)
        return found

    saved = _save_campaign(form, save, "Campaign saved.")
    return saved or render_form("staff/campaign_form.html", form, campaign=found,
                                locked_bank=has_attempts(found))


def _save_campaign(form: CampaignForm, save: Callable[[CampaignFields], Campaign],
                   message: str) -> Response | None:
    """Save a valid submission and redirect to the campaign; None means show the form again."""
    if not form.validate_on_submit():
        return None
    try:
        campaign = save(_fields(form))
    except CampaignError as error:
        form.profile.errors.append(str(error))
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.campaign", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>/close", methods=["POST"])
@admin_required
def close(campaign_id: int) -> Response | tuple[str, int]:
    """Close a campaign now: its link stops taking new candidates and answers."""
    def operation(campaign: Campaign) -> str:
        close_campaign(campaign)
        return "Campaign closed: its link now tells candidates the assessment is closed."

    return _campaign_action(campaign_id, "Close this campaign", operation)


@bp.route("/campaigns/<int:campaign_id>/reopen", methods=["POST"])
@admin_required
def reopen(campaign_id: int) -> Response | tuple[str, int]:
    """Reopen a closed campaign."""
    def operation(campaign: Campaign) -> str:
        if reopen_campaign(campaign, date.today()):
            return "Campaign reopened. Its past closing date was removed."
        return "Campaign reopened."

    return _campaign_action(campaign_id, "Reopen this campaign", operation)


def _campaign_action(
    campaign_id: int, label: str, operation: Callable[[Campaign], str]
) -> Response | tuple[str, int]:
    """Run a one-button change on a campaign; a stale form asks to confirm instead."""
    found = campaign_or_404(campaign_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return render_form("staff/confirm.html", form, action=label, target=request.path)
    message = operation(found)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.campaign", campaign_id=found.id))


def _campaign_form(campaign: Campaign | None = None) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    if campaign is not None and not form.is_submitted():
        form.profile.data = f"{campaign.bank_id}:{campaign.benchmark_id}"
        form.manager_ids.data = [manager.id for manager in campaign.managers]
        form.allowed_origins.data = "\n".join(campaign.allowed_origins)
    managers = [user for user in organisation_users(current_user.organisation_id)
                if user.role == Role.MANAGER and user.active]
    form.fill_choices(bank_catalog(), managers)
    return form


def _fields(form: CampaignForm) -> CampaignFields:
    bank_id, benchmark_id = form.bank_and_benchmark
    return CampaignFields(
        job_title=form.job_title.data.strip(),
        location=(form.location.data or "").strip() or None,
        bank_id=bank_id,
        benchmark_id=benchmark_id,
        closes_on=form.closes_on.data,
        manager_ids=form.manager_ids.data or [],
        allowed_origins=form.origins,
    )
