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
SAMPLE = {"label": "2023-24", "code": "HPL", "number": 1, "pk": 1}


def staff_patterns() -> list[URLPattern]:
    return [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


def staff_url(pattern: URLPattern) -> str:
    names = pattern.pattern.regex.groupindex
    return reverse(f"staff:{pattern.name}", kwargs={k: SAMPLE[k] for k in names})


def view_roles(pattern: URLPattern) -> frozenset[Role]:
    view = pattern.callback
    return getattr(view, "staff_roles", None) or frozenset()


@pytest.fixture
def existing_objects(year, hartlepool, roleless):  # noqa: ANN001
    """Objects the sample URLs point at, so a role check cannot hide behind a 404."""
    OfficerRegistration.objects.create(
        pk=1, organisation=hartlepool, name="Mo", email="mo@hartlepool.example"
    )
    OutboxMessage.objects.create(pk=1, key="k", message_id="<k@x>", subject="s", body_text="b")


def test_every_staff_view_but_sign_in_declares_its_roles():
    """Each staff URL's view carries role_required, so none is open by omission."""
    for pattern in staff_patterns():
        if pattern.name in PUBLIC:
            continue
        assert view_roles(pattern), f"{pattern.name} has no role_required"


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
    """A signed-in user gets 403 from every staff URL unless they hold one of its roles."""
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
            allowed = holder in view_roles(pattern)
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
