"""`annual-review send-letters [YEAR] [--commit]`: queue approved letters and deliver the outbox."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annual_review.workflow.models import LetterStatus, LetterVersion, OutboxMessage
from annual_review.workflow.outbox import outbox_deliver
from annual_review.workflow.sending import letters_send
from annual_review.years.models import ReportingYear


class Command(BaseCommand):
    help = (
        "Deliver the outbox's due emails; with YEAR, first queue that year's approved letters. "
        "Dry run unless --commit is given. Safe to repeat and to overlap: a letter is queued "
        "once, and each email is claimed by one run at a time. Delivery is at least once: an "
        "email whose sending was cut off (a run killed while the mail server took it) is sent "
        "again with the same Message-ID, so its recipient may get it twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", nargs="?", help="reporting year, e.g. 2023-24")
        parser.add_argument("--commit", action="store_true", help="queue and send")
        parser.add_argument("--limit", type=int, help="send at most this many emails")
        parser.add_argument("--user", default="send-letters", help="who is sending")

    def handle(self, *args: Any, **options: Any) -> None:
        year = None
        if options["year"]:
            year = ReportingYear.objects.filter(label=options["year"]).first()
            if year is None:
                raise CommandError(f"{options['year']}: no such reporting year")
        if not options["commit"]:
            if year is not None:
                approved = LetterVersion.objects.filter(year=year, status=LetterStatus.APPROVED)
                self.stdout.write(f"Would queue {approved.count()} approved letter(s) of {year}.")
            pending = OutboxMessage.objects.filter(
                status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]
            )
            self.stdout.write(
                f"Would deliver up to {pending.count()} queued email(s). Dry run: add --commit."
            )
            return
        if year is not None:
            queued = letters_send(year=year, actor=options["user"])
            self.stdout.write(f"Queued {len(queued.sent)} letter(s) of {year}.")
            for letter, reason in queued.refused:
                self.stderr.write(f"{letter.organisation.code}: {reason}")
        report = outbox_deliver(limit=options["limit"], actor=options["user"])
        for message in report.failed:
            self.stderr.write(
                f"FAILED {message.subject} to {', '.join(message.to)}: {message.last_error}"
            )
        self.stdout.write(report.summary())
