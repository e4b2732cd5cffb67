"""Properties of imports, for any valid file: importing twice changes nothing, edits update."""

import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annual_review.casework.models import Category, Decision, Outcome
from annual_review.statistics.selectors import statistics_compute
from tests.examples import examples
from tests.imports.files import database_snapshot, decisions_text, import_content

pytestmark = pytest.mark.django_db

ORGANISATIONS = ["E07000234", "BRM", "Bromsgrove DC", "E08000016", "BNS", "Adur", "E09000001"]
decision_rows = st.lists(
    st.tuples(
        st.sampled_from(ORGANISATIONS),
        st.dates(min_value=date(2022, 4, 1), max_value=date(2025, 3, 31)),
        st.sampled_from([label for _, label in Category.choices] + list(Category.values)),
        st.sampled_from(list(Outcome.values) + [label for _, label in Outcome.choices]),
        st.booleans(),
        st.booleans(),
        st.sampled_from(["", "Summary", 'A, quoted "summary"', "Ünïcode"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=25,
)


def _csv(rows: list[tuple]) -> str:
    lines = []
    for number, (org, day, category, outcome, remedy, public, summary, uk_date) in enumerate(rows):
        upheld = outcome in ("upheld", "Upheld")
        shown = day.strftime("%d/%m/%Y") if uk_date else day.isoformat()
        quoted = '"' + summary.replace('"', '""') + '"'
        lines.append(
            f'REF{number:05d},{org},{shown},,"{category}",{outcome},'
            f"{'yes' if remedy and upheld else 'no'},{'yes' if public else ''},{quoted}"
        )
    return decisions_text(*lines)


def _in_rollback(check):
    """Run one example inside a savepoint that is rolled back, so examples do not interact."""
    with transaction.atomic():
        try:
            check()
        finally:
            transaction.set_rollback(True)


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decision_rows)
def test_importing_a_file_twice_changes_nothing(rows):
    """For any valid decisions file, a second import finds every row unchanged."""

    def check() -> None:
        with tempfile.TemporaryDirectory() as folder:
            first = import_content(Path(folder), "decisions", _csv(rows))
            assert first.ok, [str(e) for e in first.errors]
            assert first.created == len(rows)
            before = database_snapshot()
            second = import_content(Path(folder), "decisions", _csv(rows))
            assert (second.created, second.updated, second.unchanged) == (0, 0, len(rows))
            after = database_snapshot()
            after.pop("ImportRecord"), before.pop("ImportRecord")
            assert after == before

    _in_rollback(check)


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decision_rows, st.data())
def test_a_corrected_row_updates_only_that_record(rows, data):
    """Changing one row's outcome updates that decision and leaves every other row unchanged."""
    position = data.draw(st.integers(0, len(rows) - 1))
    org, day, category, outcome, remedy, public, summary, uk = rows[position]
    new_outcome = "advice_given" if outcome in ("upheld", "Upheld") else "upheld"
    corrected = list(rows)
    corrected[position] = (org, day, category, new_outcome, False, public, summary, uk)

    def check() -> None:
        with tempfile.TemporaryDirectory() as folder:
            import_content(Path(folder), "decisions", _csv(rows))
            report = import_content(Path(folder), "decisions", _csv(corrected))
            assert (report.created, report.updated, report.unchanged) == (0, 1, len(rows) - 1)
            assert Decision.objects.get(reference=f"REF{position:05d}").outcome == new_outcome

    _in_rollback(check)


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decision_rows)
def test_imported_counts_add_up_in_the_statistics(rows):
    """Every imported decision of a year is counted once: outcomes and categories both add up."""

    def check() -> None:
        with tempfile.TemporaryDirectory() as folder:
            assert import_content(Path(folder), "decisions", _csv(rows)).ok
        stats = statistics_compute(year="2023-24")
        in_year = Decision.objects.filter(
            decision_date__range=(stats.period.start, stats.period.end)
        )
        assert sum(o.counts.decisions for o in stats.organisations) == in_year.count()
        for row in stats.organisations:
            assert sum(row.counts.categories.values()) == row.counts.decisions
            assert row.investigations == row.upheld + row.counts.not_upheld
            assert row.satisfactory_remedies <= row.upheld
            for measure in ("uphold_rate", "compliance_rate", "satisfactory_remedy_rate"):
                value = getattr(row, measure)
                assert value is None or 0 <= value <= 1
        for group in stats.groups.values():
            members = [o for o in stats.organisations if o.comparison_group == group.group]
            for measure in ("uphold_rate", "upheld_per_100k", "satisfactory_remedy_rate"):
                values = [getattr(m, measure) for m in members if getattr(m, measure) is not None]
                average = getattr(group, measure)
                assert (average is None) == (not values)
                if values:
                    assert min(values) <= average <= max(values)

    _in_rollback(check)
