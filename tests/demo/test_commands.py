"""The `demo`, `generate` and `serve` commands, run as a person runs them."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from annual_review.casework.models import ComplianceOutcome, DatasetLabel, Decision, Recommendation
from annual_review.demo.management.commands.demo import BAD_YEARS
from annual_review.demo.selectors import DEMO_BUILT_NOTE, demo_is_complete
from annual_review.demo.services import NOT_A_DEMO_DATABASE
from annual_review.imports.core import import_run
from annual_review.imports.models import ImportRecord
from annual_review.register.models import Contact, Organisation
from annual_review.statistics.selectors import statistics_compute
from annual_review.years.models import ReportingYear
from tests.servers import free_port

pytestmark = pytest.mark.django_db


def _demo(tmp_path: Path, *args: str) -> str:
    out = StringIO()
    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def test_demo_builds_a_small_slice_end_to_end(tmp_path: Path) -> None:
    """`demo --no-serve --councils 12 --years 2023-24` generates, imports, labels and publishes."""
    output = _demo(tmp_path, "--councils", "12", "--years", "2023-24")

    assert "GENERATED, not real decisions" in output
    assert "Importing decisions.csv" in output
    assert "Statistics 2023-24:" in output
    assert "Demonstration database built" in output
    for name in ("decisions", "recommendations", "compliance", "contacts"):
        assert (tmp_path / "demo" / f"{name}.csv").is_file()

    organisations = set(Decision.objects.values_list("organisation__code", flat=True))
    assert len(organisations) == 12 and "BRM" in organisations
    assert Recommendation.objects.exists() and ComplianceOutcome.objects.exists()
    assert Contact.objects.count() == 48
    assert not Contact.objects.exclude(email__endswith="@example.org").exists()
    assert set(ImportRecord.objects.values_list("kind", flat=True)) == {
        "decisions",
        "recommendations",
        "compliance",
        "contacts",
    }
    label = DatasetLabel.objects.get()
    assert label.kind == DatasetLabel.Kind.DEMO
    assert label.note == DEMO_BUILT_NOTE.format(years="2023-24", councils=12)
    assert "not finished" not in label.note
    assert list(ReportingYear.objects.published().values_list("label", flat=True)) == ["2023-24"]
    brm = statistics_compute(year="2023-24").for_code("BRM")
    assert brm is not None and (brm.investigations, brm.upheld) == (2, 1)
    # Only the slice's councils get letters: Bromsgrove's (by its GSS code) among 12.
    letters = tmp_path / "letters" / "2023-24"
    assert list(letters.glob("E07000234*.pdf"))
    assert len(list(letters.glob("*.pdf"))) == 12

    again = _demo(tmp_path, "--councils", "12", "--years", "2023-24")
    assert "already holds the demonstration data" in again
    assert Decision.objects.count() == len(
        (tmp_path / "demo" / "decisions.csv").read_text().splitlines()[1:]
    )


def test_demo_fresh_rebuilds_from_scratch(tmp_path: Path) -> None:
    """`--fresh` empties a demonstration database and builds what is asked now."""
    _demo(tmp_path, "--councils", "3", "--years", "2023-24")
    output = _demo(tmp_path, "--fresh", "--councils", "5", "--years", "2024-25")
    assert "Emptying the previous demonstration database" in output
    assert Decision.objects.values("organisation").distinct().count() == 5
    assert not Decision.objects.filter(decision_date__lt="2024-04-01").exists()
    assert Organisation.objects.filter(in_register=True).count() == 317
    assert demo_is_complete()


def test_demo_refuses_a_database_with_real_records(tmp_path: Path, write_csv) -> None:  # noqa: ANN001
    """A database holding imported records not labelled as demo data is never touched."""
    path = write_csv(
        "reference,organisation,decision_date,category,outcome\n"
        "REAL-1,Bromsgrove,2023-05-02,Housing,Upheld\n"
    )
    assert import_run(kind="decisions", path=path, commit=True).ok
    for args in ((), ("--fresh",)):
        with pytest.raises(CommandError) as refused:
            _demo(tmp_path, "--councils", "2", "--years", "2023-24", *args)
        assert str(refused.value) == NOT_A_DEMO_DATABASE
    assert list(Decision.objects.values_list("reference", flat=True)) == ["REAL-1"]


def test_demo_rejects_unknown_years(tmp_path: Path) -> None:
    """Years outside the dataset are refused before anything is touched."""
    with pytest.raises(CommandError) as rejected:
        _demo(tmp_path, "--years", "2018-19")
    assert str(rejected.value).startswith(BAD_YEARS.split("{")[0])


def test_generate_decisions_writes_an_importable_benchmark_file(tmp_path: Path) -> None:
    """`generate decisions --count N` writes N valid rows with unique references."""
    path = tmp_path / "decisions.csv"
    out = StringIO()
    call_command("generate", "decisions", "--count", "3000", "--out", str(path), stdout=out)
    assert "3,000" in out.getvalue()
    report = import_run(kind="decisions", path=path)
    assert report.ok, report.errors[:3]
    assert (report.rows, report.created) == (3000, 3000)
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    assert len({row.split(",", 1)[0] for row in rows}) == 3000
    assert len({row.split(",")[2][:4] for row in rows}) >= 5  # dates over several years


@pytest.mark.slow
def test_serve_answers_on_the_printed_address(tmp_path: Path) -> None:
    """`annual-review serve --port N` starts gunicorn on 127.0.0.1:N and prints the address."""
    port = free_port()
    env = {
        **os.environ,
        "ANNUAL_REVIEW_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    }
    command = [sys.executable, "-m", "annual_review", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        status = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    status = reply.status
            except urllib.error.HTTPError as error:
                status = error.code  # any HTTP answer shows the server is up
            except OSError:
                time.sleep(0.3)
                continue
            break
        assert server.poll() is None, server.stdout.read() if server.stdout else ""
        assert status is not None
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"Serving http://127.0.0.1:{port}/" in output
    assert (tmp_path / "static").is_dir()
