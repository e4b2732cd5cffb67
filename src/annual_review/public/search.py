"""What a decision search may ask for, and how many searches a process runs at once.

Full-text search is the one public request whose cost the visitor chooses: every word is one
more list of summaries to intersect. So the words are read here, once, for both databases
(nothing typed reaches FTS5's or PostgreSQL's query syntax: only words do), their number and
length are bounded, and a search runs only while a slot is free, so that searches can never
hold every thread a page request needs.
"""

import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

MAX_SEARCH_CHARACTERS = 200
MAX_SEARCH_WORDS = 10
SEARCH_TOO_LONG = f"Search words must be {MAX_SEARCH_CHARACTERS} characters or fewer"
SEARCH_TOO_MANY_WORDS = f"Enter {MAX_SEARCH_WORDS} words or fewer to search for"
SEARCH_BUSY = "Search is busy. Try again in a moment."
# Seconds a refused search is told to wait before asking again (Retry-After).
SEARCH_RETRY_SECONDS = 2

# A word is what both databases' tokenisers index: letters and digits. Everything else
# (quotes, brackets, *, ^, :, -, NUL and other control characters) only separates words.
_WORD = re.compile(r"[^\W_]+")


class SearchRefused(ValueError):
    """The words asked for cost more than a search may; the message says what to change."""


class SearchBusy(RuntimeError):
    """Every search slot of this process is taken: answer 503 and let the visitor retry."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def search_text_printable(*, text: str) -> str:
    """The text as it is shown back in the form: control characters (NUL...) as spaces."""
    return _CONTROL.sub(" ", text)


def search_words(*, text: str) -> list[str]:
    """The words of a search, in order; raise SearchRefused beyond the bounds."""
    if len(text) > MAX_SEARCH_CHARACTERS:
        raise SearchRefused(SEARCH_TOO_LONG)
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if len(words) > MAX_SEARCH_WORDS:
        raise SearchRefused(SEARCH_TOO_MANY_WORDS)
    return words


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
