"""The public site's caches: Django's cache framework, keyed by the version they were built for."""

from datetime import date

import pytest

from annual_review.web import caching
from tests.environment import settings_probe
from tests.factories import DecisionFactory, LetterVersionFactory


@pytest.mark.django_db
def test_values_are_recomputed_for_a_new_site_version(monkeypatch):
    """A value is built once per site version, and again when the version changes."""
    versions = iter([("a",), ("a",), ("b",)])
    monkeypatch.setattr(caching, "site_version_read", lambda: next(versions))
    calls = []
    for _ in range(3):
        caching.cached_value(("thing",), lambda: calls.append(1) or len(calls))
    assert len(calls) == 2


@pytest.mark.django_db
def test_values_are_shared_through_django_cache(monkeypatch, settings, tmp_path):
    """Another worker (a second process sharing a file cache, as gunicorn's workers do) finds
    the value built once, instead of building its own."""
    folder = tmp_path / "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        }
    }
    monkeypatch.setattr(caching, "site_version_read", lambda: ("v",))
    assert caching.cached_value(("shared",), lambda: "built") == "built"
    other_worker = settings_probe(
        tmp_path,
        "from annual_review.web import caching; caching.site_version_read = lambda: ('v',); "
        "print(caching.cached_value(('shared',), lambda: 'built again'))",
        ANNUAL_REVIEW_CACHE_URL=f"file://{folder}",
    )
    assert other_worker == "built"


@pytest.mark.django_db
def test_a_value_built_while_the_version_moves_is_stored_under_the_old_version(monkeypatch):
    """The version is read before the value is built, so a value never sits under a newer
    version than the data it was built from: the next reader of the new version builds again."""
    current = {"version": ("old",)}
    monkeypatch.setattr(caching, "site_version_read", lambda: current["version"])

    def build() -> str:
        current["version"] = ("new",)  # an import commits while the value is being built
        return "built from old data"

    assert caching.cached_value(("race",), build) == "built from old data"
    assert caching.cached_value(("race",), lambda: "built from new data") == "built from new data"


@pytest.mark.django_db
def test_pages_are_keyed_by_the_pinned_version(monkeypatch):
    """Inside one pinned request the version is read once; a page stored under it is found,
    and is not found once the site's version has moved on."""
    reads = []
    current = {"version": ("p",)}
    monkeypatch.setattr(caching, "site_version_read", lambda: reads.append(1) or current["version"])
    with caching.site_version_pinned():
        caching.page_put(("view", "/x/"), (b"body", "text/html"))
        assert caching.page_get(("view", "/x/")) == (b"body", "text/html")
    assert reads == [1]
    current["version"] = ("q",)
    assert caching.page_get(("view", "/x/")) is None
    current["version"] = ("p",)
    assert caching.page_get(("view", "/x/")) == (b"body", "text/html")


@pytest.mark.django_db
def test_site_version_follows_imports_decisions_years_letters_and_figures(two_years):
    """Anything the pages show changes the site version: a decision, a letter, a revision."""
    from annual_review.workflow.models import LetterStatus
    from annual_review.years.models import ReportingYear

    first = caching.site_version_read()
    DecisionFactory(organisation=two_years, decision_date=date(2023, 9, 1))
    second = caching.site_version_read()
    assert second != first
    LetterVersionFactory(
        organisation=two_years,
        year=ReportingYear.objects.get(label="2023-24"),
        status=LetterStatus.PUBLISHED,
        html="<p>Letter</p>",
    )
    third = caching.site_version_read()
    assert third != second
    from annual_review.workflow.figures import published_figures

    published_figures(year="2023-24")  # publication freezes version 1
    assert caching.site_version_read() != third


@pytest.mark.django_db
def test_on_an_sqlite_file_the_version_is_read_again_only_after_a_commit_or_a_publication_time(
    tmp_path, monkeypatch
):
    """The site version of an SQLite file is read through the thread's own connection, again
    only when another connection has committed since (PRAGMA data_version) or a publication
    time has passed: otherwise the last one read, which is still the right one."""
    import sqlite3
    from datetime import timedelta

    from django.db import connections
    from django.utils import timezone

    # A file with the two queries' shapes: public years (label, publish_at, latest change)
    # and versions of figures (year, its publish_at, number, approved_at, publish_at, sha256).
    path = tmp_path / "site.sqlite3"
    now = timezone.now()
    past = (now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    soon = now + timedelta(hours=1)
    writer = sqlite3.connect(path)
    with writer:
        writer.execute("CREATE TABLE y (label, publish_at, latest)")
        writer.execute("CREATE TABLE f (label, year_at, number, approved, publish_at, sha)")
        writer.execute("INSERT INTO y VALUES ('2023-24', ?, 1)", (past,))
        writer.execute("INSERT INTO f VALUES ('2023-24', ?, 1, NULL, NULL, 'a')", (past,))
    queries = (
        ("SELECT label, publish_at, latest FROM y ORDER BY label", ()),
        ("SELECT * FROM f ORDER BY label, number", ()),
    )
    from django.db.backends.sqlite3.base import DatabaseWrapper

    # (An SQLite connection whatever the tests' database is: the watch is SQLite's.)
    settings_dict = {**connections["default"].settings_dict, "NAME": str(path), "OPTIONS": {}}
    database = DatabaseWrapper({**settings_dict, "ENGINE": "django.db.backends.sqlite3"})
    reads = []
    compute = caching._version_compute
    monkeypatch.setattr(
        caching,
        "_version_compute",
        lambda *a: reads.append(1) or compute(*a),  # type: ignore[func-returns-value]
    )

    def version() -> tuple[object, ...]:
        return caching._watched_read(database, queries)

    try:
        first = version()
        assert first == (("2023-24",), (1,), (("2023-24", (1, "a")),))
        assert version() == first and len(reads) == 1  # no commit since: not read again
        with writer:  # a revision, approved, public in an hour
            writer.execute(
                "INSERT INTO f VALUES ('2023-24', ?, 2, ?, ?, 'b')",
                (past, past, soon.strftime("%Y-%m-%d %H:%M:%S")),
            )
        assert version() == first and len(reads) == 2  # read again, nothing public changed
        assert version() == first and len(reads) == 2
        with writer:  # a decision: the latest change moves
            writer.execute("UPDATE y SET latest = 2")
        assert version()[1] == (2,) and len(reads) == 3
        later = soon + timedelta(minutes=1)
        monkeypatch.setattr(caching.timezone, "now", lambda: later)
        assert version()[2] == (("2023-24", (2, "b")),)  # its time came, with no write
        assert len(reads) == 4
    finally:
        writer.close()
        if caching._watch.connection is not None:
            caching._watch.connection.close()
        caching._watch.connection = None
        caching._watch.version = None
