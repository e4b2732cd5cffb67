"""What the API reads, as JSON-ready values; only published years' data ever leave here."""

import math
from typing import Any
from urllib.parse import urlencode

from annual_review.api.errors import BadRequest, NotFound
from annual_review.api.filters import DecisionFilters
from annual_review.casework.addresses import decision_slug, decisions_at_slug
from annual_review.casework.models import (
    Category,
    DatasetLabel,
    Decision,
    DecisionQuerySet,
    Outcome,
)
from annual_review.casework.public_fields import decision_public_values
from annual_review.casework.search import (
    SEARCH_RESULTS_CAP,
    DecisionQuery,
    SearchRefused,
    decisions_counted,
    decisions_found,
)
from annual_review.register.models import Organisation, OrganisationCode
from annual_review.statistics.calculations import GroupAverages
from annual_review.statistics.selectors import YearStatistics
from annual_review.workflow.figures import (
    FiguresNotPublished,
    FiguresVersion,
    figures_versions,
    published_figures,
)
from annual_review.workflow.selectors import letters_public
from annual_review.years.models import ReportingYear

API_ROOT = "/api/v1"
YEAR_NOT_PUBLISHED = "No published reporting year {year!r}."
ORGANISATION_NOT_FOUND = "No organisation with code {code!r}."
DECISION_NOT_FOUND = "No published decision with reference {reference!r}."
PAGE_OUT_OF_RANGE = "Page {page} is past the last page ({pages})."
DEMO_NOTICE = "These data are generated for demonstration; they are not real decisions."


def published_year_get(*, label: str) -> ReportingYear:
    """A published reporting year by label; NotFound for unknown and unpublished years alike."""
    year = ReportingYear.objects.published().filter(label=label).first()
    if year is None:
        raise NotFound(YEAR_NOT_PUBLISHED.format(year=label))
    return year


def organisation_get(*, code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise NotFound(ORGANISATION_NOT_FOUND.format(code=code))
    return organisation


def dataset_describe() -> dict[str, Any]:
    """Whether the data are real or generated for demonstration, as every answer's `dataset`."""
    label = DatasetLabel.objects.order_by("-updated_at").first()
    demo = label is not None and label.kind == DatasetLabel.Kind.DEMO
    return {
        "kind": label.kind if label else DatasetLabel.Kind.REAL.value,
        "notice": DEMO_NOTICE if demo else None,
    }


def site_links(*, slug: str, year: str | None = None) -> dict[str, str]:
    """Links to an organisation's pages on the public site (and its letter, for a year)."""
    if year is None:
        return {"page": f"/councils/{slug}/"}
    return {
        "page": f"/councils/{slug}/{year}/",
        "letter": f"/councils/{slug}/{year}/letter/",
        "letter_pdf": f"/councils/{slug}/{year}/letter.pdf",
    }


def _organisation_summary(organisation: Organisation) -> dict[str, Any]:
    return {
        "code": organisation.code,
        "name": organisation.name,
        "slug": organisation.slug,
        "url": f"{API_ROOT}/organisations/{organisation.code}.json",
    }


def _organisation_record(organisation: Organisation, parent_code: str | None) -> dict[str, Any]:
    return {
        "code": organisation.code,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "slug": organisation.slug,
        "gss_code": organisation.gss_code,
        "type": organisation.type or None,
        "comparison_group": organisation.comparison_group or None,
        "region": organisation.region or None,
        "parent": parent_code,
        "url": f"{API_ROOT}/organisations/{organisation.code}.json",
        "site": site_links(slug=organisation.slug),
    }


def organisations_list() -> dict[str, Any]:
    """Every organisation in the register."""
    organisations = list(Organisation.objects.select_related("parent").order_by("code"))
    return {
        "dataset": dataset_describe(),
        "count": len(organisations),
        "organisations": [
            _organisation_record(o, o.parent.code if o.parent else None) for o in organisations
        ],
    }


def organisation_detail(*, code: str) -> dict[str, Any]:
    """One organisation, its identifiers, and links to each published year's figures."""
    organisation = organisation_get(code=code)
    record = _organisation_record(
        organisation, organisation.parent.code if organisation.parent else None
    )
    record["codes"] = [
        {"code": c, "kind": kind}
        for c, kind in OrganisationCode.objects.filter(organisation=organisation)
        .order_by("kind", "code")
        .values_list("code", "kind")
    ]
    record["years"] = [
        {
            "year": label,
            "statistics": f"{API_ROOT}/years/{label}/statistics/{organisation.code}.json",
            "decisions": f"{API_ROOT}/decisions.json?"
            + urlencode({"organisation": organisation.code, "year": label}),
            "site": site_links(slug=organisation.slug, year=label),
        }
        for label in ReportingYear.objects.published().values_list("label", flat=True)
    ]
    return {"dataset": dataset_describe(), "organisation": record}


def _year_record(year: ReportingYear) -> dict[str, Any]:
    period = year.period
    base = f"{API_ROOT}/years/{year.label}"
    return {
        "year": year.label,
        "start": period.start,
        "end": period.end,
        "published_at": year.publish_at,
        "url": f"{base}.json",
        "statistics": f"{base}/statistics.json",
        "letters": f"{base}/letters.json",
        "decisions": f"{API_ROOT}/decisions.json?" + urlencode({"year": year.label}),
        "downloads": f"/downloads/{year.label}/",
    }


def years_list() -> dict[str, Any]:
    """The published reporting years, newest first."""
    return {
        "dataset": dataset_describe(),
        "years": [_year_record(y) for y in ReportingYear.objects.published()],
    }


def year_detail(*, year: str) -> dict[str, Any]:
    return {"dataset": dataset_describe(), "year": _year_record(published_year_get(label=year))}


def _group_record(group: GroupAverages) -> dict[str, Any]:
    return {
        "group": group.group,
        "members": group.members,
        "uphold_rate": group.uphold_rate,
        "upheld_per_100k": group.upheld_per_100k,
        "compliance_rate": group.compliance_rate,
        "satisfactory_remedy_rate": group.satisfactory_remedy_rate,
        "contributing": dict(group.contributing),
    }


def _year_figures(
    year: str, version: int | None = None
) -> tuple[YearStatistics, dict[str, dict[str, object]], FiguresVersion]:
    """A published year's frozen statistics, flat rows by organisation code, and their version.

    Publication is checked on every call; the figures are the version frozen at publication
    (or its latest public revision, or the version asked for), shared with the pages through
    `published_figures`.
    """
    label = published_year_get(label=year).label
    try:
        figures = published_figures(year=label, version=version)
    except FiguresNotPublished as refusal:
        raise NotFound(str(refusal)) from refusal
    rows = {str(r["organisation_code"]): r for r in figures.rows}
    return figures.statistics, rows, figures.version


def _version_record(version: FiguresVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "published_at": version.published_at,
        "reason": version.reason or None,
        "statistics": f"{API_ROOT}/years/{version.year}/versions/{version.number}/statistics.json",
        "downloads": f"/downloads/{version.year}/v{version.number}/",
    }


def year_versions(*, year: str) -> dict[str, Any]:
    """Every public version of a year's figures, newest first: number, when, and why."""
    label = published_year_get(label=year).label
    return {
        "dataset": dataset_describe(),
        "year": label,
        "versions": [_version_record(v) for v in figures_versions(year=label)],
    }


def year_statistics(*, year: str, version: int | None = None) -> dict[str, Any]:
    """Every organisation's statistics for a published year: the rows of `annual-review stats`."""
    stats, rows, shown = _year_figures(year, version)
    return {
        "dataset": dataset_describe(),
        "year": stats.period.label,
        "version": _version_record(shown),
        "group_average": stats.method,
        "groups": {name: _group_record(g) for name, g in stats.groups.items()},
        "organisations": list(rows.values()),
    }


def organisation_year_statistics(*, year: str, code: str) -> dict[str, Any]:
    """One organisation's statistics for a published year, with its group's averages."""
    stats, rows, shown = _year_figures(year)
    organisation = organisation_get(code=code)
    return _organisation_year_record(stats, rows, organisation, dataset_describe(), shown)


def organisation_year_statistics_all(*, year: str) -> dict[str, dict[str, Any]]:
    """Every organisation's answer of organisation_year_statistics, computing the year once
    (for the static export)."""
    stats, rows, shown = _year_figures(year)
    dataset = dataset_describe()
    return {
        organisation.code: _organisation_year_record(stats, rows, organisation, dataset, shown)
        for organisation in Organisation.objects.in_period(stats.period).order_by("code")
    }


def _organisation_year_record(
    stats: YearStatistics,
    rows: dict[str, dict[str, object]],
    organisation: Organisation,
    dataset: dict[str, Any],
    shown: FiguresVersion,
) -> dict[str, Any]:
    row = stats.for_code(organisation.code)
    if row is None:  # the organisation did not exist during the year
        raise NotFound(ORGANISATION_NOT_FOUND.format(code=organisation.code))
    group = stats.group_of(row)
    return {
        "dataset": dataset,
        "year": stats.period.label,
        "version": _version_record(shown),
        "group_average": stats.method,
        "organisation": _organisation_summary(organisation),
        "statistics": rows[organisation.code],
        "decisions_by_outcome": {v: row.counts.outcomes.get(v, 0) for v in Outcome.values},
        "decisions_by_category": {v: row.counts.categories.get(v, 0) for v in Category.values},
        "group": _group_record(group) if group else None,
        "site": site_links(slug=organisation.slug, year=stats.period.label),
    }


def year_letters(*, year: str) -> dict[str, Any]:
    """Where each organisation's annual letter for a published year is on the public site, and,
    once approved, the frozen version the site serves (with its checksums)."""
    published = published_year_get(label=year)
    label = published.label
    frozen: dict[int, dict[str, Any]] = {}
    # Newest public version per organisation; values() keeps the stored PDFs out of memory.
    for version in (
        letters_public()
        .filter(year=published)
        .order_by("organisation_id", "-number")
        .values(
            "organisation_id",
            "number",
            "approved_at",
            "published_at",
            "template_version",
            "html_sha256",
            "pdf_sha256",
        )
    ):
        record: dict[str, Any] = dict(version)
        frozen.setdefault(record.pop("organisation_id"), record)
    return {
        "dataset": dataset_describe(),
        "year": label,
        "letters": [
            {
                "organisation": {"code": code, "name": name, "slug": slug},
                "html": f"/councils/{slug}/{label}/letter/",
                "pdf": f"/councils/{slug}/{label}/letter.pdf",
                "version": frozen.get(org_id),
            }
            for org_id, code, name, slug in Organisation.objects.filter(in_register=True)
            .order_by("code")
            .values_list("id", "code", "name", "slug")
        ],
    }


def decisions_published() -> DecisionQuerySet:
    """Decisions dated within a published reporting year; nothing else is ever public."""
    return Decision.objects.published()


def _decision_record(decision: Decision) -> dict[str, Any]:
    """A decision's public fields (`casework.public_fields`), in their order: the organisation
    as its summary (which carries its name), a category and an outcome each followed by its
    name, and the decision's own address last."""
    record: dict[str, Any] = {}
    for name, value in decision_public_values(decision=decision).items():
        if name == "organisation":
            record[name] = _organisation_summary(decision.organisation)
        elif name == "organisation_name":
            continue  # in the organisation's summary
        else:
            record[name] = value
        if name == "category":
            record["category_name"] = Category(value).label
        elif name == "outcome":
            record["outcome_name"] = Outcome(value).label
    record["url"] = f"{API_ROOT}/decisions/{decision_slug(decision.reference)}.json"
    return record


def decisions_search(*, filters: DecisionFilters) -> dict[str, Any]:
    """One page of published decisions matching the filters, newest first."""
    query = DecisionQuery(
        text=filters.q or "",
        organisation_id=(
            organisation_get(code=filters.organisation).pk if filters.organisation else None
        ),
        category=filters.category or "",
        outcome=filters.outcome or "",
        decided_from=filters.decided_from,
        decided_to=filters.decided_to,
        period=published_year_get(label=filters.year).period if filters.year else None,
    )
    try:
        decisions = decisions_found(decisions_published(), query=query)
    except SearchRefused as refused:
        raise BadRequest(str(refused)) from None
    # Counting every match of words is costly: up to SEARCH_RESULTS_CAP, as the page does.
    count, more = decisions_counted(
        decisions, cap=SEARCH_RESULTS_CAP if query.has_words() else None
    )
    pages = max(1, math.ceil(count / filters.page_size))
    if filters.page > pages:
        raise NotFound(PAGE_OUT_OF_RANGE.format(page=filters.page, pages=pages))
    start = (filters.page - 1) * filters.page_size
    page = decisions.select_related("organisation")[start : min(start + filters.page_size, count)]

    def link(number: int) -> str:
        query = urlencode(filters.query(page=number))
        return f"{API_ROOT}/decisions.json" + (f"?{query}" if query else "")

    return {
        "dataset": dataset_describe(),
        "count": count,
        "more": more,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": pages,
        "next": link(filters.page + 1) if filters.page < pages else None,
        "previous": link(filters.page - 1) if filters.page > 1 else None,
        "results": [_decision_record(d) for d in page],
    }


def decision_detail(*, reference: str) -> dict[str, Any]:
    # The address's reference is its slug (casework/addresses.py); one with spaces still works.
    published = decisions_published().select_related("organisation")
    decision = decisions_at_slug(published, slug=decision_slug(reference)).first()
    if decision is None:
        raise NotFound(DECISION_NOT_FOUND.format(reference=reference))
    return {"dataset": dataset_describe(), "decision": _decision_record(decision)}
