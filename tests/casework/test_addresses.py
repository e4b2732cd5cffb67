"""A decision's address: its reference with hyphens for spaces, found again from that slug."""

from datetime import date

import pytest

from annual_review.casework.addresses import (
    HYPHENS_LOOKED_UP,
    decision_address,
    decision_export_paths,
    decision_slug,
    decision_twin_address,
    decisions_at_slug,
)
from annual_review.casework.models import Decision
from annual_review.register.models import Organisation


def test_spaces_become_hyphens_and_nothing_else_changes():
    """The Ombudsman's "24 329 705" is at /decisions/24-329-705/; other characters stay."""
    assert decision_slug("24 329 705") == "24-329-705"
    assert decision_slug("LGO-2023.001_a") == "LGO-2023.001_a"
    assert decision_address("24 329 705") == "/decisions/24-329-705/"
    assert decision_twin_address("24 329 705") == "/decisions/24-329-705.json"
    assert decision_export_paths("24 329 705") == (
        "decisions/24-329-705/index.html",
        "decisions/24-329-705.json",
    )


def _decision(reference: str) -> Decision:
    return Decision.objects.create(
        reference=reference,
        organisation=Organisation.objects.get(slug="bromsgrove"),
        decision_date=date(2023, 5, 1),
        category="housing",
        outcome="upheld",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reference",
    ["24 329 705", "LGO-2023.001", "A-1 2", "23000001", "a b c d e f g h i j k"],
)
def test_each_reference_is_found_at_its_slug(reference):
    """Spaces, hyphens of the reference's own, both at once, neither, and more hyphens than
    are looked up one by one: the slug finds the reference again."""
    decision = _decision(reference)
    _decision("24 329 706")  # a neighbour that must not be found
    found = decisions_at_slug(Decision.objects.all(), slug=decision_slug(reference))
    assert list(found) == [decision]


@pytest.mark.django_db
def test_the_reference_spelled_as_the_slug_comes_first():
    """Two references with one slug: the one written exactly as the slug is found first."""
    spaced = _decision("24 329 705")
    hyphened = _decision("24-329-705")
    found = decisions_at_slug(Decision.objects.all(), slug="24-329-705")
    assert list(found) == [hyphened, spaced]


@pytest.mark.django_db
def test_a_long_slug_is_still_one_query(django_assert_num_queries):
    """A slug with more hyphens than are spelled out costs one query, as a short one does."""
    many = "-".join("x" * (HYPHENS_LOOKED_UP + 4))
    with django_assert_num_queries(1):
        assert list(decisions_at_slug(Decision.objects.all(), slug=many)) == []
    with django_assert_num_queries(1):
        assert list(decisions_at_slug(Decision.objects.all(), slug="24-329-705")) == []
