"""A council's annual letter on the public site.

The letter people see is the workflow's frozen, published version, and nothing else: a letter
not yet published there is not shown. The one exception is demonstration data, whose letters
are never sent: there, a letter the workflow has not handled is rendered from the published
figures by the letters app.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from annual_review import letters as letters_app
from annual_review.public.published import (
    NotFound,
    council_find,
    published_years,
    site_notice,
    year_choose,
    year_statistics,
)
from annual_review.register.models import Organisation
from annual_review.web.caching import cached_value
from annual_review.workflow.models import LetterStatus, LetterVersion
from annual_review.workflow.selectors import letters_public
from annual_review.years.models import ReportingYear

LETTER_NOT_AVAILABLE = "There is no published annual letter for this council and year."


@dataclass(frozen=True)
class PublicLetterHtml:
    council_name: str
    slug: str
    year: str
    html: str
    # A frozen letter is stored as a whole HTML document; the site shows it in a frame as it is.
    whole_document: bool
    # Earlier published versions, newest first, kept as they were (a correction supersedes).
    archive: tuple["ArchivedLetter", ...] = ()


@dataclass(frozen=True)
class ArchivedLetter:
    """A published letter that a correction superseded: still downloadable, with the reason."""

    number: int
    published_on: str
    superseded_on: str
    reason: str
    pdf_url: str


@dataclass(frozen=True)
class PublicLetterPdf:
    file_name: str
    content: bytes


def _source(organisation_id: int, year: str) -> tuple[str, Any]:
    """("published", LetterVersion), ("rendered", None) or (a reason there is none, None)."""

    def build() -> tuple[str, Any]:
        if year in published_years():
            # From the year's publication time, not from when `publish-due` next runs: the
            # letter appears with the figures (as `letter_published` says).
            public, withheld = _letter_kinds(year)
            if organisation_id in public:
                published = (
                    letters_public()
                    .filter(organisation_id=organisation_id, year__label=year)
                    .order_by("-number")
                    .first()
                )
                return "published", published
            has_versions = organisation_id in withheld
        else:
            has_versions = LetterVersion.objects.filter(
                organisation_id=organisation_id, year__label=year
            ).exists()
        if has_versions:
            return "withheld", None
        if not site_notice().demo:
            return "not_published", None
        # A council abolished before the letters' date gets no letter for the year.
        if organisation_id not in _recipients(year):
            return "none", None
        return "rendered", None

    return cached_value(("letter_source", organisation_id, year), build)


def _recipients(year: str) -> set[int]:
    return cached_value(
        ("letter_recipients", year), lambda: letters_app.letter_recipient_ids(year=year)
    )


def _letter_kinds(year: str) -> tuple[frozenset[int], frozenset[int]]:
    """For a published year, in two queries for every council: those with a public letter (as
    `letter_published` finds it: `letters_public`, so a letter made from a revision not yet
    public is not one) and those whose letters are all withheld so far."""

    def build() -> tuple[frozenset[int], frozenset[int]]:
        public = frozenset(
            letters_public().filter(year__label=year).values_list("organisation_id", flat=True)
        )
        found = LetterVersion.objects.filter(year__label=year).values_list(
            "organisation_id", flat=True
        )
        return public, frozenset(found) - public

    value: tuple[frozenset[int], frozenset[int]] = cached_value(("letter_kinds", year), build)
    return value


def public_letter_exists(*, organisation_id: int, year: str) -> bool:
    """Whether the council's letter for the year is public: as `_source` says, but for a
    published year from one read of the year's letters for every council (each council page
    asks it of every published year)."""
    if year not in published_years():
        return _source(organisation_id, year)[0] in {"published", "rendered"}
    public, withheld = _letter_kinds(year)
    if organisation_id in public:
        return True
    if organisation_id in withheld or not site_notice().demo:
        return False
    return organisation_id in _recipients(year)


def _letter(organisation_id: int, year: str) -> Any:
    """The letter the letters app builds now; a year's letters are built together, once."""

    def build() -> dict[int, Any]:
        ReportingYear.objects.get(label=year)  # the letters app works from stored years
        built = letters_app.letters_build(year=year, stats=year_statistics(year))
        ids = dict(Organisation.objects.values_list("code", "pk"))
        return {ids[letter.organisation_code]: letter for letter in built}

    by_organisation = cached_value(("letters_of_year", year), build)
    if organisation_id in by_organisation:
        return by_organisation[organisation_id]
    organisation = Organisation.objects.get(pk=organisation_id)
    return letters_app.letter_build(
        organisation=organisation, year=year, stats=year_statistics(year)
    )


def _rendered(organisation_id: int, year: str, file_format: str) -> Any:
    """A letter rendered by the letters app. The PDF is the file `annual-review demo` (or
    `letters`) wrote to LETTERS_DIR/<year>/ if its manifest vouches for this very letter, else
    rendered now; the HTML is always rendered (the files are whole documents, the site shows a
    fragment)."""
    letter = _letter(organisation_id, year)
    if file_format != "pdf":
        return letters_app.letter_render_html(letter=letter, standalone=False)
    folder = (settings.ANNUAL_REVIEW_LETTERS_DIR or Path(settings.DATA_DIR) / "letters") / year
    written = letters_app.letter_file_read(folder=folder, letter=letter, file_format="pdf")
    return written if written is not None else letters_app.letter_render_pdf(letter=letter)


def public_letter_html(*, slug: str, year: str) -> PublicLetterHtml:
    """The letter for a published year as an HTML fragment to embed in the site's page."""
    organisation_id, council = council_find(slug=slug)
    chosen = year_choose(year)
    kind, version = _source(organisation_id, chosen)
    if kind == "published":
        html = version.html
    elif kind == "rendered":
        html = cached_value(
            ("letter_html", organisation_id, chosen),
            lambda: _rendered(organisation_id, chosen, "html"),
        )
    else:
        raise NotFound(LETTER_NOT_AVAILABLE)
    head = html.lstrip()[:200].lower()
    return PublicLetterHtml(
        council_name=council.name,
        slug=slug,
        year=chosen,
        html=html,
        whole_document=head.startswith("<!doctype") or head.startswith("<html"),
        archive=tuple(_archive(organisation_id, chosen, slug)),
    )


def _day(moment: Any) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def _archive(organisation_id: int, year: str, slug: str) -> list[ArchivedLetter]:
    """The superseded versions of a published year's letter, with the correction's reason."""

    def build() -> list[ArchivedLetter]:
        found = []
        for old in (
            LetterVersion.objects.filter(
                organisation_id=organisation_id,
                year__label=year,
                status=LetterStatus.SUPERSEDED,
                published_at__isnull=False,
            )
            .select_related("superseded_by")
            .defer("pdf", "html")
            .order_by("-number")
        ):
            newer = getattr(old, "superseded_by", None)
            found.append(
                ArchivedLetter(
                    number=old.number,
                    published_on=_day(old.published_at),
                    superseded_on=_day(old.superseded_at),
                    reason=newer.correction_reason if newer is not None else "",
                    pdf_url=f"/councils/{slug}/{year}/letter-v{old.number}.pdf",
                )
            )
        return found

    value: list[ArchivedLetter] = cached_value(("letter_archive", organisation_id, year), build)
    return value


def public_letter_superseded_pdf(*, slug: str, year: str, number: int) -> PublicLetterPdf:
    """A superseded version of a published year's letter, as it was published."""
    organisation_id, _council = council_find(slug=slug)
    chosen = year_choose(year)
    old = LetterVersion.objects.filter(
        organisation_id=organisation_id,
        year__label=chosen,
        number=number,
        status=LetterStatus.SUPERSEDED,
        published_at__isnull=False,
    ).first()
    if old is None:
        raise NotFound(LETTER_NOT_AVAILABLE)
    return PublicLetterPdf(
        file_name=f"{slug}-annual-review-{chosen}-v{number}-superseded.pdf", content=bytes(old.pdf)
    )


def public_letter_pdf(*, slug: str, year: str) -> PublicLetterPdf:
    """The letter for a published year as a PDF to download."""
    organisation_id, _council = council_find(slug=slug)
    chosen = year_choose(year)
    kind, version = _source(organisation_id, chosen)
    if kind == "published":
        content = bytes(version.pdf)
    elif kind == "rendered":
        content = cached_value(
            ("letter_pdf", organisation_id, chosen),
            lambda: _rendered(organisation_id, chosen, "pdf"),
        )
    else:
        raise NotFound(LETTER_NOT_AVAILABLE)
    return PublicLetterPdf(file_name=f"{slug}-annual-review-{chosen}.pdf", content=content)
