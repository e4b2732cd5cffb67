"""Hostile and costly decision searches: never a 500, a clear 400 beyond the bounds, and a busy
search answers 503 at once instead of holding a thread."""

import json
from urllib.parse import urlencode

import pytest

from annual_review.casework.addresses import decision_address
from annual_review.casework.search import (
    MAX_SEARCH_CHARACTERS,
    MAX_SEARCH_WORDS,
    SEARCH_TOO_LONG,
    SEARCH_TOO_MANY_WORDS,
    SearchRefused,
    search_words,
)
from annual_review.public import views
from annual_review.public.council_page import council_page_get
from annual_review.public.decision_search import decisions_search
from annual_review.web.search_slots import SEARCH_BUSY, search_slot
from annual_review.workflow.figures import published_figures

pytestmark = [pytest.mark.django_db, pytest.mark.urls("annual_review.public.urls")]

HOSTILE = [
    "\x00",
    "roof\x00",
    '"',
    'roof"',
    "'",
    "roof's",
    "(",
    "roof)",
    "((roof",
    "NEAR(roof x)",
    "roof*",
    "^roof",
    "*",
    "summary:roof",
    "roof OR x",
    "roof AND",
    "NOT roof",
    "-roof",
    "roof + -",
    "{roof}",
    "\\",
    "%",
    "_",
    "\u202e\ufeff",
    "r\u0301oof ÿ 😀",
    "<script>alert(1)</script>",
]


def _query(text: str) -> str:
    return "?" + urlencode({"q": text})


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_words_are_searched_as_words(client, two_years, text):
    """Quotes, brackets, FTS5 operators, NUL and other odd characters answer 200 on the page
    and both twins: only the letters and digits typed are searched for."""
    for path in ("/decisions/", "/decisions.json", "/decisions.csv"):
        response = client.get(path + _query(text))
        assert response.status_code == 200, (path, text, response.content[:300])
    html = client.get("/decisions/" + _query(text)).content.decode()
    assert "\x00" not in html and "<script>alert" not in html


def test_a_nul_or_operator_around_a_word_still_finds_it(two_years):
    """The words typed are what is searched, whatever surrounds them."""
    for text in ("roof\x00", '"roof', "roof*", "(roof)", "^roof:", "{roof}"):
        assert [r.reference for r in decisions_search(text=text).results] == ["23000001"], text
    assert decisions_search(text="\x00").text == " "


def test_search_words_bounds():
    """At most MAX_SEARCH_WORDS words and MAX_SEARCH_CHARACTERS characters; words are letters
    and digits, everything else separates them."""
    assert search_words(text='roof" OR (x*) ^2:y\x00z') == ["roof", "OR", "x", "2", "y", "z"]
    assert search_words(text=" ".join(["w"] * MAX_SEARCH_WORDS)) == ["w"] * MAX_SEARCH_WORDS
    with pytest.raises(SearchRefused, match=SEARCH_TOO_MANY_WORDS):
        search_words(text=" ".join(["w"] * (MAX_SEARCH_WORDS + 1)))
    with pytest.raises(SearchRefused, match=SEARCH_TOO_MANY_WORDS):
        search_words(text="-".join(["w"] * (MAX_SEARCH_WORDS + 1)))  # one "word" to split()
    with pytest.raises(SearchRefused, match=SEARCH_TOO_LONG):
        search_words(text="a" * (MAX_SEARCH_CHARACTERS + 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" ".join(f"word{i}" for i in range(MAX_SEARCH_WORDS + 1)), SEARCH_TOO_MANY_WORDS),
        ("a " * 50, SEARCH_TOO_MANY_WORDS),
        ("x" * 10_000, SEARCH_TOO_LONG),
    ],
)
def test_too_much_asked_is_a_400_with_a_clear_message(client, two_years, text, message):
    """Beyond the bounds the page answers 400 with a GOV.UK error summary and the message on the
    field (the words typed kept in it); the twins answer a JSON 400 with the same message."""
    response = client.get("/decisions/" + _query(text))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html and 'href="#q"' in html
    assert '<p id="q-error" class="govuk-error-message">' in html
    assert message in html
    assert html.count(message) == 2
    assert "<title>Error: Search decisions" in html
    assert "decisions found" not in html
    for path in ("/decisions.json", "/decisions.csv"):
        response = client.get(path + _query(text))
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content)["error"] == {"status": 400, "message": message}


def test_unknown_parameters_do_not_bypass_the_page_cache(client, two_years, monkeypatch):
    """Extra, repeated, reordered or empty parameters make no new page: the search runs once,
    and what was not asked for appears nowhere in the page."""
    calls = []
    search = decisions_search
    monkeypatch.setattr(views, "decisions_search", lambda **kw: calls.append(kw) or search(**kw))
    addresses = [
        "/decisions/?q=roof&council=bromsgrove",
        "/decisions/?council=bromsgrove&q=roof",
        "/decisions/?q=roof&council=bromsgrove&cachebuster=1",
        "/decisions/?q=roof&council=bromsgrove&cachebuster=2&outcome=",
        "/decisions/?q=other&q=roof&council=bromsgrove&zz=%00",
    ]
    pages = [client.get(a) for a in addresses]
    assert [p.status_code for p in pages] == [200] * len(addresses)
    assert len(calls) == 1
    assert len({p.content for p in pages}) == 1
    assert "cachebuster" not in pages[-1].content.decode()
    client.get("/decisions/?q=roof")
    assert len(calls) == 2


def test_other_pages_ignore_parameters_they_do_not_read(client, two_years, monkeypatch):
    """A council page is stored once, whatever else the address carries."""
    # The years' figures frozen first: the first public read of a year would freeze them, and a
    # new frozen version is a new site version, under which pages are built again.
    for year in ("2022-23", "2023-24"):
        published_figures(year=year)
    calls = []
    build = council_page_get
    monkeypatch.setattr(views, "council_page_get", lambda **kw: calls.append(kw) or build(**kw))
    for extra in ("", "?a=1", "?b=2", "?page=1&a=3"):
        assert client.get("/councils/bromsgrove/2023-24/" + extra).status_code == 200
    assert len(calls) == 2  # "" and "page=1" differ, as the view reads page


def test_a_busy_search_answers_503_at_once(client, two_years, settings):
    """With every search slot of the process taken, a search is answered 503 with Retry-After
    (page, twins and API) without waiting; other pages are served as usual."""
    settings.ANNUAL_REVIEW_SEARCH_CONCURRENCY = 1
    with search_slot():
        response = client.get("/decisions/?q=roof")
        assert response.status_code == 503 and response["Retry-After"]
        assert "Search is busy" in response.content.decode()
        for path in ("/decisions.json?q=roof", "/decisions.csv?q=roof"):
            response = client.get(path)
            assert response.status_code == 503
            assert json.loads(response.content)["error"]["message"] == SEARCH_BUSY
        assert client.get("/councils/bromsgrove/").status_code == 200
    assert client.get("/decisions/?q=roof").status_code == 200


@pytest.mark.urls("annual_review.urls")  # the API's addresses too
def test_page_csv_twin_and_api_find_the_same_decisions(client, two_years):
    """One search: the same words, council and outcome give the page, its JSON and CSV twins
    and the API the same references in the same order, newest first. A word inside another
    ("roof" in "proofread") is no match, and the unpublished year's decision never is."""
    from datetime import date

    from annual_review.register.models import Organisation
    from tests.factories import DecisionFactory

    worcester = Organisation.objects.get(slug="worcester")
    made = {
        "newest": DecisionFactory(
            organisation=two_years, decision_date=date(2023, 9, 1), summary="Roofs left open."
        ),
        "older": DecisionFactory(
            organisation=two_years, decision_date=date(2022, 8, 1), summary="A roof in disrepair."
        ),
        "proof": DecisionFactory(
            organisation=two_years, decision_date=date(2023, 8, 1), summary="Proofread letters."
        ),
        "other_outcome": DecisionFactory(
            organisation=two_years,
            decision_date=date(2023, 8, 2),
            outcome="not_upheld",
            summary="The roof.",
        ),
        "other_council": DecisionFactory(
            organisation=worcester, decision_date=date(2023, 8, 3), summary="A roof."
        ),
        "unpublished": DecisionFactory(
            organisation=two_years, decision_date=date(2024, 6, 1), summary="A roof."
        ),
    }
    expected = [made["newest"].reference, "23000001", made["older"].reference]

    page = client.get("/decisions/?q=roof&council=bromsgrove&outcome=upheld").content.decode()
    twin = json.loads(
        client.get("/decisions.json?q=roof&council=bromsgrove&outcome=upheld").content
    )
    csv_twin = client.get("/decisions.csv?q=roof&council=bromsgrove&outcome=upheld")
    csv_rows = b"".join(csv_twin.streaming_content).decode("utf-8-sig").splitlines()[1:]
    api = json.loads(
        client.get("/api/v1/decisions.json?q=roof&organisation=BRM&outcome=upheld").content
    )

    assert [r["reference"] for r in twin["data"]["results"]] == expected
    assert [row.split(",")[0] for row in csv_rows] == expected
    assert [d["reference"] for d in api["results"]] == expected
    assert api["count"] == len(expected) and api["more"] is False
    positions = [page.index(f'href="{decision_address(reference)}"') for reference in expected]
    assert positions == sorted(positions)
    for left_out in ("proof", "other_outcome", "other_council", "unpublished"):
        assert f'href="{decision_address(made[left_out].reference)}"' not in page
