"""`annual-review export-site`: the whole public site as files, every internal link resolving,
the same bytes as the server, a search index, and nothing of an embargoed year."""

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

EMBARGOED_MARKS = ("2024-25", "24 000 001", "24%20000%20001", "Embargoed: must never be served")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src", "action"} and value:
                self.links.append(value)


def _target(directory: Path, page: Path, link: str) -> Path | None:
    """The file a static server answers for an internal link, or None for external ones."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "data:", "mailto:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page
    if not path.startswith("/"):
        path = "/" + str((page.parent / path).relative_to(directory))
    found = directory / path.lstrip("/")
    return found / "index.html" if path.endswith("/") or found.is_dir() else found


def test_every_internal_link_resolves(exported):
    """Crawl every HTML file: each href, src and form action inside the site is a file."""
    broken: list[str] = []
    pages = list(exported.rglob("*.html"))
    assert len(pages) > 317 * 2
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            target = _target(exported, page, link)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(exported)} -> {link}")
    assert broken == []


def test_no_template_syntax_shows_on_any_page(exported):
    """A multi-line `{# #}` comment is not a comment to Django: it would be printed on the page
    (and indexed by the search). No exported page carries template syntax."""
    leaks = [
        str(page.relative_to(exported))
        for page in exported.rglob("*.html")
        if any(mark in page.read_text("utf-8") for mark in ("{#", "#}", "{%", "%}", "{{", "}}"))
    ]
    assert leaks == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/index.json",
        "/councils.json",
        "/councils.csv",
        "/councils/bromsgrove.json",
        "/councils/bromsgrove/2023-24.json",
        "/councils/bromsgrove/2023-24/decisions.csv",
        "/decisions/23-000-001.json",
        "/decisions.csv",
        "/councils/bromsgrove/2023-24/letter.pdf",
        "/api/v1/years/2023-24/statistics/BRM.json",
    ],
)
def test_files_are_what_the_server_answers(client, exported, records, url):
    """The export holds, byte for byte, the server's answer at the same address."""
    response = client.get(url)
    served = b"".join(response.streaming_content) if response.streaming else response.content
    assert (exported / url.lstrip("/")).read_bytes() == served


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/councils/bromsgrove/2023-24/", "/decisions/23-000-001/", "/about/", "/councils/"]
)
def test_pages_are_what_the_server_answers(client, exported, records, url):
    """Pages are the server's too (the decision search form aside, which goes to /search/)."""
    served = client.get(url).content.replace(b'action="/decisions/"', b'action="/search/"')
    assert (exported / url.lstrip("/") / "index.html").read_bytes() == served


def test_clean_addresses_and_special_files(exported):
    """Pages are PATH/index.html; the 404 page, sitemap, search page, assets and twins exist."""
    for path in (
        "index.html",
        "councils/index.html",
        "councils/bromsgrove/index.html",
        "councils/bromsgrove/2023-24/index.html",
        "councils/bromsgrove/2023-24/letter/index.html",
        "decisions/index.html",
        "decisions/23-000-001/index.html",
        "about/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "static/public/site.css",
        "static/public/site.js",
        "map/2023-24/uphold_rate/ltla.html",
        "map/2023-24/compliance_rate/cty.html",
        "downloads/2023-24/decisions.csv",
    ):
        assert (exported / path).is_file(), path
    index = (exported / "sitemap.xml").read_text()
    assert (
        "/sitemap-councils.xml</loc>" in index and "/sitemap-decisions-2023-24.xml</loc>" in index
    )
    sitemap = (exported / "sitemap-councils.xml").read_text()
    assert "/councils/bromsgrove/2023-24/</loc>" in sitemap
    assert (
        "/decisions/23-000-001/</loc>" in (exported / "sitemap-decisions-2023-24.xml").read_text()
    )
    home = (exported / "index.html").read_text()
    assert 'data-app-map-static="/map/"' in home


def test_search_bundles_are_built(exported):
    """A Pagefind bundle for the site's pages, one per published year of decisions and one
    per published year of councils' pages (none for the embargoed year), and the search page
    loads the search script."""
    bundles = sorted(p.name for p in (exported / "pagefind").iterdir())
    assert bundles == ["2022-23", "2023-24", "site", "site-2022-23", "site-2023-24"]
    counts = {}
    for name in bundles:
        entry = json.loads((exported / "pagefind" / name / "pagefind-entry.json").read_text())
        counts[name] = entry["languages"]["en"]["page_count"]
        assert counts[name] > 0
    # A year's bundle of councils' pages holds each of that year's pages and letters.
    for year in ("2022-23", "2023-24"):
        pages = list((exported / "councils").glob(f"*/{year}/**/index.html"))
        assert counts[f"site-{year}"] == len(pages) > 317
    year = json.loads((exported / "pagefind" / "2023-24" / "pagefind-entry.json").read_text())
    # Every published decision of the year, whether or not it has a summary.
    assert year["languages"]["en"]["page_count"] == 8
    search = (exported / "search" / "index.html").read_text()
    assert "/static/opendata/search.js" in search
    assert (exported / "static" / "opendata" / "search.js").is_file()
    decisions = (exported / "decisions" / "index.html").read_text()
    assert re.search(r'<form[^>]*action="/search/"', decisions)


def test_nothing_of_the_embargoed_year(exported):
    """No file name and no file's text in the export mentions the embargoed year."""
    for path in exported.rglob("*"):
        assert not any(mark in str(path) for mark in EMBARGOED_MARKS), path
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".md"}:
            text = path.read_text("utf-8", errors="replace")
            found = [mark for mark in EMBARGOED_MARKS if mark in text]
            assert found == [], (path, found)


def test_nothing_of_the_embargoed_year_in_any_search_bundle(exported):
    """Pagefind's chunks are compressed: opened, none of them mentions the embargoed year."""
    chunks = [p for p in (exported / "pagefind").rglob("*") if p.suffix.startswith(".pf_")]
    assert len(chunks) > 10
    for chunk in chunks:
        text = gzip.decompress(chunk.read_bytes()).decode("utf-8", errors="replace")
        assert [mark for mark in EMBARGOED_MARKS if mark in text] == [], chunk
