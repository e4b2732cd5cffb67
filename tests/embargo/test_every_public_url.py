"""Nothing of a year is public before its time, at any public address; at the time, all of it is.

The addresses are not listed by hand: every pattern of the project's URL resolver is requested
with its parameters filled in for the embargoed year (and for the published one), so a new page
or API resource is covered as soon as it is added.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from annual_review.casework.addresses import decision_slug
from annual_review.opendata.catalogue import DOWNLOADS
from annual_review.opendata.services import site_export
from annual_review.web.caching import caches_clear
from annual_review.workflow.approvals import letter_approve
from annual_review.workflow.drafting import letters_generate
from annual_review.workflow.models import LetterVersion
from annual_review.years.models import ReportingYear
from tests.api.records import EMBARGOED, PUBLISHED, casework_create
from tests.embargo.walk import public_addresses, response_body

pytestmark = pytest.mark.django_db

EMBARGOED_REFERENCES = ("24 000 001", "24 000 002")
# What only the embargoed year's records say: its label, its decisions, its letter.
MARKS = (
    EMBARGOED,
    *EMBARGOED_REFERENCES,
    *(reference.replace(" ", "%20") for reference in EMBARGOED_REFERENCES),
    *(decision_slug(reference) for reference in EMBARGOED_REFERENCES),
    "Embargoed: must never be served",
    "Embargoed recommendation",
    f"Annual review letter {EMBARGOED}",
)
# A year that never existed: an embargoed year's address must answer exactly as this one does.
NEVER = "2098-99"
# Values for each URL parameter name: the embargoed year's, the published year's, and others.
VALUES = {
    "slug": ["bromsgrove", "worcester"],
    "year": [EMBARGOED, PUBLISHED],
    # Decisions' addresses (casework/addresses.py) and the older form with spaces.
    "reference": [
        *EMBARGOED_REFERENCES,
        *(decision_slug(reference) for reference in EMBARGOED_REFERENCES),
        "23 000 001",
        "23-000-001",
    ],
    "code": ["BRM", "WOC"],
    "name": [download.name for download in DOWNLOADS],
    "token": ["not-a-token"],
    "rest": ["years/2024-25/anything.json"],
    # Versions of a year's figures (API and downloads): the first, and one not published.
    "number": ["1", "2"],
    "version": ["1", "2"],
}
# Query strings that would find the embargoed year's records if anything leaked.
QUERIES = [
    "/?year=2024-25",
    "/?year=2024-25&fragment=map",
    "/index.json?year=2024-25",
    "/index.csv?year=2024-25",
    "/decisions/?q=embargoed",
    "/decisions/?q=must+never+be+served&council=bromsgrove",
    "/decisions/?from=2024-04-01",
    "/decisions.json?q=embargoed",
    "/decisions.csv?from=2024-04-01",
    "/councils/?q=Bromsgrove&go=list",
    "/api/v1/decisions.json?q=embargoed",
    "/api/v1/decisions.json?year=2024-25",
    "/api/v1/decisions.json?organisation=BRM&date_from=2024-04-01",
    "/councils/bromsgrove/2024-25/decisions.csv?category=housing",
]


def _addresses() -> list[str]:
    return public_addresses(VALUES)


@pytest.fixture
def embargo(renderer, approver):
    """2023-24 public; 2024-25 scheduled for the future, its letters already approved."""
    records = casework_create()
    for year in (records.published, records.embargoed):
        letters_generate(year=year, actor="test", organisations=[records.bromsgrove])
        draft = LetterVersion.objects.get(organisation=records.bromsgrove, year=year)
        letter_approve(letter=draft, actor=approver)
    caches_clear()
    return records


def test_the_resolver_walk_covers_every_kind_of_address(embargo):
    """The walk reaches pages, twins, the API, downloads, letters and the sitemap."""
    addresses = _addresses()
    for expected in (
        "/councils/bromsgrove/2024-25/",
        "/councils/bromsgrove/2024-25.json",
        "/councils/bromsgrove/2024-25/decisions.csv",
        "/councils/bromsgrove/2024-25/letter.pdf",
        "/decisions/24 000 001.json",
        "/api/v1/years/2024-25/statistics/BRM.json",
        "/downloads/2024-25/decisions.csv",
        "/sitemap.xml",
    ):
        assert expected in addresses
    assert len(addresses) > 80


def test_nothing_of_an_embargoed_year_at_any_public_address(client, embargo):
    """Addresses naming the embargoed year answer as for a year that never existed; no other
    address (searches included) says anything of it."""
    leaks = []
    for address in _addresses() + QUERIES:
        status, body = response_body(client, address)
        if EMBARGOED in address:
            # It may only echo the address: the answer is the one for a year that never was.
            never = response_body(client, address.replace(EMBARGOED, NEVER))
            assert (status, body.replace(EMBARGOED, NEVER)) == never, address
            continue
        path = address.split("?")[0]
        if any(r in path or decision_slug(r) in path for r in EMBARGOED_REFERENCES):
            assert status == 404, address
            continue
        found = [mark for mark in MARKS if mark in body]
        if found:
            leaks.append((address, status, found))
    assert leaks == []


@pytest.mark.export
def test_nothing_of_an_embargoed_year_in_the_export(embargo, tmp_path):
    """The static export holds no file of the embargoed year, and no file mentions it."""
    site = tmp_path / "site"
    site_export(directory=site, made_at=timezone.now(), site_pages=True)
    for path in site.rglob("*"):
        assert not any(mark in str(path) for mark in MARKS), path
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".md", ".txt"}:
            text = path.read_text("utf-8", errors="replace")
            assert [mark for mark in MARKS if mark in text] == [], path


def test_everything_appears_together_at_publication(client, embargo):
    """Once the time passes, figures, decisions, letters, twins, API and downloads all appear,
    before `publish-due` has run and after; running it again changes nothing."""
    appearing = [
        ("/councils/bromsgrove/2024-25/", "24 000 001"),
        ("/councils/bromsgrove.json", EMBARGOED),
        ("/councils/bromsgrove/2024-25/decisions.csv", "24 000 001"),
        ("/councils/bromsgrove/2024-25/letter/", f"Annual review letter {EMBARGOED}"),
        ("/councils/bromsgrove/2024-25/letter.pdf", f"Annual review letter {EMBARGOED}"),
        ("/decisions/24-000-001/", "Embargoed: must never be served"),
        ("/decisions/?q=embargoed", "24 000 001"),
        ("/index.json?year=2024-25", EMBARGOED),
        ("/api/v1/years/2024-25/statistics/BRM.json", EMBARGOED),
        ("/api/v1/years/2024-25/letters.json", EMBARGOED),
        ("/downloads/2024-25/decisions.csv", "24 000 001"),
        ("/sitemap.xml", f"/sitemap-decisions-{EMBARGOED}.xml"),
        ("/sitemap-councils.xml", f"/councils/bromsgrove/{EMBARGOED}/"),
        (f"/sitemap-decisions-{EMBARGOED}.xml", "/decisions/24-000-001/"),
    ]
    for address, mark in appearing:
        status, body = response_body(client, address)
        assert status == 404 or mark not in body, address  # a 404 may echo the address
    ReportingYear.objects.filter(label=EMBARGOED).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    caches_clear()
    for address, mark in appearing:
        status, body = response_body(client, address)
        assert status == 200 and mark in body, address
    out = StringIO()
    call_command("publish-due", stdout=out)
    assert f"{EMBARGOED}: published." in out.getvalue()
    caches_clear()
    for address, mark in appearing:
        status, body = response_body(client, address)
        assert status == 200 and mark in body, address
    again = StringIO()
    call_command("publish-due", stdout=again)
    assert again.getvalue().strip() == "Nothing is due."
