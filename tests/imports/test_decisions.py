"""Importing valid files: what is written, recorded, updated, and what a dry run leaves alone."""

import hashlib
import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from annual_review.casework.models import ComplianceOutcome, Decision, Recommendation
from annual_review.imports.models import ImportRecord
from annual_review.register.models import Contact, Organisation
from tests.imports.files import DECISION_HEADER, database_snapshot, decisions_text

pytestmark = pytest.mark.django_db

ROWS = (
    "23500001,E07000234,2023-06-01,05/01/2023,Housing,upheld,yes,no,Summary one",
    "23500002,Bromsgrove DC,15/06/2023,,Planning and development,Not upheld,,,",
    "23500003,BRM,2023-07-01,,Adult care services,Incomplete/Invalid,no,yes,",
)


def test_decisions_are_written_with_parsed_values(run_import):
    """Codes, name variants, both date forms and human labels all land as stored values."""
    report = run_import("decisions", decisions_text(*ROWS))
    assert report.ok and report.committed
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    first = Decision.objects.get(reference="23500001")
    assert first.organisation.code == "BRM"
    assert first.decision_date == date(2023, 6, 1)
    assert first.received_date == date(2023, 1, 5)
    assert (first.category, first.outcome) == ("housing", "upheld")
    assert (first.satisfactory_remedy, first.public_report, first.summary) == (
        True,
        False,
        "Summary one",
    )
    second = Decision.objects.get(reference="23500002")
    assert (second.decision_date, second.received_date) == (date(2023, 6, 15), None)
    assert (second.category, second.outcome) == ("planning", "not_upheld")
    assert (second.satisfactory_remedy, second.public_report, second.summary) == (False, False, "")
    third = Decision.objects.get(reference="23500003")
    assert (third.category, third.outcome, third.public_report) == (
        "adult_care",
        "incomplete_or_invalid",
        True,
    )


def test_committed_import_is_recorded(run_import, tmp_path):
    """Each committed import records who, when, the file's checksum and the counts."""
    content = decisions_text(*ROWS)
    report = run_import("decisions", content, name="decisions-2023.csv")
    record = ImportRecord.objects.get()
    assert record.kind == "decisions"
    assert record.file_name == "decisions-2023.csv"
    assert record.sha256 == hashlib.sha256(content.encode()).hexdigest() == report.sha256
    assert record.imported_by == "tester"
    assert record.imported_at is not None
    assert (record.rows, record.created, record.updated, record.unchanged) == (3, 3, 0, 0)


def test_dry_run_writes_nothing_but_reports_what_it_would_do(run_import):
    """Without commit the file is validated and counted, and nothing is stored or recorded."""
    before = database_snapshot()
    report = run_import("decisions", decisions_text(*ROWS), commit=False)
    assert report.ok and not report.committed
    assert report.created == 3
    assert report.summary().endswith("Dry run: add --commit to write.")
    assert database_snapshot() == before


def test_importing_the_same_file_twice_changes_nothing(run_import):
    """The second import finds every row unchanged and writes nothing but its record."""
    run_import("decisions", decisions_text(*ROWS))
    before = database_snapshot()
    report = run_import("decisions", decisions_text(*ROWS))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    after = database_snapshot()
    assert after.pop("ImportRecord") != before.pop("ImportRecord")
    assert after == before


def test_a_corrected_row_updates_its_record(run_import):
    """A row whose values changed updates the stored decision, keeping its id."""
    run_import("decisions", decisions_text(*ROWS))
    original = Decision.objects.get(reference="23500002")
    corrected = ROWS[1].replace("Not upheld,,,", "upheld,yes,,Corrected")
    report = run_import("decisions", decisions_text(ROWS[0], corrected))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    updated = Decision.objects.get(reference="23500002")
    assert updated.id == original.id
    assert (updated.outcome, updated.satisfactory_remedy, updated.summary) == (
        "upheld",
        True,
        "Corrected",
    )
    assert Decision.objects.count() == 3


def test_optional_columns_left_out_keep_stored_values(run_import):
    """A file without the summary column does not blank the summaries already stored."""
    run_import("decisions", decisions_text(*ROWS))
    header = "reference,organisation,decision_date,category,outcome"
    report = run_import("decisions", f"{header}\n23500001,BRM,2023-06-01,Housing,upheld\n")
    assert (report.updated, report.unchanged) == (0, 1)
    assert Decision.objects.get(reference="23500001").summary == "Summary one"


def test_headers_are_case_insensitive_and_bom_is_skipped(run_import):
    """'Reference', 'DECISION DATE', 'Decision-Date' all match; a UTF-8 BOM is ignored."""
    header = (
        "Reference,ORGANISATION,Decision Date,received-date,Category,OutCome,"
        "Satisfactory_Remedy,Public Report,SUMMARY"
    )
    content = "\ufeff" + decisions_text(*ROWS, header=header)
    report = run_import("decisions", content.encode("utf-8"))
    assert report.ok, [str(e) for e in report.errors]
    assert Decision.objects.filter(reference__startswith="235000").count() == 3


def test_crlf_line_endings_blank_lines_and_quoted_newlines(run_import):
    """Windows line endings, blank lines and a summary spanning lines are read correctly."""
    content = decisions_text(
        ROWS[0], "", '23500004,BRM,2023-08-01,,Housing,upheld,,,"Two\nlines"', ROWS[2]
    ).replace("\n", "\r\n")
    report = run_import("decisions", content)
    assert report.ok, [str(e) for e in report.errors]
    assert Decision.objects.get(reference="23500004").summary == "Two\r\nlines"
    bad = decisions_text(ROWS[0], '23500005,BRM,2023-08-01,,Housing,upheld,,,"Two\nlines"', "x,y")
    [error] = run_import("decisions", bad).errors
    assert error.row == 5


def test_unknown_columns_are_ignored_with_a_warning(run_import):
    """Extra columns are reported as ignored, not refused."""
    report = run_import(
        "decisions", decisions_text(ROWS[0] + ",x", header=DECISION_HEADER + ",Caseworker")
    )
    assert report.ok
    assert report.warnings == ["Columns ignored: Caseworker"]


def test_xlsx_import_reads_dates_numbers_and_text(run_import):
    """An XLSX sheet with real date cells imports like the CSV."""
    book = Workbook()
    sheet = book.active
    sheet.append(DECISION_HEADER.split(","))
    sheet.append(["23500006", "E07000234", date(2023, 9, 1), None, "Housing", "upheld", "yes"])
    sheet.append([23500007, "BRM", date(2023, 9, 2), date(2023, 3, 1), "Housing", "Not upheld"])
    out = io.BytesIO()
    book.save(out)
    report = run_import("decisions", out.getvalue(), name="decisions.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert Decision.objects.get(reference="23500006").satisfactory_remedy is True
    assert Decision.objects.get(reference="23500007").received_date == date(2023, 3, 1)


def test_compliance_and_recommendations_attach_to_decisions(run_import):
    """Compliance outcomes and recommendations find their decision by reference."""
    run_import("decisions", decisions_text(*ROWS))
    report = run_import(
        "compliance", "reference,outcome_date,outcome\n23500001,2023-12-01,Satisfied late\n"
    )
    assert report.ok and report.created == 1
    report = run_import(
        "recommendations",
        "reference,kind,description,due_date,amount\n"
        '23500001,financial_remedy,Pay for distress,2023-09-01,"£1,250.50"\n'
        "23500001,Apology,Apologise in writing,,\n",
    )
    assert report.ok and report.created == 2
    assert ComplianceOutcome.objects.get().outcome == "satisfied_late"
    money = Recommendation.objects.get(kind="financial_remedy")
    assert str(money.amount) == "1250.50"
    again = run_import(
        "compliance", "reference,outcome_date,outcome\n23500001,2023-12-02,satisfied\n"
    )
    assert (again.created, again.updated) == (0, 1)
    assert ComplianceOutcome.objects.get().outcome == "satisfied"


def test_contacts_and_organisations_import(run_import):
    """Contacts are keyed by organisation, role and email; new organisations join the register."""
    report = run_import(
        "contacts",
        "organisation,role,honorific,first_name,last_name,job_title,email\n"
        "Bromsgrove DC,chief_executive,Ms,Jo,Bloggs,Chief Executive,jo@example.org\n",
    )
    assert report.ok and report.created == 1
    assert Contact.objects.get().organisation.code == "BRM"
    report = run_import(
        "organisations",
        "code,name,gss_code,comparison_group,parent\n"
        "XNP,Exmoor National Park Authority,E26000004,none,\n"
        "XTOWN,Bromsgrove Town Trust,,district,BRM\n",
    )
    assert report.ok, [str(e) for e in report.errors]
    park = Organisation.objects.get(code="XNP")
    assert (park.gss_code, park.comparison_group) == ("E26000004", "")
    assert Organisation.objects.get(code="XTOWN").parent.code == "BRM"
    decisions = run_import(
        "decisions", decisions_text("23500008,E26000004,2023-06-01,,Other,upheld,,,")
    )
    assert decisions.ok


def test_command_dry_run_and_commit(tmp_path):
    """`import decisions FILE` is a dry run; with --commit it writes and says so."""
    path = tmp_path / "decisions.csv"
    path.write_text(decisions_text(*ROWS))
    out = io.StringIO()
    call_command("import", "decisions", str(path), stdout=out)
    assert "Would import 3 row(s)" in out.getvalue()
    assert not Decision.objects.filter(reference__startswith="235000").exists()
    out = io.StringIO()
    call_command("import", "decisions", str(path), "--commit", "--user", "ana", stdout=out)
    assert "Imported 3 row(s) of decisions from decisions.csv: 3 new" in out.getvalue()
    assert ImportRecord.objects.get().imported_by == "ana"


def test_small_file_against_a_larger_table_looks_references_up(run_import):
    """One corrected row re-imported over many stored decisions updates just that one."""
    many = [f"2351{n:04d},BRM,2023-06-01,,Housing,upheld,,," for n in range(20)]
    run_import("decisions", decisions_text(*many))
    report = run_import(
        "decisions",
        decisions_text("23510007,BRM,2023-06-02,,Housing,upheld,,,", many[8]),
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Decision.objects.get(reference="23510007").decision_date == date(2023, 6, 2)
