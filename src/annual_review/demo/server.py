"""Serving the site with gunicorn, the same server for the demo and for production."""

import os
from typing import Any

from django.db import connections
from gunicorn.app.base import BaseApplication

WSGI_APPLICATION = "annual_review.wsgi:application"


def workers_default() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _Gunicorn(BaseApplication):
    """gunicorn run in-process with settings passed as a dict instead of a config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from annual_review.wsgi import application

        return application


def server_options(*, host: str, port: int, workers: int | None = None) -> dict[str, Any]:
    from django.conf import settings

    return {
        "bind": f"{host}:{port}",
        "workers": workers or workers_default(),
        # Threads, so that a slow request (a search, a letter) does not hold a whole worker:
        # searches take at most ANNUAL_REVIEW_SEARCH_CONCURRENCY of a worker's threads.
        "worker_class": "gthread",
        "threads": max(1, settings.ANNUAL_REVIEW_SERVER_THREADS),
        # Rendering a letter on demand can take a few seconds on a busy machine.
        "timeout": 120,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "annual-review",
    }


def site_serve(*, host: str, port: int, workers: int | None = None) -> None:
    """Serve annual_review.wsgi:application until interrupted."""
    # Connections opened while building must not be shared by the forked workers.
    connections.close_all()
    _Gunicorn(server_options(host=host, port=port, workers=workers)).run()
