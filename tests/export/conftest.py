"""One static export of a small site (2023-24 published, 2024-25 embargoed), shared by the
folder's tests: exporting all 317 councils' pages takes a while, so it is made once."""

import html
import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.db import transaction
from django.test import Client

from annual_review.opendata.services import site_export
from annual_review.web.caching import caches_clear
from tests.api.records import casework_create

# Chromium and its Playwright browser, for the browser tests against the export.
from tests.browser.conftest import browser, chromium_path  # noqa: F401
from tests.export.records import search_decisions_create
from tests.servers import free_port

MADE_AT = datetime(2024, 7, 2, 9, tzinfo=UTC)


@pytest.fixture
def records(db: None) -> None:
    """The same records again, for tests that compare the export with the server's answers."""
    casework_create(demo=True)
    search_decisions_create()
    caches_clear()


@pytest.fixture(scope="package")
def exported(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[Path]:
    """The whole public site exported from demonstration records (so letters are rendered)."""
    directory = tmp_path_factory.mktemp("export") / "site"
    # The records are rolled back as soon as the files are written: the browser tests run an
    # event loop, inside which Django refuses database work (a teardown's rollback included).
    with django_db_blocker.unblock(), transaction.atomic():
        caches_clear()
        casework_create(demo=True)
        search_decisions_create()
        site_export(directory=directory, made_at=MADE_AT)
        transaction.set_rollback(True)
    caches_clear()
    yield directory


NGINX = Path("/usr/sbin/nginx")
NGINX_SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "export-site.conf"
NGINX_CONF = """
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
daemon off;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  map $uri $annual_review_moved {{
    default "";
    include {root}/redirects.map;
  }}
  server {{
    listen 127.0.0.1:{port};
    root {root};
    include {site};
  }}
}}
"""


@pytest.fixture(scope="package")
def nginx_url(exported, tmp_path_factory) -> Iterator[str]:
    """The export served by Debian's nginx with the repository's configuration, on loopback.

    Skipped when nginx is not installed, unless ANNUAL_REVIEW_REQUIRE_BROWSER=1 (as in CI).
    """
    if not NGINX.exists():
        if os.environ.get("ANNUAL_REVIEW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{NGINX} is missing and ANNUAL_REVIEW_REQUIRE_BROWSER=1")
        pytest.skip(f"{NGINX} is not installed")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    # As root, nginx's workers would run as "nobody", who cannot read pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(user=user, tmp=prefix, port=port, root=exported, site=NGINX_SITE)
    )
    server = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 (loopback)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"nginx stopped: {server.stderr.read().decode()}")  # type: ignore[union-attr]
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


# The searches compared between the export's search page and the server's /decisions/.
SEARCHES = {
    "words": {"q": "damp"},
    "words_council_outcome": {"q": "repairs", "council": "bromsgrove", "outcome": "upheld"},
    "filter_without_words": {"outcome": "not_upheld"},
}
_RESULT = re.compile(
    r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="/decisions/([^"]+)/">'
    r"(.*?)</a></h3>\s*<p class=\"govuk-body-s[^\"]*\">(.*?)</p>"
)
_TAGS = re.compile(r"<[^>]+>")
_HEADING = re.compile(r'<h2 class="govuk-heading-l" id="results">(.*?)</h2>')


@pytest.fixture(scope="package")
def server_answers(django_db_setup: None, django_db_blocker) -> dict[str, dict[str, object]]:
    """What the server's /decisions/ answers for each of SEARCHES, on the exported records:
    its first page's decisions (by slug), its heading, and its first result's council and date line."""
    answers: dict[str, dict[str, object]] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        caches_clear()
        casework_create(demo=True)
        search_decisions_create()
        client = Client()
        for name, query in SEARCHES.items():
            body = client.get("/decisions/", query).content.decode()
            results = _RESULT.findall(body)
            answers[name] = {
                # The decisions' addresses name them by slug (/decisions/22-100-954/).
                "slugs": [unquote(slug) for slug, _t, _l in results],
                "heading": html.unescape(_HEADING.search(body).group(1)),  # type: ignore[union-attr]
                "first_title": html.unescape(_TAGS.sub("", results[0][1])) if results else "",
                "first_line": html.unescape(results[0][2]) if results else "",
            }
        transaction.set_rollback(True)
    caches_clear()
    return answers
