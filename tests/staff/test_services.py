"""The staff side's writes, now services rather than view code: accounts and roles, logged."""

import pytest

from annual_review.staff.services import user_create, user_roles_set
from annual_review.workflow.models import Event

pytestmark = pytest.mark.django_db


def test_a_new_account_has_an_email_no_role_and_is_logged(administrator):
    """The email is where a password reset goes; roles come separately."""
    person = user_create(
        username="nia",
        email="nia@ombudsman.example",
        password="a long passphrase 42",
        actor=administrator,
    )
    assert person.email == "nia@ombudsman.example" and person.check_password("a long passphrase 42")
    assert not person.groups.exists()
    event = Event.objects.get(action=Event.Action.ROLES_CHANGED)
    assert event.actor == administrator and "nia: account created" in event.detail


def test_roles_are_set_exactly_and_unknown_names_ignored(administrator, roleless):
    """The roles given replace the old ones; a name that is no role gives nothing."""
    user_roles_set(user=roleless, roles={"analyst", "approver"}, actor=administrator)
    chosen = user_roles_set(user=roleless, roles={"approver", "superuser"}, actor=administrator)
    assert chosen == {"approver"}
    assert list(roleless.groups.values_list("name", flat=True)) == ["approver"]
    details = list(
        Event.objects.filter(action=Event.Action.ROLES_CHANGED)
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == ["ron: analyst, approver", "ron: approver"]
