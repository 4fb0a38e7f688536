"""Forms of the staff pages: campaigns and users."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...banks import BankCatalog
from ...models import Role, User
from ..auth.forms import new_password_field

MAX_ALLOWED_ORIGINS = 20


def parse_origin(text: str) -> str:
    """Normalise one web origin (scheme, host, optional port), or raise ValueError saying why.

    Origins end up in a Content-Security-Policy header, so anything but a bare origin is refused.
    """
    parts = urlsplit(text.strip())
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError(f"{text!r} is not a web origin such as https://careers.example.com")
    if parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{text!r}: give only the origin (no path), e.g. https://careers.example.com")
    if any(c in parts.netloc for c in " ;,'\"*"):
        raise ValueError(f"{text!r} contains a character that is not allowed in an origin")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{text!r} has an invalid port") from None
    host = parts.hostname.lower()
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes, which work on phones without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CampaignForm(FlaskForm):
    """A campaign's settings as an admin types them."""

    job_title = StringField("Job title", validators=[DataRequired(), Length(max=200)])
    location = StringField("Location", validators=[Optional(), Length(max=200)],
                           description="Optional, e.g. Boston, MA or Remote.")
    profile = SelectField(
        "Assessment and benchmark",
        validators=[DataRequired()],
        description="The assessment candidates take, and the job profile their results are compared with.",
    )
    closes_on = DateField("Closing date", validators=[Optional()],
                          description="Optional. The link stops accepting new candidates after this day.")
    manager_ids = MultiCheckboxField("Hiring managers who see the candidates", coerce=int)
    allowed_origins = TextAreaField(
        "Careers sites allowed to embed the assessment",
        validators=[Optional(), Length(max=4000)],
        description="Optional. One origin per line, e.g. https://careers.example.com. "
        "Only these sites may show the assessment inside an iframe.",
    )

    def fill_choices(self, catalog: BankCatalog, managers: list[User]) -> None:
        """Offer every valid bank's benchmarks, grouped by assessment, and the organisation's managers."""
        self.profile.choices = [
            SelectChoice(f"{bank.id}:{benchmark.id}", benchmark.name, optgroup=bank.title)
            for bank in sorted(catalog.banks.values(), key=lambda bank: bank.title)
            for benchmark in bank.benchmarks
        ]
        self.manager_ids.choices = [SelectChoice(user.id, f"{user.name} ({user.email})") for user in managers]

    def validate_closes_on(self, field: DateField) -> None:
        """A new closing date must not lie in the past (an unchanged one may)."""
        if field.data is not None and field.data < date.today() and field.data != field.object_data:
            raise ValidationError("Choose today or a later date, or leave it empty.")

    def validate_allowed_origins(self, field: TextAreaField) -> None:
        """Every line must be an origin, and there may not be too many."""
        if len(field.data.splitlines()) > MAX_ALLOWED_ORIGINS:
            raise ValidationError(f"List at most {MAX_ALLOWED_ORIGINS} sites.")
        try:
            self.origins
        except ValueError as error:
            raise ValidationError(str(error)) from None

    @property
    def origins(self) -> list[str]:
        """The normalised origins typed, one per line (raises ValueError on a bad one)."""
        lines = (self.allowed_origins.data or "").splitlines()
        return sorted({parse_origin(line) for line in lines if line.strip()})

    @property
    def bank_and_benchmark(self) -> tuple[str, str]:
        """The chosen (bank id, benchmark id), from the one select that offers both."""
        bank_id, _, benchmark_id = self.profile.data.partition(":")
        return bank_id, benchmark_id


class UserForm(FlaskForm):
    """A new staff user as an admin types them, with an initial password."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    role = SelectField("Role", choices=[
        SelectChoice(Role.MANAGER.value, "Hiring manager: sees the campaigns assigned to them"),
        SelectChoice(Role.ADMIN.value, "Admin: manages users and all campaigns"),
    ])
    password = new_password_field("Initial password")
