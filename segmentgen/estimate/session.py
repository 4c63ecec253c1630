"""DuckDB over an endpoint export: one pass, bounded memory, progress for a long scan.

Input: the export's files (JSON lines, each plain or gzipped), a counting query tree of
``estimate.sql`` or ``estimate.batch`` (DuckDB dialect, over the ``endpoints`` table) and an
optional progress callback. Output: the query's one row, or None when a line is not one
endpoint object (or DuckDB cannot read the export), so the caller counts with the Python
evaluator, which reports each malformed line.

The ``endpoints`` view reads each field the way ``criteria.endpoint`` does (a field of the
wrong JSON type is absent, a list's non-string items are ignored, a number is a finite double,
a coordinate lies within its range). DuckDB's JSON reader parses each line once and gives each
top-level field as JSON, and the members the view reads of ``User``, ``Location`` and
``Demographic`` as a STRUCT of JSON values (no second parse); it fails on a line that is no
object, names a field or such a member twice, or holds such a field that is neither an object
nor null, and then a generic view reads each line as one JSON value, field by field,
counting the lines that are no object. The maps (``Attributes``, ``User.UserAttributes``,
``Metrics``) stay JSON objects: ``for_engine`` (``estimate.rewrite``) rewrites each lookup of
a map entry (``map['name']``) into a read of that one entry (a JSON pointer), so an
endpoint's other attributes are never converted, and adds the count of stray lines to the
query's row. The check is part of the one pass; the export is never materialised.

Memory: DuckDB's ``memory_limit`` (``SEGMENTGEN_DUCKDB_MEMORY``, default 512MB) bounds what it
holds, spilling to a private temporary directory (removed afterwards) beyond it; the query is
a streaming aggregate, so the export's size does not enter. What it holds grows with the
query (each thread keeps the state of every expression): a query that runs out of memory is
run again on one thread. ``SEGMENTGEN_DUCKDB_THREADS`` caps its threads (default: DuckDB's,
one per core). Each map is parsed once per endpoint, and each map entry and each instant read
from a row field is computed once per endpoint, as a column of the scan, however many criteria
and segments compare it.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlglot import exp

Progress = Callable[[float], None]  # the fraction of the scan done, 0.0 to 1.0
MEMORY_VARIABLE = "SEGMENTGEN_DUCKDB_MEMORY"
THREADS_VARIABLE = "SEGMENTGEN_DUCKDB_THREADS"
DEFAULT_MEMORY = "512MB"
POLL_SECONDS = 0.2
STRAYS = "sg_strays"
GZIP_MAGIC = b"\x1f\x8b"
# the JSON text of an array whose items are all strings (the text is valid JSON)
STRINGS = r'\[\s*("([^"\\]|\\.)*"\s*(,\s*"([^"\\]|\\.)*"\s*)*)?\]'

MACROS = (
    "CREATE MACRO sg_text(x) AS CASE WHEN json_type(x) = 'VARCHAR' THEN x ->> '$' END",
    # an array of strings only (the usual attribute) is cast whole, without a lambda
    "CREATE MACRO sg_texts(x) AS CASE json_type(x) WHEN 'VARCHAR' THEN [x ->> '$'] "
    f"WHEN 'ARRAY' THEN CASE WHEN regexp_full_match(CAST(x AS VARCHAR), '{STRINGS}') "
    "THEN CAST(x AS VARCHAR[]) ELSE list_transform(list_filter(CAST(x AS JSON[]), "
    "lambda y: json_type(y) = 'VARCHAR'), lambda y: y ->> '$') END END",
    "CREATE MACRO sg_number(x) AS CASE WHEN json_type(x) IN ('UBIGINT', 'BIGINT', 'DOUBLE') "
    "AND isfinite(CAST(x AS DOUBLE)) THEN CAST(x AS DOUBLE) END",
    "CREATE MACRO sg_within(x, limit_) AS CASE WHEN sg_number(x) BETWEEN -limit_ AND limit_ "
    "THEN sg_number(x) END",
    "CREATE MACRO sg_object(x) AS CASE WHEN json_type(x) = 'OBJECT' THEN x END",
    # a status or opt-out of another JSON type keeps its JSON text, which never reads ACTIVE
    "CREATE MACRO sg_word(x) AS CASE json_type(x) WHEN 'VARCHAR' THEN x ->> '$' "
    "WHEN 'NULL' THEN NULL ELSE CAST(x AS VARCHAR) END",
)
DEMOGRAPHIC = ("AppVersion", "Make", "Model", "Platform")
# the map columns of the query (JSON objects here) -> the macro that reads one entry's value
MAPS = {("Attributes",): "sg_texts", ("User", "UserAttributes"): "sg_texts",
        ("Metrics",): "sg_number"}
# the endpoints view over {source}: each of {fields} reads one top-level field as JSON
VIEW = """CREATE VIEW endpoints AS SELECT
  sg_object({attributes}) AS "Attributes",
  {{'UserAttributes': sg_object({user_attributes})}} AS "User",
  sg_object({metrics}) AS "Metrics",
  {{'Country': sg_texts({country}),
    'Latitude': sg_within({latitude}, 90),
    'Longitude': sg_within({longitude}, 180)}} AS "Location",
  {{{demographic}}} AS "Demographic",
  sg_texts({channel}) AS "ChannelType",
  sg_text({effective}) AS "EffectiveDate",
  sg_word({opt_out}) AS "OptOut",
  sg_word({status}) AS "EndpointStatus",
  {stray} AS sg_stray
FROM ({source})"""
VIEW_COLUMNS = frozenset({"Attributes", "User", "Metrics", "Location", "Demographic",
                          "ChannelType", "EffectiveDate", "OptOut", "EndpointStatus"})
FIELDS = {"attributes": "Attributes", "user": "User", "metrics": "Metrics",
          "location": "Location", "demographic": "Demographic", "channel": "ChannelType",
          "effective": "EffectiveDate", "opt_out": "OptOut", "status": "EndpointStatus"}
# the members the view reads of each object field; the typed read gives them as a STRUCT of
# JSON values (one parse per line; it fails on a field that is no object or a member named
# twice, and the generic view reads the export instead)
MEMBERS = {"User": ("UserAttributes",), "Location": ("Country", "Latitude", "Longitude"),
           "Demographic": DEMOGRAPHIC}


def _view(files: list[str], typed: bool) -> str:
    """The view over the export: ``typed``, DuckDB's JSON reader gives each field (fast; it
    fails on a line that is no object, a key named twice, a map of another type); else each
    line is one JSON value read field by field (a line that is no object is a stray)."""
    if typed:
        columns = {name: f'"{field}"' for name, field in FIELDS.items()}
        columns["stray"] = "FALSE"
    else:
        columns = {name: f"(j -> '{field}')" for name, field in FIELDS.items()}
        columns["stray"] = "json_type(j) <> 'OBJECT'"

    def member(name: str, key: str) -> str:
        return f'{columns[name]}."{key}"' if typed else f"({columns[name]} -> '{key}')"

    demographic = ", ".join(f"'{key}': sg_texts({member('demographic', key)})"
                            for key in DEMOGRAPHIC)
    source = " UNION ALL ".join(_source(file, typed) for file in files)
    return VIEW.format(**{**columns, "demographic": demographic, "source": source,
                          "user_attributes": member("user", "UserAttributes"),
                          "country": member("location", "Country"),
                          "latitude": member("location", "Latitude"),
                          "longitude": member("location", "Longitude")})


def for_engine(tree: exp.Expr) -> exp.Expr:
    """The counting query over this module's views (``estimate.rewrite.for_engine``)."""
    from segmentgen.estimate.rewrite import for_engine as rewrite

    return rewrite(tree)


def _source(file: str, typed: bool) -> str:
    with open(file, "rb") as stream:
        gzipped = stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    options = f"'{_quoted(file)}', compression = '{'gzip' if gzipped else 'none'}'"
    if not typed:
        return f"SELECT json AS j FROM read_ndjson_objects({options})"
    columns = ", ".join(f"\"{field}\": '{_typed(field)}'" for field in FIELDS.values())
    return (f"SELECT * FROM read_json({options}, format = 'newline_delimited', "
            f"columns = {{{columns}}})")


def _typed(field: str) -> str:
    """The type the typed read gives ``field``: JSON, or a STRUCT of the members read."""
    members = MEMBERS.get(field)
    if members is None:
        return "JSON"
    return "STRUCT(" + ", ".join(f'"{key}" JSON' for key in members) + ")"


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
            connection.execute(_view(files, typed))
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
