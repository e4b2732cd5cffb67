"""The data twins: every page's data as JSON at the same address, listings also as CSV."""

import csv
import io
import json

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("annual_review.public.urls")]


def _json(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def _csv(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))


def _body(response) -> bytes:  # noqa: ANN001
    """A response's bytes, streamed (the search's CSV) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_council_year_twin_matches_page(client, two_years):
    """The council page's JSON twin carries the same year, figures and decisions as the page."""
    body = _json(client, "/councils/bromsgrove/2023-24.json")
    assert body["page"] == "/councils/bromsgrove/2023-24/"
    data = body["data"]
    assert data["year"] == "2023-24"
    assert data["council"]["slug"] == "bromsgrove"
    assert [r["reference"] for r in data["decisions"]["rows"]] == ["23000002", "23000001"]
    html = client.get("/councils/bromsgrove/2023-24/").content.decode()
    for statistic in data["statistics"]:
        assert statistic["value_text"] in html
    assert data["service_improvements"][0]["description"] == (
        "Train housing officers on repair timescales."
    )


def test_council_latest_twin_is_latest_published_year(client, two_years):
    """/councils/<slug>.json is the latest published year, never the unpublished one."""
    data = _json(client, "/councils/bromsgrove.json")["data"]
    assert data["year"] == "2023-24"
    assert "2024-25" not in data["years"]


def test_council_decisions_csv_follows_filters(client, two_years):
    """The council's decisions list as CSV, filtered like the page."""
    rows = _csv(client, "/councils/bromsgrove/2023-24/decisions.csv")
    assert [r["reference"] for r in rows] == ["23000002", "23000001"]
    assert rows[0]["council"] == "Bromsgrove District Council"
    rows = _csv(client, "/councils/bromsgrove/2023-24/decisions.csv?category=planning")
    assert [r["reference"] for r in rows] == ["23000002"]


def test_councils_twins(client, two_years):
    """The council list as JSON and CSV; a search narrows both."""
    data = _json(client, "/councils.json")["data"]
    listed = [c["slug"] for g in data["groups"] for c in g["councils"]]
    assert "bromsgrove" in listed
    rows = _csv(client, "/councils.csv")
    assert len(rows) == len(listed)
    assert {"name", "slug", "gss_code"} <= set(rows[0])
    rows = _csv(client, "/councils.csv?q=Bromsg")
    assert [r["slug"] for r in rows] == ["bromsgrove"]


def test_decisions_twins(client, two_years):
    """The decision search's results as JSON and CSV, with the same filters."""
    data = _json(client, "/decisions.json?q=roof")["data"]
    assert [r["reference"] for r in data["results"]] == ["23000001"]
    rows = _csv(client, "/decisions.csv?council=bromsgrove")
    references = [r["reference"] for r in rows]
    assert "23000001" in references and "23000002" in references
    assert rows[0]["council_slug"] == "bromsgrove"


def test_decision_twin(client, two_years):
    """One decision as JSON, with its recommendations."""
    data = _json(client, "/decisions/23000001.json")["data"]
    assert data["decision"]["summary"].startswith("The council delayed repairs")
    assert data["year"] == "2023-24"
    assert ["Service improvement", "Train housing officers on repair timescales."] in data[
        "recommendations"
    ]


def test_map_twins(client, two_years):
    """The map page's data (no SVG outlines) and its table as CSV."""
    data = _json(client, "/index.json?measure=compliance_rate&year=2022-23")["data"]
    assert data["year"] == "2022-23"
    assert data["measure"]["key"] == "compliance_rate"
    assert "path" not in data["areas"][0]
    rows = _csv(client, "/index.csv")
    assert any(r["name"] == "Bromsgrove District Council" for r in rows)


@pytest.mark.parametrize(
    "address",
    [
        "/councils/bromsgrove/2024-25.json",
        "/councils/bromsgrove/2024-25/decisions.csv",
        "/decisions/24000001.json",
        "/index.json?year=2024-25",
        "/index.csv?year=2024-25",
    ],
)
def test_twins_of_unpublished_year_are_404(client, two_years, address):
    """A year not yet published has no twin, as it has no page."""
    assert client.get(address).status_code == 404


def test_search_twins_leave_out_unpublished_year(client, two_years):
    """Search twins never list a decision of an unpublished year."""
    assert "24000001" not in _body(client.get("/decisions.csv?q=bin")).decode()
    assert "24000001" not in client.get("/decisions.json").content.decode()
    assert "2024-25" not in client.get("/councils/bromsgrove.json").content.decode()


@pytest.mark.parametrize(
    ("page", "twins"),
    [
        ("/", ["/index.json", "/index.csv"]),
        ("/councils/", ["/councils.json", "/councils.csv"]),
        (
            "/councils/bromsgrove/2023-24/",
            ["/councils/bromsgrove/2023-24.json", "/councils/bromsgrove/2023-24/decisions.csv"],
        ),
        ("/decisions/?q=roof", ["/decisions.json?q=roof", "/decisions.csv?q=roof"]),
        ("/decisions/23000001/", ["/decisions/23000001.json"]),
    ],
)
def test_pages_link_their_twins(client, two_years, page, twins):
    """Each page's "Get this data" area links its twins, and they answer."""
    html = client.get(page).content.decode()
    assert "Get this data" in html
    for twin in twins:
        assert f'href="{twin}"' in html
        assert client.get(twin).status_code == 200
