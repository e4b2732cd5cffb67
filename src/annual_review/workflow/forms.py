"""The public forms of the workflow: a Monitoring Officer registers, or anyone unsubscribes."""

from django import forms

from annual_review.register.models import Organisation


class OfficerRegistrationForm(forms.Form):
    name = forms.CharField(max_length=200, label="Your full name")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(in_register=True).order_by("name"),
        label="Your council",
        empty_label="Choose your council",
    )
    email = forms.EmailField(label="Your work email address", max_length=254)


class UnsubscribeForm(forms.Form):
    email = forms.ChoiceField(label="Stop email to", widget=forms.RadioSelect)

    def __init__(self, *args: object, addresses: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["email"].choices = [(a, a) for a in addresses]  # type: ignore[attr-defined]
        if len(addresses) == 1:
            self.fields["email"].initial = addresses[0]
