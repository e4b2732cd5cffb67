"""How much of the demo an export into an earlier export renders, by fingerprints alone.

Computes the page families' fingerprints (opendata/fingerprints.py) on a scratch copy of the
demo's data folder before and after each change, and counts the units (a decision's page, a
council's pages of one year) whose fingerprint changed: those an export renders again. Much
cheaper than the exports themselves (benchmarks/export_incremental.py), so it can be run on a
busy machine; prints each step's CPU time and the load average.

    ANNUAL_REVIEW_DATA_DIR=/tmp/export-demo .venv/bin/python -P benchmarks/export_units.py \\
        --scratch /tmp/export-units
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from export_incremental import _REVISE  # noqa: E402

_DIGESTS = """
import json, os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
django.setup()
from annual_review.opendata import fingerprints
started, cpu = time.perf_counter(), time.process_time()
layout = fingerprints.layout_digest()
decisions = fingerprints.decisions_digests(layout=layout)
decisions_s = time.process_time() - cpu
councils = fingerprints.council_years_digests(layout=layout, decisions=decisions)
json.dump({"decisions": decisions.by_reference,
           "councils": {f"{s}/{y}": d for (s, y), d in councils.items()},
           "cpu_s": round(time.process_time() - cpu, 2),
           "decisions_cpu_s": round(decisions_s, 2),
           "wall_s": round(time.perf_counter() - started, 2)}, open(sys.argv[1], "w"))
"""


def _digests(env: dict[str, str], out: Path) -> dict:
    subprocess.run([sys.executable, "-c", _DIGESTS, str(out)], env=env, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def _changed(before: dict, after: dict, case: str) -> None:
    result: dict[str, object] = {"case": case, "load": os.getloadavg()[0]}
    for family in ("councils", "decisions"):
        old, new = before[family], after[family]
        result[family] = {
            "units": len(new),
            "to_render": sum(1 for k, d in new.items() if old.get(k) != d),
        }
    result["fingerprints_cpu_s"] = after["cpu_s"]
    result["of_which_decisions_cpu_s"] = after["decisions_cpu_s"]
    result["fingerprints_wall_s"] = after["wall_s"]
    print(json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scratch", type=Path, required=True)
    args = parser.parse_args()
    data = args.scratch / "data"
    env = dict(os.environ, ANNUAL_REVIEW_DATA_DIR=str(data))
    if (args.scratch / "compliance.json").exists():  # a run stopped before its last step
        previous = json.loads((args.scratch / "compliance.json").read_text())
        _corrections(env, args.scratch, previous, cases=("outcome",))
        return
    if (args.scratch / "again.json").exists():  # a run stopped after its first steps
        _corrections(env, args.scratch, json.loads((args.scratch / "again.json").read_text()))
        return
    shutil.copytree(Path(os.environ["ANNUAL_REVIEW_DATA_DIR"]), data)
    database = sqlite3.connect(data / "annual-review.sqlite3")
    latest = database.execute("SELECT max(label) FROM years_reportingyear").fetchone()[0]
    when = database.execute(
        "SELECT publish_at FROM years_reportingyear WHERE label = ?", (latest,)
    ).fetchone()[0]
    with database:
        database.execute(
            "UPDATE years_reportingyear SET publish_at = '2099-07-24 09:00:00' WHERE label = ?",
            (latest,),
        )
    held = _digests(env, args.scratch / "held.json")
    with database:
        database.execute(
            "UPDATE years_reportingyear SET publish_at = ? WHERE label = ?", (when, latest)
        )
    database.close()
    published = _digests(env, args.scratch / "published.json")
    _changed(held, published, f"{latest} published")
    again = _digests(env, args.scratch / "again.json")
    _changed(published, again, "nothing changed")
    _corrections(env, args.scratch, again)


def _corrections(
    env: dict[str, str],
    scratch: Path,
    previous: dict,
    cases: tuple[str, ...] = ("compliance", "outcome"),
) -> None:
    database = sqlite3.connect(scratch / "data" / "annual-review.sqlite3")
    latest = database.execute("SELECT max(label) FROM years_reportingyear").fetchone()[0]
    database.close()
    for how in cases:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", _REVISE, latest, how], env=env, cwd=ROOT, check=True)
        print(json.dumps({"revised": how, "s": round(time.perf_counter() - started, 1)}))
        after = _digests(env, scratch / f"{how}.json")
        _changed(previous, after, f"one council's {latest} figures corrected ({how})")
        previous = after


if __name__ == "__main__":
    main()
