"""Who writes the letters and how to reach them, from settings: the Ombudsman's name, the
signatory, the public site's addresses and the contact sentence."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from annual_review.letters.letter import Inline, Signatory
from annual_review.letters.prose import Value

OMBUDSMAN_FALLBACK = "Local Government and Social Care Ombudsman"
# How to reach us, from what is configured; with neither set, the sentences using {contact} go.
CONTACT_BOTH = "email us at {email} or telephone us on {telephone}"
CONTACT_EMAIL = "email us at {email}"
CONTACT_TELEPHONE = "telephone us on {telephone}"


def setting_text(name: str) -> str:
    """A text setting, stripped; "" when unset."""
    return str(getattr(settings, name, "") or "").strip()


def ombudsman_name() -> str:
    """The letterhead's name: ANNUAL_REVIEW_OMBUDSMAN_NAME, else the Ombudsman's."""
    return setting_text("ANNUAL_REVIEW_OMBUDSMAN_NAME") or OMBUDSMAN_FALLBACK


def signatory_of_letters() -> Signatory:
    """Who signs: the configured signatory, else the Ombudsman's organisation (no titles)."""
    name = setting_text("ANNUAL_REVIEW_SIGNATORY_NAME")
    titles = getattr(settings, "ANNUAL_REVIEW_SIGNATORY_TITLES", ()) if name else ()
    return Signatory(name=name or ombudsman_name(), titles=tuple(t for t in titles if t))


def address_link(address: str) -> tuple[Inline, ...]:
    """An address shown as itself and linked to itself; nothing where it is not set."""
    return (Inline(address, href=address),) if address else ()


def site_address(path: str) -> str:
    """An absolute address on the public site, or "" where the site's base address is unset."""
    base = setting_text("ANNUAL_REVIEW_BASE_URL").rstrip("/")
    return f"{base}{path}" if base else ""


def registration_address() -> str:
    """The Monitoring Officers' registration page on the public site, or ""."""
    try:
        path = reverse("officers:register")
    except NoReverseMatch:  # a copy of the software without the workflow's public pages
        return ""
    return site_address(path)


def contact_values() -> dict[str, Value]:
    """The {contact_email}, {contact_telephone} and {contact} placeholders' values."""
    email = setting_text("ANNUAL_REVIEW_CONTACT_EMAIL")
    telephone = setting_text("ANNUAL_REVIEW_CONTACT_TELEPHONE")
    email_runs = (Inline(email, href=f"mailto:{email}"),) if email else ()
    if email and telephone:
        before, _, after = CONTACT_BOTH.partition("{email}")
        contact: tuple[Inline, ...] = (
            Inline(before),
            *email_runs,
            Inline(after.format(telephone=telephone)),
        )
    elif email:
        contact = (Inline(CONTACT_EMAIL.partition("{email}")[0]), *email_runs)
    elif telephone:
        contact = (Inline(CONTACT_TELEPHONE.format(telephone=telephone)),)
    else:
        contact = ()
    return {"contact_email": email_runs, "contact_telephone": telephone, "contact": contact}
