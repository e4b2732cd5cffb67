"""Staff pages through the test client: a year's figures, letters, publication, users."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annual_review.workflow.approvals import APPROVER_IS_EDITOR
from annual_review.workflow.models import Event, LetterStatus, LetterVersion, OutboxMessage
from annual_review.workflow.outbox import outbox_deliver
from annual_review.workflow.publication import year_get
from annual_review.workflow.selectors import figures_compare
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

ROWS = [
    "23500001,E07000234,2023-06-01,,Housing,upheld,yes,no,",
    "23500002,Bromsgrove DC,15/06/2023,,Planning and development,Not upheld,,,",
]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decisions(code: str, year: int, upheld: int, not_upheld: int) -> None:
    from datetime import date

    from annual_review.register.models import Organisation

    organisation = Organisation.objects.get(code=code)
    for n in range(upheld + not_upheld):
        DecisionFactory(
            reference=f"{code}{year}{n}",
            organisation=organisation,
            decision_date=date(year, 6, 1),
            category="Housing",
            outcome="upheld" if n < upheld else "not_upheld",
        )


def test_a_years_draft_figures_are_listed_against_the_previous_year_largest_change_first(
    analyst,
):
    """The year page orders organisations by the size of the change from the previous year."""
    year = year_get(label="2023-24")
    decisions("HPL", 2022, 1, 1)
    decisions("HPL", 2023, 1, 2)  # +1 investigation
    decisions("MDB", 2022, 5, 5)
    decisions("MDB", 2023, 1, 1)  # -8 investigations
    changes = figures_compare(year=year, measure="investigations")
    assert [(c.code, c.change) for c in changes[:2]] == [("MDB", -8.0), ("HPL", 1.0)]
    page = signed_in(analyst).get(reverse("staff:year", args=["2023-24"])).content.decode()
    assert page.index("Middlesbrough") < page.index("Hartlepool")
    assert "−8" in page
    rates = figures_compare(year=year, measure="uphold_rate")
    assert (rates[0].code, round(rates[0].change or 0, 4)) == ("HPL", round(1 / 3 - 1 / 2, 4))


def test_letters_are_prepared_approved_by_another_and_sent_through_the_pages(
    year, hartlepool, renderer, analyst, approver, smtp_server
):
    """Analyst regenerates drafts; approver previews, approves and sends; the log shows it all."""
    analyst_client, approver_client = signed_in(analyst), signed_in(approver)
    analyst_client.post(reverse("staff:letters-generate", args=[year.label]))
    listing = analyst_client.get(reverse("staff:letters", args=[year.label])).content.decode()
    assert listing.count("govuk-tag app-tag-draft") == 317
    page = approver_client.get(reverse("staff:letter", args=[year.label, "HPL"]))
    seen = page.context["approve_form"].initial["seen_sha256"]
    preview = approver_client.get(reverse("staff:letter-html", args=[year.label, "HPL", 1]))
    assert preview.status_code == 200 and b"Hartlepool" in preview.content
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    pdf = approver_client.get(reverse("staff:letter-pdf", args=[year.label, "HPL", 1]))
    assert pdf["Content-Type"] == "application/pdf"
    approver_client.post(
        reverse("staff:letter-approve", args=[year.label, "HPL"]), {"seen_sha256": seen}
    )
    letter = LetterVersion.objects.get(organisation=hartlepool)
    assert letter.status == LetterStatus.APPROVED
    approver_client.post(reverse("staff:letter-send", args=[year.label, "HPL"]))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    # Queued, not sent by the page: the scheduled send-letters delivers it.
    assert OutboxMessage.objects.get(letter=letter).status == OutboxMessage.Status.PENDING
    assert not smtp_server.received
    outbox_deliver()
    assert OutboxMessage.objects.get(letter=letter).status == OutboxMessage.Status.SENT
    assert smtp_server.received[0].message["To"] == "cara@hartlepool.example"
    history = approver_client.get(reverse("staff:letter", args=[year.label, "HPL"]))
    text = history.content.decode()
    assert "Letter approved" in text and "Letter sent" in text and "abe" in text


def test_the_page_refuses_approval_by_the_last_editor(year, hartlepool, renderer, approver):
    """The approve button shows the four-eyes refusal when the approver edited last."""
    from annual_review.workflow.drafting import letter_edited, letters_generate

    letters_generate(year=year, actor="test", organisations=[hartlepool])
    letter_edited(organisation=hartlepool, year=year, actor=approver)
    client = signed_in(approver)
    page = client.get(reverse("staff:letter", args=[year.label, "HPL"]))
    seen = page.context["approve_form"].initial["seen_sha256"]
    response = client.post(
        reverse("staff:letter-approve", args=[year.label, "HPL"]),
        {"seen_sha256": seen},
        follow=True,
    )
    assert APPROVER_IS_EDITOR.replace("'", "&#x27;") in response.content.decode()
    assert LetterVersion.objects.get(organisation=hartlepool).status == LetterStatus.DRAFT


def test_an_approver_sets_the_publication_time(year, approver):
    """The publication form stores the time, and the log says who set it."""
    when = timezone.localtime(timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    signed_in(approver).post(
        reverse("staff:year-schedule", args=[year.label]),
        {"publish_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    year.refresh_from_db()
    assert year.publish_at == when
    assert Event.objects.get(action=Event.Action.YEAR_SCHEDULED).actor == approver


def test_an_administrator_gives_roles(administrator, roleless):
    """Roles are given on the users page and the change is logged."""
    signed_in(administrator).post(
        reverse("staff:user-roles", args=[roleless.pk]), {"roles": ["analyst", "approver"]}
    )
    assert sorted(roleless.groups.values_list("name", flat=True)) == ["analyst", "approver"]
    assert Event.objects.filter(action=Event.Action.ROLES_CHANGED, detail__contains="ron").exists()


def test_failed_emails_are_shown_on_the_outbox_page(approver):
    """A permanent failure is listed with the server's reason."""
    OutboxMessage.objects.create(
        key="k",
        message_id="<k@x>",
        subject="Annual review letter",
        body_text="b",
        to=["gone@example.org"],
        status=OutboxMessage.Status.FAILED,
        last_error="550 5.1.1 No such mailbox",
    )
    page = signed_in(approver).get(reverse("staff:outbox")).content.decode()
    assert "550 5.1.1 No such mailbox" in page and "gone@example.org" in page


def test_an_administrator_adds_an_account_without_roles(administrator):
    """A new account can sign in but holds no role until one is given."""
    response = signed_in(administrator).post(
        reverse("staff:user-add"),
        {
            "username": "nia",
            "email": "nia@ombudsman.example",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    assert not User.objects.get(username="nia").groups.exists()
    assert User.objects.get(username="nia").email == "nia@ombudsman.example"
    assert (
        signed_in(User.objects.get(username="nia")).get(reverse("staff:dashboard")).status_code
        == 403
    )


def test_the_letters_list_can_show_one_status(year, hartlepool, renderer, analyst, approver):
    """Staff can list only the letters still in draft, say, to see what is left to approve."""
    from annual_review.workflow.approvals import letter_approve
    from annual_review.workflow.drafting import letters_generate

    letters_generate(year=year, actor="test")
    letter_approve(letter=LetterVersion.objects.get(organisation=hartlepool), actor=approver)
    client = signed_in(analyst)
    approved = client.get(reverse("staff:letters", args=[year.label]), {"status": "approved"})
    assert [r.organisation.code for r in approved.context["rows"]] == ["HPL"]
    drafts = client.get(reverse("staff:letters", args=[year.label]), {"status": "draft"})
    assert len(drafts.context["rows"]) == 316


def test_staff_change_their_own_password(analyst):
    """A first password from an administrator can be replaced by its owner."""
    client = signed_in(analyst)
    response = client.post(
        reverse("staff:password"),
        {
            "old_password": "correct horse battery",
            "new_password1": "a new long passphrase 7",
            "new_password2": "a new long passphrase 7",
        },
    )
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert analyst.check_password("a new long passphrase 7")
    assert client.get(reverse("staff:dashboard")).status_code == 200  # still signed in
