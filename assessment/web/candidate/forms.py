"""Candidate forms. They carry no Flask-WTF CSRF token: that token lives in a cookie, and the
candidate pages must work in a cross-site iframe where browsers block cookies. Question pages
carry a signed page token instead (see `page_tokens`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, EmailField, Field, HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from ...banks import AttentionItem, Bank, ForcedChoiceItem, LikertItem, SjtItem

MISSING = "Please choose an answer."
SAME_STATEMENT = "Choose a different statement for \u201cleast like me\u201d."
#: Buttons and hidden fields a question page posts besides its answers.
PAGE_CONTROLS = frozenset({"action", "page_token"})


class CandidateForm(FlaskForm):
    """Base of the candidate's forms: no CSRF token, since candidate pages use no cookie to forge."""

    class Meta:
        """Flask-WTF's per-form options."""

        csrf = False


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class ApplyForm(CandidateForm):
    """The campaign page's form: who the candidate is, and their consent to the privacy notice."""

    name = StringField("Your full name", filters=[_strip], validators=[DataRequired(), Length(max=200)])
    email = EmailField("Your e-mail address", filters=[_strip], validators=[DataRequired(), Length(max=254),
                                                           Email(message="Enter an e-mail address such as name@example.com.",
                                                                 check_deliverability=False)],
                       description="Used only to tell your attempt apart from others; we send no marketing.")
    consent = BooleanField(
        "I have read the information above and agree that my answers are used to assess my application.",
        validators=[DataRequired(message="Please tick the box to agree before starting.")],
    )


@dataclass
class PageAnswers:
    """What a question page's submission holds: valid answers, unanswered items, tampered fields."""

    answers: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    tampered: list[str] = field(default_factory=list)


class QuestionPageForm(CandidateForm):
    """Base of the per-page forms built by `question_page_form`."""

    page_token = HiddenField()
    #: The fields of each item on the page (two for a forced-choice block asking most and least).
    item_fields: dict[str, list[Field]]

    def read(self, formdata: MultiDict[str, str]) -> PageAnswers:
        """Validate the submission; unknown fields and values outside an item's options are tampering."""
        self.validate()
        result = PageAnswers(tampered=[name for name in formdata if name not in self._fields and name not in PAGE_CONTROLS])
        for item_id, fields in self.item_fields.items():
            if any(f.errors for f in fields):
                result.tampered.append(item_id)
            elif any(f.data is None for f in fields):
                result.missing.append(item_id)
                for f in fields:
                    if f.data is None:
                        f.errors.append(MISSING)
            elif len(fields) == 2 and fields[0].data == fields[1].data:
                result.missing.append(item_id)
                fields[1].errors.append(SAME_STATEMENT)
            else:
                result.answers[item_id] = ",".join(f.data for f in fields)
        return result


def question_page_form(bank: Bank, item_ids: tuple[str, ...], formdata: MultiDict[str, str] | None,
                       saved: dict[str, str]) -> QuestionPageForm:
    """The form of one page, its items in the order given, filled with saved answers.

    Each page has its own form class, built from the bank once and never mutated afterwards;
    the candidate's item order only orders `item_fields`, which the template follows.
    """
    form_class, names = _page_form_class(bank, tuple(sorted(item_ids)))
    data = {name: value for item_id in item_ids if item_id in saved
            for name, value in zip(names[item_id], saved[item_id].split(","))}
    form = form_class(formdata=formdata, data=data)
    form.item_fields = {item_id: [form[name] for name in names[item_id]] for item_id in item_ids}
    return form


_form_classes: dict[tuple[str, str, tuple[str, ...]], tuple[type[QuestionPageForm], dict[str, list[str]]]] = {}


def _page_form_class(bank: Bank, item_ids: tuple[str, ...]) -> tuple[type[QuestionPageForm], dict[str, list[str]]]:
    """The form class of a page (by bank version and item ids) and each item's field names."""
    key = (bank.id, bank.version, item_ids)
    if key not in _form_classes:
        per_item = {item_id: _fields_for(bank, bank.item(item_id)) for item_id in item_ids}
        fields = {name: field for item_fields in per_item.values() for name, field in item_fields}
        names = {item_id: [name for name, _ in item_fields] for item_id, item_fields in per_item.items()}
        _form_classes[key] = (type("QuestionPage", (QuestionPageForm,), fields), names)
    return _form_classes[key]


def field_name(item_id: str, part: str = "") -> str:
    """The form field of an item (or of one part of a forced-choice block)."""
    return f"q-{item_id}" + (f"-{part}" if part else "")


def _radio(label: str, choices: list[SelectChoice]) -> RadioField:
    # Optional() lets a missing answer through so that `read` can tell it from a tampered one.
    return RadioField(label, choices=choices, validators=[Optional()])


def _fields_for(bank: Bank, item: LikertItem | SjtItem | ForcedChoiceItem | AttentionItem) -> list[tuple[str, RadioField]]:
    if isinstance(item, (LikertItem, AttentionItem)):
        labels = bank.response_format.labels
        choices = [SelectChoice(str(code), label) for code, label in enumerate(labels, start=1)]
        return [(field_name(item.id), _radio(item.text, choices))]
    if isinstance(item, SjtItem):
        choices = [SelectChoice(option.id, option.text) for option in item.options]
        return [(field_name(item.id), _radio(item.question, choices))]
    choices = [SelectChoice(statement.id, statement.text) for statement in item.statements]
    parts = [(field_name(item.id, "most"), _radio("Most like me", choices))]
    if item.asks_least:
        parts.append((field_name(item.id, "least"), _radio("Least like me", choices)))
    return parts
