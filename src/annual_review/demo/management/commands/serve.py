"""`annual-review serve [--port N] [--host H] [--debug]`: serve the site with gunicorn."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from annual_review.demo.selectors import database_is_demo
from annual_review.demo.server import site_serve, workers_default

DEMO_NOTICE = "This database holds demonstration data: generated records, not real decisions."
DEBUG_IN_PRODUCTION = "--debug is refused when ANNUAL_REVIEW_ENV=production."


class Command(BaseCommand):
    help = "Serve the site with gunicorn (static files collected first and served by WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, help="default: one per core")
        parser.add_argument(
            "--debug",
            action="store_true",
            help="show Django's debug pages on errors (development only; off by default)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["debug"] and settings.PRODUCTION:
            raise CommandError(DEBUG_IN_PRODUCTION)
        # The debug pages show settings and code to anyone: the server shows them only when
        # asked, whatever DEBUG the settings chose for the management commands.
        settings.DEBUG = bool(options["debug"])
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Static files collected into {settings.STATIC_ROOT}.")
        try:
            if database_is_demo():
                self.stdout.write(DEMO_NOTICE)
        except DatabaseError:
            # An unmigrated database: the site reports that itself, serving still works.
            pass
        workers = options["workers"] or workers_default()
        self.stdout.write(
            f"Serving http://{options['host']}:{options['port']}/ with {workers} gunicorn "
            "worker(s). Press Ctrl+C to stop."
        )
        self.stdout.flush()
        site_serve(host=options["host"], port=options["port"], workers=workers)
