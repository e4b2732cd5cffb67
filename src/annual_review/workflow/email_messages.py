"""What an outbox message becomes when it is sent: the email itself (headers, a greeting chosen
for whoever it goes to first, the HTML body with that greeting inside it, the letter's PDF).

Composed at delivery, not when queued, so the greeting follows unsubscriptions made since.
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.html import format_html

from annual_review.workflow.models import OutboxMessage

GREETING = "Dear {name},"
GREETING_UNKNOWN = "colleague"
BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def greeting_for(*, message: OutboxMessage, to: list[str]) -> str:
    """ "Dear NAME," for the first address the email goes to now, or "" if it greets no one."""
    if not message.greetings:
        return ""
    names = {address.lower(): name for address, name in message.greetings.items()}
    return GREETING.format(name=names.get(to[0].lower()) or GREETING_UNKNOWN)


def html_body_insert(html: str, *, start: str = "", end: str = "") -> str:
    """Put markup at the start and end of an HTML document's body (or of a fragment)."""
    opening = BODY_OPEN.search(html)
    closing = html.lower().rfind("</body>")
    if opening is None or closing < opening.end():
        return start + html + end
    return html[: opening.end()] + start + html[opening.end() : closing] + end + html[closing:]


def email_compose(
    *, message: OutboxMessage, to: list[str], cc: list[str]
) -> EmailMultiAlternatives:
    """The email an outbox message is sent as now, to these recipients: its Message-ID and
    unsubscribe header, the greeting for whoever it goes to first, the HTML body with the
    greeting inside it, and the letter's frozen PDF attached."""
    headers = {"Message-ID": message.message_id}
    if message.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
    greeting = greeting_for(message=message, to=to)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=f"{greeting}\n\n{message.body_text}" if greeting else message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        cc=cc,
        headers=headers,
    )
    if message.body_html:
        start = format_html("<p>{}</p>", greeting) if greeting else ""
        email.attach_alternative(html_body_insert(message.body_html, start=start), "text/html")
    letter = message.letter
    if letter is not None and letter.pdf:
        name = f"{letter.organisation.slug}-annual-review-{letter.year.label}.pdf"
        email.attach(name, bytes(letter.pdf), "application/pdf")
    return email
