"""The repository's nginx configuration (deploy/nginx/export-site.conf) serving the export:
content types as the manifest gives them, compression, caching, clean addresses, the 404 page,
decisions' older addresses moved for good."""

import gzip
import http.client
import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit

from annual_review.opendata.redirects import NGINX_MAP, REDIRECTS


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_content_types_are_the_manifests(exported, nginx_url):
    """Every kind of file in the export is served with the content type its manifest entry
    names (one file of each suffix)."""
    files = json.loads((exported / "export-manifest.json").read_text())["files"]
    by_suffix: dict[str, str] = {}
    for path in files:
        by_suffix.setdefault(path.rsplit(".", 1)[-1], path)
    assert {"html", "json", "csv", "pdf", "css", "js", "pf_fragment", "pagefind"} <= set(by_suffix)
    for path in by_suffix.values():
        status, headers, body = _get(f"{nginx_url}/{quote(path)}")
        assert status == 200, path
        assert headers["Content-Type"] == files[path]["content_type"], path
        assert len(body) == files[path]["size"], path


def test_clean_addresses_and_the_404_page(exported, nginx_url):
    """A page's address ending in / is its index.html; a missing address gets the export's own
    404 page with status 404; the export's marker file is not served."""
    status, _headers, body = _get(f"{nginx_url}/councils/bromsgrove/2023-24/")
    assert status == 200
    assert body == (exported / "councils/bromsgrove/2023-24/index.html").read_bytes()
    status, _headers, body = _get(f"{nginx_url}/councils/nowhere/")
    assert status == 404
    assert body == (exported / "404.html").read_bytes()
    status, _headers, _body = _get(f"{nginx_url}/.annual-review-export")
    assert status == 404


def test_text_is_compressed_and_pagefind_chunks_are_cached_for_good(exported, nginx_url):
    """JSON and HTML go gzip-compressed to a browser that accepts it; Pagefind's hashed chunks
    are cached as immutable, its entry file revalidated, pages kept five minutes."""
    status, headers, body = _get(f"{nginx_url}/councils.json", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (exported / "councils.json").read_bytes()
    fragment = next((exported / "pagefind" / "2023-24" / "fragment").iterdir())
    _status, headers, _body = _get(f"{nginx_url}/pagefind/2023-24/fragment/{fragment.name}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _status, headers, _body = _get(f"{nginx_url}/pagefind/2023-24/pagefind-entry.json")
    assert headers["Cache-Control"] == "no-cache"
    _status, headers, _body = _get(f"{nginx_url}/about/")
    assert headers["Cache-Control"] == "public, max-age=300"


def _get_unfollowed(url: str) -> tuple[int, str]:
    """The status and Location of a GET, not following a redirect (urllib would)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def test_a_decisions_older_address_moves_for_good_to_its_clean_one(exported, nginx_url):
    """As the server does, nginx answers a decision's older address (its reference as written)
    and its twin's with a 301 to the clean address, from the export's redirects, which the
    manifest lists beside the plain list other hosts read; nothing of the embargoed year is in
    either, and its older address stays a 404."""
    for old, clean in [
        ("/decisions/23%20000%20001/", "/decisions/23-000-001/"),
        ("/decisions/22%20100%20999.json", "/decisions/22-100-999.json"),
    ]:
        status, location = _get_unfollowed(f"{nginx_url}{old}")
        assert (status, urlsplit(location).path) == (301, clean), old
        assert _get(f"{nginx_url}{clean}")[0] == 200
    assert _get_unfollowed(f"{nginx_url}/decisions/24%20000%20001/")[0] == 404
    assert _get_unfollowed(f"{nginx_url}/decisions/23-000-001/")[0] == 200

    files = json.loads((exported / "export-manifest.json").read_text())["files"]
    assert {NGINX_MAP, REDIRECTS} <= set(files)
    plain = (exported / REDIRECTS).read_text().splitlines()
    assert "/decisions/23%20000%20001/ /decisions/23-000-001/ 301" in plain
    assert "/decisions/23%20000%20001.json /decisions/23-000-001.json 301" in plain
    for name in (NGINX_MAP, REDIRECTS):
        assert "24 000 001" not in (exported / name).read_text()
        assert "24%20000%20001" not in (exported / name).read_text()
