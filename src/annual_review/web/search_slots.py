"""How many searches a process runs at once.

Full-text search is the one public request whose cost the visitor chooses, so a search runs
only while a slot is free: searches can never hold every thread a page request needs. The
page, its twins and the API share the slots.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

SEARCH_BUSY = "Search is busy. Try again in a moment."
# Seconds a refused search is told to wait before asking again (Retry-After).
SEARCH_RETRY_SECONDS = 2


class SearchBusy(RuntimeError):
    """Every search slot of this process is taken: answer 503 and let the visitor retry."""


_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def _semaphore() -> threading.BoundedSemaphore:
    global _slots
    size = max(1, int(settings.ANNUAL_REVIEW_SEARCH_CONCURRENCY))
    with _slots_lock:
        if _slots is None or _slots[0] != size:
            _slots = (size, threading.BoundedSemaphore(size))
        return _slots[1]


@contextmanager
def search_slot() -> Iterator[None]:
    """Hold one of the process's ANNUAL_REVIEW_SEARCH_CONCURRENCY search slots, or raise
    SearchBusy at once: a search never waits for a slot, since waiting would hold a thread."""
    slots = _semaphore()
    if not slots.acquire(blocking=False):
        raise SearchBusy(SEARCH_BUSY)
    try:
        yield
    finally:
        slots.release()
