"""The pages every public-sector site must have: accessibility, privacy, contact, how to complain.

They say nothing about published figures, only how to reach the Ombudsman. The addresses come
from settings (ANNUAL_REVIEW_CONTACT_EMAIL, ANNUAL_REVIEW_CONTACT_TELEPHONE,
ANNUAL_REVIEW_CONTACT_POSTAL_ADDRESS, ANNUAL_REVIEW_OMBUDSMAN_NAME); a page leaves out any
that is not set, and says so when none is.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

# Address, template and title of each page, in the order the footer lists them.
INFORMATION_PAGES = (
    ("/accessibility/", "public/information/accessibility.html", "Accessibility statement"),
    ("/privacy/", "public/information/privacy.html", "Privacy notice"),
    ("/contact/", "public/information/contact.html", "Contact"),
    ("/how-to-complain/", "public/information/complain.html", "How to complain to the Ombudsman"),
)
INFORMATION_ADDRESSES = tuple(address for address, _template, _title in INFORMATION_PAGES)


@dataclass(frozen=True)
class ContactDetails:
    """How to reach the Ombudsman; an empty value was not set and is not shown."""

    organisation: str
    email: str
    telephone: str
    postal_address: list[str]

    @property
    def any(self) -> bool:
        return bool(self.email or self.telephone or self.postal_address)

    @property
    def telephone_link(self) -> str:
        """The number as a tel: address (digits and a leading +)."""
        return "".join(c for c in self.telephone if c.isdigit() or c == "+")


def contact_details() -> ContactDetails:
    """The Ombudsman's contact details from settings (each may be unset)."""

    def text(name: str) -> str:
        return str(getattr(settings, name, "") or "").strip()

    postal = getattr(settings, "ANNUAL_REVIEW_CONTACT_POSTAL_ADDRESS", []) or []
    return ContactDetails(
        organisation=text("ANNUAL_REVIEW_OMBUDSMAN_NAME") or "The Ombudsman",
        email=text("ANNUAL_REVIEW_CONTACT_EMAIL"),
        telephone=text("ANNUAL_REVIEW_CONTACT_TELEPHONE"),
        postal_address=[line.strip() for line in postal if line.strip()],
    )


def _page(request: HttpRequest, address: str) -> HttpResponse:
    for page_address, template, title in INFORMATION_PAGES:
        if page_address == address:
            return render(request, template, {"page_title": title})
    raise LookupError(address)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "/accessibility/")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, "/privacy/")


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return _page(request, "/contact/")


@require_safe
def complain(request: HttpRequest) -> HttpResponse:
    return _page(request, "/how-to-complain/")
