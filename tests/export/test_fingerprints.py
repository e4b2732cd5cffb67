"""A council's pages are fingerprinted by what they show: a revision of one council's figures
changes the fingerprint of every page of that year (each names the year's figures version)
and of the pages of other years whose printed figures change, and of no other page."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from annual_review.casework.models import Decision
from annual_review.opendata import fingerprints
from annual_review.register.models import Organisation
from annual_review.web.caching import caches_clear
from annual_review.workflow.publication import publish_due
from annual_review.workflow.revisions import revision_approve, revision_prepare
from annual_review.years.models import ReportingYear
from tests.factories import DecisionFactory, ReportingYearFactory, council
from tests.workflow.frozen_year import fresh_caches  # noqa: F401 (a fixture, autouse)

EARLIER, LATER = "2022-23", "2023-24"


def _decisions(code: str, year: int, upheld: int, not_upheld: int) -> list[Decision]:
    organisation = council(code)
    outcomes = ["upheld"] * upheld + ["not_upheld"] * not_upheld
    return [
        DecisionFactory.build(
            reference=f"{code}{year}{number:05d}",
            organisation=organisation,
            decision_date=date(year, 5, 1) + timedelta(days=number % 300),
            outcome=outcome,
        )
        for number, outcome in enumerate(outcomes)
    ]


def _digests() -> dict[tuple[str, str], str]:
    layout = fingerprints.layout_digest()
    decisions = fingerprints.decisions_digests(layout=layout)
    return fingerprints.council_years_digests(layout=layout, decisions=decisions)


def _pages(client: Client) -> dict[str, bytes]:
    found = {}
    for slug in ("bromsgrove", "camden", "worcestershire", "wyre-forest", "hackney"):
        for year in (EARLIER, LATER):
            response = client.get(f"/councils/{slug}/{year}/")
            assert response.status_code == 200
            found[f"{slug}/{year}"] = response.content
    return found


@pytest.mark.django_db
def test_a_revision_changes_the_fingerprints_of_the_pages_it_changes_only(client):
    rows = []
    for first_year in (2022, 2023):
        rows += _decisions("WOR", first_year, upheld=30, not_upheld=20)
        rows += _decisions("BRM", first_year, upheld=4, not_upheld=6)
        rows += _decisions("WYE", first_year, upheld=3, not_upheld=7)
        rows += _decisions("CMD", first_year, upheld=5, not_upheld=5)
    Decision.objects.bulk_create(rows)
    ReportingYearFactory(first_year=2022, label=EARLIER, published=True)
    ReportingYearFactory(first_year=2023, label=LATER, published=True)
    publish_due()
    before, pages_before = _digests(), _pages(client)

    # An upheld 2022-23 decision was recorded against Bromsgrove and was Wyre Forest's: both
    # councils' figures and their group's change, England's do not.
    moved = Decision.objects.filter(organisation__code="BRM", outcome="upheld")
    moved = moved.filter(decision_date__lt=date(2023, 4, 1)).order_by("reference").first()
    assert moved is not None
    moved.organisation = council("WYE")
    moved.save(update_fields=["organisation"])
    preparer, approver = (
        get_user_model().objects.create_user(username=name) for name in ("analyst", "approver")
    )
    revision = revision_prepare(
        year=ReportingYear.objects.get(label=EARLIER), actor=preparer, reason="Wrong council."
    )
    revision = revision_approve(revision=revision, actor=approver)
    revision.publish_at = timezone.now() - timedelta(seconds=1)
    revision.save(update_fields=["publish_at"])
    caches_clear()
    after, pages_after = _digests(), _pages(client)

    # A page's fingerprint changed exactly where its bytes did.
    for key, content in pages_before.items():
        slug, year = key.split("/")
        assert (content != pages_after[key]) == (before[(slug, year)] != after[(slug, year)]), key
    # Every page of the revised year names its new version.
    assert all(before[key] != after[key] for key in before if key[1] == EARLIER)
    # Of the later pages, those of Bromsgrove's comparison group changed (their trend prints
    # the group's revised earlier average, and two of them their own revised figures), and
    # no other: England's figures are as they were.
    group = council("BRM").comparison_group
    members = set(
        Organisation.objects.filter(comparison_group=group).values_list("slug", flat=True)
    )
    later = {slug for slug, year in before if year == LATER}
    changed = {slug for slug in later if before[(slug, LATER)] != after[(slug, LATER)]}
    assert {"bromsgrove", "wyre-forest"} <= changed
    assert changed == members & later
    assert {"camden", "hackney", "worcestershire"}.isdisjoint(changed)


def test_a_fingerprint_refuses_a_value_it_cannot_write_the_same_in_every_process():
    digests = fingerprints.Digests()
    shown = [1, "a", date(2024, 1, 1)]
    assert digests.of(shown) == fingerprints.Digests().of([1, "a", date(2024, 1, 1)])
    assert digests.of(shown) != digests.of([1, "a", date(2024, 1, 2)])
    assert digests.of([1]) != digests.of(["1"])
    with pytest.raises(TypeError, match="object"):
        digests.of([object()])
