"""Every staff address refuses anonymous visitors and users without the role it needs."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from annual_review.staff import urls as staff_urls
from annual_review.staff.roles import NO_ROLE, Role, role_required
from annual_review.workflow.models import OfficerRegistration, OutboxMessage

pytestmark = pytest.mark.django_db

# The way in and out, and back in after a forgotten password: open by necessity.
PUBLIC = {
    "sign-in",
    "sign-out",
    "password-reset",
    "password-reset-sent",
    "password-reset-confirm",
    "password-reset-done",
}

ANALYST, APPROVER, ADMINISTRATOR = Role.ANALYST, Role.APPROVER, Role.ADMINISTRATOR
ANYONE_WITH_A_ROLE = frozenset(Role)
PREPARING = frozenset({ANALYST, APPROVER})

# Who may use each staff page, written here from the roles' definitions (docs/ARCHITECTURE.md),
# not read from the views: a view that declares the wrong roles fails against this table.
ACCESS: dict[str, frozenset[Role]] = {
    "password": ANYONE_WITH_A_ROLE,
    "dashboard": ANYONE_WITH_A_ROLE,
    "events": ANYONE_WITH_A_ROLE,
    "imports": frozenset({ANALYST}),
    "import_job": frozenset({ANALYST}),
    "import_job_import": frozenset({ANALYST}),
    "years": ANYONE_WITH_A_ROLE,
    "year-add": PREPARING,
    "year": ANYONE_WITH_A_ROLE,
    "year-freeze": frozenset({APPROVER}),
    "year-schedule": frozenset({APPROVER}),
    "year-publish-due": frozenset({APPROVER}),
    "revision-prepare": PREPARING,
    "revision-approve": frozenset({APPROVER}),
    "revision-schedule": frozenset({APPROVER}),
    "narrative": frozenset({ANALYST}),
    "letters": PREPARING,
    "letters-generate": frozenset({ANALYST}),
    "letters-send": frozenset({APPROVER}),
    "letter": PREPARING,
    "letter-html": PREPARING,
    "letter-pdf": PREPARING,
    "letter-paragraph": frozenset({ANALYST}),
    "letter-approve": frozenset({APPROVER}),
    "letter-send": frozenset({APPROVER}),
    "letter-correct": PREPARING,
    "outbox": PREPARING,
    "outbox-requeue": frozenset({APPROVER}),
    "officers": frozenset({APPROVER}),
    "officer-approve": frozenset({APPROVER}),
    "users": frozenset({ADMINISTRATOR}),
    "user-add": frozenset({ADMINISTRATOR}),
    "user-roles": frozenset({ADMINISTRATOR}),
}
SAMPLE = {
    "label": "2023-24",
    "code": "HPL",
    "number": 1,
    "pk": 1,
    "uidb64": "MQ",
    "token": "not-a-token",
}


def staff_patterns() -> list[URLPattern]:
    return [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


def staff_url(pattern: URLPattern) -> str:
    names = pattern.pattern.regex.groupindex
    return reverse(f"staff:{pattern.name}", kwargs={k: SAMPLE[k] for k in names})


@pytest.fixture
def existing_objects(year, hartlepool, roleless, renderer):  # noqa: ANN001
    """Objects the sample URLs point at, so a role check cannot hide behind a 404. Letters are
    drafted by the stand-in renderer: an allowed POST to letters-generate drafts every council's
    letter, and what is checked here is the answer, not the letters (rendering was most of the
    matrix's time)."""
    OfficerRegistration.objects.create(
        pk=1, organisation=hartlepool, name="Mo", email="mo@hartlepool.example"
    )
    OutboxMessage.objects.create(pk=1, key="k", message_id="<k@x>", subject="s", body_text="b")


def test_every_staff_url_is_in_the_access_table():
    """A new staff URL fails here until this file says who may use it (or that it is open)."""
    names = {pattern.name for pattern in staff_patterns()}
    assert names - PUBLIC - ACCESS.keys() == set(), "staff URLs missing from ACCESS"
    assert ACCESS.keys() - names == set(), "ACCESS names URLs that no longer exist"
    assert PUBLIC - names == set(), "PUBLIC names URLs that no longer exist"
    assert not PUBLIC & ACCESS.keys()


def test_the_open_pages_do_not_ask_anyone_to_sign_in(client: Client, existing_objects):
    """The pages of the way in and out are answered to anonymous visitors themselves."""
    sign_in = reverse("staff:sign-in")
    for pattern in staff_patterns():
        if pattern.name not in PUBLIC:
            continue
        url = staff_url(pattern)
        response = client.get(url)
        assert response.status_code < 500, url
        assert not response.get("Location", "").startswith(sign_in + "?next="), url


def test_staff_urls_are_mounted_under_staff():
    """The URLconf walked here is the one the site serves at /staff/."""
    assert get_resolver().resolve("/staff/").url_name == "dashboard"


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, method: str, existing_objects):
    """Every staff URL, GET or POST, redirects an anonymous visitor to the sign-in page."""
    sign_in = reverse("staff:sign-in")
    for pattern in staff_patterns():
        if pattern.name in PUBLIC:
            continue
        url = staff_url(pattern)
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(sign_in + "?next="), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_users_without_the_role_are_refused(method: str, existing_objects):
    """A signed-in user gets 403 from every staff URL unless the access table gives them one
    of its roles; with one, the page is theirs."""
    users = {role: User.objects.create_user(f"only-{role}", password="x") for role in Role}
    for role, user in users.items():
        user.groups.add(Group.objects.get(name=role.value))
    users_by_name = {"none": User.objects.get(username="ron"), **users}
    for holder, user in users_by_name.items():
        client = Client()
        client.force_login(user)
        for pattern in staff_patterns():
            if pattern.name in PUBLIC:
                continue
            url = staff_url(pattern)
            response = getattr(client, method)(url)
            allowed = holder in ACCESS[pattern.name]
            if allowed:
                assert response.status_code != 403, (holder, url)
                assert not response.get("Location", "").startswith(reverse("staff:sign-in"))
            else:
                assert response.status_code == 403, (holder, method, url, response.status_code)


def test_role_required_refuses_inactive_users(rf, roleless):  # noqa: ANN001
    """An account switched off loses its roles at once."""
    roleless.groups.add(*Group.objects.all())
    roleless.is_active = False
    request = rf.get("/staff/")
    request.user = roleless

    @role_required(Role.ANALYST)
    def view(request):  # noqa: ANN001, ANN202
        raise AssertionError("the view must not run")

    response = view(request)
    assert response.status_code == 403
    assert NO_ROLE.replace("'", "&#x27;") in response.content.decode()
