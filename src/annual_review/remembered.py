"""Values remembered in this process and in Django's shared cache (so every worker shares them),
under keys that name the version they were built from: a value under a key never changes, so
each process may keep the values it used last in memory as well.

Below the apps: the public pages' caches (`web/caching.py`, keyed by the site's version) and the
frozen figures (`workflow/figures.py`, keyed by their version) both use it.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import caches

CACHE_ALIAS = "default"
# Values in the shared cache live this long at most (the version keys make them right anyway;
# this only returns memory).
CACHE_SECONDS = 24 * 3600
# How many values each process keeps in memory besides the shared cache (least recently used
# go first; old versions' values are never asked for again, so they are the ones that go).
IN_MEMORY_ENTRIES = 2000

_lock = threading.Lock()
_memory: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_MISSING = object()
# A few large values (a whole page's data) kept in this process only, for the moment after they
# were built: never shared, and apart from `_memory` so that they do not push its values out.
RECENT_ENTRIES = 4
_recent: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def cache_key(kind: str, parts: tuple[Any, ...]) -> str:
    """The shared cache's key for a kind of value and the parts that name it."""
    return f"ar:{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_frozen(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """A value made only from an immutable frozen version: kept in memory and shared."""
    return remembered(memory_key=("frozen", key), prefix="frozen", shared_key=key, build=build)


def remembered(
    *,
    memory_key: tuple[Any, ...],
    prefix: str,
    shared_key: tuple[Any, ...],
    build: Callable[[], Any],
) -> Any:
    """This process's copy, else the shared cache's, else `build()` stored in both."""
    found = _memory_get(memory_key)
    if found is not _MISSING:
        return found
    cache = caches[CACHE_ALIAS]
    shared = cache_key(prefix, shared_key)
    found = cache.get(shared, _MISSING)
    if found is _MISSING:
        found = build()
        cache.set(shared, found, CACHE_SECONDS)
    _memory_put(memory_key, found)
    return found


def remembered_recent(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """`build()`, or the value built under `key` a moment ago in this process (of the last
    RECENT_ENTRIES); `key` must name the version it was built from, as everywhere here."""
    with _lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
    found = build()
    with _lock:
        _recent[key] = found
        while len(_recent) > RECENT_ENTRIES:
            _recent.popitem(last=False)
    return found


def _memory_get(key: tuple[Any, ...]) -> Any:
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    return _MISSING


def _memory_put(key: tuple[Any, ...], value: Any) -> None:
    with _lock:
        _memory[key] = value
        while len(_memory) > IN_MEMORY_ENTRIES:
            _memory.popitem(last=False)


def memory_clear() -> None:
    """Forget this process's remembered values (the shared cache is cleared by its owner)."""
    with _lock:
        _memory.clear()
        _recent.clear()
