"""The candidate's side: the campaign's public page, then the questions, page by page.

Nothing here uses the session cookie: the attempt token in the URL is the credential, and the
question forms carry a signed page token. Only starting an attempt is rate-limited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...banks import Bank
from ...banks.pagination import Page
from ...extensions import limiter
from ...models import Attempt, AttemptStatus, Campaign, CampaignStatus
from ...services.attempts import (
    AttemptAlreadyStarted,
    AttemptPage,
    find_attempt,
    finish_attempt,
    first_incomplete_page,
    record_page_shown,
    save_page,
    saved_answers,
    start_attempt,
)
from ...services.banks import bank_catalog, bank_pages
from ...services.scoring import score_after_commit
from ...services.campaigns import find_campaign_by_slug
from ..security import allow_framing_by
from ..transactions import writes
from . import bp
from .forms import ApplyForm, PageAnswers, QuestionPageForm, question_page_form
from .page_tokens import PageTokenCheck, read_page_token, sign_page

HtmlStatus = tuple[str, int]


#: The pages of a started attempt, whose token is the credential: never rate-limited.
_NEVER_LIMITED = frozenset({"candidate.take", "candidate.page", "candidate.submit_page"})


@limiter.request_filter
def _attempt_pages_are_never_limited() -> bool:
    """Filtered out before the limiter resolves any limit, which spares the busiest requests its
    bookkeeping (a route exemption would still resolve them)."""
    return request.endpoint in _NEVER_LIMITED


def _campaign_bank(campaign: Campaign) -> Bank:
    bank = bank_catalog().banks.get(campaign.bank_id)
    if bank is None:  # the bank file was removed or broke after the campaign was made
        current_app.logger.error("Campaign %s uses missing bank %s", campaign.id, campaign.bank_id)
        abort(404)
    return bank


def _closed(campaign: Campaign, status: int) -> HtmlStatus | None:
    state = campaign.status_on(date.today())
    if state == CampaignStatus.OPEN:
        return None
    return render_template("candidate/closed.html", campaign=campaign, status=state), status


def _started(response: Response) -> bool:
    return response.status_code == 302


@bp.route("/apply/<slug>", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["APPLY_LIMIT_PER_ADDRESS"],
    methods=["POST"], deduct_when=_started, scope="apply-address",
)
def apply(slug: str) -> Response | HtmlStatus:
    """The campaign's public page; starting an attempt is limited per address, so that no script
    can fill a campaign with attempts (a person starts one)."""
    campaign = find_campaign_by_slug(slug) or abort(404)
    allow_framing_by(campaign.allowed_origins)
    if closed := _closed(campaign, 410):
        return closed
    bank = _campaign_bank(campaign)
    form = ApplyForm()
    if form.validate_on_submit():
        try:
            _, token = start_attempt(campaign, bank, name=form.name.data, email=form.email.data)
        except AttemptAlreadyStarted:
            return render_template("candidate/already_started.html", campaign=campaign), 409
        return redirect(url_for("candidate.take", token=token))
    context = {"campaign": campaign, "bank": bank, "form": form,
               "retention_months": current_app.config["DATA_RETENTION_MONTHS"]}
    return render_template("candidate/apply.html", **context), 422 if form.errors else 200


def _open_attempt(token: str) -> tuple[Attempt, Bank, tuple[Page, ...]]:
    """The attempt behind a token, its bank and pages; 404 for unknown tokens or closed campaigns."""
    attempt = find_attempt(token) or abort(404)
    allow_framing_by(attempt.campaign.allowed_origins)
    if attempt.status != AttemptStatus.COMPLETED and (closed := _closed(attempt.campaign, 404)):
        abort(make_response(*closed))
    bank = _campaign_bank(attempt.campaign)
    return attempt, bank, bank_pages(bank)


@bp.route("/take/<token>")
def take(token: str) -> Response | str:
    """The attempt's own link: the introduction, the page to resume at, or the thanks once finished."""
    attempt, bank, pages = _open_attempt(token)
    if attempt.status == AttemptStatus.COMPLETED:
        return render_template("candidate/thanks.html", attempt=attempt)
    answers = saved_answers(attempt.id)
    if answers:
        resume_at = first_incomplete_page(pages, answers)
        return redirect(url_for("candidate.page", token=token, number=(len(pages) - 1 if resume_at is None else resume_at) + 1))
    resume_url = url_for("candidate.take", token=token, _external=True)
    return render_template("candidate/intro.html", attempt=attempt, bank=bank, token=token,
                           pages=pages, resume_url=resume_url)


@bp.get("/take/<token>/page/<int:number>")
@writes  # records when the page was first shown
def page(token: str, number: int) -> Response | HtmlStatus:
    """Show a question page with the answers saved so far, noting when it was first shown."""
    attempt, bank, pages = _open_attempt(token)
    if attempt.status == AttemptStatus.COMPLETED:
        return redirect(url_for("candidate.take", token=token))
    if not 1 <= number <= len(pages):
        abort(404)
    index = number - 1
    attempt_id = attempt.id
    answers = saved_answers(attempt_id)
    record_page_shown(attempt_id, index)  # the page's time starts when it is first shown
    form = question_page_form(bank, pages[index].ordered_for(attempt.seed, index), None, answers)
    return _render_page(attempt, bank, pages, index, form, token)


@dataclass(frozen=True)
class _PostedPage:
    """A posted page whose token is valid for that page and whose fields are all genuine."""

    signed: AttemptPage
    pages: tuple[Page, ...]
    submission: PageAnswers


@bp.post("/take/<token>/page/<int:number>")
def submit_page(token: str, number: int) -> Response | HtmlStatus:
    """Save a page of answers: the busiest request there is, so it does its checks cheapest first.

    The signed page token names the attempt, page and bank, so the answers are validated with no
    query, before the request's write transaction begins (at its first statement); then one
    statement saves the page if the URL's token opens that attempt and it still takes answers,
    and the request boundary commits before the redirect is sent. Any post that fails a check
    stores nothing and is explained by `_show_posted_page`. A saved page answers with a redirect,
    which browsers never show framed (frame-ancestors applies to the page it leads to), so the
    campaign's origins are not read.
    """
    posted = _valid_post(number - 1)
    if posted is None:
        return _show_posted_page(token, number)
    if not save_page(token, posted.signed, posted.submission.answers, date.today()):
        return _show_posted_page(token, number)
    return _after_saving(token, posted)


def _valid_post(index: int) -> _PostedPage | None:
    """The posted page if its token is valid for page `index` and no field is tampered with."""
    check, signed = read_page_token(request.form.get("page_token", ""))
    if check != PageTokenCheck.VALID or signed is None or signed.page_index != index:
        return None
    bank = bank_catalog().banks.get(signed.bank_id)
    if bank is None:
        return None
    pages = bank_pages(bank)
    if index >= len(pages):
        return None
    submission = question_page_form(bank, pages[index].item_ids, request.form, {}).read(request.form)
    return None if submission.tampered else _PostedPage(signed, pages, submission)


def _after_saving(token: str, posted: _PostedPage) -> Response | HtmlStatus:
    """Go where the candidate asked once the page is saved: back, on, or to the finish."""
    attempt_id, index, pages = posted.signed.attempt_id, posted.signed.page_index, posted.pages
    if request.form.get("action", "next") == "back" and index > 0:
        return redirect(url_for("candidate.page", token=token, number=index))
    if posted.submission.missing:
        return _show_posted_page(token, index + 1, status=422, notice=(
            "Please answer the questions marked below before going on. Your other answers are saved."))
    if index + 1 < len(pages):
        return redirect(url_for("candidate.page", token=token, number=index + 2))
    incomplete = first_incomplete_page(pages, saved_answers(attempt_id))
    if incomplete is not None:
        return redirect(url_for("candidate.page", token=token, number=incomplete + 1))
    if finish_attempt(attempt_id):  # answers only grow, so the check above still holds
        current_app.logger.info("Attempt %s completed", attempt_id)
        score_after_commit(attempt_id)  # only the request that completed the attempt scores it
    return redirect(url_for("candidate.take", token=token))


def _show_posted_page(token: str, number: int, *, status: int = 400,
                      notice: str | None = None) -> Response | HtmlStatus:
    """The posted page again, with the posted answers on it so nothing typed is lost from view.

    Without a notice, explains why nothing was saved; an unknown token, a closed campaign or a
    page beyond the last get the same answers as when showing a page.
    """
    attempt, bank, pages = _open_attempt(token)
    if attempt.status == AttemptStatus.COMPLETED:  # finished in another tab meanwhile
        return redirect(url_for("candidate.take", token=token))
    if not 1 <= number <= len(pages):
        abort(404)
    index = number - 1
    form = question_page_form(bank, pages[index].ordered_for(attempt.seed, index), request.form, {})
    submission = form.read(request.form)
    if notice is None:
        notice = _why_nothing_was_saved(submission, AttemptPage(attempt.id, index, bank.id))
    return _render_page(attempt, bank, pages, index, form, token, status=status, notice=notice)


def _why_nothing_was_saved(submission: PageAnswers, page: AttemptPage) -> str:
    if submission.tampered:
        return ("Some answers on this page were not valid choices, so nothing was saved. "
                "Please check the page and send it again.")
    check, signed = read_page_token(request.form.get("page_token", ""))
    if check == PageTokenCheck.EXPIRED and signed == page:
        return ("This page was open for a long time, so your answers have not been saved yet. "
                "They are still below: check them and send the page again.")
    return "This page could not be verified, so nothing was saved. Check your answers below and send the page again."


def _render_page(attempt: Attempt, bank: Bank, pages: tuple[Page, ...], index: int, form: QuestionPageForm,
                 token: str, *, status: int = 200, notice: str | None = None) -> HtmlStatus:
    form.page_token.data = sign_page(AttemptPage(attempt.id, index, bank.id))
    current = pages[index]
    html = render_template(
        "candidate/page.html", attempt=attempt, bank=bank, form=form, token=token, notice=notice,
        kind=current.kind, items=[bank.item(item_id) for item_id in form.item_fields],
        number=index + 1, total=len(pages), is_last=index + 1 == len(pages),
    )
    return html, status
