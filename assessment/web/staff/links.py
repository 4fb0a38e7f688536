"""The candidate link of a campaign and the copy-ready snippets for a job posting."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from ...models import Campaign
from ...services.campaigns import candidate_url

#: Tall enough for a page of questions on a laptop; the candidate pages scroll inside it.
IFRAME_HEIGHT_PX = 900


@dataclass(frozen=True)
class CampaignLinks:
    """What an admin pastes into a careers site to send candidates to the assessment."""

    candidate_url: str
    button_html: str
    iframe_html: str


def campaign_links(campaign: Campaign, base_url: str) -> CampaignLinks:
    """Build the public link and the snippets from the site's public base URL."""
    url = candidate_url(campaign, base_url)
    title = escape(f"Assessment: {campaign.job_title}")
    button = (
        f'<a href="{escape(url)}" target="_blank" rel="noopener" '
        'style="display:inline-block;padding:12px 20px;border-radius:6px;background:#1f4e8c;'
        'color:#ffffff;font:600 16px/1.2 sans-serif;text-decoration:none">'
        "Apply: take the assessment</a>"
    )
    iframe = (
        f'<iframe src="{escape(url)}" title="{title}" width="100%" height="{IFRAME_HEIGHT_PX}" '
        'style="border:0;max-width:100%" loading="lazy"></iframe>'
    )
    return CampaignLinks(candidate_url=url, button_html=button, iframe_html=iframe)
