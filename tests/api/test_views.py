"""What the API answers: published data only, the figures of `annual-review stats`, filters, pages."""

import json
from urllib.parse import quote

import pytest
from django.core.management import call_command

from annual_review.api.selectors import (
    DECISION_NOT_FOUND,
    DEMO_NOTICE,
    ORGANISATION_NOT_FOUND,
    PAGE_OUT_OF_RANGE,
    YEAR_NOT_PUBLISHED,
)
from annual_review.casework.models import DatasetLabel
from annual_review.register.models import Organisation
from annual_review.workflow.models import LetterStatus
from tests.api.records import EMBARGOED, PUBLISHED
from tests.factories import LetterVersionFactory

pytestmark = pytest.mark.django_db


def get(client, path: str, status: int = 200) -> dict:
    response = client.get(path)
    assert response.status_code == status, response.content
    return json.loads(response.content)


def test_years_lists_only_published_years(client, casework):
    """2024-25 is embargoed, so only 2023-24 is listed, with its dates and links."""
    body = get(client, "/api/v1/years.json")
    assert [y["year"] for y in body["years"]] == [PUBLISHED]
    year = body["years"][0]
    assert (year["start"], year["end"]) == ("2023-04-01", "2024-03-31")
    assert year["statistics"] == "/api/v1/years/2023-24/statistics.json"
    assert year["downloads"] == "/downloads/2023-24/"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/years/{EMBARGOED}.json",
        f"/api/v1/years/{EMBARGOED}/statistics.json",
        f"/api/v1/years/{EMBARGOED}/statistics/BRM.json",
        f"/api/v1/years/{EMBARGOED}/letters.json",
        f"/api/v1/decisions.json?year={EMBARGOED}",
        f"/api/v1/decisions/{quote('24 000 001')}.json",
        "/api/v1/years/2019-20.json",
        "/api/v1/decisions.json?year=2023-25",
    ],
)
def test_embargoed_and_unknown_years_are_404(client, casework, path):
    """Nothing of an unpublished year is served: it answers exactly as a year that never existed."""
    body = get(client, path, 404)
    assert body["error"]["status"] == 404
    assert "2024-25" not in json.dumps(get(client, "/api/v1/organisations/BRM.json"))


def test_embargoed_decisions_never_appear_in_searches(client, casework):
    """Even unfiltered, or filtered by dates in the embargoed year, its decisions are not there."""
    everything = get(client, "/api/v1/decisions.json?page_size=500")
    assert everything["count"] == 6
    assert all(d["reference"].startswith("23") for d in everything["results"])
    later = get(client, "/api/v1/decisions.json?decided_from=2024-04-01")
    assert later["count"] == 0


def test_publishing_a_year_opens_it(client, casework):
    """Once its publication time has passed, the embargoed year is served like any other."""
    casework.embargoed.publish_at = casework.published.publish_at
    casework.embargoed.save()
    assert get(client, f"/api/v1/decisions.json?year={EMBARGOED}")["count"] == 2


def test_year_statistics_are_the_rows_of_the_stats_command(client, casework, capsys):
    """The API's figures are `annual-review stats --format json`, unrounded, nulls kept."""
    body = get(client, f"/api/v1/years/{PUBLISHED}/statistics.json")
    call_command("stats", PUBLISHED, format="json")
    command = json.loads(capsys.readouterr().out)
    assert body["organisations"] == command["organisations"]
    assert body["group_average"] == command["group_average"]
    assert (
        body["groups"]["district"]["members"]
        == Organisation.objects.filter(comparison_group="district", end_date=None).count()
    )


def test_organisation_year_statistics(client, casework):
    """One council's year: its row, its counts by outcome and category, its group, its links."""
    body = get(client, f"/api/v1/years/{PUBLISHED}/statistics/BRM.json")
    row = body["statistics"]
    assert (row["decisions"], row["investigations"], row["upheld"]) == (4, 3, 2)
    assert row["uphold_rate"] == pytest.approx(2 / 3)
    assert row["satisfactory_remedies"] == 1
    assert row["compliance_rate"] == 1.0
    assert body["decisions_by_outcome"]["upheld"] == 2
    assert body["decisions_by_outcome"]["advice_given"] == 0
    assert body["decisions_by_category"] == {
        **dict.fromkeys(body["decisions_by_category"], 0),
        "housing": 2,
        "planning": 1,
        "benefits_tax": 1,
    }
    assert body["group"]["group"] == "district"
    assert body["site"] == {
        "page": "/councils/bromsgrove/2023-24/",
        "letter": "/councils/bromsgrove/2023-24/letter/",
        "letter_pdf": "/councils/bromsgrove/2023-24/letter.pdf",
    }


def test_a_council_without_decisions_has_null_rates(client, casework):
    """No investigations means no uphold rate: null, not 0."""
    row = get(client, f"/api/v1/years/{PUBLISHED}/statistics/WOR.json")["statistics"]
    assert row["investigations"] == 0
    assert row["uphold_rate"] is None
    assert row["uphold_rate_low"] is None


def test_unknown_organisation_is_404(client, casework):
    """An organisation code that is not in the register is a 404 naming it."""
    body = get(client, "/api/v1/organisations/NOPE.json", 404)
    assert body["error"]["message"] == ORGANISATION_NOT_FOUND.format(code="NOPE")
    body = get(client, f"/api/v1/years/{PUBLISHED}/statistics/NOPE.json", 404)
    assert body["error"]["message"] == ORGANISATION_NOT_FOUND.format(code="NOPE")
    body = get(client, "/api/v1/decisions.json?organisation=NOPE", 404)
    assert body["error"]["message"] == ORGANISATION_NOT_FOUND.format(code="NOPE")


def test_unpublished_year_message(client, casework):
    """The 404 for an embargoed year says only that no such published year exists."""
    body = get(client, f"/api/v1/years/{EMBARGOED}.json", 404)
    assert body["error"]["message"] == YEAR_NOT_PUBLISHED.format(year=EMBARGOED)


def test_organisations_list_and_detail(client, casework):
    """Every organisation in the register, and one with its codes and its published years."""
    listing = get(client, "/api/v1/organisations.json")
    assert listing["count"] == Organisation.objects.count()
    detail = get(client, "/api/v1/organisations/BRM.json")["organisation"]
    assert detail["gss_code"] == "E07000234"
    assert detail["parent"] == "WOR"
    assert {"code": "E07000234", "kind": "gss"} in detail["codes"]
    assert [y["year"] for y in detail["years"]] == [PUBLISHED]
    assert detail["years"][0]["decisions"] == "/api/v1/decisions.json?organisation=BRM&year=2023-24"


@pytest.mark.parametrize(
    ("query", "references"),
    [
        ("organisation=WOC", ["23 000 005", "23 000 006"]),
        ("category=housing", ["23 000 003", "23 000 001"]),
        ("outcome=upheld&organisation=BRM", ["23 000 003", "23 000 001"]),
        (
            "decided_from=2023-06-12&decided_to=2023-11-20",
            ["23 000 005", "23 000 004", "23 000 002"],
        ),
        ("q=POTHOLE", ["23 000 005"]),
        (
            "q=000 00",
            ["23 000 003", "23 000 005", "23 000 004", "23 000 002", "23 000 006", "23 000 001"],
        ),
        (f"year={PUBLISHED}&category=education_children", []),
        ("decided_from=2023-12-31&decided_to=2023-04-01", []),
    ],
)
def test_decision_filters(client, casework, query, references):
    """Each filter narrows the published decisions; results are newest first."""
    body = get(client, f"/api/v1/decisions.json?{query}")
    assert [d["reference"] for d in body["results"]] == references
    assert body["count"] == len(references)


def test_bad_filters_are_400(client, casework):
    """A filter that does not parse is a JSON 400 naming the parameter."""
    body = get(client, "/api/v1/decisions.json?outcome=won", 400)
    assert body["error"]["status"] == 400
    assert "outcome" in body["error"]["message"]


def test_decisions_are_paged_with_links(client, casework):
    """Pages of two: three pages, with next/previous links that keep the filters."""
    first = get(client, "/api/v1/decisions.json?page_size=2&decided_from=2023-04-01")
    assert (first["count"], first["pages"], first["previous"]) == (6, 3, None)
    second = get(client, first["next"])
    assert second["page"] == 2
    assert second["previous"] == "/api/v1/decisions.json?decided_from=2023-04-01&page_size=2"
    third = get(client, second["next"])
    assert third["next"] is None
    seen = [d["reference"] for page in (first, second, third) for d in page["results"]]
    assert len(set(seen)) == 6
    body = get(client, "/api/v1/decisions.json?page=4&page_size=2", 404)
    assert body["error"]["message"] == PAGE_OUT_OF_RANGE.format(page=4, pages=3)


def test_an_empty_search_is_one_empty_page(client, casework):
    """No matches is page 1 of 1 with no results, not an error."""
    body = get(client, "/api/v1/decisions.json?q=nothing-matches-this")
    assert (body["count"], body["pages"], body["results"]) == (0, 1, [])


def test_decision_detail_has_public_fields_only(client, casework):
    """A decision carries its public fields and nothing of recommendations or people."""
    body = get(client, f"/api/v1/decisions/{quote('23 000 001')}.json")["decision"]
    assert body["reference"] == "23 000 001"
    assert body["organisation"]["code"] == "BRM"
    assert (body["satisfactory_remedy"], body["public_report"]) == (True, True)
    assert body["category_name"] == "Housing"
    assert body["url"] == "/api/v1/decisions/23-000-001.json"
    assert set(body) == {
        "reference", "organisation", "decision_date", "received_date", "category",
        "category_name", "outcome", "outcome_name", "satisfactory_remedy", "public_report",
        "summary", "url",
    }  # fmt: skip
    missing = get(client, "/api/v1/decisions/nope.json", 404)
    assert missing["error"]["message"] == DECISION_NOT_FOUND.format(reference="nope")


def test_letters_link_to_the_public_site(client, casework):
    """The letters of a published year: one per council, at the site's letter URLs."""
    body = get(client, f"/api/v1/years/{PUBLISHED}/letters.json")
    assert len(body["letters"]) == Organisation.objects.filter(in_register=True).count()
    bromsgrove = next(x for x in body["letters"] if x["organisation"]["code"] == "BRM")
    assert bromsgrove["html"] == "/councils/bromsgrove/2023-24/letter/"
    assert bromsgrove["pdf"] == "/councils/bromsgrove/2023-24/letter.pdf"
    assert bromsgrove["version"] is None


def test_letters_name_the_frozen_version_once_approved(client, casework):
    """An approved letter is listed with its version, checksums and template; drafts are not."""
    common = {"organisation": casework.bromsgrove, "year": casework.published}
    LetterVersionFactory(**common, number=1, status=LetterStatus.SUPERSEDED)
    LetterVersionFactory(
        **common,
        number=2,
        status=LetterStatus.PUBLISHED,
        html_sha256="a" * 64,
        pdf_sha256="b" * 64,
        template_version="2024.1",
        published_at=casework.published.publish_at,
    )
    LetterVersionFactory(
        organisation=casework.worcester, year=casework.published, status=LetterStatus.DRAFT
    )
    letters = get(client, f"/api/v1/years/{PUBLISHED}/letters.json")["letters"]
    by_code = {x["organisation"]["code"]: x["version"] for x in letters}
    assert by_code["BRM"] == {
        "number": 2,
        "approved_at": None,
        "published_at": "2024-07-01T09:00:00Z",
        "template_version": "2024.1",
        "html_sha256": "a" * 64,
        "pdf_sha256": "b" * 64,
    }
    assert by_code["WOC"] is None


def test_demonstration_data_say_so(client, casework):
    """When the database holds generated data, every answer's `dataset` says it is a demo."""
    DatasetLabel.objects.update(kind=DatasetLabel.Kind.DEMO)
    body = get(client, "/api/v1/decisions.json")
    assert body["dataset"] == {"kind": "demo", "notice": DEMO_NOTICE}
    assert get(client, "/api/v1/years.json")["dataset"]["kind"] == "demo"


def test_the_site_serves_the_api_and_downloads(client, casework, settings):
    """Through the site's own URLconf (not just this app's), the API and downloads answer."""
    settings.ROOT_URLCONF = "annual_review.urls"
    assert get(client, "/api/v1/years.json")["years"][0]["year"] == PUBLISHED
    assert get(client, "/api/v1/nothing", 404)["error"]["status"] == 404
    assert client.get("/downloads/2023-24/statistics.csv").status_code == 200
    assert client.get(f"/downloads/{EMBARGOED}/statistics.csv").status_code == 404
