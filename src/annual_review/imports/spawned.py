"""The spawned process that checks a large import's batches while the importing process stores them.

A large file streamed into an empty table (imports/core.py, `_import_streamed`) costs about as
much to read, parse and check as to store, and one interpreter cannot do both at once. So a
second process, started with "spawn" (never "fork": the parent may hold threads, a database
connection or Typst), reads the file a batch at a time (`TableStream`), runs `batches_check`
over the batches (the functions the normal path runs) and sends back each batch's rows to insert; the parent only
stores them, and reads the file itself only if the child gives up (an error, which the normal
path then reports). The child reads the file rather than being sent its rows because pickling a
million rows of text costs the parent more than reading them (1.3 s, measured). It never opens
the database: what the checks need comes from the parent as plain data. Nothing here imports a
model at import time, since the child unpickles its arguments before it sets Django up.
"""

import gc
import multiprocessing
import os
from collections.abc import Iterator
from itertools import chain
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# Messages from the child, first item of each tuple.
READ = "read"  # ("read", sha256, most data rows, header warnings): bytes and header checked
ROWS = "rows"  # ("rows", rows): the next batch's rows to insert, in file order
DONE = "done"  # ("done", data rows): every batch was sent
GIVE_UP = "give-up"  # a batch has an error, or the file was rejected: take the normal path


class StreamWorker:
    """The parent's handle on one spawned checking process."""

    def __init__(self, process: Any, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.rows = 0  # data rows of the file, once every batch has come

    @classmethod
    def start(
        cls,
        *,
        kind: str,
        path: Path,
        file_name: str | None,
        context: Any,
        vendor: str,
        batch_rows: int,
    ) -> "StreamWorker | None":
        """Start checking `path` in a new process; None if no process could be started."""
        spawn = multiprocessing.get_context("spawn")
        parent_end, child_end = spawn.Pipe(duplex=False)
        process = spawn.Process(
            target=stream_check,
            args=(child_end, kind, str(path), file_name, context, vendor, batch_rows),
            name="import-checker",
            daemon=True,
        )
        try:
            process.start()
        except OSError:
            return None
        finally:
            child_end.close()
        return cls(process, parent_end)

    def read(self) -> tuple[str, int, list[str]]:
        """Wait for the child to open the file: its sha256, the most data rows it can hold
        (`TableStream.rows_at_most`) and the warnings about its header; raises
        StreamAbandoned if the file or its header has an error."""
        message = self._receive()
        if message[0] != READ:
            raise self._abandoned()
        return message[1], message[2], message[3]

    def batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """The checked rows to insert, batch by batch in file order; raises StreamAbandoned at
        the first batch with an error."""
        while (message := self._receive())[0] == ROWS:
            yield message[1]
        if message[0] != DONE:
            raise self._abandoned()
        self.rows = message[1]

    def _receive(self) -> tuple[Any, ...]:
        try:
            message: tuple[Any, ...] = self.connection.recv()
        except (EOFError, OSError) as exc:  # the child died: the normal path will say why
            raise self._abandoned() from exc
        return message

    @staticmethod
    def _abandoned() -> Exception:
        from annual_review.imports.core import StreamAbandoned

        return StreamAbandoned()

    def stop(self) -> None:
        """End the child (its work is done or no longer wanted) and wait for it."""
        self.connection.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.process.close()


def stream_check(
    connection: Connection,
    kind: str,
    path: str,
    file_name: str | None,
    context: Any,
    vendor: str,
    batch_rows: int,
) -> None:
    """The child's whole work: read the file, then check and send it batch by batch."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    django.setup()
    from django.db import connection as database

    from annual_review.imports.core import StreamAbandoned, batches_check, headers_probe
    from annual_review.imports.errors import FileRejected
    from annual_review.imports.kinds import IMPORT_KINDS
    from annual_review.imports.tables import table_open

    gc.disable()  # as in import_run: millions of long-lived objects, no cycles to find
    spec = IMPORT_KINDS[kind]
    assert spec.stream is not None
    try:
        try:
            stream = table_open(Path(path), file_name=file_name)
            tables = stream.batches(batch_rows)
            first = next(tables)
        except FileRejected:
            connection.send((GIVE_UP,))
            return
        # Rows are prepared for the parent's database (dates as SQLite stores them, say).
        if database.vendor != vendor:
            connection.send((GIVE_UP,))
            return
        warnings = headers_probe(spec, first)
        connection.send((READ, stream.sha256, stream.rows_at_most, warnings))
        check = spec.stream.check(context)
        for rows in batches_check(spec, chain([first], tables), check):
            # Blocks until the parent takes the previous batch: at most one batch ahead.
            connection.send((ROWS, rows))
        connection.send((DONE, stream.rows))
    except StreamAbandoned:
        connection.send((GIVE_UP,))
    except (BrokenPipeError, EOFError):
        pass  # the parent no longer wants the rows
    finally:
        connection.close()
