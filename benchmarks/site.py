"""Benchmark the public site under the production server setup (gunicorn via `annual-review serve`).

Measures, against a database that already holds published years (the demo, or site_seed.py):
  1. council pages, one request at a time: cold (first request) and warm, p50/p95/p99 in ms,
     timed by the client on loopback (an upper bound on server time);
  2. throughput with `wrk` (Debian package) and 50 concurrent connections over council pages;
  3. the home page's total transfer, compressed: HTML + CSS + JS as a browser fetches them.

    ANNUAL_REVIEW_DATA_DIR=/tmp/demo .venv/bin/python -P benchmarks/site.py --workers 2

(-P keeps benchmarks/ off sys.path: a benchmark script there is named statistics.py.)
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, *, encoding: str = "") -> tuple[int, bytes, dict[str, str]]:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback only)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.read(), dict(response.headers)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20, help="seconds of wrk load")
    parser.add_argument("--pages", type=int, default=317, help="council pages to cycle through")
    args = parser.parse_args()

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
    server = subprocess.Popen(
        [sys.executable, "-m", "annual_review", "serve", "--port", str(port)]
        + ["--workers", str(args.workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                _get(base + "/about/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")

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
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
