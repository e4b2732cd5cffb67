"""The workflow's writes: generate, edit, approve, send, publish and correct letters and figures."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from annual_review.register.models import Contact, Organisation
from annual_review.register.selectors import letter_recipients
from annual_review.workflow.events import Actor, WorkflowError, event_record, user_of
from annual_review.workflow.figures import letters_figures
from annual_review.workflow.models import (
    IN_PROGRESS,
    Event,
    LetterStatus,
    LetterVersion,
    OfficerRegistration,
    OutboxMessage,
    RegistrationAttempt,
    Unsubscription,
    YearFigures,
    sha256_hex,
)
from annual_review.workflow.outbox import (
    html_body_insert,
    message_queue,
    recipients_subscribed,
    unsubscribe_url,
)
from annual_review.workflow.rendering import renderer_get
from annual_review.years.models import ReportingYear
from annual_review.years.periods import period_parse

APPROVER_IS_EDITOR = (
    "You edited this letter last, so someone else must approve it (two people see every letter)."
)
APPROVER_REQUIRED = "A letter is approved by a signed-in person."
NOT_A_DRAFT = "Only a draft can be approved; this letter is {status}."
LETTER_CHANGED = (
    "The letter has changed since its draft was last shown (an edit or new figures); "
    "preview it again before approving."
)
NOT_APPROVED = "Only an approved letter can be sent; this letter is {status}."
NO_CHIEF_EXECUTIVE = "{organisation} has no chief executive's email address; import contacts first."
LETTER_FROZEN = (
    "This letter has been {status}; it can no longer be edited. Start a correction instead."
)
NOT_PUBLISHED = "Only a published letter can be corrected; this letter is {status}."
CORRECTION_IN_PROGRESS = "A new version of this letter is already being prepared."
REASON_REQUIRED = "A correction needs a reason, which is published with it."
ALREADY_PUBLISHED = "{year} is already public; its publication time can no longer change."
PUBLISH_IN_PAST = "The publication time must be in the future."
FIGURES_ALREADY_FROZEN = "{year}'s figures are already frozen; publish a correction instead."
FIGURES_NOT_FROZEN = "{year}'s figures are not frozen yet."
LINK_INVALID = "This link is not valid. Check it was copied in full."
LINK_EXPIRED = "This link has expired. Please register again."
NOT_CONFIRMED = "Only a registration whose email address was confirmed can be approved."
NOT_THIS_ADDRESS = "That address is not one this email was sent to."

CONFIRMATION_MAX_AGE = 3 * 24 * 3600  # seconds a Monitoring Officer's confirmation link lasts
CONFIRM_SALT = "annual_review.workflow.officer-confirm"
MAX_CONFIRMATIONS = 3  # confirmation emails one registration can ask for


def year_get(*, label: str) -> ReportingYear:
    """The stored reporting year for a label like "2023-24", created (unpublished) if new."""
    period = period_parse(label)
    year, _ = ReportingYear.objects.get_or_create(
        first_year=period.first_year, defaults={"label": period.label}
    )
    return year


# Letters -------------------------------------------------------------------------------------


@dataclass
class GenerateReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    frozen: int = 0


def _in_progress(*, organisation: Organisation, year: ReportingYear) -> LetterVersion | None:
    return (
        LetterVersion.objects.select_for_update()
        .filter(organisation=organisation, year=year, status__in=IN_PROGRESS)
        .first()
    )


def _next_number(*, organisation: Organisation, year: ReportingYear) -> int:
    top = LetterVersion.objects.filter(organisation=organisation, year=year).aggregate(
        n=Max("number")
    )["n"]
    return (top or 0) + 1


def _render_html(*, organisation: Organisation, year: ReportingYear, stats: Any = None) -> str:
    renderer = renderer_get()
    return renderer.html(letter=renderer.build(organisation=organisation, year=year, stats=stats))


def letters_generate(
    *,
    year: ReportingYear,
    actor: Actor,
    organisations: list[Organisation] | None = None,
) -> GenerateReport:
    """(Re)generate the draft letter of every organisation in the register for a year.

    Approved, sent and published letters are frozen and left alone. A published letter gets a new
    draft only through `letter_correct`.
    """
    report = GenerateReport()
    stats = letters_figures(year=year.label)
    # The organisations existing today that existed in the year or succeeded one that did.
    chosen = organisations or letter_recipients(period=year.period, day=timezone.localdate())
    published = set(
        LetterVersion.objects.filter(year=year, status=LetterStatus.PUBLISHED).values_list(
            "organisation_id", flat=True
        )
    )
    for organisation in chosen:
        html = _render_html(organisation=organisation, year=year, stats=stats)
        with transaction.atomic():
            letter = _in_progress(organisation=organisation, year=year)
            if letter is None and organisation.pk in published:
                report.frozen += 1
                continue
            if letter is not None and letter.frozen:
                report.frozen += 1
                continue
            if letter is not None and letter.html == html:
                report.unchanged += 1
                continue
            if letter is None:
                letter = LetterVersion(
                    organisation=organisation,
                    year=year,
                    number=_next_number(organisation=organisation, year=year),
                )
                report.created += 1
            else:
                report.updated += 1
            _draft_store(letter=letter, html=html)
    event_record(
        action=Event.Action.LETTER_GENERATED,
        actor=actor,
        year=year,
        detail=f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.frozen} frozen",
    )
    return report


def _draft_store(*, letter: LetterVersion, html: str) -> None:
    letter.html = html
    letter.html_sha256 = sha256_hex(html.encode())
    letter.rendered_at = timezone.now()
    letter.save()


def letter_draft_refresh(*, letter: LetterVersion) -> LetterVersion:
    """Render a draft again from the current narrative, paragraph and figures (for previews).

    Returns the letter as stored now; one approved meanwhile is returned untouched.
    """
    html = _render_html(organisation=letter.organisation, year=letter.year)
    with transaction.atomic():
        current = LetterVersion.objects.select_for_update().get(pk=letter.pk)
        if not current.frozen and html != current.html:
            _draft_store(letter=current, html=html)
    return current


def letter_draft_pdf(*, letter: LetterVersion) -> bytes:
    """A letter's PDF: the frozen file once approved, rendered afresh for a draft preview."""
    if letter.frozen:
        return bytes(letter.pdf)
    renderer = renderer_get()
    return renderer.pdf(letter=renderer.build(organisation=letter.organisation, year=letter.year))


def _withdraw_approval(*, letter: LetterVersion, actor: Actor, why: str) -> None:
    letter.status = LetterStatus.DRAFT
    letter.approved_by = None
    letter.approved_at = None
    letter.pdf = b""
    letter.pdf_sha256 = ""
    letter.template_version = ""
    event_record(action=Event.Action.APPROVAL_WITHDRAWN, actor=actor, letter=letter, detail=why)


@transaction.atomic
def letter_edited(
    *, organisation: Organisation, year: ReportingYear, actor: Actor, what: str = ""
) -> LetterVersion:
    """Record that someone changed what goes into an organisation's letter.

    Call inside the transaction that saves the change: an approved letter goes back to draft, and
    a sent or published one refuses the edit (raising WorkflowError rolls the change back).
    """
    letter = _in_progress(organisation=organisation, year=year)
    if letter is None:
        if LetterVersion.objects.filter(
            organisation=organisation, year=year, status=LetterStatus.PUBLISHED
        ).exists():
            raise WorkflowError(LETTER_FROZEN.format(status="published"))
        letter = LetterVersion(
            organisation=organisation,
            year=year,
            number=_next_number(organisation=organisation, year=year),
        )
    _edit_mark(letter=letter, actor=actor)
    letter.save()
    event_record(action=Event.Action.LETTER_EDITED, actor=actor, letter=letter, detail=what)
    return letter


def _edit_mark(*, letter: LetterVersion, actor: Actor) -> None:
    if letter.status == LetterStatus.SENT:
        raise WorkflowError(LETTER_FROZEN.format(status="sent"))
    if letter.status == LetterStatus.APPROVED:
        _withdraw_approval(letter=letter, actor=actor, why="edited after approval")
    letter.last_edited_by = user_of(actor)
    letter.last_edited_at = timezone.now()


@transaction.atomic
def narrative_edited(*, year: ReportingYear, actor: Actor) -> int:
    """Record an edit of the year's narrative: it is part of every unsent letter of the year.

    Returns how many letters it touched; sent letters keep what they were sent with.
    """
    touched = 0
    for letter in LetterVersion.objects.select_for_update().filter(
        year=year, status__in=[LetterStatus.DRAFT, LetterStatus.APPROVED]
    ):
        _edit_mark(letter=letter, actor=actor)
        letter.save()
        touched += 1
    event_record(
        action=Event.Action.NARRATIVE_EDITED,
        actor=actor,
        year=year,
        detail=f"{touched} unsent letter(s) affected",
    )
    return touched


@transaction.atomic
def letter_approve(
    *, letter: LetterVersion, actor: Actor, seen_sha256: str | None = None
) -> LetterVersion:
    """Approve a draft and freeze it: its HTML and PDF, their checksums and template version.

    The approver must be a person other than the last one who edited the letter, and what is
    frozen is exactly the draft they saw (`seen_sha256`, the checksum shown with the preview).
    """
    letter = LetterVersion.objects.select_for_update().get(pk=letter.pk)
    user = user_of(actor)
    if user is None:
        raise WorkflowError(APPROVER_REQUIRED)
    if letter.status != LetterStatus.DRAFT:
        raise WorkflowError(NOT_A_DRAFT.format(status=letter.get_status_display().lower()))
    if letter.last_edited_by_id is not None and letter.last_edited_by_id == user.pk:
        raise WorkflowError(APPROVER_IS_EDITOR)
    renderer = renderer_get()
    built = renderer.build(organisation=letter.organisation, year=letter.year)
    html = renderer.html(letter=built)
    if (
        not letter.html
        or html != letter.html
        or (seen_sha256 and seen_sha256 != letter.html_sha256)
    ):
        raise WorkflowError(LETTER_CHANGED)
    pdf = renderer.pdf(letter=built)
    letter.pdf = pdf
    letter.pdf_sha256 = sha256_hex(pdf)
    letter.template_version = renderer.template_version(letter=built)
    letter.status = LetterStatus.APPROVED
    letter.approved_by = user
    letter.approved_at = timezone.now()
    letter.save()
    event_record(
        action=Event.Action.LETTER_APPROVED,
        actor=actor,
        letter=letter,
        detail=f"html sha256 {letter.html_sha256}, pdf sha256 {letter.pdf_sha256}, "
        f"template {letter.template_version}",
    )
    return letter


LETTER_SUBJECT = "Annual review letter {year}: {organisation}"
# The greeting ("Dear NAME,") is added when the email is sent, for whoever it then goes to first.
LETTER_TEXT = (
    "Please find attached the annual review letter for {organisation} for the year {year} "
    "from the Local Government and Social Care Ombudsman. The letter is also in the body of "
    "this email.\n\n"
    "To stop receiving these emails: {unsubscribe}\n"
)
LETTER_INTRO_HTML = (
    '<p style="font-family:sans-serif">Please find attached the annual review letter for '
    "{organisation} for the year {year} from the Local Government and Social Care Ombudsman. "
    "The letter follows.</p><hr>"
)
UNSUBSCRIBE_FOOTER_HTML = (
    '<hr><p style="font-size:small;font-family:sans-serif">To stop receiving these emails, '
    '<a href="{unsubscribe}">unsubscribe</a>.</p>'
)


def _letter_message(
    *, letter: LetterVersion, key: str, to: list[str], cc: list[str], greetings: dict[str, str]
) -> OutboxMessage:
    url = unsubscribe_url(addresses=[*to, *cc])
    values = {
        "year": letter.year.label,
        "organisation": letter.organisation.name,
        "unsubscribe": url,
    }
    return message_queue(
        key=key,
        to=to,
        cc=cc,
        subject=LETTER_SUBJECT.format(**values),
        body_text=LETTER_TEXT.format(**values),
        # The letter is a whole HTML document: the introduction and the footer go inside its
        # body, where mail programs show them.
        body_html=html_body_insert(
            letter.html,
            start=format_html(LETTER_INTRO_HTML, **values),
            end=format_html(UNSUBSCRIBE_FOOTER_HTML, **values),
        ),
        unsubscribe=url,
        letter=letter,
        greetings=greetings,
    )


@transaction.atomic
def letter_send(*, letter: LetterVersion, actor: Actor) -> list[OutboxMessage]:
    """Queue an approved letter's emails and mark it sent.

    One email to the chief executive with the Leader and scrutiny chair copied, and one to each
    approved Monitoring Officer; the outbox delivers them (see `outbox_deliver`).
    """
    letter = LetterVersion.objects.select_for_update().get(pk=letter.pk)
    if letter.status != LetterStatus.APPROVED:
        raise WorkflowError(NOT_APPROVED.format(status=letter.get_status_display().lower()))
    contacts = list(Contact.objects.filter(organisation=letter.organisation))
    chiefs = [c for c in contacts if c.role == Contact.Role.CHIEF_EXECUTIVE]
    if not chiefs:
        raise WorkflowError(NO_CHIEF_EXECUTIVE.format(organisation=letter.organisation.name))
    copied = [
        c.email for c in contacts if c.role in (Contact.Role.LEADER, Contact.Role.SCRUTINY_CHAIR)
    ]
    to = recipients_subscribed(addresses=[c.email for c in chiefs])
    cc = recipients_subscribed(addresses=[e for e in dict.fromkeys(copied) if e not in to])
    if not to and cc:
        to, cc = cc[:1], cc[1:]
    # Everyone is greeted by their own name: if the chief executive has unsubscribed, the email
    # is addressed to whoever receives it in their place.
    names: dict[str, str] = {}
    for contact in sorted(contacts, key=lambda c: c.role != Contact.Role.CHIEF_EXECUTIVE):
        names.setdefault(contact.email.lower(), str(contact))
    messages = []
    if to:
        messages.append(
            _letter_message(
                letter=letter,
                key=f"letter:{letter.pk}:council",
                to=to,
                cc=cc,
                greetings={a: names[a.lower()] for a in [*to, *cc]},
            )
        )
    for officer in OfficerRegistration.objects.filter(
        organisation=letter.organisation, status=OfficerRegistration.Status.APPROVED
    ):
        if recipients_subscribed(addresses=[officer.email]):
            messages.append(
                _letter_message(
                    letter=letter,
                    key=f"letter:{letter.pk}:officer:{officer.pk}",
                    to=[officer.email],
                    cc=[],
                    greetings={officer.email: officer.name},
                )
            )
    letter.status = LetterStatus.SENT
    letter.sent_at = timezone.now()
    letter.save()
    event_record(
        action=Event.Action.LETTER_SENT,
        actor=actor,
        letter=letter,
        detail=f"{len(messages)} email(s) queued",
    )
    for message in messages:
        event_record(
            action=Event.Action.EMAIL_QUEUED,
            actor=actor,
            letter=letter,
            detail=f"{message.subject} to {', '.join(message.to + message.cc)}",
        )
    return messages


@dataclass
class SendReport:
    sent: list[LetterVersion] = field(default_factory=list)
    refused: list[tuple[LetterVersion, str]] = field(default_factory=list)


def letters_send(*, year: ReportingYear, actor: Actor) -> SendReport:
    """Send every approved letter of a year; letters that cannot go are listed with the reason."""
    report = SendReport()
    for letter in LetterVersion.objects.filter(year=year, status=LetterStatus.APPROVED):
        try:
            letter_send(letter=letter, actor=actor)
        except WorkflowError as refusal:
            report.refused.append((letter, str(refusal)))
        else:
            report.sent.append(letter)
    return report


@transaction.atomic
def letter_correct(*, letter: LetterVersion, reason: str, actor: Actor) -> LetterVersion:
    """Start a correction of a published letter: a new draft version that carries the reason.

    The published version stays public until the correction is approved and published; then it
    is kept, marked superseded.
    """
    if letter.status != LetterStatus.PUBLISHED:
        raise WorkflowError(NOT_PUBLISHED.format(status=letter.get_status_display().lower()))
    if not reason.strip():
        raise WorkflowError(REASON_REQUIRED)
    if _in_progress(organisation=letter.organisation, year=letter.year):
        raise WorkflowError(CORRECTION_IN_PROGRESS)
    html = _render_html(organisation=letter.organisation, year=letter.year)
    correction = LetterVersion(
        organisation=letter.organisation,
        year=letter.year,
        number=_next_number(organisation=letter.organisation, year=letter.year),
        supersedes=letter,
        correction_reason=reason.strip(),
    )
    _draft_store(letter=correction, html=html)
    event_record(
        action=Event.Action.LETTER_CORRECTED, actor=actor, letter=correction, detail=reason
    )
    return correction


# Years: figures and publication ----------------------------------------------------------------


@transaction.atomic
def figures_freeze(*, year: ReportingYear, actor: Actor, reason: str = "") -> YearFigures:
    """Freeze a year's statistics as its published figures; with a reason, prepare a revision
    (`workflow/figures.py`: approved by someone else, public at its own time)."""
    from annual_review.workflow.figures import figures_first_freeze, revision_prepare

    frozen = YearFigures.objects.select_for_update().filter(year=year).exists()
    if frozen and not reason.strip():
        raise WorkflowError(FIGURES_ALREADY_FROZEN.format(year=year.label))
    if not frozen and reason.strip():
        raise WorkflowError(FIGURES_NOT_FROZEN.format(year=year.label))
    if frozen:
        return revision_prepare(year=year, actor=actor, reason=reason)
    return figures_first_freeze(year=year, actor=actor)


@transaction.atomic
def year_schedule(
    *, year: ReportingYear, publish_at: datetime, actor: Actor, now: datetime | None = None
) -> ReportingYear:
    """Set when a year's figures and letters go public. A public year cannot be rescheduled."""
    now = now or timezone.now()
    year = ReportingYear.objects.select_for_update().get(pk=year.pk)
    if year.publish_at is not None and year.publish_at <= now:
        raise WorkflowError(ALREADY_PUBLISHED.format(year=year.label))
    if publish_at <= now:
        raise WorkflowError(PUBLISH_IN_PAST)
    year.publish_at = publish_at
    year.save(update_fields=["publish_at"])
    event_record(
        action=Event.Action.YEAR_SCHEDULED,
        actor=actor,
        year=year,
        detail=f"to be published at {timezone.localtime(publish_at):%Y-%m-%d %H:%M %Z}",
    )
    return year


@dataclass
class PublishReport:
    years: list[str] = field(default_factory=list)
    letters: int = 0
    superseded: int = 0
    figures_frozen: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.letters or self.superseded or self.figures_frozen or self.years)


def publish_due(*, now: datetime | None = None, actor: Actor = "publish-due") -> PublishReport:
    """Publish everything whose time has come; running it again changes nothing.

    For each year whose publication time has passed: freeze its figures if nobody did, and
    publish its approved and sent letters (a correction supersedes the version it corrects).
    Drafts stay unpublished until approved; the next run publishes them.
    """
    now = now or timezone.now()
    report = PublishReport()
    for year in ReportingYear.objects.published(now=now).order_by("first_year"):
        with transaction.atomic():
            # Lock the year: runs that overlap (cron and a staff click) take turns per year.
            year = ReportingYear.objects.select_for_update().get(pk=year.pk)
            if not Event.objects.filter(action=Event.Action.YEAR_PUBLISHED, year=year).exists():
                event_record(action=Event.Action.YEAR_PUBLISHED, actor=actor, year=year)
                report.years.append(year.label)
            if not YearFigures.objects.filter(year=year).exists():
                figures_freeze(year=year, actor=actor)
                report.figures_frozen.append(year.label)
            due = LetterVersion.objects.select_for_update(of=("self",)).filter(
                year=year, status__in=[LetterStatus.APPROVED, LetterStatus.SENT]
            )
            for letter in due.select_related("supersedes"):
                old = letter.supersedes
                if old is not None and old.status == LetterStatus.PUBLISHED:
                    old.status = LetterStatus.SUPERSEDED
                    old.superseded_at = now
                    old.save(update_fields=["status", "superseded_at"])
                    event_record(
                        action=Event.Action.LETTER_SUPERSEDED,
                        actor=actor,
                        letter=old,
                        detail=f"by version {letter.number}: {letter.correction_reason}",
                    )
                    report.superseded += 1
                letter.status = LetterStatus.PUBLISHED
                # Public from the year's time, or from approval if approved later (the selector
                # `letter_published` shows it from then, whenever this command runs).
                publish_at = year.publish_at or now
                approved_at = letter.approved_at or publish_at
                letter.published_at = max(publish_at, approved_at)
                letter.save(update_fields=["status", "published_at"])
                event_record(action=Event.Action.LETTER_PUBLISHED, actor=actor, letter=letter)
                report.letters += 1
    return report


# Monitoring Officers ---------------------------------------------------------------------------

CONFIRM_SUBJECT = "Confirm your email address for annual review letters"
CONFIRM_TEXT = (
    "Dear {name},\n\n"
    "You asked to receive the Ombudsman's annual review letters for {organisation} as its "
    "Monitoring Officer. Please confirm this is your email address by opening this link "
    "within {days} days:\n\n{link}\n\n"
    "Once you have confirmed, our staff will check the registration. If you did not ask for "
    "this, ignore this email.\n\nTo stop receiving these emails: {unsubscribe}\n"
)


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.ANNUAL_REVIEW_BASE_URL.rstrip("/") + path


OFFICER_NAME_MAX = 100  # characters of a name typed into the public form
NAME_MISSING = "Enter your name."
NAME_TOO_LONG = "Your name must be {max} characters or fewer."
NAME_NOT_PLAIN = (
    "Write your name in letters: spaces, hyphens, apostrophes, full stops and commas are fine, "
    "but not digits, links or symbols such as @ / : < >."
)
NAME_PUNCTUATION = frozenset(" -'’.,")
# A full stop between letters ("example.com"): mail programs would show it as a link.
NAME_DOMAIN_LIKE = re.compile(r"[^\W\d_]\.[^\W\d_]{2}")

REGISTRATION_LIMITS_KEPT = timedelta(days=1)  # how long accepted registrations are counted
MAX_REGISTRATIONS_PER_CLIENT = 5  # per hour from one client address
MAX_REGISTRATIONS_PER_EMAIL = 3  # per day for one email address, all councils together
MAX_REGISTRATIONS_PER_HOUR = 100  # per hour from everyone: bounds what we send from our address
TOO_MANY_FROM_CLIENT = (
    "Too many registrations have come from your network in the last hour. "
    "Please try again in an hour."
)
TOO_MANY_FOR_EMAIL = (
    "This email address has been registered too many times today. Check your inbox for the "
    "confirmation email we sent, or try again tomorrow."
)
TOO_MANY_OVERALL = "We are receiving too many registrations just now. Please try again in an hour."


def officer_name_clean(name: str) -> str:
    """A Monitoring Officer's name as plain text: it goes into email sent from our address.

    Control characters and line breaks become spaces and runs of spaces one; the result must
    be letters with a little punctuation, short, and nothing a mail program would show as a
    link. Raises WorkflowError with a message for the form.
    """
    text = "".join(
        " " if unicodedata.category(c)[0] in "CZ" else c
        for c in unicodedata.normalize("NFKC", name)
    )
    text = " ".join(text.split())
    if not text:
        raise WorkflowError(NAME_MISSING)
    if len(text) > OFFICER_NAME_MAX:
        raise WorkflowError(NAME_TOO_LONG.format(max=OFFICER_NAME_MAX))
    plain = all(unicodedata.category(c)[0] in "LM" or c in NAME_PUNCTUATION for c in text)
    if not plain or NAME_DOMAIN_LIKE.search(text):
        raise WorkflowError(NAME_NOT_PLAIN)
    return text


def _registration_allowed(*, client: str | None, email: str, now: datetime) -> None:
    """Refuse a registration beyond the limits; the table keeps only a day of rows."""
    RegistrationAttempt.objects.filter(at__lt=now - REGISTRATION_LIMITS_KEPT).delete()
    last_hour = RegistrationAttempt.objects.filter(at__gte=now - timedelta(hours=1))
    if last_hour.count() >= MAX_REGISTRATIONS_PER_HOUR:
        raise WorkflowError(TOO_MANY_OVERALL)
    if client and last_hour.filter(client=client).count() >= MAX_REGISTRATIONS_PER_CLIENT:
        raise WorkflowError(TOO_MANY_FROM_CLIENT)
    if RegistrationAttempt.objects.filter(email=email.lower()).count() >= (
        MAX_REGISTRATIONS_PER_EMAIL
    ):
        raise WorkflowError(TOO_MANY_FOR_EMAIL)


@transaction.atomic
def officer_register(
    *, organisation: Organisation, name: str, email: str, client: str | None = None
) -> tuple[OfficerRegistration, OutboxMessage]:
    """Register a Monitoring Officer (unconfirmed) and queue the email that confirms the address.

    Limited per client address, per email address and overall (WorkflowError beyond). An address
    that unsubscribed stays unsubscribed until it confirms this registration itself; the
    confirmation email is the one message it still gets, because it asks for nothing else.
    Nothing is sent here: the outbox delivers the email.
    """
    name = officer_name_clean(name)
    email = email.strip()
    _registration_allowed(client=client, email=email, now=timezone.now())
    RegistrationAttempt.objects.create(client=client or "", email=email.lower())
    registration = OfficerRegistration.objects.filter(
        organisation=organisation,
        email__iexact=email,
        status__in=[OfficerRegistration.Status.UNCONFIRMED, OfficerRegistration.Status.CONFIRMED],
    ).first() or OfficerRegistration.objects.create(
        organisation=organisation, name=name, email=email
    )
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(registration.pk))
    link = _absolute(reverse("officers:confirm", args=[token]))
    url = unsubscribe_url(addresses=[email])
    sent_before = OutboxMessage.objects.filter(
        key__startswith=f"officer:{registration.pk}:"
    ).count()
    # Registering again resends the link, but only a few times: the form must not become a
    # way to flood someone's inbox.
    message = message_queue(
        key=f"officer:{registration.pk}:confirm:{min(sent_before + 1, MAX_CONFIRMATIONS)}",
        to=[email],
        cc=[],
        subject=CONFIRM_SUBJECT,
        body_text=CONFIRM_TEXT.format(
            name=name,
            organisation=organisation.name,
            days=CONFIRMATION_MAX_AGE // 86400,
            link=link,
            unsubscribe=url,
        ),
        body_html="",
        unsubscribe=url,
        despite_unsubscription=True,
    )
    event_record(
        action=Event.Action.OFFICER_REGISTERED,
        actor=f"{name} <{email}>"[:150],
        organisation=organisation,
        detail=f"from {client or 'an unknown address'}",
    )
    return registration, message


@transaction.atomic
def officer_confirm(*, token: str, max_age: int = CONFIRMATION_MAX_AGE) -> OfficerRegistration:
    """Confirm a Monitoring Officer's address from the signed link in their email."""
    try:
        pk = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise WorkflowError(LINK_EXPIRED) from expired
    except signing.BadSignature as bad:
        raise WorkflowError(LINK_INVALID) from bad
    registration = OfficerRegistration.objects.select_for_update().filter(pk=pk).first()
    if registration is None:
        raise WorkflowError(LINK_INVALID)
    if registration.status == OfficerRegistration.Status.UNCONFIRMED:
        registration.status = OfficerRegistration.Status.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
        # The address itself asked for letters again: an earlier unsubscription ends here.
        resubscribed = Unsubscription.objects.filter(email=registration.email.lower()).delete()[0]
        event_record(
            action=Event.Action.OFFICER_CONFIRMED,
            actor=registration.email,
            organisation=registration.organisation,
            detail="earlier unsubscription ended" if resubscribed else "",
        )
    return registration


@transaction.atomic
def officer_approve(*, registration: OfficerRegistration, actor: Actor) -> OfficerRegistration:
    """Staff approve a confirmed registration: the officer receives letters from now on."""
    registration = OfficerRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != OfficerRegistration.Status.CONFIRMED:
        raise WorkflowError(NOT_CONFIRMED)
    registration.status = OfficerRegistration.Status.APPROVED
    registration.approved_by = user_of(actor)
    registration.approved_at = timezone.now()
    registration.save()
    event_record(
        action=Event.Action.OFFICER_APPROVED,
        actor=actor,
        organisation=registration.organisation,
        detail=f"{registration.name} <{registration.email}>",
    )
    return registration


@transaction.atomic
def unsubscribe(*, addresses: list[str], email: str) -> Unsubscription:
    """Stop all email to an address; `addresses` are those the signed link was made for."""
    if email.lower() not in {a.lower() for a in addresses}:
        raise WorkflowError(NOT_THIS_ADDRESS)
    stopped, _ = Unsubscription.objects.get_or_create(email=email.lower())
    OfficerRegistration.objects.filter(email__iexact=email).update(
        status=OfficerRegistration.Status.UNSUBSCRIBED
    )
    event_record(action=Event.Action.UNSUBSCRIBED, actor=email, detail=email)
    return stopped


# Letter wording (stored by the letters app) -------------------------------------------------


def narrative_check(*, year: ReportingYear | str, body: str) -> int:
    """Validate a year's narrative as its letters would use it; returns how many blocks it has.

    Raises WorkflowError with the letters app's own message, e.g. for an indented or fenced
    code block, which no letter can show (stored, it would stop every letter of the year).
    """
    from annual_review.letters.services import narrative_check as letters_narrative_check

    label = year.label if isinstance(year, ReportingYear) else year
    try:
        return letters_narrative_check(year=label, body=body)
    except ValueError as refusal:
        raise WorkflowError(str(refusal)) from refusal


def paragraph_check(*, body: str) -> int:
    """Validate an organisation's own paragraph (empty removes it); returns its blocks."""
    from annual_review.letters.prose import markdown_check

    try:
        return len(markdown_check(body))
    except ValueError as refusal:
        raise WorkflowError(str(refusal)) from refusal


@transaction.atomic
def narrative_save(
    *,
    year: ReportingYear,
    body: str,
    letter_date: date | None,
    actor: Actor,
    source_name: str = "",
) -> int:
    """Save the year's narrative (the letters app's `Narrative`): the one writer of it.

    The staff form and `annual-review narrative --commit` both come here. The narrative is
    checked first (WorkflowError, nothing stored); if it changes anything, every unsent letter
    of the year loses its approval and gets the saver as last editor, and the edit is logged.
    Returns how many letters it touched (none when nothing changed).
    """
    from annual_review.letters.models import Narrative
    from annual_review.letters.services import narrative_load

    narrative_check(year=year, body=body)
    stored = Narrative.objects.filter(reporting_year=year.label).first()
    if stored is not None and (stored.body, stored.letter_date) == (body, letter_date):
        return 0
    narrative_load(
        year=year.label,
        body=body,
        letter_date=letter_date,
        source_name=source_name or (stored.source_name if stored else ""),
    )
    return narrative_edited(year=year, actor=actor)


@transaction.atomic
def paragraph_save(
    *, organisation: Organisation, year: ReportingYear, body: str, actor: Actor
) -> LetterVersion:
    """Save (or, when empty, remove) an organisation's own paragraph and record the edit.

    The paragraph is checked as the narrative is (WorkflowError, nothing stored). A sent or
    published letter refuses the edit and nothing is saved.
    """
    from annual_review.letters.models import OrganisationParagraph

    paragraph_check(body=body)
    if body.strip():
        OrganisationParagraph.objects.update_or_create(
            organisation=organisation, reporting_year=year.label, defaults={"body": body}
        )
    else:
        OrganisationParagraph.objects.filter(
            organisation=organisation, reporting_year=year.label
        ).delete()
    letter = letter_edited(
        organisation=organisation, year=year, actor=actor, what="organisation's paragraph"
    )
    return letter_draft_refresh(letter=letter)
