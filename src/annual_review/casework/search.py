"""The one decision search: the public page, its JSON and CSV twins and the API all call it.

Full-text search is the one public request whose cost the visitor chooses: every word is one
more list of summaries to intersect. So the words are read here, once, for both databases
(nothing typed reaches FTS5's or PostgreSQL's query syntax: only words do), and their number
and length are bounded. How many searches run at once is the server's business
(web/search_slots.py).

`decisions_found` builds the filtered queryset from a `DecisionQuery`; each caller reads its
filters from its own parameters (the page's council slug, the API's organisation code) and
passes the records it may show (only published ones).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from annual_review.casework.models import DecisionQuerySet
from annual_review.years.periods import ReportingPeriod

MAX_SEARCH_CHARACTERS = 200
MAX_SEARCH_WORDS = 10
SEARCH_TOO_LONG = f"Search words must be {MAX_SEARCH_CHARACTERS} characters or fewer"
SEARCH_TOO_MANY_WORDS = f"Enter {MAX_SEARCH_WORDS} words or fewer to search for"
# Counting every match of a common word costs seconds on PostgreSQL (each summary's tsvector
# is computed): a search with words counts up to this many, and pages through those only.
SEARCH_RESULTS_CAP = 1000

# A word is what both databases' tokenisers index: letters and digits. Everything else
# (quotes, brackets, *, ^, :, -, NUL and other control characters) only separates words.
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_DIGIT = re.compile(r"\d")


class SearchRefused(ValueError):
    """The words asked for cost more than a search may; the message says what to change."""


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


def _sqlite_match_query(words: list[str]) -> str:
    """Words as FTS5 phrases joined by AND: only letters and digits reach FTS5's syntax."""
    return " ".join(f'"{w}"' for w in words)


def _summaries_matching(words: list[str]) -> Q:
    """Decisions whose summary has every word: FTS5 on SQLite, tsvector/GIN on PostgreSQL."""
    if connection.vendor == "postgresql":
        # The expression matches the GIN index made by casework/migrations/0003 exactly; the
        # words are letters and digits only, and plainto_tsquery ANDs them as FTS5 does.
        sql = (
            "SELECT id FROM casework_decision WHERE to_tsvector('english', summary) "
            "@@ plainto_tsquery('english', %s)"
        )
        return Q(pk__in=RawSQL(sql, [" ".join(words)]))  # noqa: S611 (parameterised)
    sql = "SELECT rowid FROM public_decision_fts WHERE public_decision_fts MATCH %s"
    return Q(pk__in=RawSQL(sql, [_sqlite_match_query(words)]))  # noqa: S611


@dataclass(frozen=True)
class DecisionQuery:
    """What a decision search asks for; empty or None means not filtered on.

    `text` finds decisions whose summary holds every word of it (stemmed: "repairs" finds
    "repair"), or, when it has a digit, whose reference holds it ("23 000" finds 23 000 001).
    """

    text: str = ""
    organisation_id: int | None = None
    category: str = ""
    outcome: str = ""
    decided_from: date | None = None
    decided_to: date | None = None
    period: ReportingPeriod | None = None

    def has_words(self) -> bool:
        return bool(search_words(text=self.text))


def decisions_found(decisions: DecisionQuerySet, *, query: DecisionQuery) -> DecisionQuerySet:
    """`decisions` narrowed to those the query matches, newest first then by reference.

    Raises SearchRefused for more words or characters than a search may ask.
    """
    found = decisions
    if query.period is not None:
        found = found.in_year(query.period)
    if query.organisation_id is not None:
        found = found.filter(organisation_id=query.organisation_id)
    if query.category:
        found = found.filter(category=query.category)
    if query.outcome:
        found = found.filter(outcome=query.outcome)
    if query.decided_from is not None:
        found = found.filter(decision_date__gte=query.decided_from)
    if query.decided_to is not None:
        found = found.filter(decision_date__lte=query.decided_to)
    words = search_words(text=query.text)
    if words:
        matching = _summaries_matching(words)
        typed = query.text.strip()
        if _DIGIT.search(typed):
            matching |= Q(reference__icontains=typed)
        found = found.filter(matching)
    return found.order_by("-decision_date", "reference")


def decisions_counted(found: DecisionQuerySet, *, cap: int | None) -> tuple[int, bool]:
    """How many decisions `found` holds, at most `cap` (None: all), and whether there are more.

    The page always pages through the most recent SEARCH_RESULTS_CAP matches; the API counts
    all unless the query has words (`DecisionQuery.has_words`), whose full count is costly.
    """
    if cap is None:
        return found.count(), False
    counted = found.values_list("id", flat=True)[: cap + 1].count()
    return min(counted, cap), counted > cap
