"""Benchmark `annual-review export-site`: into an empty folder, after publishing one more year,
after correcting one council's figures; the Pagefind share of each; each bundle's size; and
the bytes a search fetches in Chromium (Playwright's network events), served by nginx with
deploy/nginx/export-site.conf. Everything runs on a scratch copy of the demo's data folder.

    ANNUAL_REVIEW_DATA_DIR=/tmp/export-demo .venv/bin/python -P benchmarks/export_incremental.py \\
        --scratch /tmp/export-bench

Steps, one at a time, each with the load average before it:
1. the demo's latest year held back (publish_at moved to 2099); full export into folder A;
2. that year published again; export into A (the incremental case "one more year");
3. one Bromsgrove decision of that year changed from "not upheld" to "upheld" (its figures
   change); export into A (the case "one council's figures corrected");
4. full export of the same data into an empty folder B; A and B are compared file by file
   (Pagefind's random pf_meta/entry names aside, see tests/export/test_incremental.py).
"""

import argparse
import json
import os
import re
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


def _export(env: dict[str, str], folder: Path, label: str) -> dict[str, object]:
    load = _load()
    started = time.perf_counter()
    out = subprocess.run(
        [*CLI, "export-site", str(folder), "--processes", "2"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall = time.perf_counter() - started
    steps = [(float(m[1]), m[2]) for line in out.splitlines() if (m := _STEP.match(line))]
    total = float(re.search(r" in ([0-9.]+) s:", out).group(1))  # type: ignore[union-attr]
    pagefind = 0.0
    for (at, text), (after, _next) in zip(steps, [*steps[1:], (total, "")], strict=True):
        if text.startswith("Search bundle"):
            pagefind += after - at
    result = {
        "case": label,
        "wall_s": round(wall, 1),
        "pagefind_s": round(pagefind, 1),
        "load_before": load,
        "summary": out.strip().splitlines()[-1],
    }
    print(json.dumps(result), flush=True)
    return result


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
        and p.suffix != ".pf_meta"
        and p.name not in {"pagefind-entry.json", "export-manifest.json"}
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scratch", type=Path, required=True, help="a new folder for the runs")
    parser.add_argument("--search-only", action="store_true", help="only step 5, on folder B")
    args = parser.parse_args()
    source = Path(os.environ["ANNUAL_REVIEW_DATA_DIR"])
    data = args.scratch / "data"
    env = dict(os.environ, ANNUAL_REVIEW_DATA_DIR=str(data))
    a, b = args.scratch / "a", args.scratch / "b"
    queries = ["q=damp", "q=repairs&council=bromsgrove&outcome=upheld", "outcome=not_upheld"]
    if args.search_only:
        _search_bytes(b, queries)
        return
    shutil.copytree(source, data)
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
    _export(env, a, f"{latest} published: export into the earlier export")
    first_year = int(latest[:4])
    with database:
        changed = database.execute(
            "UPDATE casework_decision SET outcome = 'upheld' WHERE id = (SELECT d.id FROM"
            " casework_decision d JOIN register_organisation o ON o.id = d.organisation_id"
            " WHERE o.code = 'BRM' AND d.outcome = 'not_upheld' AND d.decision_date >= ?"
            " ORDER BY d.reference LIMIT 1)",
            (f"{first_year}-04-01",),
        ).rowcount
    assert changed == 1
    _export(env, a, "one Bromsgrove decision corrected: export into the earlier export")
    _export(env, b, "full export of the same data into an empty folder")
    same = _tree(a) == _tree(b)
    print(json.dumps({"incremental_tree_equals_full": same}), flush=True)
    sizes = {
        bundle.name: sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
        for bundle in sorted((b / "pagefind").iterdir())
    }
    print(json.dumps({"bundle_bytes": sizes}), flush=True)
    _search_bytes(b, queries)


if __name__ == "__main__":
    main()
