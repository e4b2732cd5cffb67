"""Benchmark `annual-review export-site`, then one council page from the export (nginx) and from
the Django site (gunicorn, `annual-review serve`), side by side in one run, with `wrk`.

Needs a database with published years (the demo: `annual-review demo --no-serve`), Debian's
`nginx` and `wrk`. Everything listens on 127.0.0.1 only.

    ANNUAL_REVIEW_DATA_DIR=/tmp/demo .venv/bin/python -P benchmarks/export_site.py

(-P keeps benchmarks/ off sys.path: a benchmark script there is named statistics.py.)
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "annual_review"]
NGINX_CONF = """
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=10000 inactive=60s;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index index.html;
    error_page 404 /404.html;
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str) -> bytes:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def _wrk(url: str, *, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print(out)
    return float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="export folder (default: a temporary one)")
    parser.add_argument("--skip-export", action="store_true", help="reuse --out as it is")
    parser.add_argument("--page", default="/councils/bromsgrove/2023-24/")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn and nginx workers")
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is needed: apt-get install {tool}")
    tmp = Path(tempfile.mkdtemp(prefix="export-bench-"))
    out = args.out or tmp / "site"
    if not args.skip_export:
        started = time.perf_counter()
        subprocess.run([*CLI, "export-site", str(out)], check=True, cwd=ROOT)
        print(f"export-site: {time.perf_counter() - started:.1f} s wall\n")

    nginx_port, django_port = _free_port(), _free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(workers=args.workers, tmp=tmp, port=nginx_port, root=out.resolve())
    )
    nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", str(conf), "-p", str(tmp)])
    django = subprocess.Popen(
        [*CLI, "serve", "--port", str(django_port), "--workers", str(args.workers)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        static_url = f"http://127.0.0.1:{nginx_port}{args.page}"
        django_url = f"http://127.0.0.1:{django_port}{args.page}"
        same = _wait(static_url) == _wait(django_url)
        print(f"Same page from both (uncompressed bytes equal): {same}\n")
        _wrk(django_url, seconds=3, connections=args.connections)  # warm every worker's cache
        print("== nginx, static export ==")
        from_nginx = _wrk(static_url, seconds=args.seconds, connections=args.connections)
        print("== Django, gunicorn ==")
        from_django = _wrk(django_url, seconds=args.seconds, connections=args.connections)
        print(
            f"{args.page}: nginx {from_nginx:,.0f} requests/s, Django {from_django:,.0f} "
            f"requests/s, ratio {from_nginx / from_django:.1f}x ({os.cpu_count()} cores, "
            f"{args.workers} workers each, {args.connections} connections)"
        )
    finally:
        nginx.terminate()
        django.terminate()
        nginx.wait(10)
        django.wait(10)
        if args.out is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
