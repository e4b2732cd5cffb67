"""Searching published decisions by words in their summaries and by filters."""

import dataclasses
import math
import re
from dataclasses import dataclass, field
from datetime import date

from annual_review.casework.models import Category, Decision, Outcome
from annual_review.casework.search import (
    SEARCH_RESULTS_CAP,
    DecisionQuery,
    SearchRefused,
    decisions_counted,
    decisions_found,
    search_text_printable,
)
from annual_review.public.decision_rows import DecisionRow, decision_row, page_number
from annual_review.public.published import CouncilRef, councils_by_id, published_decisions
from annual_review.statistics.display import format_count

SEARCH_RESULTS_PER_PAGE = 20


@dataclass(frozen=True)
class DecisionSearch:
    text: str
    council: str
    category: str
    outcome: str
    date_from: date | None
    date_to: date | None
    results: list[DecisionRow]
    page: int
    pages: int
    total: int
    # True when there are more than SEARCH_RESULTS_CAP matches (only the most recent are paged).
    more: bool
    councils: list[CouncilRef]
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(Category.choices))
    outcomes: list[tuple[str, str]] = field(default_factory=lambda: list(Outcome.choices))

    @property
    def total_text(self) -> str:
        return format_count(self.total)


EXCERPT_WORDS = 40


_WORD = re.compile(r"\w+", re.UNICODE)


def summary_excerpt(*, summary: str, text: str) -> tuple[tuple[str, bool], ...]:
    """About forty words of a summary around the first word searched for, matches marked.

    Both databases stem words ("repairs" finds "repair"), so a word here matches on its first
    letters: all of a short word, and all but the last two letters of a longer one.
    """
    stems = {
        w.casefold()[: max(4, len(w) - 2)] if len(w) > 4 else w.casefold()
        for w in _WORD.findall(text)
    }
    words = list(_WORD.finditer(summary))
    if not words:
        return ((summary, False),) if summary else ()

    def matches(word: str) -> bool:
        folded = word.casefold()
        return any(folded.startswith(stem) for stem in stems)

    first = next((i for i, w in enumerate(words) if matches(w.group())), 0)
    start_word = max(0, first - EXCERPT_WORDS // 4)
    end_word = min(len(words), start_word + EXCERPT_WORDS)
    start = words[start_word].start() if start_word else 0
    end = words[end_word - 1].end() if end_word < len(words) else len(summary)
    pieces: list[tuple[str, bool]] = [("… ", False)] if start_word else []
    position = start
    for w in words[start_word:end_word]:
        if stems and matches(w.group()):
            if w.start() > position:
                pieces.append((summary[position : w.start()], False))
            pieces.append((w.group(), True))
            position = w.end()
    pieces.append((summary[position:end], False))
    if end_word < len(words):
        pieces.append((" …", False))
    return tuple(p for p in pieces if p[0])


class DecisionSearchRefused(ValueError):
    """A search asking for too much: `search` is the form as asked, without results."""

    def __init__(self, message: str, *, search: "DecisionSearch") -> None:
        super().__init__(message)
        self.message = message
        self.search = search


def decisions_search(
    *,
    text: str = "",
    council: str = "",
    category: str = "",
    outcome: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
) -> DecisionSearch:
    """Published decisions across all councils, by words in their summaries and by filters."""
    text = search_text_printable(text=text)
    councils = councils_by_id()
    council_id = next((pk for pk, c in councils.items() if c.slug == council), None)
    council = council if council_id is not None else ""
    category = category if category in Category.values else ""
    outcome = outcome if outcome in Outcome.values else ""
    query = DecisionQuery(
        text=text,
        organisation_id=council_id,
        category=category,
        outcome=outcome,
        decided_from=date_from,
        decided_to=date_to,
    )
    # The form as asked, with or without results.
    asked = DecisionSearch(
        text=text,
        council=council,
        category=category,
        outcome=outcome,
        date_from=date_from,
        date_to=date_to,
        results=[],
        page=1,
        pages=1,
        total=0,
        more=False,
        councils=_search_councils(councils),
    )
    try:
        found = decisions_found(published_decisions(), query=query)
    except SearchRefused as refused:
        raise DecisionSearchRefused(str(refused), search=asked) from None
    # Page through narrow rows (id only), then read the page's twenty decisions in full: sorting
    # tens of thousands of matches with their summaries attached is what makes search slow.
    ordered_ids = found.values_list("id", flat=True)
    shown, more = decisions_counted(found, cap=SEARCH_RESULTS_CAP)
    pages = max(1, math.ceil(shown / SEARCH_RESULTS_PER_PAGE))
    number = page_number(page, pages)
    first = (number - 1) * SEARCH_RESULTS_PER_PAGE
    page_ids = list(ordered_ids[first : min(first + SEARCH_RESULTS_PER_PAGE, shown)])
    by_id = Decision.objects.in_bulk(page_ids)
    return dataclasses.replace(
        asked,
        results=[
            dataclasses.replace(
                decision_row(by_id[pk], councils.get(by_id[pk].organisation_id)),
                excerpt=summary_excerpt(summary=by_id[pk].summary, text=text),
            )
            for pk in page_ids
        ],
        page=number,
        pages=pages,
        total=shown,
        more=more,
    )


def _search_councils(councils: dict[int, CouncilRef]) -> list[CouncilRef]:
    return sorted((c for c in councils.values() if c.comparison_group), key=lambda c: c.short_name)
