"""Property-based: whatever staff do, in any order, the workflow's invariants hold."""

import contextlib
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from annual_review.register.models import Organisation
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import (
    letter_correct,
    letter_draft_refresh,
    letter_edited,
    letters_generate,
)
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import (
    IN_PROGRESS,
    LetterStatus,
    LetterVersion,
    OutboxMessage,
    sha256_hex,
)
from annual_review.workflow.publication import publish_due, year_get
from annual_review.workflow.rendering import renderer_set
from annual_review.workflow.sending import letter_send
from tests.examples import examples
from tests.workflow.fixtures import StandInRenderer

PEOPLE = ["ann", "abe", "bea"]


class LetterWorkflow(RuleBasedStateMachine):
    """Random edits, approvals, sends, publications and corrections of two councils' letters."""

    @initialize()
    def start(self) -> None:
        # Each example runs in a savepoint rolled back at its end: examples share nothing.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.renderer = StandInRenderer()
        self.previous = renderer_set(self.renderer)
        self.year = year_get(label="2023-24")
        self.year.publish_at = None
        self.year.save()
        self.councils = list(Organisation.objects.filter(code__in=["HPL", "MDB"]))
        self.people = {n: User.objects.get_or_create(username=n)[0] for n in PEOPLE}
        self.frozen: dict[int, tuple[str, str]] = {}
        self.editor_at_approval: list[tuple[int | None, int]] = []
        self.edits = 0
        letters_generate(year=self.year, actor="test", organisations=self.councils)

    def teardown(self) -> None:
        if hasattr(self, "previous"):
            renderer_set(self.previous)
        if hasattr(self, "savepoint"):
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

    def _current(self, council: Organisation) -> LetterVersion | None:
        versions = LetterVersion.objects.filter(organisation=council, year=self.year)
        return (
            versions.filter(status__in=IN_PROGRESS).first() or versions.order_by("-number").first()
        )

    @rule(council=st.integers(0, 1), person=st.sampled_from(PEOPLE))
    def edit(self, council: int, person: str) -> None:
        self.edits += 1
        self.renderer.paragraphs[self.councils[council].code] = f"edit {self.edits}"
        try:
            with transaction.atomic():
                letter_edited(
                    organisation=self.councils[council], year=self.year, actor=self.people[person]
                )
        except WorkflowError:
            pass

    @rule(council=st.integers(0, 1), person=st.sampled_from(PEOPLE))
    def approve(self, council: int, person: str) -> None:
        letter = self._current(self.councils[council])
        if letter is None:
            return
        if letter.status == LetterStatus.DRAFT:
            letter = letter_draft_refresh(letter=letter)
        editor = letter.last_edited_by_id
        try:
            approved = letter_approve(letter=letter, actor=self.people[person])
        except WorkflowError:
            return
        self.editor_at_approval.append((editor, self.people[person].pk))
        self.frozen[approved.pk] = (approved.html_sha256, approved.pdf_sha256)

    @rule(council=st.integers(0, 1))
    def send(self, council: int) -> None:
        from annual_review.register.models import Contact

        organisation = self.councils[council]
        Contact.objects.get_or_create(
            organisation=organisation,
            role=Contact.Role.CHIEF_EXECUTIVE,
            email=f"chief@{organisation.code.lower()}.example",
            defaults={"last_name": "Chief"},
        )
        letter = self._current(organisation)
        if letter is not None:
            with contextlib.suppress(WorkflowError):
                letter_send(letter=letter, actor=self.people["abe"])

    @rule()
    def publish(self) -> None:
        self.year.publish_at = timezone.now() - timezone.timedelta(seconds=1)
        self.year.save()
        publish_due()

    @rule(council=st.integers(0, 1))
    def correct(self, council: int) -> None:
        letter = LetterVersion.objects.filter(
            organisation=self.councils[council], year=self.year, status=LetterStatus.PUBLISHED
        ).first()
        if letter is not None:
            with contextlib.suppress(WorkflowError):
                letter_correct(letter=letter, reason="figures changed", actor=self.people["ann"])

    # Each invariant reads what it checks in one query: they run after every step.
    @invariant()
    def at_most_one_in_progress_and_one_published(self) -> None:
        if not hasattr(self, "councils"):
            return
        statuses = LetterVersion.objects.filter(
            organisation__in=self.councils, year=self.year
        ).values_list("organisation_id", "status")
        in_progress = Counter(o for o, status in statuses if status in IN_PROGRESS)
        published = Counter(o for o, status in statuses if status == LetterStatus.PUBLISHED)
        assert all(n <= 1 for n in in_progress.values())
        assert all(n <= 1 for n in published.values())

    @invariant()
    def frozen_letters_never_change(self) -> None:
        frozen = getattr(self, "frozen", {})
        letters = LetterVersion.objects.in_bulk(list(frozen)) if frozen else {}
        for pk, (html_sha, pdf_sha) in frozen.items():
            letter = letters[pk]
            if letter.status == LetterStatus.DRAFT:
                continue  # approval withdrawn by an edit before sending
            assert (letter.html_sha256, letter.pdf_sha256) == (html_sha, pdf_sha)
            assert sha256_hex(letter.html.encode()) == html_sha
            assert sha256_hex(bytes(letter.pdf)) == pdf_sha

    @invariant()
    def nobody_approved_their_own_edit(self) -> None:
        for editor, approver in getattr(self, "editor_at_approval", []):
            assert editor != approver

    @invariant()
    def each_letter_is_queued_once(self) -> None:
        keys = list(OutboxMessage.objects.values_list("key", flat=True))
        assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_workflow_invariants_hold_for_any_sequence_of_actions():
    """At most one letter in progress and one published; frozen content never changes; nobody
    approves their own edit; no email is queued twice."""
    machine = settings(
        max_examples=examples(50),
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )(LetterWorkflow)
    machine.TestCase().runTest()
