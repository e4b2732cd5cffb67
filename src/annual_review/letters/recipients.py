"""Whom a letter goes to: the recipient (the chief executive) and the copies (the leader and
the scrutiny chair), from the organisation's contacts, with the roles' names without them."""

from annual_review.letters.letter import Recipient
from annual_review.register.models import Contact

CHIEF_EXECUTIVE_FALLBACK = ("The Chief Executive",)
SALUTATION_FALLBACK = "Dear Chief Executive"
JOB_TITLE_FALLBACK = "Chief Executive"
COPY_FALLBACK = {
    Contact.Role.LEADER: "The Leader of the council",
    Contact.Role.SCRUTINY_CHAIR: "The chair of the scrutiny committee that oversees complaints",
}


def _person(contact: Contact) -> str:
    return " ".join(p for p in (contact.honorific, contact.first_name, contact.last_name) if p)


def letter_recipient(*, chief: Contact | None, organisation_name: str) -> Recipient:
    """Whom a letter is addressed to: the chief executive's name, title and organisation, and
    the salutation; "Dear Chief Executive" without one."""
    if chief is None:
        return Recipient(
            lines=(*CHIEF_EXECUTIVE_FALLBACK, organisation_name), salutation=SALUTATION_FALLBACK
        )
    # Formal address: honorific and surname ("Ms Hanley"); the full name without an honorific.
    if chief.honorific:
        name = f"{chief.honorific} {chief.last_name}"
    else:
        name = " ".join(p for p in (chief.first_name, chief.last_name) if p)
    return Recipient(
        lines=(name, chief.job_title or JOB_TITLE_FALLBACK, organisation_name),
        salutation=f"Dear {name}",
    )


def letter_copies(*, contacts: list[Contact]) -> tuple[str, ...]:
    """Who gets a copy: the leader and scrutiny chair by name and title, or their roles."""
    lines = []
    for role, fallback in COPY_FALLBACK.items():
        people = [c for c in contacts if c.role == role]
        if not people:
            lines.append(fallback)
        for person in people:
            title = person.job_title or Contact.Role(role).label
            lines.append(f"{_person(person)}, {title}")
    return tuple(lines)
