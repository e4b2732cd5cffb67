"""Benchmark and crash drill for the outbox: throughput, and a real SIGKILL mid-batch.

    .venv/bin/python benchmarks/outbox.py                  # 634 letter emails, SQLite in a temp dir
    .venv/bin/python benchmarks/outbox.py --workers 3      # three senders at once
    .venv/bin/python benchmarks/outbox.py --database-url postgres://annual_review:annual_review@127.0.0.1:5432/annual_review_outbox --workers 3

A real SMTP server (aiosmtpd) runs in this process on 127.0.0.1. The database (a new SQLite
file) gets the register and `--messages` queued letter emails, each with a 60 kB PDF attached.

1. Throughput: `annual-review send-letters --commit` in `--workers` subprocesses at once
   delivers them all; each Message-ID must arrive exactly once (no two workers share a message).
2. Crash drill: the same number queued again; the server takes 10 ms to accept each message;
   at a random moment after a third have arrived the sending process is killed with SIGKILL;
   `send-letters --commit` is run again. Every Message-ID must have arrived exactly once, except
   that if the kill fell while the server was accepting a message (after its data, before its
   reply reached us) that one message arrives twice: the window SMTP itself cannot close.
"""

import sys
from pathlib import Path

# benchmarks/ holds a statistics.py: keep it from hiding the standard library's module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLI = str(ROOT / ".venv" / "bin" / "annual-review")


class Server:
    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201
        if self.delay:
            await asyncio.sleep(self.delay)
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.ids[line.split(b":", 1)[1].strip().decode()] += 1
                break
        return "250 Message accepted for delivery"

    def received(self) -> int:
        with self.lock:
            return sum(self.ids.values())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_recreate(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def queue(count: int, batch: str) -> list[str]:
    """Queue `count` letter emails (approved letters with a PDF) and return their Message-IDs."""
    from annual_review.register.models import Organisation
    from annual_review.workflow.models import LetterStatus, LetterVersion
    from annual_review.workflow.outbox import message_queue
    from annual_review.workflow.publication import year_get

    year = year_get(label="2023-24" if batch == "a" else "2022-23")
    pdf = b"%PDF-1.7\n" + os.urandom(60_000)
    councils = list(Organisation.objects.filter(in_register=True))
    ids = []
    letters = {}
    for n in range(count):
        council = councils[n % len(councils)]
        letter = letters.get(council.pk)
        if letter is None:
            letter = letters[council.pk] = LetterVersion.objects.create(
                organisation=council,
                year=year,
                status=LetterStatus.SENT,
                html=f"<p>{council.name}</p>",
                pdf=pdf,
            )
        message = message_queue(
            key=f"bench:{batch}:{n}",
            to=[f"chief{n}@{council.code.lower()}.example"],
            cc=[f"leader{n}@{council.code.lower()}.example"],
            subject=f"Annual review letter {year.label}: {council.name}",
            body_text="The letter is attached.",
            body_html=letter.html,
            unsubscribe="https://annual-review.example/monitoring-officers/unsubscribe/x/",
            letter=letter,
        )
        ids.append(message.message_id)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=634)
    parser.add_argument("--workers", type=int, default=1, help="senders running at once")
    parser.add_argument("--database-url", help="PostgreSQL URL (dropped and recreated)")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="outbox-bench-")
    port = free_port()
    os.environ.update(
        ANNUAL_REVIEW_DATA_DIR=data,
        DJANGO_SETTINGS_MODULE="annual_review.settings",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        DEFAULT_FROM_EMAIL="annual-review@ombudsman.example",
    )
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        postgres_recreate(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command

    from annual_review.register.services import register_load
    from annual_review.workflow.models import OutboxMessage

    call_command("migrate", verbosity=0)
    register_load()
    handler = Server()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        ids = queue(args.messages, "a")
        started = time.perf_counter()
        senders = [
            subprocess.Popen([CLI, "send-letters", "--commit"], stdout=subprocess.DEVNULL)
            for _ in range(args.workers)
        ]
        assert all(sender.wait() == 0 for sender in senders)
        took = time.perf_counter() - started
        counts = Counter(handler.ids[i] for i in ids)
        assert counts == {1: len(ids)}, f"throughput run: not exactly once: {counts}"
        print(
            f"throughput ({os.environ.get('DATABASE_URL', 'sqlite').split(':')[0]}, "
            f"{args.workers} worker(s)): {len(ids)} emails (60 kB PDF each) in {took:.1f} s = "
            f"{len(ids) / took:.0f} emails/s (including process start); each arrived once"
        )

        ids = queue(args.messages, "b")
        handler.delay = 0.01
        before = handler.received()
        sender = subprocess.Popen([CLI, "send-letters", "--commit"], stdout=subprocess.DEVNULL)
        while handler.received() - before < args.messages // 3:
            time.sleep(0.005)
        # At a random moment of a message's cycle, not just as the server accepts one.
        time.sleep(random.uniform(0, 0.05))
        sender.send_signal(signal.SIGKILL)
        sender.wait()
        at_kill = handler.received() - before
        sending = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENDING).count()
        handler.delay = 0.0
        subprocess.run([CLI, "send-letters", "--commit"], check=True, capture_output=True)
        counts = Counter(handler.ids[i] for i in ids)
        print(
            f"crash drill: SIGKILL after {at_kill} of {len(ids)} received "
            f"({sending} left 'sending'); after the rerun: {counts[1]} received once, "
            f"{counts[0]} never, {sum(v for k, v in counts.items() if k > 1)} more than once"
        )
        assert counts[0] == 0 and sum(v for k, v in counts.items() if k > 1) <= 1
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
