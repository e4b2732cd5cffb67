"""The public site's caches, in Django's cache framework so every worker shares them.

Two kinds of key, and neither can hold a value built from older data than it names:

- `cached_frozen` (`annual_review/remembered.py`): values made only from an immutable frozen
  version of a year's figures, keyed by that version (year, number, checksum). They never go
  stale.
- `cached_value` and whole pages: keyed by the site's version, read before anything is built
  (not polled): the public figures' versions, the latest import, decision and letter change,
  the dataset label and which years are public. A value is built after its version was read,
  so at worst it is newer than its key, never older. On an SQLite file the version is read
  again only when another connection has committed since the last read (`PRAGMA
  data_version` on a connection of the thread's own) or a publication time has passed, so a
  warm page touches no table; on PostgreSQL it is two small queries on the request's
  persistent connection.

Since no key's value ever changes, each process also keeps the values it used last in memory.

The backend is settings.CACHES["default"]: local memory by default (one process); set
ANNUAL_REVIEW_CACHE_URL to share one cache between gunicorn workers (see docs/ARCHITECTURE.md).
"""

import contextvars
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.core.cache import caches
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from annual_review.remembered import CACHE_ALIAS, CACHE_SECONDS, cache_key, memory_clear, remembered

_pinned: contextvars.ContextVar[tuple[Any, ...] | None] = contextvars.ContextVar(
    "annual_review_site_version", default=None
)


# The two queries of the site version, compiled once per process and database (they read every
# row regardless of the time, so their SQL never changes; the time is applied here).
_version_sql: dict[str, tuple[tuple[str, Any], tuple[str, Any]]] = {}


def _moment(value: Any) -> datetime | None:
    """An aware datetime from the database's raw value (SQLite's are naive, in UTC)."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _version_queries() -> tuple[tuple[str, Any], tuple[str, Any]]:
    from django.db.models import Subquery

    from annual_review.casework.models import DatasetLabel, Decision
    from annual_review.imports.models import ImportRecord
    from annual_review.workflow.models import LetterVersion, YearFigures
    from annual_review.years.models import ReportingYear

    labels = DatasetLabel.objects.order_by("-updated_at")
    latest: dict[str, Any] = {
        "latest_import": Subquery(ImportRecord.objects.order_by("-id").values("id")[:1]),
        "latest_decision": Subquery(Decision.objects.order_by("-id").values("id")[:1]),
        "label_at": Subquery(labels.values("updated_at")[:1]),
        "label_kind": Subquery(labels.values("kind")[:1]),
    }
    letters = LetterVersion.objects.all()
    latest["letter_created"] = Subquery(letters.order_by("-id").values("id")[:1])
    for field in ("published_at", "superseded_at"):
        latest[f"letter_{field}"] = Subquery(
            letters.filter(**{f"{field}__isnull": False}).order_by(f"-{field}").values(field)[:1]
        )
    figures = (
        YearFigures.objects.filter(year__publish_at__isnull=False)
        .order_by("year__label", "number")
        .values_list(
            "year__label", "year__publish_at", "number", "approved_at", "publish_at", "sha256"
        )
    )
    years = (
        ReportingYear.objects.filter(publish_at__isnull=False)
        .annotate(**latest)
        .order_by("label")
        .values_list("label", "publish_at", *latest)
    )
    return years.query.sql_with_params(), figures.query.sql_with_params()


def _version_compute(
    cursor: Any, queries: tuple[tuple[str, Any], tuple[str, Any] | None], now: datetime
) -> tuple[tuple[Any, ...], datetime | None]:
    """The site version as the two queries give it on `cursor`, and the next moment at which a
    year or a revision becomes public (so the version changes with no write), if any."""
    (years_sql, years_params), figures_query = queries
    cursor.execute(years_sql, years_params)
    rows = cursor.fetchall()
    years = [row for row in rows if (_moment(row[1]) or now) <= now]
    moments = [m for m in (_moment(row[1]) for row in rows) if m is not None and m > now]
    figures: list[Any] = []
    if figures_query is not None:
        cursor.execute(*figures_query)
        figures = cursor.fetchall()
    current: dict[str, tuple[Any, Any]] = {}
    for label, year_at, number, approved_at, publish_at, digest in figures:
        public_from = (
            _moment(year_at) if number == 1 else (_moment(publish_at) if approved_at else None)
        )
        if public_from is not None and public_from > now:
            moments.append(public_from)
        elif public_from is not None:
            current[label] = (number, digest)
    published = tuple(row[0] for row in years)
    beside = tuple(years[0][2:]) if years else ()
    return (published, beside, tuple(sorted(current.items()))), min(moments, default=None)


class _Watch(threading.local):
    """This thread's own read-only look at an SQLite database file, for the site version.

    SQLite's `PRAGMA data_version` changes, on a connection that has not written, whenever any
    other connection (of any process) committed since it was last read; it costs no read of a
    table. So the version is read again only after a commit, or once the next publication time
    has passed, and is otherwise the one read last: never stale, and a warm page needs neither
    a new connection (Django opens and closes one per request on SQLite) nor the two queries.
    """

    connection: Any = None
    name: str = ""
    pid: int = 0
    data_version: Any = None
    version: tuple[Any, ...] | None = None
    valid_until: datetime | None = None


_watch = _Watch()


def _watched_read(
    default: Any, queries: tuple[tuple[str, Any], tuple[str, Any] | None]
) -> tuple[Any, ...]:
    """The site version through this thread's watching connection to `default`'s file."""
    now = timezone.now()
    name = str(default.settings_dict["NAME"])
    if _watch.connection is None or _watch.name != name or _watch.pid != os.getpid():
        if _watch.connection is not None and _watch.pid == os.getpid():
            _watch.connection.close()  # (one inherited through a fork is left alone)
        # A connection of its own with the same settings, outside `connections`: so it is
        # never closed at the end of a request, and reads only (data_version counts only
        # other connections' commits).
        _watch.connection = type(default)(dict(default.settings_dict), alias=default.alias)
        _watch.name, _watch.pid, _watch.version = name, os.getpid(), None
    with _watch.connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        (data_version,) = cursor.fetchone()
        fresh = (
            _watch.version is not None
            and data_version == _watch.data_version
            and (_watch.valid_until is None or now < _watch.valid_until)
        )
        if not fresh:
            _watch.version, _watch.valid_until = _version_compute(cursor, queries, now)
            _watch.data_version = data_version
    return _watch.version  # type: ignore[return-value]


def site_version_read() -> tuple[Any, ...]:
    """What the public pages depend on, in two small queries: the public years with the latest
    import, decision, dataset label and letter change beside them, and which version of each
    year's figures is public (a revision becomes public at its time, so the time is applied).

    On an SQLite file, outside a transaction, read through this thread's watching connection
    (`_Watch`): again only after a commit or a publication time. Elsewhere (PostgreSQL, whose
    connections persist; in a transaction, which must see its own writes) on the request's
    connection.
    """
    from django.db import connections

    connection = connections["default"]
    if connection.alias not in _version_sql:
        _version_sql[connection.alias] = _version_queries()
    if (
        connection.vendor == "sqlite"
        and not connection.in_atomic_block
        and not getattr(connection, "is_in_memory_db", lambda: True)()
    ):
        return _watched_read(connection, _version_sql[connection.alias])
    with connection.cursor() as cursor:
        return _version_compute(cursor, _version_sql[connection.alias], timezone.now())[0]


def site_version() -> tuple[Any, ...]:
    """The site's version: the one pinned for this request, else read now."""
    pinned = _pinned.get()
    return pinned if pinned is not None else site_version_read()


@contextmanager
def site_version_pinned() -> Iterator[tuple[Any, ...]]:
    """Read the version once and use it for everything built inside (one page, one request)."""
    if _pinned.get() is not None:
        yield _pinned.get()  # type: ignore[misc]
        return
    token = _pinned.set(site_version_read())
    try:
        yield _pinned.get()  # type: ignore[misc]
    finally:
        _pinned.reset(token)


def cached_value(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """A value built once per site version and shared by every worker (the council list...).

    A key names its version, so a value under it never changes: each process also keeps the
    values it used last in memory (a year's letters are costly to unpickle on every request).
    """
    versioned = ("value", site_version(), key)
    return remembered(memory_key=versioned, prefix="value", shared_key=versioned, build=build)


def page_get(key: tuple[Any, ...]) -> tuple[bytes, str] | None:
    """A stored page for this site version: (gzip-compressed body, content type), or None."""
    found: tuple[bytes, str] | None = caches[CACHE_ALIAS].get(
        cache_key("page", (site_version(), key))
    )
    return found


def page_put(key: tuple[Any, ...], page: tuple[bytes, str]) -> None:
    caches[CACHE_ALIAS].set(cache_key("page", (site_version(), key)), page, CACHE_SECONDS)


def caches_clear() -> None:
    """Forget everything (tests: ids repeat after a rollback)."""
    memory_clear()
    _watch.version = None
    caches[CACHE_ALIAS].clear()
