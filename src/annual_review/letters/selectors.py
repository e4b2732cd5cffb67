"""Building letters: one organisation's, or every organisation's for a year in a few queries."""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, timedelta
from importlib import resources

from django.conf import settings
from django.utils import timezone

from annual_review.casework.models import DatasetLabel
from annual_review.letters.letter import Block, Letter
from annual_review.letters.models import Narrative, OrganisationParagraph
from annual_review.letters.predecessors import new_organisation_section, predecessor_section
from annual_review.letters.prose import Value, markdown_blocks
from annual_review.letters.recipients import letter_copies, letter_recipient
from annual_review.letters.render import TEMPLATE_VERSION
from annual_review.letters.sender import (
    address_link,
    contact_values,
    ombudsman_name,
    registration_address,
    setting_text,
    signatory_of_letters,
    site_address,
)
from annual_review.letters.wording import STATISTICS_HEADING, statistics_sections
from annual_review.register.models import ComparisonGroup, Contact, Organisation
from annual_review.register.selectors import letter_recipients, predecessors_reported
from annual_review.statistics.calculations import Counts, GroupAverages, OrganisationStatistics
from annual_review.statistics.selectors import YearStatistics
from annual_review.years.models import ReportingYear
from annual_review.years.periods import ReportingPeriod, period_parse

LETTER_TITLE = "Annual review letter {year}"
DEMONSTRATION_BANNER = (
    "Demonstration data: the figures in this letter were generated for testing and describe no "
    "real complaints. Do not send or quote it."
)
NOT_IN_STATISTICS = "{organisation} has no statistics for {year}, so it has no letter."
NO_GROUP_NAME = "similar organisations"
# Demonstration letters are dated this long before their year's publication (as the seed letter
# was), so that their sentence about the publication date reads as a real letter's would.
DEMONSTRATION_NOTICE = timedelta(days=7)


def narrative_source(*, year: str) -> tuple[str, date | None]:
    """The year's narrative Markdown and letter date: stored, else the package's default."""
    stored = Narrative.objects.filter(reporting_year=year).first()
    if stored is not None:
        return stored.body, stored.letter_date
    folder = resources.files("annual_review.letters").joinpath("narratives")
    for name in (f"{year}.md", "default.md"):
        candidate = folder.joinpath(name)
        if candidate.is_file():
            return candidate.read_text("utf-8"), None
    return "", None


def paragraph_source(*, organisation: Organisation, year: str) -> str:
    """An organisation's own paragraph for a year as stored ("" when it has none)."""
    stored = OrganisationParagraph.objects.filter(
        organisation=organisation, reporting_year=year
    ).first()
    return stored.body if stored else ""


def _statistics_sha256(
    row: OrganisationStatistics,
    group: GroupAverages | None,
    predecessors: list[OrganisationStatistics] | None = None,
) -> str:
    """A checksum of the figures a letter is made from (counts, population, group averages,
    and those of the predecessors whose figures it carries)."""
    figures: dict[str, object] = {
        "counts": asdict(row.counts),
        "population": row.population,
        "population_year": row.population_year,
        "comparison_group": row.comparison_group,
        "group": asdict(group) if group else None,
    }
    if predecessors:
        figures["predecessors"] = [
            {"code": p.organisation_code, "counts": asdict(p.counts), "population": p.population}
            for p in predecessors
        ]
    return hashlib.sha256(json.dumps(figures, sort_keys=True).encode()).hexdigest()


def _row_without_figures(organisation: Organisation) -> OrganisationStatistics:
    """The empty row of an organisation that did not exist during the year."""
    return OrganisationStatistics(
        organisation_id=organisation.id,
        organisation_code=organisation.code,
        gss_code=organisation.gss_code or "",
        name=organisation.name,
        comparison_group="",
        counts=Counts(),
        population=None,
        population_year=None,
    )


def _demonstration() -> bool:
    label = DatasetLabel.objects.order_by("-updated_at", "-id").first()
    return label is not None and label.kind == DatasetLabel.Kind.DEMO


def _publication_day(period: ReportingPeriod) -> date | None:
    """The day a year's figures are (or were) published, where a publication time is set.

    Every letter names it. Demonstration letters are never sent, so they are dated a week before
    it rather than today: the same figures give the same letter on any day, and letters rendered
    once stay valid.
    """
    year = ReportingYear.objects.filter(label=period.label).first()
    if year is None or year.publish_at is None:
        return None
    return timezone.localdate(year.publish_at)


def _letter_day(period: ReportingPeriod, stored_date: date | None, demonstration: bool) -> date:
    """The date a year's letters carry: the narrative's, else (demonstration data) a week before
    the year is published, else today."""
    publication = _publication_day(period)
    return (
        stored_date
        or (publication - DEMONSTRATION_NOTICE if demonstration and publication else None)
        or timezone.localdate()
    )


def letter_recipient_ids(*, year: str | ReportingPeriod) -> set[int]:
    """Ids of the organisations that get the year's letters as `letters_build` makes them
    (those existing on the letters' date), without building any letter."""
    period = period_parse(year) if isinstance(year, str) else year
    _narrative, stored_date = narrative_source(year=period.label)
    day = _letter_day(period, stored_date, _demonstration())
    return {o.id for o in letter_recipients(period=period, day=day)}


def letters_build(
    *,
    year: str | ReportingPeriod,
    organisations: Iterable[Organisation] | None = None,
    stats: YearStatistics,
    letter_date: date | None = None,
) -> list[Letter]:
    """The letters of the given organisations (default: every one with statistics) for a year.

    Reads contacts, narrative and paragraphs once for the whole batch. `stats` are the year's
    figures the letters say; the caller chooses them (the workflow's `letters_figures`: a
    published year's frozen ones; the letters app never decides which). `letter_date` overrides
    the narrative's date, which otherwise defaults to today (for demonstration data: a week
    before the year is published, where that is set).
    """
    period = period_parse(year) if isinstance(year, str) else year
    rows = {row.organisation_id: row for row in stats.organisations}
    narrative, stored_date = narrative_source(year=period.label)
    demonstration = _demonstration()
    when = letter_date or _letter_day(period, stored_date, demonstration)
    # A year's letters go to the organisations that exist on the letter's date (see
    # docs/METHODOLOGY.md, "Letters"); a successor's letter carries its predecessors' figures.
    if organisations is None:
        chosen = letter_recipients(period=period, day=when)
    else:
        chosen = list(organisations)
    predecessors = {
        o.id: [
            (p, rows[p.id])
            for p in predecessors_reported(organisation=o, period=period, day=when)
            if p.id in rows
        ]
        for o in chosen
    }
    for organisation in chosen:
        if organisation.id not in rows and not predecessors[organisation.id]:
            raise ValueError(
                NOT_IN_STATISTICS.format(organisation=organisation.name, year=period.label)
            )
    ids = [o.id for o in chosen]

    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(organisation_id__in=ids).order_by(
        "organisation_id", "role", "last_name", "id"
    ):
        contacts[contact.organisation_id].append(contact)
    paragraphs = dict(
        OrganisationParagraph.objects.filter(
            organisation_id__in=ids, reporting_year=period.label
        ).values_list("organisation_id", "body")
    )
    publication = _publication_day(period)
    ombudsman = ombudsman_name()
    signatory = signatory_of_letters()
    fonts_url = site_address(f"{settings.STATIC_URL.rstrip('/')}/letters/fonts/")
    if settings.STATIC_URL.startswith(("http://", "https://")):
        fonts_url = f"{settings.STATIC_URL.rstrip('/')}/letters/fonts/"
    shared: dict[str, Value] = {
        "ombudsman": ombudsman,
        "publication_date": f"{publication.day} {publication:%B %Y}" if publication else "",
        "site_url": address_link(site_address("/")),
        "registration_url": address_link(registration_address()),
        "feedback_url": address_link(setting_text("ANNUAL_REVIEW_FEEDBACK_URL")),
        "signatory": setting_text("ANNUAL_REVIEW_SIGNATORY_NAME"),
        **contact_values(),
    }

    letters = []
    for organisation in chosen:
        row = rows.get(organisation.id) or _row_without_figures(organisation)
        group = stats.group_of(row)
        group_name = (
            ComparisonGroup(row.comparison_group).label if row.comparison_group else NO_GROUP_NAME
        )
        values: dict[str, Value] = {
            **shared,
            "year": period.label,
            "year_end": f"{period.end.day} {period.end:%B %Y}",
            "period": period.period_text,
            "organisation": organisation.name,
            "comparison_group": group_name,
            "council_url": address_link(
                site_address(f"/councils/{organisation.slug}/{period.label}/")
            ),
        }
        people = contacts.get(organisation.id, [])
        chief = next((c for c in people if c.role == Contact.Role.CHIEF_EXECUTIVE), None)
        paragraph_source = paragraphs.get(organisation.id, "")
        organisation_blocks: tuple[Block, ...] = (
            markdown_blocks(paragraph_source, values=values) if paragraph_source else ()
        )
        if organisation.id in rows:
            sections = statistics_sections(
                row=row,
                group=group,
                group_name=group_name,
                short_name=organisation.short_name or organisation.name,
                period_text=period.period_text,
            )
        else:
            sections = (
                new_organisation_section(
                    successor=organisation.name,
                    start=organisation.start_date or period.end,
                    year=period.label,
                ),
            )
        sections += tuple(
            predecessor_section(
                row=predecessor_row,
                end=predecessor.end_date or when,
                successor=organisation.name,
                year=period.label,
                code=predecessor.code,
            )
            for predecessor, predecessor_row in predecessors[organisation.id]
        )
        letters.append(
            Letter(
                organisation_code=organisation.code,
                gss_code=organisation.gss_code or "",
                slug=organisation.slug,
                organisation_name=organisation.name,
                year=period.label,
                period_text=period.period_text,
                title=LETTER_TITLE.format(year=period.label),
                date=when,
                ombudsman=ombudsman,
                recipient=letter_recipient(chief=chief, organisation_name=organisation.name),
                copied_to=letter_copies(contacts=people),
                narrative=markdown_blocks(narrative, values=values),
                organisation_paragraph=organisation_blocks,
                signatory=signatory,
                statistics_heading=STATISTICS_HEADING.format(year=period.label),
                sections=sections,
                demonstration=demonstration,
                banner=DEMONSTRATION_BANNER if demonstration else "",
                statistics_sha256=_statistics_sha256(
                    row, group, [r for _, r in predecessors[organisation.id]]
                ),
                template_version=TEMPLATE_VERSION,
                fonts_url=fonts_url,
            )
        )
    return letters


def letter_build(
    *,
    organisation: Organisation,
    year: str | ReportingPeriod,
    stats: YearStatistics,
    letter_date: date | None = None,
) -> Letter:
    """One organisation's letter for a reporting year, from the year's figures `stats`."""
    return letters_build(
        year=year, organisations=[organisation], stats=stats, letter_date=letter_date
    )[0]
