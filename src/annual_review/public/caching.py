"""In-process caches for the public site, keyed by a version of the published data."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db.models import Max

# How long a computed data version is trusted before it is read again. Imports and publication
# show on the site within this many seconds; tests clear the caches between cases instead.
VERSION_SECONDS = 2.0
# Pages are kept compressed; any query string makes a new entry, so the store is bounded by size.
PAGE_CACHE_BYTES = 48 * 1024 * 1024
VALUE_CACHE_ENTRIES = 20000

_lock = threading.Lock()
_version: tuple[float, tuple[Any, ...]] | None = None
_pages: OrderedDict[tuple[Any, ...], tuple[bytes, str]] = OrderedDict()
_pages_bytes = 0
_values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_values_version: tuple[Any, ...] | None = None


def data_version_read() -> tuple[Any, ...]:
    """What the public pages depend on: imports, decisions, published years, letters."""
    from annual_review.casework.models import Decision
    from annual_review.imports.models import DatasetLabel, ImportRecord
    from annual_review.years.models import ReportingYear

    published = tuple(ReportingYear.objects.published().values_list("label", flat=True))
    latest_import = ImportRecord.objects.aggregate(latest=Max("id"))["latest"]
    latest_decision = Decision.objects.aggregate(latest=Max("id"))["latest"]
    label = DatasetLabel.objects.order_by("-updated_at").values_list("kind", "updated_at").first()
    return (published, latest_import, latest_decision, label, _letters_version())


def _letters_version() -> tuple[Any, ...]:
    """When letters were last published or superseded (the workflow app is optional)."""
    from django.apps import apps

    if not apps.is_installed("annual_review.workflow"):
        return ()
    from annual_review.workflow.models import LetterVersion

    latest = LetterVersion.objects.aggregate(
        created=Max("id"), published=Max("published_at"), superseded=Max("superseded_at")
    )
    return (latest["created"], latest["published"], latest["superseded"])


def data_version() -> tuple[Any, ...]:
    """The data version, read from the database at most once every VERSION_SECONDS."""
    global _version
    now = time.monotonic()
    current = _version
    if current is not None and now - current[0] < VERSION_SECONDS:
        return current[1]
    version = data_version_read()
    _version = (now, version)
    return version


def cached_value(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """A value computed once per data version (statistics of a year, the council list...)."""
    global _values_version
    version = data_version()
    if version != _values_version:
        with _lock:
            _values.clear()  # values of an older data version are never read again
            _values_version = version
    try:
        return _values[key]
    except KeyError:
        pass
    value = build()
    with _lock:
        _values[key] = value
        while len(_values) > VALUE_CACHE_ENTRIES:
            _values.popitem(last=False)
    return value


def page_get(key: tuple[Any, ...]) -> tuple[bytes, str] | None:
    """A stored page: (gzip-compressed body, content type), or None."""
    with _lock:
        found = _pages.get(key)
        if found is not None:
            _pages.move_to_end(key)
        return found


def page_put(key: tuple[Any, ...], page: tuple[bytes, str]) -> None:
    global _pages_bytes
    with _lock:
        if key in _pages:
            return
        _pages[key] = page
        _pages_bytes += len(page[0])
        while _pages_bytes > PAGE_CACHE_BYTES and _pages:
            _old_key, (old_body, _type) = _pages.popitem(last=False)
            _pages_bytes -= len(old_body)


def caches_clear() -> None:
    """Forget everything (tests, and after writes in the same process)."""
    global _version, _values_version, _pages_bytes
    with _lock:
        _version = None
        _values_version = None
        _pages.clear()
        _pages_bytes = 0
        _values.clear()
