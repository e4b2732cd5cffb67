"""The entry point of the export's spawned worker processes, importing no model at import time.

A spawned process unpickles the task's function by importing its module; Django must be set up
before any module that defines models is imported, so tasks name their function instead.
"""

import os
from pathlib import Path
from typing import Any


def worker_start() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    django.setup()


def task_run(
    function_name: str, directory: Path, argument: str, value: Any, options: dict[str, Any]
) -> Any:
    """Run `workers.<function_name>(directory=..., <argument>=value, **options)` here."""
    from annual_review.opendata import workers

    return getattr(workers, function_name)(directory=directory, **{argument: value}, **options)
