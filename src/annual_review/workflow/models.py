"""Letter versions and their states, frozen figures, the audit log, the outbox, and officers."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

from annual_review.register.models import Organisation
from annual_review.years.models import ReportingYear


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


# A letter is being prepared while it is in one of these states; at most one at a time.
IN_PROGRESS = [LetterStatus.DRAFT, LetterStatus.APPROVED, LetterStatus.SENT]


class LetterVersion(models.Model):
    """One version of one organisation's letter for one year.

    A draft's content may be regenerated. From approval on, `html` and `pdf` are frozen with their
    checksums and the template version they were made with, and are never rendered again: a
    correction is a new version, and the old one is kept, marked superseded.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="letters")
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=LetterStatus.choices, default="draft")
    html = models.TextField(blank=True)
    html_sha256 = models.CharField(max_length=64, blank=True)
    pdf = models.BinaryField(blank=True, default=b"")
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    template_version = models.CharField(max_length=40, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_edited_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)
    # The version of the year's figures (`YearFigures.number`) the frozen letter was made from,
    # set at approval; None when nothing was frozen then (the records). A letter made from a
    # revision is public only from the revision's own time (`selectors.letters_public`).
    figures_number = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "organisation__short_name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="letter_version_numbered_once"
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(status__in=IN_PROGRESS),
                name="letter_one_in_progress",
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(status="published"),
                name="letter_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.year.label} v{self.number} ({self.status})"

    @property
    def frozen(self) -> bool:
        return self.status != LetterStatus.DRAFT


class YearFigures(models.Model):
    """One frozen version of a reporting year's published figures (one row per organisation).

    Version 1 is frozen at publication and public from the year's `publish_at`. A revision
    (number 2 on) carries a reason, is approved by someone other than `frozen_by` (who prepared
    it) and is public from its own `publish_at`; the versions before it stay downloadable.
    `rows` hold each organisation's flat statistics and counts, `groups` the comparison groups'
    averages made with `method` (see `workflow/figures.py`).
    """

    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="figures")
    number = models.PositiveSmallIntegerField(default=1)
    rows = models.JSONField()
    groups = models.JSONField(default=dict, blank=True)
    method = models.CharField(max_length=8, blank=True)
    sha256 = models.CharField(max_length=64)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frozen_at = models.DateTimeField(auto_now_add=True)
    correction_reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="figures_numbered_once"),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(approved_at__isnull=True, number__gt=1),
                name="figures_one_revision_prepared",
            ),
        ]
        # Which version is public is read on every request: from this index alone, never the
        # rows (on SQLite, reading a column stored after `rows` walks its overflow pages).
        indexes = [
            models.Index(
                fields=[
                    "year",
                    "number",
                    "approved_at",
                    "publish_at",
                    "sha256",
                    "correction_reason",
                ],
                name="figures_version_lookup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year.label} figures v{self.number}"


class Event(models.Model):
    """The audit log: every state change and every email, with who did it and when."""

    class Action(models.TextChoices):
        LETTER_GENERATED = "letter_generated", "Draft generated"
        LETTER_EDITED = "letter_edited", "Letter edited"
        LETTER_APPROVED = "letter_approved", "Letter approved"
        APPROVAL_WITHDRAWN = "approval_withdrawn", "Approval withdrawn"
        LETTER_SENT = "letter_sent", "Letter sent"
        LETTER_PUBLISHED = "letter_published", "Letter published"
        LETTER_CORRECTED = "letter_corrected", "Correction started"
        LETTER_SUPERSEDED = "letter_superseded", "Letter superseded"
        NARRATIVE_EDITED = "narrative_edited", "Year's narrative edited"
        FIGURES_FROZEN = "figures_frozen", "Figures frozen"
        FIGURES_SUPERSEDED = "figures_superseded", "Figures superseded"
        YEAR_SCHEDULED = "year_scheduled", "Publication scheduled"
        YEAR_PUBLISHED = "year_published", "Year published"
        IMPORT_COMMITTED = "import_committed", "Import committed"
        EMAIL_QUEUED = "email_queued", "Email queued"
        EMAIL_SENT = "email_sent", "Email sent"
        EMAIL_RETRY = "email_retry", "Email delivery failed; will retry"
        EMAIL_FAILED = "email_failed", "Email delivery failed"
        OFFICER_REGISTERED = "officer_registered", "Monitoring Officer registered"
        OFFICER_CONFIRMED = "officer_confirmed", "Monitoring Officer confirmed"
        OFFICER_APPROVED = "officer_approved", "Monitoring Officer approved"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        ROLES_CHANGED = "roles_changed", "Roles changed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Who, also when not a staff user.")
    action = models.CharField(max_length=24, choices=Action.choices)
    year = models.ForeignKey(
        ReportingYear, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter = models.ForeignKey(
        LetterVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class OfficerRegistration(models.Model):
    """A Monitoring Officer who asked to receive their organisation's letters directly."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the officer to confirm their email"
        CONFIRMED = "confirmed", "Confirmed; waiting for staff approval"
        APPROVED = "approved", "Approved: receives letters"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="officer_registrations"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    status = models.CharField(max_length=12, choices=Status.choices, default="unconfirmed")
    registered_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__short_name", "name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.organisation.code})"


class Unsubscription(models.Model):
    """An address that asked for no more email from the annual review."""

    email = models.EmailField(unique=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


class RegistrationAttempt(models.Model):
    """One accepted Monitoring Officer registration, kept only as long as the rate limits look."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    client = models.CharField(max_length=45, blank=True, help_text="The client's IP address.")
    email = models.EmailField(db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} from {self.client}"


class OutboxMessage(models.Model):
    """One email, queued once and delivered once (see services.outbox_deliver)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed permanently"

    key = models.CharField(max_length=200, unique=True, help_text="What this message is for.")
    message_id = models.CharField(max_length=200, unique=True)
    letter = models.ForeignKey(
        LetterVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    unsubscribe_url = models.URLField(max_length=500, blank=True)
    greetings = models.JSONField(
        default=dict,
        blank=True,
        help_text="How to greet each recipient, by address; the email greets whoever it goes to "
        "first when it is sent (so not someone who unsubscribed meanwhile).",
    )
    despite_unsubscription = models.BooleanField(
        default=False,
        help_text="Sent even to an address that unsubscribed: a message asked for in the "
        "address's name (a confirmation link, a password reset), never a letter.",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default="pending")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    refused = models.JSONField(default=dict, blank=True, help_text="Recipients the server refused.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)} ({self.status})"
