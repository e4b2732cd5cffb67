"""Thin views: parse the address and query, call one selector, render (and cache) the page."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from annual_review.casework.addresses import decision_address, decision_slug
from annual_review.public import filters, letters
from annual_review.public.council_page import CouncilPage, council_page_get
from annual_review.public.council_search import councils_search
from annual_review.public.decision_page import DecisionPage, decision_page_build
from annual_review.public.decision_search import (
    DecisionSearch,
    DecisionSearchRefused,
    decisions_search,
)
from annual_review.public.map_page import LAYER_LABELS, map_page_build
from annual_review.public.measures import MEASURES, MINIMUM_CASES, NO_DATA, SMALL_COUNT
from annual_review.public.overview import national_years
from annual_review.public.published import NotFound, councils_by_id, published_years, site_notice
from annual_review.public.revisions import revisions_page_build
from annual_review.public.sitemap import (
    COUNCILS_SECTION,
    DECISIONS_SECTION,
    SITE_SECTION,
    site_base,
    sitemap_index_addresses,
    sitemap_sections,
)
from annual_review.web.pages import page_cached, query_parameters
from annual_review.web.responses import error_response
from annual_review.web.search_slots import (
    SEARCH_RETRY_SECONDS,
    SearchBusy,
    search_slot,
)


def _context(**values: object) -> dict[str, object]:
    return {"notice": site_notice(), **values}


def _query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string to which a page number can be added."""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


def _int(value: str | None, default: int = 1) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def or_404(build: Callable[[], object]) -> object:
    try:
        return build()
    except NotFound as error:
        raise Http404(str(error)) from error


@page_cached
@query_parameters("year", "measure", "layer", "fragment")
def home(request: HttpRequest) -> HttpResponse:
    try:
        page = map_page_build(
            year=request.GET.get("year"),
            measure=request.GET.get("measure"),
            layer=request.GET.get("layer"),
        )
    except NotFound as error:
        if request.GET.get("year"):
            raise Http404(str(error)) from error
        return render(request, "public/empty.html", _context(message=str(error)))
    template = "public/_map.html" if request.GET.get("fragment") == "map" else "public/home.html"
    return render(
        request,
        template,
        _context(page=page, layers=LAYER_LABELS, no_data=NO_DATA, national_years=national_years()),
    )


@page_cached
@query_parameters("q", "go")
def council_list(request: HttpRequest) -> HttpResponse:
    search = councils_search(query=request.GET.get("q", ""))
    if search.exact is not None and request.GET.get("go") != "list":
        return HttpResponseRedirect(f"/councils/{search.exact.slug}/")
    return render(request, "public/council_list.html", _context(search=search))


COUNCIL_PARAMETERS = ("category", "outcome", "page")


# Dates: GOV.UK date inputs' three fields, and the older single ISO date (public/filters.py).
DATE_PARAMETERS = tuple(
    f"{name}{part}" for name in ("from", "to") for part in ("", "-day", "-month", "-year")
)


SEARCH_PARAMETERS = ("q", "council", "category", "outcome", *DATE_PARAMETERS, "page")


@page_cached
@query_parameters(*COUNCIL_PARAMETERS)
def council_latest(request: HttpRequest, slug: str) -> HttpResponse:
    return _council(request, slug, None)


@page_cached
@query_parameters(*COUNCIL_PARAMETERS)
def council_year(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    return _council(request, slug, year)


def _council(request: HttpRequest, slug: str, year: str | None) -> HttpResponse:
    page = council_page_for(request, slug, year)
    return render(
        request,
        "public/council.html",
        _context(page=page, decisions_query=_query_without_page(request)),
    )


@page_cached
def letter_html(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    letter = or_404(lambda: letters.public_letter_html(slug=slug, year=year))
    return render(request, "public/letter.html", _context(letter=letter))


@require_safe
def letter_pdf(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    pdf = or_404(lambda: letters.public_letter_pdf(slug=slug, year=year))
    assert isinstance(pdf, letters.PublicLetterPdf)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name}"'
    return response


@require_safe
def letter_superseded_pdf(request: HttpRequest, slug: str, year: str, number: int) -> HttpResponse:
    pdf = or_404(lambda: letters.public_letter_superseded_pdf(slug=slug, year=year, number=number))
    assert isinstance(pdf, letters.PublicLetterPdf)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name}"'
    return response


@page_cached
@query_parameters(*SEARCH_PARAMETERS)
def decision_search(request: HttpRequest) -> HttpResponse:
    try:
        search = decision_search_for(request)
    except DecisionSearchRefused as refused:
        errors = _filter_errors(request)
        context = _context(
            search=refused.search,
            error=refused.message,
            search_query="",
            filter_errors=errors,
            filter_fields={error.field for error in errors},
            date_inputs=filters.date_inputs_show(query=request.GET, errors=errors),
        )
        return render(request, "public/decision_search.html", context, status=400)
    except SearchBusy:
        response = render(request, "public/search_busy.html", _context(), status=503)
        response["Retry-After"] = str(SEARCH_RETRY_SECONDS)
        return response
    errors = _filter_errors(request)
    return render(
        request,
        "public/decision_search.html",
        _context(
            search=search,
            search_query=_query_without_page(request),
            filter_errors=errors,
            filter_fields={error.field for error in errors},
            date_inputs=filters.date_inputs_show(query=request.GET, errors=errors),
        ),
    )


def _filter_errors(request: HttpRequest) -> list[filters.FilterError]:
    slugs = {council.slug for council in councils_by_id().values()}
    return filters.decision_filters_check(query=request.GET, council_slugs=slugs)


def filters_refused(request: HttpRequest) -> HttpResponse | None:
    """A search twin's 400 answer naming every bad filter, or None when all are good."""
    errors = _filter_errors(request)
    if not errors:
        return None
    return error_response(status=400, message=" ".join(f"{e.message}." for e in errors))


def decision_at(slug: str) -> DecisionPage:
    """The published decision at `/decisions/<slug>/` (or at an older address's reference)."""
    page = or_404(lambda: decision_page_build(slug=decision_slug(slug)))
    assert isinstance(page, DecisionPage)
    return page


@page_cached
def decision_detail(request: HttpRequest, reference: str) -> HttpResponse:
    page = decision_at(reference)
    if reference != decision_slug(page.decision.reference):
        # An older address (`/decisions/24%20329%20705/`) moves for good to the clean one.
        return HttpResponsePermanentRedirect(decision_address(page.decision.reference))
    return decision_page_render(request, page)


def decision_page_render(request: HttpRequest, page: DecisionPage) -> HttpResponse:
    """A decision's page from its data."""
    return render(request, "public/decision.html", _context(page=page))


# The three parts of a decision's page, in the order the layout places them (decision.html).
DECISION_PARTS = (
    "public/_decision_title.html",
    "public/_decision_breadcrumbs.html",
    "public/_decision_content.html",
)


_PART_MARKER = "\x00decision-part-{}\x00"


def decision_pages_renderer(request: HttpRequest) -> Callable[[DecisionPage], bytes]:
    """A function giving the bytes `decision_page_render` gives, for many decisions at a time.

    The site's layout around the parts is the same on every decision's page: it is rendered
    once, with markers where the parts go, and each page renders only its three parts.
    """
    markers = [_PART_MARKER.format(i) for i in range(len(DECISION_PARTS))]
    safe_markers = [mark_safe(m) for m in markers]  # noqa: S308 - our own constant text
    layout: str = render_to_string(
        "public/decision_layout.html", _context(parts=safe_markers), request
    )
    segments: list[str] = []
    for marker in markers:
        before, layout = layout.split(marker)  # each marker is there once, or this fails
        segments.append(before)
    segments.append(layout)
    parts = [get_template(name) for name in DECISION_PARTS]

    def render_page(page: DecisionPage) -> bytes:
        context = _context(page=page)
        pieces = [segments[0]]
        for template, after in zip(parts, segments[1:], strict=True):
            pieces.append(template.render(context, request))
            pieces.append(after)
        return "".join(pieces).encode()

    return render_page


@page_cached
def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/about.html",
        _context(
            minimum_cases=MINIMUM_CASES,
            small_count=SMALL_COUNT,
            measures=MEASURES.values(),
            years=published_years(),
            pooled_averages=settings.ANNUAL_REVIEW_GROUP_AVERAGE == "pooled",
            national_years=national_years(),
        ),
    )


@page_cached
def revisions(request: HttpRequest) -> HttpResponse:
    """Every revision of every published year's figures, newest first, with its reason."""
    return render(request, "public/revisions.html", _context(page=revisions_page_build()))


def council_page_for(request: HttpRequest, slug: str, year: str | None) -> CouncilPage:
    page = or_404(
        lambda: council_page_get(
            slug=slug,
            year=year,
            category=request.GET.get("category", ""),
            outcome=request.GET.get("outcome", ""),
            page=_int(request.GET.get("page")),
        )
    )
    assert isinstance(page, CouncilPage)
    return page


def decision_search_for(request: HttpRequest) -> DecisionSearch:
    """The search asked for, run in one of the process's search slots (or SearchBusy)."""
    date_from, date_to = filters.decision_dates_read(query=request.GET)
    with search_slot():
        return decisions_search(
            text=request.GET.get("q", ""),
            council=request.GET.get("council", ""),
            category=request.GET.get("category", ""),
            outcome=request.GET.get("outcome", ""),
            date_from=date_from,
            date_to=date_to,
            page=_int(request.GET.get("page")),
        )


@page_cached
def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: the sitemap index, naming each section's sitemap (public/sitemap.py)."""
    protocol, domain = site_base()
    found = [
        SitemapIndexItem(f"{protocol}://{domain}{address}", None)
        for address in sitemap_index_addresses()
    ]
    return render(request, "sitemap_index.xml", {"sitemaps": found}, content_type="application/xml")


def _sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    response = sitemap_views.sitemap(request, sitemaps=sitemap_sections(), section=section)
    response.render()  # a TemplateResponse: the page cache stores its bytes
    return response


@page_cached
@query_parameters("p")
def sitemap_site(request: HttpRequest) -> HttpResponse:
    return _sitemap_section(request, SITE_SECTION)


@page_cached
@query_parameters("p")
def sitemap_councils(request: HttpRequest) -> HttpResponse:
    return _sitemap_section(request, COUNCILS_SECTION)


@page_cached
@query_parameters("p")
def sitemap_decisions(request: HttpRequest, year: str) -> HttpResponse:
    return _sitemap_section(request, DECISIONS_SECTION.format(year=year))
