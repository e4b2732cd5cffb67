"""Benchmark `annual-review export-site`: into an empty folder, after publishing one more year,
after correcting one council's figures; the Pagefind share of each; each bundle's size; and
the bytes a search fetches in Chromium (Playwright's network events), served by nginx with
deploy/nginx/export-site.conf. Everything runs on a scratch copy of the demo's data folder.

    ANNUAL_REVIEW_DATA_DIR=/tmp/export-demo .venv/bin/python -P benchmarks/export_incremental.py \\
        --scratch /tmp/export-bench

Steps, one at a time, each with the load average before it:
1. the demo's latest year held back (publish_at moved to 2099); full export into folder A;
2. that year published again; export into A (the incremental case "one more year");
3. one council's figures corrected, as staff correct them: a record changed, then a revision
   of the year's figures prepared, approved by someone else and public at once; export into A.
   Twice: (a) a compliance outcome of that year changed, of the first council that has one
   (its compliance rate changes; no search record does), (b) a Bromsgrove decision of that year (or
   the first council's, Bromsgrove having none) changed from "not upheld" to "upheld" (its record changes, so that year's bundle too);
4. full export of the same data into an empty folder B; A and B are compared file by file
   (Pagefind's unstably named index, filter and meta chunks aside, compared by count; see
   tests/export/test_incremental.py);
5. each bundle's size, then three searches in Chromium (cold cache each) on B served by nginx,
   with the bytes they fetched.

`--scale 0.25` (or 0.5, 2) instead: a copy of the demo with that share of its decisions (every
fourth or second kept, or each decision once more with " B" after its reference), exported
into an empty folder; the figures stay the frozen ones, only the decisions' number changes.
"""

import argparse
import json
import os
import re
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "annual_review"]
_STEP = re.compile(r"^\[\s*([0-9.]+)s\] (.*)$")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _export(env: dict[str, str], folder: Path, label: str) -> dict[str, object]:
    load = _load()
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [*CLI, "export-site", str(folder), "--processes", "2"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{label}: exit {done.returncode}\n{done.stdout}\n{done.stderr[-4000:]}")
    out = done.stdout
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    steps = [(float(m[1]), m[2]) for line in out.splitlines() if (m := _STEP.match(line))]
    total = float(re.search(r" in ([0-9.]+) s:", out).group(1))  # type: ignore[union-attr]
    pagefind = 0.0
    by_step: dict[str, float] = {}
    for (at, text), (after, _next) in zip(steps, [*steps[1:], (total, "")], strict=True):
        if text.startswith("Search bundle"):
            pagefind += after - at
        name = re.sub(r"[0-9,]+", "N", text)
        by_step[name] = round(by_step.get(name, 0.0) + after - at, 1)
    result = {
        "case": label,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "pagefind_s": round(pagefind, 1),
        "load_before": load,
        "load_after": _load(),
        "steps": by_step,
        "summary": out.strip().splitlines()[-1],
    }
    print(json.dumps(result), flush=True)
    return result


_UNSTABLE = (".pf_meta", ".pf_index", ".pf_filter")


def _tree(directory: Path) -> dict[str, str]:
    """Every file's sha256 by path, less Pagefind's unstably named chunks (counted instead)."""
    import hashlib

    found: dict[str, str] = {}
    for p in sorted(directory.rglob("*")):
        # The marker holds the export's time; the manifest lists the unstable chunks' sums.
        skipped = {"pagefind-entry.json", "export-manifest.json", ".annual-review-export"}
        if not p.is_file() or p.name in skipped:
            continue
        if p.suffix in _UNSTABLE:
            key = f"{p.parent.relative_to(directory)}/*{p.suffix}"
            found[key] = str(int(found.get(key, "0")) + 1)
        else:
            found[str(p.relative_to(directory))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


_REVISE = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
django.setup()
from datetime import date, timedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from annual_review.casework.models import ComplianceOutcome, Decision
from annual_review.workflow.revisions import revision_approve, revision_prepare
from annual_review.years.models import ReportingYear

label, how = sys.argv[1], sys.argv[2]
year = ReportingYear.objects.get(label=label)
start = date(year.first_year, 4, 1)
mine = Decision.objects.filter(organisation__code="BRM", decision_date__gte=start,
                               decision_date__lt=date(year.first_year + 1, 4, 1))
with transaction.atomic():
    if how == "compliance":
        # Bromsgrove has none in the demo's latest year: the first council's that has one.
        outcome = ComplianceOutcome.objects.filter(
            outcome_date__gte=start, outcome_date__lt=date(year.first_year + 1, 4, 1),
            decision__decision_date__gte=start,
        ).order_by("pk")[0]
        outcome.outcome = "not_satisfied" if outcome.outcome != "not_satisfied" else "satisfied"
        outcome.save(update_fields=["outcome"])
        decision = outcome.decision
    else:
        in_year = Decision.objects.filter(decision_date__gte=start,
                                          decision_date__lt=date(year.first_year + 1, 4, 1))
        decision = (mine.filter(outcome="not_upheld").order_by("reference").first()
                    or in_year.filter(outcome="not_upheld").order_by("reference")[0])
        decision.outcome = "upheld"
        decision.save(update_fields=["outcome"])
    approver, _ = get_user_model().objects.get_or_create(username="benchmark-approver")
    revision = revision_prepare(year=year, actor="benchmark", reason=f"{how}: {decision.reference}")
    revision = revision_approve(revision=revision, actor=approver)
    revision.publish_at = timezone.now() - timedelta(seconds=1)
    revision.save(update_fields=["publish_at"])
print(decision.reference, revision.number)
"""


def _revise(env: dict[str, str], year: str, how: str) -> None:
    """One Bromsgrove record of `year` changed and a revision of the year's figures public."""
    done = subprocess.run(
        [sys.executable, "-c", _REVISE, year, how],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    print(json.dumps({"revised": how, "decision_and_version": done.stdout.strip()}), flush=True)


def _scaled(database: Path, scale: float) -> int:
    """Keep every 1/scale-th decision (scale < 1), or add each again once (scale 2)."""
    connection = sqlite3.connect(database)
    with connection:
        if scale < 1:
            step = round(1 / scale)
            for table in ("casework_recommendation", "casework_complianceoutcome"):
                connection.execute(
                    f"DELETE FROM {table} WHERE decision_id IN"  # noqa: S608 - our table names
                    f" (SELECT id FROM casework_decision WHERE id % {step} != 0)"
                )
            connection.execute(f"DELETE FROM casework_decision WHERE id % {step} != 0")
        elif scale == 1:
            pass  # the demo as it is: its full export into an empty folder
        elif scale == 2:
            columns = (
                "organisation_id, decision_date, received_date, category, outcome,"
                " satisfactory_remedy, public_report, summary"
            )
            connection.execute(
                f"INSERT INTO casework_decision (reference, {columns})"  # noqa: S608
                f" SELECT reference || ' B', {columns} FROM casework_decision"
            )
        else:
            raise SystemExit("--scale is 0.25, 0.5, 1 or 2")
    count = connection.execute("SELECT count(*) FROM casework_decision").fetchone()[0]
    connection.close()
    return int(count)


def _search_bytes(folder: Path, queries: list[str]) -> None:
    """Serve `folder` with nginx and the repository's config; load /search/?... in Chromium."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    prefix = folder.parent / "nginx"
    prefix.mkdir(exist_ok=True)
    conf = prefix / "nginx.conf"
    site = ROOT / "deploy" / "nginx" / "export-site.conf"
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user} worker_processes 1; pid {prefix}/nginx.pid; error_log {prefix}/error.log;"
        " daemon off; events {} http { access_log off;"
        f" client_body_temp_path {prefix}/b; proxy_temp_path {prefix}/p;"
        f" fastcgi_temp_path {prefix}/f; uwsgi_temp_path {prefix}/u; scgi_temp_path {prefix}/s;"
        f' map $uri $annual_review_moved {{ default ""; include {folder}/redirects.map; }}'
        f" server {{ listen 127.0.0.1:{port}; root {folder}; include {site}; }} }}"
    )
    nginx = subprocess.Popen(["/usr/sbin/nginx", "-p", str(prefix), "-c", str(conf)])
    time.sleep(1)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for query in queries:
                context = browser.new_context()  # a cold cache for each query
                page = context.new_page()
                fetched: list[tuple[str, int]] = []
                page.on(
                    "requestfinished",
                    lambda r, fetched=fetched: fetched.append(
                        (r.url, r.sizes()["responseBodySize"])
                    ),
                )
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/search/?{query}")
                page.wait_for_selector("[data-app-search-done]", state="attached", timeout=60000)
                seconds = time.perf_counter() - started
                search = [(u, b) for u, b in fetched if "/pagefind/" in u]
                print(
                    json.dumps(
                        {
                            "query": query,
                            "all_bytes": sum(b for _u, b in fetched),
                            "pagefind_bytes": sum(b for _u, b in search),
                            "pagefind_requests": len(search),
                            "results": page.locator("#results").inner_text(),
                            "seconds": round(seconds, 2),
                        }
                    ),
                    flush=True,
                )
                context.close()
            browser.close()
    finally:
        nginx.terminate()
        nginx.wait(10)


def _corrections(env: dict[str, str], a: Path) -> None:
    """Step 3: the latest year's two corrections, each exported into A."""
    database = sqlite3.connect(Path(env["ANNUAL_REVIEW_DATA_DIR"]) / "annual-review.sqlite3")
    latest = database.execute("SELECT max(label) FROM years_reportingyear").fetchone()[0]
    database.close()
    _revise(env, latest, "compliance")
    _export(env, a, "one council's figures corrected (a compliance outcome): into the earlier")
    _revise(env, latest, "outcome")
    _export(env, a, "one council's figures corrected (a decision's outcome): into the earlier")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scratch", type=Path, required=True, help="a new folder for the runs")
    parser.add_argument("--search-only", action="store_true", help="only step 5, on folder B")
    parser.add_argument("--scale", type=float, help="a share of the demo's decisions instead")
    parser.add_argument(
        "--corrections-only",
        action="store_true",
        help="only step 3, into folder A of an earlier run of the same --scratch",
    )
    args = parser.parse_args()
    source = Path(os.environ["ANNUAL_REVIEW_DATA_DIR"])
    data = args.scratch / "data"
    env = dict(os.environ, ANNUAL_REVIEW_DATA_DIR=str(data))
    a, b = args.scratch / "a", args.scratch / "b"
    queries = ["q=damp", "q=repairs&council=bromsgrove&outcome=upheld", "outcome=not_upheld"]
    if args.search_only:
        _search_bytes(b, queries)
        return
    if args.corrections_only:
        _corrections(env, a)
        return
    shutil.copytree(source, data)
    if args.scale:
        count = _scaled(data / "annual-review.sqlite3", args.scale)
        print(json.dumps({"scale": args.scale, "decisions": count}), flush=True)
        _export(env, a, f"full export, {args.scale:g} of the demo's decisions, empty folder")
        return
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
    _export(env, a, f"full export, {latest} held back, into an empty folder")
    with database:
        database.execute(
            "UPDATE years_reportingyear SET publish_at = ? WHERE label = ?", (when, latest)
        )
    database.close()
    _export(env, a, f"{latest} published: export into the earlier export")
    _export(env, a, "nothing changed: export into the earlier export")
    _corrections(env, a)
    _export(env, b, "full export of the same data into an empty folder")
    tree_a, tree_b = _tree(a), _tree(b)
    differ = sorted(k for k in tree_a.keys() | tree_b.keys() if tree_a.get(k) != tree_b.get(k))
    print(json.dumps({"incremental_tree_equals_full": not differ, "differ": differ[:20]}))
    sizes = {
        bundle.name: sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
        for bundle in sorted((b / "pagefind").iterdir())
    }
    print(json.dumps({"bundle_bytes": sizes}), flush=True)
    _search_bytes(b, queries)


if __name__ == "__main__":
    main()
