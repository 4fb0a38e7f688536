"""The public entry point of a campaign."""
from __future__ import annotations

from datetime import date

from flask import abort, render_template

from ...models import CampaignStatus
from ...services.campaigns import find_campaign_by_slug
from ..security import allow_framing_by
from . import bp


@bp.route("/apply/<slug>")
def apply(slug: str) -> tuple[str, int]:
    campaign = find_campaign_by_slug(slug) or abort(404)
    allow_framing_by(campaign.allowed_origins)
    status = campaign.status_on(date.today())
    if status != CampaignStatus.OPEN:
        return render_template("candidate/closed.html", campaign=campaign, status=status), 410
    abort(404)
