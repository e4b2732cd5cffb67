"""The map drawn from the bundled ONS boundaries."""

import gzip
import re

import pytest

from annual_review.public.maps import map_drawing
from annual_review.register.models import Organisation

PATH = re.compile(r"^(M-?\d+ -?\d+l(-?\d+[ -]?)*z)+$")


def test_every_area_has_a_closed_path():
    """Each of the 296 lower-tier and 21 county areas is drawn as one or more closed rings."""
    drawing = map_drawing()
    assert len(drawing.layers["ltla"]) == 296
    assert len(drawing.layers["cty"]) == 21
    for area in drawing.layers["ltla"] + drawing.layers["cty"]:
        assert PATH.match(area.path), area.name


@pytest.mark.django_db
def test_every_register_council_is_on_the_map():
    """The GSS codes of the boundaries are those of the register's councils, one for one."""
    drawing = map_drawing()
    on_map = {a.gss_code for layer in drawing.layers.values() for a in layer}
    in_register = set(
        Organisation.objects.filter(in_register=True).values_list("gss_code", flat=True)
    )
    assert on_map == in_register


def test_paths_stay_small():
    """Simplified and quantised, both layers' paths compress to well under the page budget."""
    drawing = map_drawing()
    text = "".join(a.path for layer in drawing.layers.values() for a in layer)
    assert len(gzip.compress(text.encode())) < 60_000


def test_drawing_keeps_englands_shape():
    """England is taller than it is wide, and every point lies inside the drawing."""
    drawing = map_drawing()
    assert drawing.height > drawing.width
    for area in drawing.layers["ltla"]:
        for ring in area.path.split("M")[1:]:
            x, y = (int(v) for v in re.match(r"(-?\d+) (-?\d+)", ring).groups())
            assert 0 <= x <= drawing.width and 0 <= y <= drawing.height


@pytest.mark.django_db
@pytest.mark.parametrize("first_year", [2019, 2020, 2021, 2022, 2023, 2024])
def test_each_years_map_draws_that_years_councils(first_year):
    """A year's map has one area for each council of that year (lower tier and counties)."""
    from annual_review.years.periods import ReportingPeriod

    drawing = map_drawing(first_year)
    on_map = [a.gss_code for layer in drawing.layers.values() for a in layer]
    in_year = Organisation.objects.in_period(ReportingPeriod(first_year))
    assert sorted(on_map) == sorted(in_year.values_list("gss_code", flat=True))


def test_the_2019_20_map_draws_northamptonshires_districts():
    """2019-20's map has Corby, Kettering and the other districts of Northamptonshire and its
    county council, and no North or West Northamptonshire; today's map the reverse."""
    districts = {f"E0700015{n}" for n in range(7)}  # Corby ... Wellingborough
    drawing = map_drawing(2019)
    lower = {a.gss_code for a in drawing.layers["ltla"]}
    assert districts <= lower
    assert not {"E06000061", "E06000062"} & lower
    assert "E10000021" in {a.gss_code for a in drawing.layers["cty"]}
    today = {a.gss_code for a in map_drawing().layers["ltla"]}
    assert {"E06000061", "E06000062"} <= today and not districts & today
