"""`annual-review send-letters`: a dry run by default; with --commit, queue and deliver."""

from io import StringIO

import pytest
from django.core.management import call_command

from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import LetterStatus, LetterVersion, OutboxMessage

pytestmark = pytest.mark.django_db


def test_send_letters_dry_run_then_commit(year, hartlepool, renderer, approver, smtp_server):
    """Without --commit nothing is queued or sent; with it, approved letters go out once."""
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    out = StringIO()
    call_command("send-letters", "2023-24", stdout=out)
    assert "Would queue 1 approved letter(s) of 2023-24." in out.getvalue()
    assert not OutboxMessage.objects.exists() and smtp_server.received == []
    out = StringIO()
    call_command("send-letters", "2023-24", "--commit", stdout=out)
    assert "Queued 1 letter(s) of 2023-24." in out.getvalue()
    assert "1 sent, 0 to retry later, 0 failed permanently." in out.getvalue()
    assert LetterVersion.objects.get().status == LetterStatus.SENT
    out = StringIO()
    call_command("send-letters", "2023-24", "--commit", stdout=out)
    assert "Queued 0 letter(s)" in out.getvalue() and len(smtp_server.received) == 1


def test_send_letters_reports_permanent_failures(year, hartlepool, renderer, approver, smtp_server):
    """A refused message is named on stderr with the server's reason."""
    smtp_server.refuse["cara@hartlepool.example"] = "550 5.1.1 No such mailbox"
    smtp_server.refuse["leo@hartlepool.example"] = "550 5.1.1 No such mailbox"
    smtp_server.refuse["sam@hartlepool.example"] = "550 5.1.1 No such mailbox"
    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter_approve(letter=LetterVersion.objects.get(), actor=approver)
    err = StringIO()
    call_command("send-letters", "2023-24", "--commit", stdout=StringIO(), stderr=err)
    assert "FAILED Annual review letter 2023-24" in err.getvalue()
    assert "550 5.1.1 No such mailbox" in err.getvalue()


def test_send_letters_help_says_delivery_is_at_least_once(capsys):
    """The help promises what the outbox does: at least once, a repeat keeps its Message-ID."""
    with pytest.raises(SystemExit):
        call_command("send-letters", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "nothing goes twice" not in text
    assert "at least once" in text
    assert "same Message-ID" in text and "may get it twice" in text
