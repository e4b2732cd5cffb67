"""The home page's map: small numbers hatched, fixed classes, legends that do not overlap, like
compared with like, a short summary, and colours that stand out from the page."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import annual_review.public
from annual_review.public.map_page import AREA_SHOWN, AREA_TOO_FEW_CASES, map_page_build
from annual_review.public.map_scale import MAP_CLASSES, MapScale, format_times, map_scale_choose
from annual_review.public.measures import MEASURES, MINIMUM_CASES, NOT_ENOUGH_CASES
from annual_review.register.models import Organisation, Population
from annual_review.years.periods import ReportingPeriod
from tests.factories import DecisionFactory, ReportingYearFactory

STYLESHEET = Path(annual_review.public.__file__).parent / "static" / "public" / "site.css"
UPHOLD = MEASURES["uphold_rate"]


def _decisions(organisation: Organisation, *, year: int, upheld: int, not_upheld: int = 0) -> None:
    for i in range(upheld + not_upheld):
        outcome = "upheld" if i < upheld else "not_upheld"
        DecisionFactory(
            organisation=organisation, decision_date=date(year, 5, 1 + i % 28), outcome=outcome
        )


def _area(page, slug: str):  # noqa: ANN001, ANN202
    return next(a for a in page.areas if a.href.startswith(f"/councils/{slug}/"))


@pytest.mark.django_db
def test_map_hatches_councils_with_too_few_cases(two_years):
    """Bromsgrove's two investigations are too few to colour; its value still says why."""
    page = map_page_build(year="2023-24", measure="uphold_rate", layer="ltla")
    area = next(a for a in page.areas if a.gss_code == two_years.gss_code)
    assert area.css_class == "app-nd"
    assert area.value_text == NOT_ENOUGH_CASES
    assert area.basis_text == "2 investigations"
    assert area.href == "/councils/bromsgrove/2023-24/"
    assert len(page.areas) == 296


@pytest.mark.django_db
def test_per_100k_hatches_the_isles_of_scilly_and_compares_within_groups():
    """One upheld decision among Scilly's 2,226 residents (44.9 per 100,000) is too few to
    colour: Scilly is hatched, not the darkest area, and moves neither the legend nor its
    group's figure, which is pooled (all upheld decisions over all residents). Each council is
    coloured by its figure against its own group's, so a district is not judged against
    unitary councils that run social care."""
    ReportingYearFactory(first_year=2023, published=True)
    scilly = Organisation.objects.get(slug="isles-of-scilly")
    cornwall = Organisation.objects.get(slug="cornwall")
    bromsgrove = Organisation.objects.get(slug="bromsgrove")
    _decisions(scilly, year=2023, upheld=1)
    _decisions(cornwall, year=2023, upheld=40)
    _decisions(bromsgrove, year=2023, upheld=12)
    page = map_page_build(year="2023-24", measure="upheld_per_100k", layer="ltla")

    isles = _area(page, "isles-of-scilly")
    assert (isles.css_class, isles.status, isles.value_text) == (
        "app-nd",
        AREA_TOO_FEW_CASES,
        NOT_ENOUGH_CASES,
    )
    assert isles.value == pytest.approx(100_000 / 2_226)  # the twins still carry the value
    assert [e.label for e in page.legend[:-1]] == [
        "Under 0.5 times",
        "0.5 to 0.7 times",
        "0.8 to 1.1 times",
        "1.2 to 1.9 times",
        "2 or more times",
    ]
    assert page.legend[-1].label == (
        f"{NOT_ENOUGH_CASES} (fewer than {MINIMUM_CASES} upheld decisions) or no data"
    )
    assert page.legend[-1].councils == 294
    assert (format_times(1), format_times(1.449), format_times(0.01)) == (
        "1.0 times",
        "1.4 times",
        "<0.1 times",
    )

    unitary = _area(page, "cornwall")
    residents = Population.objects.filter(
        organisation__in=Organisation.objects.in_period(ReportingPeriod(2023)).filter(
            comparison_group="unitary"
        ),
        year__lte=2023,
    )
    latest = {p.organisation_id: p.population for p in residents.order_by("year")}
    pooled = (40 + 1) / sum(latest.values()) * 100_000
    assert unitary.group_value == pytest.approx(pooled)
    assert unitary.ratio_to_group == pytest.approx(unitary.value / pooled)
    assert unitary.css_class == "app-q4"  # the only upheld decisions in its group but one
    district = _area(page, "bromsgrove")
    assert district.group_value < unitary.group_value  # districts' own, lower, figure
    assert district.ratio_to_group == pytest.approx(district.value / district.group_value)
    per_100k = MEASURES["upheld_per_100k"]
    assert district.comparison_text == (
        f"{format_times(district.ratio_to_group)} the District Councils’ figure of "
        f"{per_100k.format(district.group_value)}"
    )


@pytest.mark.django_db
def test_classes_are_the_same_in_every_year():
    """The classes are chosen once from every published year: a council at 75% has the same
    colour in a year of low rates and a year of high ones, and the keys are the same."""
    ReportingYearFactory(first_year=2022, published=True)
    ReportingYearFactory(first_year=2023, published=True)
    councils = list(Organisation.objects.filter(comparison_group="district")[:6])
    for i, council in enumerate(councils[1:]):
        _decisions(council, year=2022, upheld=2 + i, not_upheld=10)  # low rates in 2022-23
        _decisions(council, year=2023, upheld=10, not_upheld=2 - i % 2)  # high in 2023-24
    for year in (2022, 2023):
        _decisions(councils[0], year=year, upheld=9, not_upheld=3)  # 75% both years
    pages = [
        map_page_build(year=y, measure="uphold_rate", layer="ltla") for y in ("2022-23", "2023-24")
    ]
    assert pages[0].legend[:-1] == [
        type(e)(e.css_class, e.label, pages[0].legend[i].councils)
        for i, e in enumerate(pages[1].legend[:-1])
    ]
    slug = councils[0].slug
    assert _area(pages[0], slug).css_class == _area(pages[1], slug).css_class
    assert len({e.label for e in pages[0].legend}) == len(pages[0].legend)


@pytest.mark.parametrize(
    ("measure", "edges", "labels"),
    [
        (
            "uphold_rate",
            (60, 65, 70, 80),
            ["Under 60%", "60% to 64%", "65% to 69%", "70% to 79%", "80% or more"],
        ),
        ("compliance_rate", (95, 100), ["Under 95%", "95% to 99%", "100%"]),
    ],
)
def test_legend_labels_never_meet(measure, edges, labels):
    """Each class is a range of figures as shown, and no two ranges share an end."""
    from decimal import Decimal

    scale = MapScale(tuple(Decimal(e) for e in edges))
    assert scale.labels(MEASURES[measure]) == labels


@pytest.mark.parametrize(
    ("value", "label"),
    [(0.6449, "60% to 64%"), (0.645, "65% to 69%"), (0.995, "80% or more"), (0.1, "Under 60%")],
)
def test_a_figure_is_classed_as_it_is_shown(value, label):
    """64.49% shows as 64% and 64.5% as 65%: each lands in the class its shown figure names."""
    from decimal import Decimal

    scale = MapScale(tuple(Decimal(e) for e in (60, 65, 70, 80)))
    assert scale.labels(UPHOLD)[scale.class_of(UPHOLD, value)] == label


@given(st.lists(st.floats(min_value=0, max_value=1, allow_nan=False), max_size=60))
def test_chosen_classes_keep_order_and_are_round(values):
    """Up to five classes with edges at whole multiples of 5%; a higher figure never falls in a
    lower class, and the lowest and highest figure each have a class of their own side."""
    scale = map_scale_choose(measure=UPHOLD, values=values)
    assert len(scale.edges) < MAP_CLASSES
    assert all(edge % 5 == 0 for edge in scale.edges)
    assert list(scale.edges) == sorted(set(scale.edges))
    classes = [scale.class_of(UPHOLD, v) for v in sorted(values)]
    assert classes == sorted(classes)
    if values:
        assert len(scale.labels(UPHOLD)) == len(scale.edges) + 1
        assert classes[0] == 0 and classes[-1] == len(scale.edges)


@pytest.mark.django_db
def test_summary_is_one_short_sentence(two_years):
    """What the live region announces after a change names the choice and the counts."""
    page = map_page_build(year="2023-24", measure="uphold_rate", layer="ltla")
    assert page.summary == (
        "Showing uphold rate, 2023-24, districts, unitary councils, metropolitan and London "
        "boroughs: 296 councils, 1 with too few cases to colour."
    )
    county = map_page_build(year="2023-24", measure="compliance_rate", layer="cty")
    assert county.summary == "Showing compliance rate, 2023-24, county councils: 21 councils."


@pytest.mark.django_db
def test_per_100k_twins_carry_the_group_comparison_as_values(client):
    """The map's CSV has each council's group figure and ratio to it as numbers."""
    ReportingYearFactory(first_year=2023, published=True)
    _decisions(Organisation.objects.get(slug="bromsgrove"), year=2023, upheld=12)
    body = client.get("/index.csv?measure=upheld_per_100k").content.decode("utf-8-sig")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(body))}
    bromsgrove = rows["Bromsgrove District Council"]
    assert bromsgrove["status"] == AREA_SHOWN
    ratio, group, value = (float(bromsgrove[k]) for k in ("ratio_to_group", "group_value", "value"))
    assert ratio == pytest.approx(value / group) and group < value
    assert rows["Council of the Isles of Scilly"]["ratio_to_group"] == ""


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_lightest_colour_stands_out_from_the_page():
    """The lightest class meets 3:1 against the page's white, or its areas (and the hatched
    ones) and the key's swatches are outlined in a colour that does (computed from site.css)."""
    css = STYLESHEET.read_text()
    fill = re.search(r"\.app-q0\{fill:(#[0-9a-f]+)\}", css).group(1)
    if _contrast(fill, "#ffffff") >= 3:
        return
    outline = re.search(
        r"\.app-map path\.app-q0,\.app-map path\.app-nd\{stroke:(#[0-9a-f]+)\}", css
    ).group(1)
    assert _contrast(outline, "#ffffff") >= 3
    assert _contrast(outline, fill) >= 3
    swatch = re.search(r"\.app-swatch\{[^}]*border:1px solid (#[0-9a-f]+)", css).group(1)
    assert _contrast(swatch, "#ffffff") >= 3


def test_figures_bunched_at_the_top_still_get_classes_below_it():
    """When most councils comply in every case, the councils below 100% are split again: 55%
    and 99% do not share a colour."""
    compliance = MEASURES["compliance_rate"]
    values = [1.0] * 80 + [0.55, 0.62, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.96, 0.99] * 2
    scale = map_scale_choose(measure=compliance, values=values)
    assert scale.edges[-1] == 100
    assert len(scale.edges) == MAP_CLASSES - 1
    assert scale.class_of(compliance, 0.55) != scale.class_of(compliance, 0.99)
    assert scale.labels(compliance)[-1] == "100%"
