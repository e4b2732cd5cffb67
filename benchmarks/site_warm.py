"""Benchmark: a warm council page in one process, the site version read per request or watched.

    ANNUAL_REVIEW_DATA_DIR=/tmp/demo .venv/bin/python -P benchmarks/site_warm.py

Against the demo database (SQLite), through Django's test client with production's per-request
connections (CONN_MAX_AGE=0: each request opens and closes its own), every council page is
requested once to warm the cache, then each page again in alternating blocks with the site
version read as before issue 11's fix (the two queries on the request's connection, which each
request opens) and as now (`web/caching._watched_read`: PRAGMA data_version on the thread's
own connection, the queries only after a commit). Alternating blocks share the machine's load,
so their ratio holds even on a busy machine. Prints p50/p95 per request and per version read.
"""

import os
import statistics
import time


def main() -> None:
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from annual_review.register.models import Organisation
    from annual_review.web import caching

    watched = caching.site_version_read

    def per_request() -> tuple[object, ...]:
        connection = connections["default"]
        if connection.alias not in caching._version_sql:
            caching._version_sql[connection.alias] = caching._version_queries()
        with connection.cursor() as cursor:
            queries = caching._version_sql[connection.alias]
            return caching._version_compute(cursor, queries, timezone.now())[0]

    slugs = sorted(Organisation.objects.filter(in_register=True).values_list("slug", flat=True))
    connections.close_all()
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    for slug in slugs:  # warm: every page built once
        assert client.get(f"/councils/{slug}/").status_code == 200, slug
    timings: dict[str, list[float]] = {"per request (before)": [], "watched (after)": []}
    reads: dict[str, list[float]] = {name: [] for name in timings}
    for _block in range(4):
        for name, read in (("per request (before)", per_request), ("watched (after)", watched)):
            caching.site_version_read = read  # type: ignore[assignment]
            for slug in slugs:
                started = time.perf_counter()
                response = client.get(f"/councils/{slug}/")
                timings[name].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            for _ in range(200):
                started = time.perf_counter()
                read()
                reads[name].append((time.perf_counter() - started) * 1000)
                connections["default"].close()  # as at the end of each request
    caching.site_version_read = watched  # type: ignore[assignment]
    print(f"load average {os.getloadavg()[0]:.1f}; {len(slugs)} council pages, 4 blocks each")
    for name, values in timings.items():
        q = statistics.quantiles(values, n=20)
        r = statistics.quantiles(reads[name], n=20)
        print(
            f"  {name}: page p50 {statistics.median(values):.2f} ms, p95 {q[-1]:.2f} ms; "
            f"version read p50 {statistics.median(reads[name]):.3f} ms, p95 {r[-1]:.3f} ms"
        )


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    django.setup()
    main()
