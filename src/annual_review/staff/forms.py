"""Staff forms: each only parses what a page posts; the services decide."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from annual_review.imports.kinds import IMPORT_KINDS
from annual_review.imports.kinds.register import POPULATION_FIRST_YEAR
from annual_review.staff.roles import Role
from annual_review.staff.services import password_reset_queue
from annual_review.workflow.selectors import COMPARED_MEASURES
from annual_review.years.periods import period_parse

EMAIL_TAKEN = "Another account has this email address; each person needs their own."


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(k, k) for k in sorted(IMPORT_KINDS)], label="Kind of records"
    )
    file = forms.FileField(label="CSV or XLSX file")
    year = forms.IntegerField(
        required=False,
        label="Year of the estimates (population only)",
        min_value=POPULATION_FIRST_YEAR,
    )


class YearForm(forms.Form):
    label = forms.CharField(max_length=7, label="Reporting year", help_text="For example 2024-25")

    def clean_label(self) -> str:
        try:
            return period_parse(self.cleaned_data["label"]).label
        except ValueError as bad:
            raise forms.ValidationError(str(bad)) from bad


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at (UK time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_publish_at(self) -> object:
        value = self.cleaned_data["publish_at"]
        return value if timezone.is_aware(value) else timezone.make_aware(value)


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(choices=list(COMPARED_MEASURES.items()), required=False)


class ApproveForm(forms.Form):
    seen_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason")


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        choices=[(r.value, r.value) for r in Role],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class NarrativeForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24}),
        label="The year's narrative (Markdown)",
        help_text="Part of every letter of the year. Saving it makes you the last editor of "
        "every unsent letter, so someone else approves them.",
    )
    letter_date = forms.DateField(
        required=False,
        label="Date the letters carry",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ParagraphForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="This organisation's own paragraph (Markdown; empty for none)",
    )


class StaffUserCreationForm(UserCreationForm):
    """A new account: username, the address a password reset goes to, and a first password."""

    email = forms.EmailField(
        label="Email address", help_text="Where a password reset is sent.", max_length=254
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, whose email is queued in the outbox, not sent here.

    The link starts with ANNUAL_REVIEW_BASE_URL, never with the request's Host header, so a
    forged host cannot make the email carry someone else's address.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        path = reverse("staff:password-reset-confirm", args=[context["uid"], context["token"]])
        password_reset_queue(
            user=context["user"],
            email=to_email,
            link=settings.ANNUAL_REVIEW_BASE_URL.rstrip("/") + path,
        )
