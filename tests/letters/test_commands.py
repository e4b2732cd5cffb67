"""The `letters` and `narrative` commands, through call_command."""

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annual_review.letters.batch import MANIFEST_NAME, OTHER_YEAR, UNKNOWN_FORMAT
from annual_review.letters.models import Narrative, OrganisationParagraph
from annual_review.letters.render import TEMPLATE_VERSION
from annual_review.letters.selectors import letter_build
from annual_review.letters.services import EMPTY_NARRATIVE
from annual_review.statistics.selectors import statistics_compute
from annual_review.workflow.management.commands.letters import UNKNOWN_ORGANISATION
from annual_review.workflow.management.commands.narrative import DRY_RUN

pytestmark = pytest.mark.django_db


def letters(*args: str) -> str:
    out = StringIO()
    call_command("letters", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST_NAME).read_text("utf-8"))


def test_named_organisations_get_pdf_and_html_with_a_manifest(tmp_path):
    """Files start with the GSS code; the manifest describes each one exactly."""
    output = letters(
        "2023-24",
        "--out",
        str(tmp_path),
        "--org",
        "BRM",
        "--org",
        "E06000001",
        "--date",
        "2024-07-17",
    )
    assert "4 written, 0 kept" in output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "E06000001-hartlepool.html",
        "E06000001-hartlepool.pdf",
        "E07000234-bromsgrove.html",
        "E07000234-bromsgrove.pdf",
        MANIFEST_NAME,
    ]
    described = manifest(tmp_path)
    assert described["year"] == "2023-24"
    entry = next(e for e in described["files"] if e["file"] == "E07000234-bromsgrove.pdf")
    content = (tmp_path / entry["file"]).read_bytes()
    assert content.startswith(b"%PDF-")
    assert entry["organisation"] == {
        "code": "BRM",
        "gss_code": "E07000234",
        "name": "Bromsgrove District Council",
    }
    assert (entry["year"], entry["format"], entry["bytes"]) == ("2023-24", "pdf", len(content))
    assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    assert entry["template_version"] == TEMPLATE_VERSION
    assert len(entry["statistics_sha256"]) == 64


def test_a_rerun_keeps_valid_files_and_remakes_the_rest(tmp_path):
    """Resuming: unchanged files are kept; damaged, missing or unrecorded ones are made again."""
    args = (
        "2023-24",
        "--out",
        str(tmp_path),
        "--org",
        "BRM",
        "HPL",  # --org takes several codes, or is repeated
        "--date",
        "2024-07-17",
    )
    letters(*args)
    assert "0 written, 4 kept" in letters(*args)

    (tmp_path / "E07000234-bromsgrove.pdf").write_bytes(b"%PDF- damaged")
    (tmp_path / "E06000001-hartlepool.html").unlink()
    assert "2 written, 2 kept" in letters(*args)

    # An interrupted run may have written a file but not yet recorded it: it is not trusted.
    described = manifest(tmp_path)
    described["files"] = [e for e in described["files"] if e["file"] != "E06000001-hartlepool.pdf"]
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(described))
    assert "1 written, 3 kept" in letters(*args)
    assert len(manifest(tmp_path)["files"]) == 4


def test_a_changed_letter_is_made_again(tmp_path):
    """A new date (or any change in what the letter says) means a new file."""
    letters("2023-24", "--out", str(tmp_path), "--org", "BRM", "--date", "2024-07-17")
    output = letters("2023-24", "--out", str(tmp_path), "--org", "BRM", "--date", "2024-07-18")
    assert "2 written, 0 kept" in output


def test_format_html_only(tmp_path):
    """--format html writes no PDF."""
    letters("2023-24", "--out", str(tmp_path), "--org", "BRM", "--format", "html")
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".json"]


def test_every_core_renders_the_same_files_as_one(tmp_path):
    """Worker processes (spawned) write the same bytes as rendering in this process."""
    codes = ["BRM", "HPL", "MDB", "E06000003", "E06000004", "E06000005", "E06000006", "E06000007"]
    args = [arg for code in codes for arg in ("--org", code)]
    output = letters(
        "2023-24", "--out", str(tmp_path / "two"), "--processes", "2", "--date", "2024-07-17", *args
    )
    assert "16 written, 0 kept" in output and "2 processes" in output
    letters(
        "2023-24", "--out", str(tmp_path / "one"), "--processes", "1", "--date", "2024-07-17", *args
    )
    one = {e["file"]: e["sha256"] for e in manifest(tmp_path / "one")["files"]}
    two = {e["file"]: e["sha256"] for e in manifest(tmp_path / "two")["files"]}
    assert one == two and len(one) == 16


def test_unknown_organisation_and_format_are_refused(tmp_path):
    """Mistyped codes and formats stop the command with a message saying what was wrong."""
    with pytest.raises(CommandError) as error:
        letters("2023-24", "--out", str(tmp_path), "--org", "NOWHERE")
    assert str(error.value) == UNKNOWN_ORGANISATION.format(value="NOWHERE")
    with pytest.raises(CommandError) as error:
        letters("2023-24", "--out", str(tmp_path), "--format", "docx")
    assert str(error.value) == UNKNOWN_FORMAT.format(value="docx", choices="pdf, html")


def test_a_folder_of_another_year_is_refused(tmp_path):
    """One folder per year: a manifest of 2022-23 is not overwritten by 2023-24's letters."""
    letters("2022-23", "--out", str(tmp_path), "--org", "BRM", "--format", "html")
    with pytest.raises(CommandError) as error:
        letters("2023-24", "--out", str(tmp_path), "--org", "BRM")
    assert str(error.value) == OTHER_YEAR.format(folder=tmp_path, found="2022-23", year="2023-24")


def narrative(*args: str) -> str:
    out = StringIO()
    call_command("narrative", *args, stdout=out)
    return out.getvalue()


def test_narrative_is_a_dry_run_until_commit(tmp_path, bromsgrove):
    """Loading a narrative checks it first; --commit stores it and letters use it."""
    path = tmp_path / "ombudsman-2023-24.md"
    path.write_text("## This year\n\nOur own words for {year}.\n", "utf-8")
    output = narrative("2023-24", str(path))
    assert output.strip() == DRY_RUN.format(
        what="the 2023-24 narrative from ombudsman-2023-24.md", blocks=2
    )
    assert not Narrative.objects.exists()

    narrative("2023-24", str(path), "--date", "2024-07-17", "--commit")
    stored = Narrative.objects.get(reporting_year="2023-24")
    assert (stored.source_name, str(stored.letter_date)) == ("ombudsman-2023-24.md", "2024-07-17")
    letter = letter_build(
        organisation=bromsgrove, year="2023-24", stats=statistics_compute(year="2023-24")
    )
    assert [b.inlines[0].text for b in letter.narrative] == [
        "This year",
        "Our own words for 2023-24.",
    ]
    assert narrative("2023-24").startswith("## This year")


def test_organisation_paragraph_is_loaded_and_removed(tmp_path, bromsgrove):
    """--org stores one organisation's paragraph; an empty file removes it."""
    path = tmp_path / "bromsgrove.md"
    path.write_text("We are concerned about delays.", "utf-8")
    narrative("2023-24", str(path), "--org", "Bromsgrove", "--commit")
    assert OrganisationParagraph.objects.get().body == "We are concerned about delays."
    path.write_text("", "utf-8")
    narrative("2023-24", str(path), "--org", "BRM", "--commit")
    assert not OrganisationParagraph.objects.exists()


def test_empty_narrative_is_refused(tmp_path):
    """A year's narrative cannot be empty."""
    path = tmp_path / "empty.md"
    path.write_text("\n", "utf-8")
    with pytest.raises(CommandError) as error:
        narrative("2023-24", str(path), "--commit")
    assert str(error.value) == EMPTY_NARRATIVE


def test_an_interrupted_batch_records_every_file_it_finished(tmp_path):
    """Ctrl-C mid-batch: every file written is in the manifest, and a rerun makes only the rest."""
    from annual_review.letters.batch import letters_write
    from annual_review.register.models import Organisation

    organisations = list(Organisation.objects.filter(end_date=None).order_by("gss_code")[:40])

    def interrupt(done: int, total: int) -> None:
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        letters_write(
            year="2023-24",
            folder=tmp_path,
            organisations=organisations,
            formats=["html"],
            processes=2,
            stats=statistics_compute(year="2023-24"),
            progress=interrupt,
        )
    on_disk = {p.name for p in tmp_path.glob("*.html")}
    recorded = {e["file"] for e in manifest(tmp_path)["files"]}
    assert 4 <= len(on_disk) < 40
    assert recorded == on_disk
    report = letters_write(
        year="2023-24",
        folder=tmp_path,
        organisations=organisations,
        formats=["html"],
        stats=statistics_compute(year="2023-24"),
    )
    assert (report.kept, report.written) == (len(on_disk), 40 - len(on_disk))


class _Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_only(tmp_path):
    """A terminal sees a progress bar rewritten in place; a log (not a terminal) sees none."""
    terminal = _Terminal()
    call_command(
        "letters",
        "2023-24",
        "--out",
        str(tmp_path / "a"),
        "--org",
        "BRM",
        stdout=StringIO(),
        stderr=terminal,
    )
    assert "\r[" in terminal.getvalue() and "2/2 files" in terminal.getvalue()
    log = StringIO()
    call_command(
        "letters",
        "2023-24",
        "--out",
        str(tmp_path / "b"),
        "--org",
        "BRM",
        stdout=StringIO(),
        stderr=log,
    )
    assert log.getvalue() == ""
