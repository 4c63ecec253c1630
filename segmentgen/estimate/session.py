"""DuckDB over an endpoint export: one pass, bounded memory, progress for a long scan.

Input: the export's files (JSON lines, each plain or gzipped), a counting query tree of
``estimate.sql`` or ``estimate.batch`` (DuckDB dialect, over the ``endpoints`` table) and an
optional progress callback. Output: the query's one row, or None when a line is not one
endpoint object (or DuckDB cannot read the export), so the caller counts with the Python
evaluator, which reports each malformed line.

The ``endpoints`` view (``estimate.view``) reads each field the way ``criteria.endpoint`` does;
DuckDB's typed JSON reader parses each line once, and when it fails (a line that is no object,
a key named twice, a field of another type) a generic view reads each line as one JSON value,
counting the lines that are no object. ``for_engine`` (``estimate.rewrite``) rewrites each
lookup of a map entry (``map['name']``) into a read of that one entry, so an endpoint's other
attributes are never converted, and adds the count of stray lines to the query's row. The
check is part of the one pass; the export is never materialised.

Memory: DuckDB's ``memory_limit`` (``SEGMENTGEN_DUCKDB_MEMORY``, default 512MB) bounds what it
holds, spilling to a private temporary directory (removed afterwards) beyond it; the query is
a streaming aggregate, so the export's size does not enter. What it holds grows with the
query (each thread keeps the state of every expression): a query that runs out of memory is
run again on one thread. ``SEGMENTGEN_DUCKDB_THREADS`` caps its threads (default: DuckDB's,
one per core). Each map entry and each instant read from a row field is computed once per
endpoint, as a column of the scan, however many criteria and segments compare it.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from segmentgen.estimate.view import MACROS, members_of, view

if TYPE_CHECKING:
    from sqlglot import exp

Progress = Callable[[float], None]  # the fraction of the scan done, 0.0 to 1.0
MEMORY_VARIABLE = "SEGMENTGEN_DUCKDB_MEMORY"
THREADS_VARIABLE = "SEGMENTGEN_DUCKDB_THREADS"
DEFAULT_MEMORY = "512MB"
POLL_SECONDS = 0.2
STRAYS = "sg_strays"
def for_engine(tree: exp.Expr) -> exp.Expr:
    """The counting query over this module's views (``estimate.rewrite.for_engine``)."""
    from segmentgen.estimate.rewrite import for_engine as rewrite

    return rewrite(tree)


def _configure(connection: Any, scratch: str, threads: int | None = None) -> None:
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute("SET enable_progress_bar = false")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute(f"SET temp_directory = '{_quoted(scratch)}'")
    memory = os.environ.get(MEMORY_VARIABLE, DEFAULT_MEMORY)
    connection.execute(f"SET memory_limit = '{_size(memory)}'")
    wanted = os.environ.get(THREADS_VARIABLE, "")
    if threads is None and wanted.isdigit() and int(wanted) > 0:
        threads = int(wanted)
    if threads is not None:
        connection.execute(f"SET threads = {threads}")


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _size(text: str) -> str:
    """A memory size DuckDB reads (digits and a unit); the default for anything else."""
    cleaned = text.strip().replace(" ", "")
    digits = cleaned.rstrip("KMGTBkmgtbi")
    return cleaned if digits.isdigit() and cleaned[len(digits):].isalpha() else DEFAULT_MEMORY


def run(files: list[str], query: str, progress: Progress | None = None) -> tuple[int, ...] | None:
    """The row of ``query`` (made by ``for_engine``) without its stray count; None when a
    line is not one endpoint object or DuckDB cannot read the export."""

    with tempfile.TemporaryDirectory(prefix="segmentgen-duckdb-") as scratch:
        row = None
        for typed in (True, False):  # the generic view when the typed read fails
            row = _attempt(files, query, progress, scratch, typed)
            if row is not None:
                break
    if row is None or row[-1]:
        return None
    return tuple(int(value) for value in row[:-1])


def _attempt(files: list[str], query: str, progress: Progress | None, scratch: str,
             typed: bool) -> tuple[Any, ...] | None:
    """The row over one view; out of memory, once more on one thread (each thread holds the
    query's state); None when DuckDB fails otherwise."""
    import duckdb

    for threads in (None, 1):
        connection = duckdb.connect(":memory:")
        try:
            _configure(connection, scratch, threads)
            for macro in MACROS:
                connection.execute(macro)
            connection.execute(view(files, typed, members_of(query)))
            return _fetch(connection, query, progress)
        except duckdb.OutOfMemoryException:
            continue
        except duckdb.Error:
            return None
        finally:
            connection.close()
    return None


def _fetch(connection: Any, query: str, progress: Progress | None) -> tuple[Any, ...] | None:
    """The query's row; with ``progress``, the query runs in a thread while this one reports
    DuckDB's own estimate of how far the scan is."""
    if progress is None:
        result: tuple[Any, ...] | None = connection.execute(query).fetchone()
        return result
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["row"] = connection.execute(query).fetchone()
        except Exception as error:  # re-raised in the calling thread
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(POLL_SECONDS)
        done = connection.query_progress()
        if done >= 0:
            progress(min(done, 100.0) / 100.0)
    if "error" in outcome:
        raise outcome["error"]
    progress(1.0)
    row: tuple[Any, ...] | None = outcome.get("row")
    return row
