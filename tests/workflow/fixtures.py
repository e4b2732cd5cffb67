"""Fixtures shared by the workflow and staff tests: a stand-in renderer, staff users, contacts,
and a real SMTP server (aiosmtpd) on 127.0.0.1 that can refuse or delay some recipients."""

import email
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

from annual_review.register.models import Contact, Organisation
from annual_review.workflow.publication import year_get
from annual_review.workflow.rendering import renderer_set
from annual_review.years.models import ReportingYear
from tests.factories import ContactFactory, UserFactory, council
from tests.servers import free_port


@dataclass
class BuiltLetter:
    organisation: Organisation
    year: str
    paragraph: str
    template_version: str = "test-template-1"


@dataclass
class StandInRenderer:
    """Renders a tiny letter whose text tests can change, as an edit of a paragraph would."""

    paragraphs: dict[str, str] = field(default_factory=dict)
    pdfs_rendered: int = 0

    def build(self, *, organisation: Organisation, year: ReportingYear, stats: Any = None) -> Any:
        return BuiltLetter(organisation, year.label, self.paragraphs.get(organisation.code, ""))

    def html(self, *, letter: BuiltLetter) -> str:
        return (
            f"<h1>Annual review letter {letter.year}</h1><p>{letter.organisation.name}</p>"
            f"<p>{letter.paragraph}</p>"
        )

    def pdf(self, *, letter: BuiltLetter) -> bytes:
        self.pdfs_rendered += 1
        return b"%PDF-1.7 stand-in " + self.html(letter=letter).encode()

    def template_version(self, *, letter: BuiltLetter) -> str:
        return letter.template_version


@pytest.fixture(autouse=True)
def fast_passwords(settings):  # noqa: ANN001
    """Hash test passwords quickly; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def renderer():
    """Letters rendered by a stand-in with the letters app's interface."""
    stand_in = StandInRenderer()
    previous = renderer_set(stand_in)
    yield stand_in
    renderer_set(previous)


@pytest.fixture
def analyst(db) -> User:  # noqa: ANN001
    return UserFactory(username="ann", roles=["analyst"])


@pytest.fixture
def approver(db) -> User:  # noqa: ANN001
    return UserFactory(username="abe", roles=["approver"])


@pytest.fixture
def second_approver(db) -> User:  # noqa: ANN001
    return UserFactory(username="bea", roles=["approver"])


@pytest.fixture
def administrator(db) -> User:  # noqa: ANN001
    return UserFactory(username="ada", roles=["administrator"])


@pytest.fixture
def roleless(db) -> User:  # noqa: ANN001
    return UserFactory(username="ron")


@pytest.fixture
def year(db) -> ReportingYear:  # noqa: ANN001
    return year_get(label="2023-24")


@pytest.fixture
def hartlepool(db) -> Organisation:  # noqa: ANN001
    """A council with a chief executive, a Leader and a scrutiny chair on file."""
    organisation = council("HPL")
    for role, first, last in [
        (Contact.Role.CHIEF_EXECUTIVE, "Cara", "Chief"),
        (Contact.Role.LEADER, "Leo", "Leader"),
        (Contact.Role.SCRUTINY_CHAIR, "Sam", "Scrutiny"),
    ]:
        ContactFactory(organisation=organisation, role=role, first_name=first, last_name=last)
    return organisation


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class RecordingHandler:
    """Accepts mail like a real server, except addresses told to refuse or to be busy."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse: dict[str, str] = {}
        self.busy: dict[str, int] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001
        if address in self.refuse:
            return self.refuse[address]
        if self.busy.get(address, 0) > 0:
            self.busy[address] -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [r.message["Message-ID"] for r in self.received]


@pytest.fixture
def smtp_server(settings):  # noqa: ANN001
    """A real SMTP server on loopback; Django's email settings point at it."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.DEFAULT_FROM_EMAIL = "annual-review@ombudsman.example"
    settings.ANNUAL_REVIEW_BASE_URL = "https://annual-review.example"
    yield handler
    controller.stop()
