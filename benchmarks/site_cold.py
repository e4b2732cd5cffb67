"""Benchmark council pages from an empty cache: 2 gunicorn workers, 50 connections, 317 councils.

Starts `annual-review serve` (gunicorn, production settings) from a given virtualenv against a
database that holds the demo, then fetches every council page once with 50 concurrent
connections (the first request for each page, as after a publication or a restart), then
again for `--rounds` rounds (warm). Prints, per phase: wall time, pages per second, and the
server time of each request (its Server-Timing header) as p50/p95/max; and the load average.
Run it for the code before and after a change in the same sitting and compare the ratios:

    ANNUAL_REVIEW_DATA_DIR=/tmp/demo .venv/bin/python -P benchmarks/site_cold.py \\
        --venv /work/main/.venv --label before
    ANNUAL_REVIEW_DATA_DIR=/tmp/demo ANNUAL_REVIEW_CACHE_URL=file:///tmp/cache \\
        .venv/bin/python -P benchmarks/site_cold.py --venv .venv --label after

Only 127.0.0.1 is contacted; every loop is bounded.
"""

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

SERVER_TIMING = re.compile(r"page;dur=([0-9.]+)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
        return response.status, response.read(), dict(response.headers)


def _fetch_all(urls: list[str], connections: int) -> tuple[float, list[float], int]:
    """Every URL once over `connections` threads: (wall seconds, server ms each, errors)."""
    work: queue.Queue[str] = queue.Queue()
    for url in urls:
        work.put(url)
    server_ms: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        while True:
            try:
                url = work.get_nowait()
            except queue.Empty:
                return
            try:
                status, _body, headers = _get(url)
                match = SERVER_TIMING.search(headers.get("Server-Timing", ""))
                with lock:
                    if status != 200:
                        errors += 1
                    if match:
                        server_ms.append(float(match.group(1)))
            except OSError:
                with lock:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, server_ms, errors


def _summary(label: str, wall: float, server_ms: list[float], count: int, errors: int) -> str:
    ordered = sorted(server_ms) or [float("nan")]
    cut = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else [ordered[0]] * 99
    return (
        f"{label}: {count} requests in {wall:.2f} s = {count / wall:.0f} pages/s, errors {errors}; "
        f"server time per page p50 {cut[49]:.1f} ms, p95 {cut[94]:.1f} ms, "
        f"max {ordered[-1]:.1f} ms, mean {statistics.fmean(ordered):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, required=True, help="virtualenv of the code to run")
    parser.add_argument("--label", default="run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="warm rounds after the cold one")
    args = parser.parse_args()

    cache_url = os.environ.get("ANNUAL_REVIEW_CACHE_URL", "")
    if cache_url.startswith("file://"):
        shutil.rmtree(cache_url.removeprefix("file://"), ignore_errors=True)  # an empty cache
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        ANNUAL_REVIEW_ENV="production",
        SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only"),
        ALLOWED_HOSTS="127.0.0.1",
        # Production settings ask for the site's address and redirect to HTTPS; plain loopback.
        ANNUAL_REVIEW_BASE_URL=os.environ.get("ANNUAL_REVIEW_BASE_URL", base),
        SECURE_SSL_REDIRECT="0",
    )
    command = [str(args.venv / "bin" / "annual-review"), "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                # A page that reads no statistics, so the cache stays empty of them.
                _get(base + "/static/public/site.css")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        # The council list from the register file, not the site, so no page is warmed first.
        from annual_review.register.models import Organisation  # noqa: PLC0415

        slugs = sorted(Organisation.objects.filter(in_register=True).values_list("slug", flat=True))
        urls = [f"{base}/councils/{slug}/" for slug in slugs]
        print(
            f"{args.label}: gunicorn, {args.workers} workers, {args.connections} connections, "
            f"{len(urls)} council pages; cache {cache_url or 'local memory (per process)'}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        wall, server_ms, errors = _fetch_all(urls, args.connections)
        print(_summary("  cold (first request of each page)", wall, server_ms, len(urls), errors))
        for n in range(args.rounds):
            wall, server_ms, errors = _fetch_all(urls, args.connections)
            print(_summary(f"  warm round {n + 1}", wall, server_ms, len(urls), errors))
        print(f"  load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    django.setup()
    main()
