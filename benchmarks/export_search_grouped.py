"""What a search index with one entry per council and year would cost (an experiment for issue 6).

Writes one page per council and published year under OUT, each decision of that council and
year as a heading with an id (Pagefind's sub-results) followed by its summary, then runs
Pagefind over them and prints the time. It measures an option; the export does not use it.

    ANNUAL_REVIEW_DATA_DIR=/tmp/q-demo .venv/bin/python -P benchmarks/export_search_grouped.py \
        --out /tmp/grouped
"""

import argparse
import html
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a scratch folder (emptied)")
    out = parser.parse_args().out
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    import django

    django.setup()
    from annual_review.opendata import workers
    from annual_review.public.decision_page import decision_pages_build

    shutil.rmtree(out, ignore_errors=True)
    ids = workers.decision_ids()
    groups = defaultdict(list)
    for start in range(0, len(ids), workers.CHUNK):
        for page in decision_pages_build(ids=ids[start : start + workers.CHUNK]):
            groups[(page.council.slug, page.year, page.council.name)].append(page)
    for (slug, year, name), pages in groups.items():
        body = [f"<h1>Decisions about {html.escape(name)}, {year}</h1>"]
        for page in pages:
            reference = page.decision.reference
            anchor = "d" + reference.replace(" ", "")
            summary = html.escape(page.decision.summary or "")
            body.append(f'<h2 id="{anchor}">Decision {reference}</h2><p>{summary}</p>')
        folder = out / "site" / "councils" / slug / year / "decisions"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(
            '<!doctype html><html lang="en"><body><main data-pagefind-body>'
            + "".join(body)
            + "</main></body></html>"
        )
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and a fixed module
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(out / "site"),
            "--force-language",
            "en",
            "--output-path",
            str(out / "pagefind"),
        ],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    print(f"{len(ids):,} decisions on {len(groups):,} pages: Pagefind took {seconds:.1f} s")


if __name__ == "__main__":
    main()
