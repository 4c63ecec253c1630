"""A Customer Profiles profile export as one ``profiles`` view in DuckDB.

Input: an open DuckDB connection and the export's files (``engine.export_files``: a file, a
directory's files or a glob's matches) in one format: JSON lines (plain or gzipped; one
``Profile`` object per line, the shape of the Customer Profiles API's ``Profile``), CSV (plain
or gzipped; a header row naming flattened fields, ``COLUMN_FORMS``) or Parquet (the nested
structure, or flattened columns as in CSV). Output: the ``profiles`` view (``COLUMNS``), or
why the export cannot be read, and warnings (SG611) for what is left out: lines that are not
objects, CSV and Parquet columns that are no profile field.

Every format becomes one JSON object per profile first, so one reading rule holds for all: a
string field of another JSON type is absent, an address is an object of strings, and
``Attributes`` and ``CalculatedAttributes`` are objects whose strings (and numbers, as their
JSON text) are the values; ``CalculatedAttributes`` is not part of the API's ``Profile``: an
export carries each calculated attribute's value there by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from segmentgen.estimate.count import GZIP_MAGIC
from segmentgen.estimate.profiles_expressions import ADDRESS_PARTS, ADDRESSES

if TYPE_CHECKING:
    import duckdb

TEXT_FIELDS = ("ProfileId", "AccountNumber", "AdditionalInformation", "PartyType",
               "BusinessName", "FirstName", "MiddleName", "LastName", "BirthDate", "Gender",
               "PhoneNumber", "MobilePhoneNumber", "HomePhoneNumber", "BusinessPhoneNumber",
               "EmailAddress", "PersonalEmailAddress", "BusinessEmailAddress",
               "PartyTypeString", "GenderString", "ProfileType")
ADDRESS_FIELDS = ("Address1", "Address2", "Address3", "Address4", *ADDRESS_PARTS)
MAPS = ("Attributes", "CalculatedAttributes")
COLUMN_FORMS = ("FirstName", "Address.City", "Attributes.<name>",
                "CalculatedAttributes.<name>")
_MAP_COLUMN = re.compile(r"(Attributes|CalculatedAttributes)\.(.+)")
PARQUET_MAGIC = b"PAR1"
MACROS = (
    "CREATE MACRO sg_text(x) AS CASE WHEN json_type(x) = 'VARCHAR' THEN x ->> '$' END",
    "CREATE MACRO sg_scalar(x) AS CASE json_type(x) WHEN 'VARCHAR' THEN x ->> '$' "
    "WHEN 'BIGINT' THEN CAST(x AS VARCHAR) WHEN 'UBIGINT' THEN CAST(x AS VARCHAR) "
    "WHEN 'DOUBLE' THEN CAST(x AS VARCHAR) END",
    "CREATE MACRO sg_map(x) AS map_from_entries(list_transform(map_entries(CASE WHEN "
    "json_type(x) = 'OBJECT' THEN CAST(x AS MAP(VARCHAR, JSON)) END), "
    "lambda p: {'key': p.key, 'value': sg_scalar(p.value)}))",
)


@dataclass(frozen=True, slots=True)
class Loaded:
    """The view is ready (``problem`` None) or why the export cannot be read; ``skipped``:
    what was left out, in words, for warnings."""

    problem: str | None
    skipped: tuple[str, ...] = ()


def export_format(files: Sequence[str]) -> str | None:
    """json, csv or parquet for the files (by name, Parquet also by its magic); None when
    they mix formats."""
    found = {_format(file) for file in files}
    return found.pop() if len(found) == 1 else None


def _format(file: str) -> str:
    name = file.lower().removesuffix(".gz")
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    with open(file, "rb") as stream:
        return "parquet" if stream.read(len(PARQUET_MAGIC)) == PARQUET_MAGIC else "json"


def view_sql(source: str = "objects", kind: str = "VIEW") -> str:
    """The ``profiles`` view (or temporary table) over a table of JSON objects ``j``."""
    columns = [f"sg_text(j -> '{name}') AS \"{name}\"" for name in TEXT_FIELDS]
    for address in ADDRESSES:
        parts = ", ".join(f"'{part}': sg_text(j -> '$.{address}.{part}')"
                          for part in ADDRESS_FIELDS)
        columns.append(f"{{{parts}}} AS \"{address}\"")
    columns += [f"sg_map(j -> '{name}') AS \"{name}\"" for name in MAPS]
    return f"CREATE {kind} profiles AS SELECT\n  " + ",\n  ".join(columns) + f"\nFROM {source}"


def load(connection: duckdb.DuckDBPyConnection, files: Sequence[str]) -> Loaded:
    """Create ``objects`` (one JSON object per profile) and the ``profiles`` view."""
    kind = export_format(files)
    if kind is None:
        return Loaded("its parts mix formats (JSON lines, CSV, Parquet)")
    for macro in MACROS:
        connection.execute(macro)
    skipped: list[str] = []
    if kind == "json":
        union = " UNION ALL ".join(_json_source(file) for file in files)
        connection.execute(f"CREATE TEMP TABLE raw AS {union}", list(files))
        row = connection.execute("SELECT count(*) FROM raw WHERE json_type(j) <> 'OBJECT'") \
            .fetchone()
        if row and row[0]:
            skipped.append(f"{row[0]} lines that are not profile objects")
        connection.execute("CREATE TEMP TABLE objects AS SELECT j FROM raw "
                           "WHERE json_type(j) = 'OBJECT'")
    else:
        reader = "read_csv(?, header = true, all_varchar = true, union_by_name = true)" \
            if kind == "csv" else "read_parquet(?, union_by_name = true)"
        connection.execute(f"CREATE TEMP TABLE flat AS SELECT * FROM {reader}", [list(files)])
        names = [row[0] for row in connection.execute("DESCRIBE flat").fetchall()]
        body, unknown = _nest(names)
        if unknown:
            skipped.append("columns that are no profile field: " + ", ".join(unknown))
        connection.execute(f"CREATE TEMP TABLE objects AS SELECT {body} AS j FROM flat")
    connection.execute(view_sql(kind="TEMP TABLE"))
    return Loaded(None, tuple(skipped))


def _json_source(file: str) -> str:
    with open(file, "rb") as stream:
        gzipped = stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    compression = "gzip" if gzipped else "none"
    return f"SELECT json AS j FROM read_ndjson_objects(?, compression = '{compression}')"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _nest(names: Sequence[str]) -> tuple[str, list[str]]:
    """A JSON object per row from flat (``Address.City``) and nested (``Address``) columns,
    and the columns that are no profile field."""
    members: dict[str, str] = {}
    nested: dict[str, list[str]] = {}
    unknown = []
    for name in names:
        head, _, rest = name.partition(".")
        matched = _MAP_COLUMN.fullmatch(name)
        if name in TEXT_FIELDS or name in ADDRESSES or name in MAPS:
            members[name] = f"to_json({_quote(name)})"
        elif matched or (head in ADDRESSES and rest in ADDRESS_FIELDS):
            nested.setdefault(head, []).append(f"{_literal(rest)}, {_quote(name)}")
        else:
            unknown.append(name)
    for head, pairs in nested.items():
        if head not in members:  # a nested column of the same name wins over flat ones
            members[head] = f"json_object({', '.join(pairs)})"
    body = ", ".join(f"{_literal(name)}, {value}" for name, value in sorted(members.items()))
    return f"json_object({body})", unknown
