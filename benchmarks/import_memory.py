"""Benchmark: peak memory (max RSS) and wall time of `annual-review import` on large files.

    .venv/bin/python benchmarks/import_memory.py --data-dir /tmp/imp-bench
    .venv/bin/python benchmarks/import_memory.py --data-dir /tmp/imp-bench-main \\
        --annual-review /work/main/.venv/bin/annual-review      # the same on another checkout

Each case runs the command in a fresh process on a fresh copy of a database that holds only the
register (made once with `annual-review setup`), and reads the peak resident memory of that
process and its children (the spawned checking process of a large committed file) from
`getrusage(RUSAGE_CHILDREN)` in a wrapper process of its own. Cases: a dry run of 1,000,000
decision rows (every row checked, nothing written), their first import (`--commit` into an
empty table, streamed), a re-import of the same file (all unchanged), and a dry run of an XLSX
workbook of about 100 MB. The files are made once, in the data folder, by the demo's generator
(`annual-review generate decisions`, every row with a summary) and, for the workbook, openpyxl's
write-only mode from the CSV's first rows.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
tail = (result.stdout + result.stderr).strip().splitlines()[-1:] or [""]
print(f"{result.returncode}\\t{elapsed:.1f}\\t{peak}\\t{tail[0][:200]}")
"""


def _run(command: list[str], env: dict[str, str]) -> tuple[int, float, int, str]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    code, elapsed, peak, tail = out.split("\t", 3)
    return int(code), float(elapsed), int(peak), tail


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Decisions" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def xlsx_write(source: Path, target: Path, *, megabytes: int) -> int:
    """Copy the CSV's rows into a workbook until it is `megabytes` big (packed), as inline-string
    cells in one sheet, streamed straight into the archive: a minute, where openpyxl's
    write-only mode took 30 minutes of a loaded machine for half the size."""
    import zipfile
    from xml.sax.saxutils import escape

    wanted = megabytes * 1024**2
    count = 0
    with target.open("wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in XLSX_PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            # Inline strings pack to about 48 bytes a row: 100 MB takes the CSV's rows twice,
            # the second time with their references suffixed ("B000000001R1") to stay unique.
            for lap in range(100):
                with source.open(newline="", encoding="utf-8") as rows:
                    reader = csv.reader(rows)
                    if lap:
                        next(reader)  # the header, once
                    for row in reader:
                        count += 1
                        if lap:
                            row[0] = f"{row[0]}R{lap}"
                        cells = "".join(
                            f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                            if value
                            else "<c/>"
                            for value in row
                        )
                        sheet.write(f'<row r="{count}">{cells}</row>'.encode())
                        if count % 10_000 == 0 and handle.tell() >= wanted:
                            break
                    else:
                        continue
                    break
            sheet.write(b"</sheetData></worksheet>")
    return count - 1  # data rows, without the header


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument(
        "--annual-review",
        default=str(Path(sys.executable).with_name("annual-review")),
        help="the command measured (default: this virtualenv's)",
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-mb", type=int, default=100)
    parser.add_argument("--cases", default="check,commit,reimport,xlsx")
    args = parser.parse_args()
    data = args.data_dir.resolve()
    data.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [args.annual_review]

    template = data / "template"
    if not (template / "annual-review.sqlite3").exists():
        template.mkdir(exist_ok=True)
        subprocess.run(
            [*command, "setup"],
            env={**env, "ANNUAL_REVIEW_DATA_DIR": str(template)},
            check=True,
            capture_output=True,
        )
    source = data / f"decisions-{args.rows}.csv"
    if not source.exists():
        subprocess.run(
            [*command, "generate", "decisions", "--count", str(args.rows), "--out", str(source)],
            env={**env, "ANNUAL_REVIEW_DATA_DIR": str(template)},
            check=True,
        )
    workbook = data / f"decisions-{args.xlsx_mb}mb.xlsx"
    cases = args.cases.split(",")
    if "xlsx" in cases and not workbook.exists():
        written = xlsx_write(source, workbook, megabytes=args.xlsx_mb)
        print(f"wrote {workbook.name}: {written:,} rows, {workbook.stat().st_size / 1e6:.0f} MB")

    print(f"measuring {args.annual_review}; load average {os.getloadavg()[0]:.1f}")
    runs = {
        "check": [(source, [])],
        "commit": [(source, ["--commit"])],
        "reimport": [(source, ["--commit"]), (source, ["--commit"])],
        "xlsx": [(workbook, [])],
    }
    for case in cases:
        work = data / f"run-{case}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template, work)
        run_env = {**env, "ANNUAL_REVIEW_DATA_DIR": str(work)}
        for path, flags in runs[case]:
            started = time.strftime("%H:%M:%S")
            code, elapsed, peak, tail = _run(
                [*command, "import", "decisions", str(path), *flags], run_env
            )
        print(
            f"{case}: {path.name} {' '.join(flags) or '(dry run)'}: exit {code}, {elapsed:.1f} s, "
            f"max RSS {peak:,} MB (started {started}, load {os.getloadavg()[0]:.1f}): {tail}"
        )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
