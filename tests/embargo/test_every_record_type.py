"""Every kind of record dated in an unpublished year stays out of every public answer.

The records a public page, twin, API resource, download or the export could show are:
decisions (dated by their decision date), their recommendations (dated by their decision: a
due date is a deadline set in the decision), compliance outcomes (dated by their own date, as
the statistics count them), population estimates (by their year), the letters' narrative and
organisation paragraphs, the letters themselves and the frozen figures (by their reporting
year). Each is made here for the embargoed year, on published decisions as well as embargoed
ones, and the public site must answer every address exactly as it did before they existed.
(Organisations, their codes and names, and contacts carry no date: the register is public, and
contacts show only in published letters.) What is unique to them
(summaries, descriptions, amounts, references, a population) is also looked for in the static
export. docs/METHODOLOGY.md ("What is public when") states the rule.
"""

import gzip
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from annual_review.casework.addresses import (
    decision_address,
    decision_export_paths,
    decision_slug,
    decision_twin_address,
)
from annual_review.casework.models import ComplianceOutcome, Decision, Recommendation
from annual_review.letters.models import Narrative, OrganisationParagraph
from annual_review.opendata.services import site_export
from annual_review.web.caching import caches_clear
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import LetterVersion
from annual_review.workflow.publication import figures_freeze
from annual_review.years.models import ReportingYear
from tests.api.records import EMBARGOED, Casework, casework_create
from tests.embargo.test_every_public_url import QUERIES, VALUES
from tests.embargo.walk import public_addresses, response_body
from tests.factories import (
    ComplianceOutcomeFactory,
    DecisionFactory,
    PopulationFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

# A published decision (2023-24) that gets a service improvement due in the embargoed year
# (public with its decision) and, later, a compliance outcome dated in the embargoed year (not).
PUBLISHED_UPHELD = "23 000 003"
# Embargoed decisions: the first and the last day of the embargoed year.
FIRST_DAY = "24 000 004"
LAST_DAY = "24 000 003"
# A decision of a year that was never made a reporting year (2022-23) whose compliance outcome
# is dated in a published year: it counts in that year's figures, but is listed nowhere, for
# listing it would publish its decision's reference.
UNPUBLISHED_DECISION = "22 000 009"
AMOUNT = Decimal("97531.86")
POPULATION = 987_654
# What only the embargoed records say, in every form a page, CSV or JSON writes it.
MARKS = (
    LAST_DAY,
    FIRST_DAY,
    UNPUBLISHED_DECISION,
    *(r.replace(" ", "%20") for r in (LAST_DAY, FIRST_DAY, UNPUBLISHED_DECISION)),
    *(decision_slug(r) for r in (LAST_DAY, FIRST_DAY, UNPUBLISHED_DECISION)),
    "Quagga",  # every embargoed summary, description, narrative and paragraph says it
    "97531.86",
    "97,531.86",
    "97,532",
    "987654",
    "987,654",
    "2025-06-30",
    "30 June 2025",
)
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
REFERENCES = [PUBLISHED_UPHELD, LAST_DAY, FIRST_DAY, UNPUBLISHED_DECISION, "23 000 001"]
REFERENCES += [decision_slug(r) for r in REFERENCES]  # decisions' addresses, and the older form
SEARCHES = [
    "/decisions/?q=quagga",
    "/decisions.json?q=quagga",
    "/decisions.csv?q=quagga",
    "/api/v1/decisions.json?q=quagga",
    "/api/v1/decisions.json?q=24%20000%20003",
    "/api/v1/decisions.json?organisation=BRM&date_from=2025-03-01",
    "/decisions/?from=2025-03-31&council=bromsgrove",
    "/councils/bromsgrove/2023-24/?category=housing",
    "/councils/bromsgrove/2023-24/decisions.csv?outcome=upheld",
    "/councils/worcester/2023-24/decisions.csv",
]


def _walk() -> list[str]:
    return public_addresses({**VALUES, "reference": REFERENCES}) + QUERIES + SEARCHES


def _answers(client) -> dict[str, tuple[int, str]]:
    caches_clear()
    answers = {}
    for address in _walk():
        status, body = response_body(client, address)
        # A form's CSRF token is new with every answer; it says nothing of any record.
        answers[address] = (status, CSRF_TOKEN.sub("csrf", body))
    return answers


@pytest.fixture
def fixed_clock(monkeypatch):
    """Downloads say when they were made: one instant for the whole test keeps them comparable."""
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


@pytest.fixture
def casework(renderer, approver, fixed_clock):
    """The API tests' two years, a service improvement on a published decision due in the
    embargoed year, a compliance outcome of 2023-24 on a decision of 2022-23, and letters."""
    records = casework_create()
    published_upheld = Decision.objects.get(reference=PUBLISHED_UPHELD)
    RecommendationFactory(
        decision=published_upheld,
        kind=Recommendation.Kind.SERVICE_IMPROVEMENT,
        description="Review how housing register applications are tracked.",
        due_date=date(2024, 6, 28),
    )
    before = DecisionFactory(
        reference=UNPUBLISHED_DECISION,
        organisation=records.bromsgrove,
        decision_date=date(2023, 3, 31),
        category="housing",
        outcome="upheld",
        summary="Quagga: decided in a year that was never published.",
    )
    RecommendationFactory(decision=before, kind="apology", description="Quagga apology of 2022-23.")
    ComplianceOutcomeFactory(decision=before, outcome_date=date(2023, 5, 2), outcome="satisfied")
    for year in (records.published, records.embargoed):
        letters_generate(year=year, actor="test", organisations=[records.bromsgrove])
        draft = LetterVersion.objects.get(organisation=records.bromsgrove, year=year)
        letter_approve(letter=draft, actor=approver)
    figures_freeze(year=records.published, actor=approver)
    return records


def _embargoed_records_add(casework: Casework, *, approver: User) -> None:
    """One record of every kind dated in the embargoed year 2024-25, every field filled, and
    that year's figures frozen with them."""
    bromsgrove, worcester = casework.bromsgrove, casework.worcester
    ComplianceOutcomeFactory(
        decision=Decision.objects.get(reference=PUBLISHED_UPHELD),
        outcome_date=date(2024, 5, 20),
        outcome=ComplianceOutcome.Result.NOT_SATISFIED,
    )
    last = DecisionFactory(
        reference=LAST_DAY,
        organisation=bromsgrove,
        decision_date=date(2025, 3, 31),
        received_date=date(2024, 12, 2),
        category="adult_care",
        outcome="upheld",
        satisfactory_remedy=True,
        public_report=True,
        summary="Quagga care package withdrawn without assessment.",
    )
    for kind in Recommendation.Kind.values:
        RecommendationFactory(
            decision=last,
            kind=kind,
            description=f"Quagga {kind} recommendation.",
            due_date=date(2025, 6, 30),
            amount=AMOUNT if kind == Recommendation.Kind.FINANCIAL_REMEDY else None,
        )
    ComplianceOutcomeFactory(
        decision=last, outcome_date=date(2025, 3, 31), outcome=ComplianceOutcome.Result.SATISFIED
    )
    first = DecisionFactory(
        reference=FIRST_DAY,
        organisation=worcester,
        decision_date=date(2024, 4, 1),
        category="highways",
        outcome="upheld",
        public_report=True,
        summary="Quagga crossing left unlit.",
    )
    RecommendationFactory(
        decision=first,
        kind=Recommendation.Kind.SERVICE_IMPROVEMENT,
        description="Quagga lighting checks every month.",
        due_date=date(2025, 6, 30),
    )
    ComplianceOutcomeFactory(
        decision=first,
        outcome_date=date(2024, 4, 1),
        outcome=ComplianceOutcome.Result.SATISFIED_LATE,
    )
    # An embargoed decision that already had a recommendation gets another one.
    RecommendationFactory(
        decision=Decision.objects.get(reference="24 000 002"),
        kind=Recommendation.Kind.PROCEDURE_CHANGE,
        description="Quagga procedure for planning notices.",
    )
    for organisation in (bromsgrove, worcester):
        PopulationFactory(
            organisation=organisation,
            year=2024,
            population=POPULATION,
            source="Quagga mid-2024 estimate",
        )
    Narrative.objects.update_or_create(
        reporting_year=EMBARGOED, defaults={"body": "Quagga narrative of the embargoed year."}
    )
    OrganisationParagraph.objects.create(
        organisation=bromsgrove, reporting_year=EMBARGOED, body="Quagga words for Bromsgrove."
    )
    figures_freeze(year=casework.embargoed, actor=approver)


def _difference(before: tuple[int, str], after: tuple[int, str]) -> str:
    """The first line that differs, to say what changed."""
    if before[0] != after[0]:
        return f"status {before[0]} -> {after[0]}"
    old, new = before[1].splitlines(), after[1].splitlines()
    for line_before, line_after in zip(old, new, strict=False):
        if line_before != line_after:
            return f"{line_before[:300]!r} -> {line_after[:300]!r}"
    return f"{len(old)} lines -> {len(new)} lines"


def _leaks(answers: dict[str, tuple[int, str]]) -> list[tuple[str, list[str]]]:
    return [
        (address, found)
        for address, (_status, body) in answers.items()
        if (found := [mark for mark in MARKS if mark in body])
        # A 404 may echo the address it was asked for, and only that.
        and not (_status == 404 and all(mark in address for mark in found))
    ]


def test_records_of_an_embargoed_year_change_no_public_answer(client, casework, approver):
    """Adding a record of every kind dated in the embargoed year, on published decisions and
    embargoed ones, changes no public address's status or body (searches and downloads
    included), and nothing unique to those records is said anywhere."""
    before = _answers(client)
    _embargoed_records_add(casework, approver=approver)
    after = _answers(client)
    changed = [
        (address, _difference(before[address], after[address]))
        for address in before
        if before[address] != after[address]
    ]
    assert {"changed": changed, "leaks": _leaks(before) + _leaks(after)} == {
        "changed": [],
        "leaks": [],
    }


def test_a_compliance_outcome_of_the_embargoed_year_is_not_shown_with_its_decision(
    client, casework, approver
):
    """A published decision whose compliance outcome is dated in the embargoed year shows as not
    yet assessed, on its page, the council's year page and their twins, until that year is
    published; its service improvement, due in the embargoed year, is public all along."""
    _embargoed_records_add(casework, approver=approver)
    caches_clear()
    pages = (
        decision_address(PUBLISHED_UPHELD),
        decision_twin_address(PUBLISHED_UPHELD),
        "/councils/bromsgrove/2023-24/",
        "/councils/bromsgrove/2023-24.json",
    )
    for address in pages:
        status, body = response_body(client, address)
        assert status == 200, address
        assert "Not yet assessed" in body and "Not satisfied" not in body, address
    status, body = response_body(client, "/councils/bromsgrove/2023-24/")
    assert "Review how housing register applications are tracked." in body
    assert "28 June 2024" in body
    ReportingYear.objects.filter(label=EMBARGOED).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    caches_clear()
    for address in pages:
        status, body = response_body(client, address)
        assert status == 200 and "Not satisfied" in body, address


def test_every_record_of_the_year_appears_at_publication(client, casework, approver):
    """Once the embargoed year is published, its records appear with every field: decisions of
    its first and last day, each recommendation with its amount and due date, and each
    compliance outcome; the 2022-23 decision, in no published year, stays out."""
    _embargoed_records_add(casework, approver=approver)
    ReportingYear.objects.filter(label=EMBARGOED).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    caches_clear()
    appearing = [
        (decision_address(LAST_DAY), "Quagga care package withdrawn"),
        (decision_address(LAST_DAY), "Quagga financial_remedy recommendation."),
        (decision_twin_address(LAST_DAY), "Satisfied"),
        (decision_address(FIRST_DAY), "Satisfied late"),
        (f"/api/v1/decisions/{decision_slug(FIRST_DAY)}.json", "Quagga crossing"),
        ("/councils/bromsgrove/2024-25/", "Quagga service_improvement recommendation."),
        ("/councils/bromsgrove/2024-25/", "30 June 2025"),
        ("/councils/worcester/2024-25.json", "Quagga lighting checks"),
        ("/downloads/2024-25/decisions.csv", LAST_DAY),
        ("/downloads/2024-25/recommendations.csv", "97531.86"),
        ("/downloads/2024-25/recommendations.csv", "2025-06-30"),
        ("/downloads/2024-25/compliance.csv", f"{PUBLISHED_UPHELD},BRM,2024-03-31,2024-05-20"),
        ("/downloads/2024-25/compliance.csv", FIRST_DAY),
        ("/decisions/?q=quagga", LAST_DAY),
    ]
    for address, mark in appearing:
        status, body = response_body(client, address)
        assert status == 200 and mark in body, (address, mark)
    for address in ("/downloads/2023-24/compliance.csv", "/downloads/2023-24/recommendations.csv"):
        status, body = response_body(client, address)
        assert status == 200 and UNPUBLISHED_DECISION not in body, address
    assert response_body(client, f"/decisions/{UNPUBLISHED_DECISION}/")[0] == 404


@pytest.mark.export
def test_no_record_of_an_embargoed_year_in_the_export(casework, approver, tmp_path):
    """The static export of a site holding a record of every kind dated in the embargoed year
    says nothing unique to them, its search index included, and shows the published decision's
    compliance as not yet assessed."""
    _embargoed_records_add(casework, approver=approver)
    caches_clear()
    site = tmp_path / "site"
    site_export(directory=site, made_at=datetime(2026, 1, 5, 9, tzinfo=UTC), site_pages=True)
    leaks = []
    for path in site.rglob("*"):
        if any(mark in str(path) for mark in MARKS):
            leaks.append((str(path), "name"))
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".md", ".txt"}:
            text = path.read_text("utf-8", errors="replace")
            if found := [mark for mark in MARKS if mark in text]:
                leaks.append((str(path.relative_to(site)), found))
    # The search index: Pagefind's fragments hold each page's text, gzipped.
    fragments = [
        gzip.decompress(p.read_bytes()) for p in (site / "pagefind").rglob("*.pf_fragment")
    ]
    assert any(b"Housing register delays" in fragment for fragment in fragments)
    for fragment in fragments:
        text = fragment.decode("utf-8", errors="replace")
        if found := [mark for mark in MARKS if mark in text]:
            leaks.append(("pagefind fragment", found))
    assert leaks == []
    page = (site / decision_export_paths(PUBLISHED_UPHELD)[0]).read_text("utf-8")
    assert "Not yet assessed" in page and "Not satisfied" not in page
    twin = (site / "councils" / "bromsgrove" / "2023-24.json").read_text("utf-8")
    assert "Not yet assessed" in twin and "Not satisfied" not in twin
