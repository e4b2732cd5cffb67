"""Searching published decisions by words in their summaries and by filters."""

import dataclasses
import math
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from annual_review.casework.models import Category, Decision, Outcome
from annual_review.public.decision_rows import DecisionRow, decision_row, page_number
from annual_review.public.published import CouncilRef, councils_by_id, published_decisions
from annual_review.public.search import SearchRefused, search_text_printable, search_words
from annual_review.statistics.display import format_count

SEARCH_RESULTS_PER_PAGE = 20


SEARCH_RESULTS_CAP = 1000


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


def _sqlite_match_query(words: list[str]) -> str:
    """Words as FTS5 phrases joined by AND: only letters and digits reach FTS5's syntax."""
    return " ".join(f'"{w}"' for w in words)


def decisions_matching(queryset: QuerySet[Decision], *, text: str) -> QuerySet[Decision]:
    """Full-text search over summaries: FTS5 on SQLite, tsvector/GIN on PostgreSQL.

    Raises SearchRefused (public/search.py) for more words or characters than a search may ask.
    """
    words = search_words(text=text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # The expression matches the GIN index made by public/migrations/0001 exactly; the
        # words are letters and digits only, and plainto_tsquery ANDs them as FTS5 does.
        sql = (
            "SELECT id FROM casework_decision WHERE to_tsvector('english', summary) "
            "@@ plainto_tsquery('english', %s)"
        )
        return queryset.filter(pk__in=RawSQL(sql, [" ".join(words)]))  # noqa: S611 (parameterised)
    sql = "SELECT rowid FROM public_decision_fts WHERE public_decision_fts MATCH %s"
    return queryset.filter(pk__in=RawSQL(sql, [_sqlite_match_query(words)]))  # noqa: S611


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
    found: QuerySet[Decision] = published_decisions()
    council_id = next((pk for pk, c in councils.items() if c.slug == council), None)
    if council_id is not None:
        found = found.filter(organisation_id=council_id)
    else:
        council = ""
    if category in Category.values:
        found = found.filter(category=category)
    else:
        category = ""
    if outcome in Outcome.values:
        found = found.filter(outcome=outcome)
    else:
        outcome = ""
    if date_from:
        found = found.filter(decision_date__gte=date_from)
    if date_to:
        found = found.filter(decision_date__lte=date_to)
    try:
        found = decisions_matching(found, text=text)
    except SearchRefused as refused:
        form = DecisionSearch(
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
        raise DecisionSearchRefused(str(refused), search=form) from None
    # Page through narrow rows (id only), then read the page's twenty decisions in full: sorting
    # tens of thousands of matches with their summaries attached is what makes search slow.
    ordered_ids = found.order_by("-decision_date", "reference").values_list("id", flat=True)
    # Counting every match of a common word costs seconds on PostgreSQL (each summary's tsvector
    # is computed): count up to the cap, and page through the most recent matches only.
    counted = ordered_ids[: SEARCH_RESULTS_CAP + 1].count()
    shown = min(counted, SEARCH_RESULTS_CAP)
    pages = max(1, math.ceil(shown / SEARCH_RESULTS_PER_PAGE))
    number = page_number(page, pages)
    first = (number - 1) * SEARCH_RESULTS_PER_PAGE
    page_ids = list(ordered_ids[first : min(first + SEARCH_RESULTS_PER_PAGE, shown)])
    by_id = Decision.objects.in_bulk(page_ids)
    return DecisionSearch(
        text=text,
        council=council,
        category=category,
        outcome=outcome,
        date_from=date_from,
        date_to=date_to,
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
        more=counted > SEARCH_RESULTS_CAP,
        councils=_search_councils(councils),
    )


def _search_councils(councils: dict[int, CouncilRef]) -> list[CouncilRef]:
    return sorted((c for c in councils.values() if c.comparison_group), key=lambda c: c.short_name)
