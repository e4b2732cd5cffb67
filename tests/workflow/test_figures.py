"""Published means frozen: every public reader shows the figures frozen at publication; late
records move nothing until a revision, prepared and approved by two people, is published."""

import csv
import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annual_review.opendata.services import site_export
from annual_review.register.models import Organisation
from annual_review.web.caching import caches_clear
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.figures import published_figures
from annual_review.workflow.models import YearFigures
from annual_review.workflow.publication import publish_due
from annual_review.workflow.revisions import (
    REVISION_APPROVER_IS_PREPARER,
    REVISION_IN_PROGRESS,
    late_changes,
    revision_approve,
    revision_prepare,
    revision_schedule,
)
from annual_review.years.models import ReportingYear
from tests.factories import DecisionFactory, ReportingYearFactory
from tests.public.conftest import demo_label as demo_label
from tests.workflow.frozen_year import (
    LATE_REFERENCE,
    REASON,
    YEAR,
    fresh_caches,  # noqa: F401 (a fixture, autouse)
    late_decision_import,
    published_year,  # noqa: F401 (the fixture "published")
)


def _public_figures(client: Client, tmp_path: Path, name: str) -> dict[str, object]:
    """Bromsgrove's uphold figures as every public reader gives them."""
    page = client.get(f"/councils/bromsgrove/{YEAR}/").content.decode()
    twin = client.get(f"/councils/bromsgrove/{YEAR}.json").json()["data"]
    api = client.get(f"/api/v1/years/{YEAR}/statistics/BRM.json").json()["statistics"]
    download = client.get(f"/downloads/{YEAR}/statistics.csv").content.decode()
    row = next(r for r in csv.DictReader(io.StringIO(download)) if r["organisation_code"] == "BRM")
    query = f"year={YEAR}&measure=upheld_per_100k&layer=ltla"
    table = client.get(f"/index.json?{query}").json()["data"]["table"]
    on_map = next(a for a in table if a["name"].startswith("Bromsgrove"))
    export = tmp_path / name
    site_export(directory=export, made_at=timezone.now(), site_pages=False)
    exported = json.loads(
        (export / f"api/v1/years/{YEAR}/statistics/BRM.json").read_text(encoding="utf-8")
    )["statistics"]
    return {
        "page": re.search(r"made (\d+) decision", page).group(1),  # type: ignore[union-attr]
        "page_rate": twin["statistics"][0]["value_text"],
        "twin_decisions": twin["decisions_total"],
        "api": (api["upheld"], api["investigations"], api["uphold_rate"]),
        "download": (row["upheld"], row["investigations"], row["uphold_rate"]),
        # The map's own value (its colour hatches below ten upheld decisions, so not its text).
        "map": on_map["value"],
        "export": (exported["upheld"], exported["investigations"], exported["uphold_rate"]),
    }


@pytest.mark.export  # exports the data several times (make test-fast leaves it out)
def test_late_records_change_nothing_public_until_a_revision_is_published(
    published, tmp_path, analyst, approver
):
    """Acceptance: after publication an upheld decision is imported; every public figure (page,
    twin, API, download, map, export) stays as published, while the decision is listed. A
    revision with a reason, prepared by one person and approved by another, then publishes the
    new figures at its time: the council page gives the reason, the API and the revisions page
    list it, and the earlier version stays downloadable."""
    client = Client()
    before = _public_figures(client, tmp_path, "before")
    assert before["api"] == (3, 4, 0.75)
    first_csv = client.get(f"/downloads/{YEAR}/statistics.csv").content

    late_decision_import(tmp_path)
    after_import = _public_figures(client, tmp_path, "after-import")
    assert after_import == before
    caches_clear()  # not the cache: the frozen rows themselves
    assert _public_figures(client, tmp_path, "after-clear") == before
    # The late decision is a published statement: listed and on its own page.
    assert LATE_REFERENCE in client.get(f"/councils/bromsgrove/{YEAR}/").content.decode()
    assert client.get(f"/decisions/{LATE_REFERENCE}/").status_code == 200
    assert "Figures as published on" in client.get(f"/councils/bromsgrove/{YEAR}/").content.decode()

    # Staff see what a revision would change, per organisation.
    year = ReportingYear.objects.get(label=YEAR)
    (change,) = late_changes(year=year)
    assert change.code == "BRM" and change.records == 1
    assert change.summary == f"1 record since publication would change {change.figures} figures"
    staff = Client()
    staff.force_login(analyst)
    assert change.summary in staff.get(reverse("staff:year", args=[YEAR])).content.decode()

    # Prepared by the analyst (through the staff page); approved by someone else.
    response = staff.post(reverse("staff:revision-prepare", args=[YEAR]), {"reason": REASON})
    assert response.status_code == 302
    revision = YearFigures.objects.get(year=year, number=2)
    with pytest.raises(WorkflowError, match=re.escape(REVISION_IN_PROGRESS.format(year=YEAR))):
        revision_prepare(year=year, actor=approver, reason="again")
    with pytest.raises(WorkflowError, match=re.escape(REVISION_APPROVER_IS_PREPARER)):
        revision_approve(revision=revision, actor=analyst)
    revision_approve(revision=revision, actor=approver)
    revision_schedule(
        revision=revision, publish_at=timezone.now() + timedelta(hours=1), actor=approver
    )
    assert _public_figures(client, tmp_path, "scheduled") == before  # not yet its time

    # Its time comes.
    YearFigures.objects.filter(pk=revision.pk).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    revised = _public_figures(client, tmp_path, "revised")
    assert revised["api"] == (4, 5, 0.8)
    assert revised["download"] == ("4", "5", "0.8")
    assert revised["export"] == revised["api"]
    assert revised["twin_decisions"] == 5 and revised["map"] == pytest.approx(4.0)
    assert before["map"] == pytest.approx(3.0)
    page = client.get(f"/councils/bromsgrove/{YEAR}/").content.decode()
    assert f"Revised on {timezone.localtime(timezone.now()).day}" in page
    assert REASON in page
    assert f"/downloads/{YEAR}/v1/statistics.csv" in page
    twin = client.get(f"/councils/bromsgrove/{YEAR}.json").json()["data"]
    assert twin["figures"]["version"] == 2

    versions = client.get(f"/api/v1/years/{YEAR}/versions.json").json()["versions"]
    assert [(v["number"], v["reason"]) for v in versions] == [(2, REASON), (1, None)]
    old = client.get(f"/api/v1/years/{YEAR}/versions/1/statistics.json").json()
    assert old["version"]["number"] == 1
    assert next(o for o in old["organisations"] if o["organisation_code"] == "BRM")["upheld"] == 3
    assert client.get(f"/api/v1/years/{YEAR}/versions/3/statistics.json").status_code == 404

    assert REASON in client.get("/revisions/").content.decode()
    assert client.get("/revisions.json").json()["data"]["revisions"][0][0] == YEAR
    assert REASON in client.get("/revisions.csv").content.decode("utf-8-sig")
    assert client.get(f"/downloads/{YEAR}/v1/statistics.csv").content == first_csv
    second = client.get(f"/downloads/{YEAR}/v2/statistics.csv").content.decode()
    row = next(r for r in csv.DictReader(io.StringIO(second)) if r["organisation_code"] == "BRM")
    assert (row["upheld"], row["investigations"]) == ("4", "5")
    about = json.loads(client.get(f"/downloads/{YEAR}/statistics.json").content)["about"]
    assert about["figures_version"]["number"] == 2
    assert about["figures_version"]["reason"] == REASON
    exported = tmp_path / "revised"
    assert (exported / f"downloads/{YEAR}/v1/statistics.csv").read_bytes() == first_csv
    _downloads_page_lists_every_version(client, first_published=year.publish_at)


def _downloads_page_lists_every_version(client: Client, *, first_published: datetime) -> None:
    """The year's downloads page lists each version, newest first, with its files, the day it
    was published and its reason; every listed file downloads."""
    page = client.get(f"/downloads/{YEAR}/").content.decode()
    rows = re.findall(
        r"<tr class=\"govuk-table__row\"><th scope=\"row\"[^>]*>Version (.*?)</tr>", page
    )
    assert [row.split("<")[0] for row in rows] == ["2 (current)", "1"]
    newest, first = rows
    today = timezone.localtime(timezone.now())
    assert f">{today.day} {today:%B %Y}</time>" in newest and REASON in newest
    day = timezone.localtime(first_published)
    assert f">{day.day} {day:%B %Y}</time>" in first and "First publication" in first
    for number, row in ((2, newest), (1, first)):
        links = re.findall(r'href="([^"]+)"', row)
        assert links == [
            f"/downloads/{YEAR}/v{number}/{name}"
            for name in ("statistics.csv", "statistics.json", "statistics.xlsx")
        ]
        for link in links:
            assert client.get(link).status_code == 200, link


def test_no_public_page_computes_a_published_years_statistics(
    published,
    client,
    monkeypatch,
    demo_label,  # noqa: F811 - the fixture imported above
):
    """Once a year is published (and frozen), every public page type, twin, API resource and
    download of it is drawn without `statistics_compute`: only the frozen rows are read."""
    from annual_review.statistics import selectors as statistics
    from annual_review.workflow import figures
    from annual_review.workflow import selectors as workflow_selectors

    def refuse(**_: object) -> None:
        raise AssertionError("statistics_compute called for a public page")

    # Every module that imports it (the letters take theirs from `figures.letters_figures`).
    for module in (statistics, figures, workflow_selectors):
        monkeypatch.setattr(module, "statistics_compute", refuse)
    reference = "23000009"
    DecisionFactory(organisation=published, decision_date=date(2023, 9, 1), reference=reference)
    addresses = [
        "/",
        "/index.json",
        "/index.csv",
        f"/?year={YEAR}&measure=compliance_rate&layer=cty&fragment=map",
        "/councils/",
        "/councils.json",
        "/councils.csv",
        "/councils/bromsgrove/",
        "/councils/bromsgrove.json",
        f"/councils/bromsgrove/{YEAR}/",
        f"/councils/bromsgrove/{YEAR}.json",
        f"/councils/bromsgrove/{YEAR}/decisions.csv",
        f"/councils/bromsgrove/{YEAR}/letter/",
        f"/councils/worcester/{YEAR}/",
        "/decisions/",
        "/decisions.json",
        f"/decisions/{reference}/",
        f"/decisions/{reference}.json",
        "/about/",
        "/revisions/",
        "/revisions.json",
        "/revisions.csv",
        "/sitemap.xml",
        "/api/v1/years.json",
        f"/api/v1/years/{YEAR}.json",
        f"/api/v1/years/{YEAR}/statistics.json",
        f"/api/v1/years/{YEAR}/statistics/BRM.json",
        f"/api/v1/years/{YEAR}/versions.json",
        f"/api/v1/years/{YEAR}/versions/1/statistics.json",
        f"/api/v1/years/{YEAR}/letters.json",
        "/downloads/",
        f"/downloads/{YEAR}/",
        f"/downloads/{YEAR}/v1/statistics.csv",
        f"/downloads/{YEAR}/v1/statistics.xlsx",
    ]
    from annual_review.opendata.catalogue import DOWNLOADS

    addresses += [f"/downloads/{YEAR}/{d.name}" for d in DOWNLOADS]
    for address in addresses:
        assert client.get(address).status_code == 200, address
    assert published_figures(year=YEAR).version.number == 1


def test_a_year_published_before_anyone_froze_it_is_frozen_on_first_read(db):
    """Between the publication time and the next `publish-due`, the first reader freezes the
    year's figures once (version 1); later reads and records do not move them."""
    bromsgrove = Organisation.objects.get(slug="bromsgrove")
    year = ReportingYearFactory(first_year=2023, label=YEAR, publish_at=timezone.now())
    DecisionFactory(organisation=bromsgrove, decision_date=date(2023, 6, 1), outcome="upheld")
    assert not YearFigures.objects.filter(year=year).exists()
    first = published_figures(year=YEAR)
    DecisionFactory(organisation=bromsgrove, decision_date=date(2023, 6, 2), outcome="upheld")
    caches_clear()
    again = published_figures(year=YEAR)
    assert YearFigures.objects.filter(year=year).count() == 1
    assert again.row_for("BRM") == first.row_for("BRM")
    assert again.row_for("BRM")["upheld"] == 1  # type: ignore[index]
    assert publish_due().figures_frozen == []


def test_frozen_statistics_rebuild_what_the_computation_gave(published):
    """The statistics rebuilt from a frozen version equal the computation they froze: every
    organisation's counts and every group's averages (so pages draw the same year)."""
    from annual_review.statistics.selectors import statistics_compute

    computed = statistics_compute(year=YEAR)
    frozen = published_figures(year=YEAR).statistics
    assert frozen.method == computed.method
    assert frozen.groups == computed.groups
    assert [(o.organisation_code, o.counts, o.population) for o in frozen.organisations] == [
        (o.organisation_code, o.counts, o.population) for o in computed.organisations
    ]
