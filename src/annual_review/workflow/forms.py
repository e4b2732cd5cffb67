"""The public forms of the workflow: a Monitoring Officer registers, or anyone unsubscribes."""

from django import forms

from annual_review.register.models import Organisation
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.monitoring_officers import OFFICER_NAME_MAX, officer_name_clean


class OfficerRegistrationForm(forms.Form):
    name = forms.CharField(max_length=OFFICER_NAME_MAX, label="Your full name")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(in_register=True).order_by("name"),
        label="Your council",
        empty_label="Choose your council",
    )
    email = forms.EmailField(label="Your work email address", max_length=254)

    def clean_name(self) -> str:
        try:
            return officer_name_clean(self.cleaned_data["name"])
        except WorkflowError as refusal:
            raise forms.ValidationError(str(refusal)) from refusal


class UnsubscribeForm(forms.Form):
    email = forms.ChoiceField(label="Stop email to", widget=forms.RadioSelect)

    def __init__(self, *args: object, addresses: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["email"].choices = [(a, a) for a in addresses]  # type: ignore[attr-defined]
        if len(addresses) == 1:
            self.fields["email"].initial = addresses[0]
