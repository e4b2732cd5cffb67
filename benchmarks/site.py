"""Benchmark the public site under the production server setup (gunicorn via `annual-review serve`).

Measures, against a database that already holds published years (the demo, or site_seed.py):
  1. council pages, one request at a time: cold (first request) and warm, p50/p95/p99 in ms,
     timed by the client on loopback (an upper bound on server time);
  2. throughput with `wrk` (Debian package) and 50 concurrent connections over council pages;
  3. the home page's total transfer, compressed: HTML + CSS + JS as a browser fetches them.

    ANNUAL_REVIEW_DATA_DIR=/tmp/demo .venv/bin/python -P benchmarks/site.py --workers 2

With --concurrent, instead: every council page once from an empty cache over `--connections`
concurrent connections (the first request for each page, as after a publication or a restart),
then again for `--rounds` warm rounds; per phase the wall time, pages per second, and the server
time of each request (its Server-Timing header) as p50/p95/max, with the load average. Run it for
the code before and after a change in the same sitting (--venv: whose server) and compare ratios:

    ANNUAL_REVIEW_DATA_DIR=/tmp/demo .venv/bin/python -P benchmarks/site.py --concurrent \\
        --venv /work/main/.venv --label before
    ANNUAL_REVIEW_DATA_DIR=/tmp/demo ANNUAL_REVIEW_CACHE_URL=file:///tmp/cache \\
        .venv/bin/python -P benchmarks/site.py --concurrent --venv .venv --label after

(-P keeps benchmarks/ off sys.path: a benchmark script there is named statistics.py.) Only
127.0.0.1 is contacted; every loop is bounded.
"""

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, *, encoding: str = "", timeout: float = 30) -> tuple[int, bytes, dict[str, str]]:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback only)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status, response.read(), dict(response.headers)


@contextmanager
def _served(*, venv: Path | None, workers: int, ready_path: str) -> Iterator[str]:
    """`annual-review serve` (gunicorn, production settings) on loopback from `venv` (this
    interpreter's when None); yields its base URL once `ready_path` answers."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        ANNUAL_REVIEW_ENV="production",
        SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only"),
        ALLOWED_HOSTS="127.0.0.1",
        ANNUAL_REVIEW_BASE_URL=base,
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback (production redirects to HTTPS)
    )
    command = (
        [sys.executable, "-m", "annual_review"]
        if venv is None
        else [str(venv / "bin" / "annual-review")]
    )
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                _get(base + ready_path)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100)
    return (
        f"n={len(ordered)} p50={cut[49]:.1f} ms p95={cut[94]:.1f} ms p99={cut[98]:.1f} ms "
        f"max={ordered[-1]:.1f} ms"
    )


SERVER_TIMING = re.compile(r"page;dur=([0-9.]+)")


def _timed(url: str) -> tuple[float, float]:
    """(client time, server time) in ms; server time from the page's Server-Timing header."""
    start = time.perf_counter()
    status, _body, headers = _get(url, encoding="gzip")
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise SystemExit(f"{url}: HTTP {status}")
    match = SERVER_TIMING.search(headers.get("Server-Timing", ""))
    return elapsed, float(match.group(1)) if match else float("nan")


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
                status, _body, headers = _get(url, encoding="gzip", timeout=120)
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


def concurrent_cold(args: argparse.Namespace) -> None:
    """Every council page once from an empty cache over many connections, then warm rounds."""
    import django  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    django.setup()
    cache_url = os.environ.get("ANNUAL_REVIEW_CACHE_URL", "")
    if cache_url.startswith("file://"):
        shutil.rmtree(cache_url.removeprefix("file://"), ignore_errors=True)  # an empty cache
    # A page that reads no statistics, so the cache stays empty of them.
    ready = "/static/public/site.css"
    with _served(venv=args.venv, workers=args.workers, ready_path=ready) as base:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20, help="seconds of wrk load")
    parser.add_argument("--pages", type=int, default=317, help="council pages to cycle through")
    parser.add_argument(
        "--concurrent", action="store_true", help="every page once from an empty cache, at once"
    )
    parser.add_argument("--venv", type=Path, help="virtualenv of the code to serve (--concurrent)")
    parser.add_argument("--label", default="run")
    parser.add_argument("--rounds", type=int, default=3, help="warm rounds after the cold one")
    args = parser.parse_args()
    if args.concurrent:
        concurrent_cold(args)
        return
    with _served(venv=args.venv, workers=args.workers, ready_path="/about/") as base:
        _status, listing, _h = _get(base + "/councils/")
        slugs = sorted(set(re.findall(rb'href="/councils/([a-z0-9-]+)/"', listing)))
        pages = [f"{base}/councils/{s.decode()}/" for s in slugs[: args.pages]]
        print(f"server: gunicorn, {args.workers} workers with threads; {len(pages)} council pages")

        cold = [_timed(url) for url in pages]
        print(f"council page, cold, client: {_percentiles([c for c, _s in cold])}")
        print(f"council page, cold, server: {_percentiles([s for _c, s in cold])}")
        # Each worker keeps its own cache: warm both before measuring.
        for _ in range(3):
            for url in pages:
                _timed(url)
        warm = [_timed(url) for _ in range(5) for url in pages]
        print(f"council page, warm, client: {_percentiles([c for c, _s in warm])}")
        print(f"council page, warm, server: {_percentiles([s for _c, s in warm])}")

        wrk = shutil.which("wrk")
        if wrk is None:
            print("wrk is not installed (apt-get install wrk): throughput not measured")
        else:
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                paths = ", ".join(f'"{u.removeprefix(base)}"' for u in pages)
                script.write(
                    f"local paths = {{{paths}}}\nlocal i = 0\n"
                    "request = function()\n  i = i % #paths + 1\n"
                    '  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})\nend\n'
                )
            result = subprocess.run(
                [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
                + ["-s", script.name, base + "/"],
                capture_output=True,
                text=True,
                check=True,
            )
            os.unlink(script.name)
            print(f"wrk -t2 -c{args.connections} -d{args.duration}s over the council pages:")
            print("  " + "\n  ".join(result.stdout.strip().splitlines()))

        total = 0
        _status, html, headers = _get(base + "/", encoding="gzip")
        print(
            f"home page HTML: {len(html):,} bytes ({headers.get('Content-Encoding', 'identity')})"
        )
        total += len(html)
        plain = _get(base + "/")[1].decode()
        for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', plain):
            _status, body, headers = _get(base + asset, encoding="gzip")
            print(f"{asset}: {len(body):,} bytes ({headers.get('Content-Encoding', 'identity')})")
            total += len(body)
        print(
            f"home page total transfer (compressed bodies): {total:,} bytes = {total / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
