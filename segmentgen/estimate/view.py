"""The ``endpoints`` view over an endpoint export, as ``estimate.session`` reads it.

Input: the export's files (JSON lines, each plain or gzipped), whether DuckDB's typed JSON
reader reads them, and the members of each map the query reads (``members_of``: the query's
text carries them). Output: the macros and the ``CREATE VIEW`` statement.

The view reads each field the way ``criteria.endpoint`` does (a field of the wrong JSON type
is absent, a list's non-string items are ignored, a number is a finite double, a coordinate
lies within its range). The typed read parses each line once and gives each top-level field
as JSON (``EffectiveDate``, ``OptOut`` and ``EndpointStatus`` as text: see ``TEXTS``), and as
a STRUCT of JSON values (no second parse) the members the view reads of
``User``, ``Location`` and ``Demographic`` and of each map (``Attributes``,
``User.UserAttributes``, ``Metrics``: the entries the query reads); it fails on a line that
is no object, names a field or such a member twice, or holds such a field that is neither an
object nor null, and then the generic view reads each line as one JSON value, field by field
(a line that is no object is a stray). A map whose entries are not such members stays a JSON
object, each entry read by a JSON pointer (``estimate.rewrite``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

GZIP_MAGIC = b"\x1f\x8b"
# the JSON text of an array whose items are all strings (the text is valid JSON)
STRINGS = r'\[\s*("([^"\\]|\\.)*"\s*(,\s*"([^"\\]|\\.)*"\s*)*)?\]'

MACROS = (
    "CREATE MACRO sg_text(x) AS CASE WHEN json_type(x) = 'VARCHAR' THEN x ->> '$' END",
    "CREATE MACRO sg_any_texts(x) AS CASE json_type(x) WHEN 'VARCHAR' THEN [x ->> '$'] "
    "WHEN 'ARRAY' THEN list_transform(list_filter(CAST(x AS JSON[]), "
    "lambda y: json_type(y) = 'VARCHAR'), lambda y: y ->> '$') END",
    # a string, and an array of strings only (the usual attribute), known by its text alone;
    # an absent member (most entries of most endpoints) is NULL before any test runs
    "CREATE MACRO sg_texts(x) AS CASE WHEN x IS NULL THEN NULL "
    "WHEN starts_with(CAST(x AS VARCHAR), '\"') "
    f"THEN [x ->> '$'] WHEN regexp_full_match(CAST(x AS VARCHAR), '{STRINGS}') "
    "THEN CAST(x AS VARCHAR[]) ELSE sg_any_texts(x) END",
    # a finite number: of the texts of JSON values, only a number's reads as a DOUBLE (a
    # string's starts with a quote; true, false and null are no numbers), with the same
    # rounding as a JSON cast, and without parsing the value first to learn its type
    "CREATE MACRO sg_double(x) AS TRY_CAST(CAST(x AS VARCHAR) AS DOUBLE)",
    # a map entry: most often an array of one string, known by its text alone (an array whose
    # first item is a string, with no comma anywhere: no second item), cast without a pattern
    "CREATE MACRO sg_items(x) AS CASE WHEN x IS NULL THEN NULL "
    "WHEN starts_with(CAST(x AS VARCHAR), '[\"') AND NOT contains(CAST(x AS VARCHAR), ',') "
    "THEN CAST(x AS VARCHAR[]) ELSE sg_texts(x) END",
    "CREATE MACRO sg_number(x) AS CASE WHEN isfinite(sg_double(x)) THEN sg_double(x) END",
    "CREATE MACRO sg_within(x, limit_) AS CASE WHEN sg_double(x) BETWEEN -limit_ AND limit_ "
    "THEN sg_double(x) END",
    "CREATE MACRO sg_object(x) AS CASE WHEN json_type(x) = 'OBJECT' THEN x END",
    # a status or opt-out of another JSON type keeps its JSON text, which never reads ACTIVE
    "CREATE MACRO sg_word(x) AS CASE json_type(x) WHEN 'VARCHAR' THEN x ->> '$' "
    "WHEN 'NULL' THEN NULL ELSE CAST(x AS VARCHAR) END",
)
DEMOGRAPHIC = ("AppVersion", "Make", "Model", "Platform")
# the map columns of the query (JSON objects, or STRUCTs of members) -> the macro that reads
# one entry's value
MAPS = {("Attributes",): "sg_items", ("User", "UserAttributes"): "sg_items",
        ("Metrics",): "sg_number"}
# the endpoints view over {source}: each of {fields} reads one top-level field
VIEW = """CREATE VIEW endpoints AS SELECT
  {attributes_map} AS "Attributes",
  {{'UserAttributes': {user_attributes_map}}} AS "User",
  {metrics_map} AS "Metrics",
  {{'Country': sg_texts({country}),
    'Latitude': sg_within({latitude}, 90),
    'Longitude': sg_within({longitude}, 180)}} AS "Location",
  {{{demographic}}} AS "Demographic",
  sg_texts({channel}) AS "ChannelType",
  {effective_text} AS "EffectiveDate",
  {opt_out_word} AS "OptOut",
  {status_word} AS "EndpointStatus",
  {stray} AS sg_stray
FROM ({source})"""
VIEW_COLUMNS = frozenset({"Attributes", "User", "Metrics", "Location", "Demographic",
                          "ChannelType", "EffectiveDate", "OptOut", "EndpointStatus"})
FIELDS = {"attributes": "Attributes", "user": "User", "metrics": "Metrics",
          "location": "Location", "demographic": "Demographic", "channel": "ChannelType",
          "effective": "EffectiveDate", "opt_out": "OptOut", "status": "EndpointStatus"}
# fields the typed read gives as text: any other JSON value as its JSON text, which neither
# reads as an instant (EffectiveDate: the pattern of ``estimate.expressions.instant``) nor
# as ALL or ACTIVE (OptOut, EndpointStatus: the generic view's ``sg_word`` gives the same)
TEXTS = {"effective": "sg_text", "opt_out": "sg_word", "status": "sg_word"}
TEXT_PATHS = frozenset((FIELDS[name],) for name in TEXTS)
# the members the view reads of each object field besides the maps
MEMBERS = {"User": ("UserAttributes",), "Location": ("Country", "Latitude", "Longitude"),
           "Demographic": DEMOGRAPHIC}
Members = Mapping[tuple[str, ...], Sequence[str]]
# the comment in which a query's text carries the members of each map it reads
_CARRIED = re.compile(r"/\* segmentgen-map-members: (.*?) \*/")


def structured(keys: Sequence[str]) -> bool:
    """Whether a map's ``keys`` can be the members of a STRUCT (DuckDB's names of members are
    case-insensitive: two keys that differ in case only cannot)."""
    distinct = set(keys)
    return bool(distinct) and all(key and "\x00" not in key for key in distinct) \
        and len({key.casefold() for key in distinct}) == len(distinct) \
        and len({key.lower() for key in distinct}) == len(distinct)


def carried(members: Members) -> str:
    """The text of the comment a query carries ``members`` in (a JSON list; ``/`` escaped, so
    that no ``*/`` ends the comment early)."""
    listed = json.dumps([[list(path), list(keys)] for path, keys in sorted(members.items())])
    return f" segmentgen-map-members: {listed.replace('/', chr(92) + '/')} "


def members_of(query: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The members of each map that ``query``'s text carries (none without the comment)."""
    found = _CARRIED.search(query)
    listed = json.loads(found.group(1)) if found else []
    return {tuple(path): tuple(keys) for path, keys in listed}


def view(files: list[str], typed: bool, members: Members) -> str:
    """The view over the export: ``typed``, DuckDB's JSON reader gives each field (fast; it
    fails on a line that is no object, a key named twice, a field of another type); else each
    line is one JSON value read field by field (a line that is no object is a stray)."""
    if typed:
        columns = {name: f'"{field}"' for name, field in FIELDS.items()}
        columns["stray"] = "FALSE"
    else:
        columns = {name: f"(j -> '{field}')" for name, field in FIELDS.items()}
        columns["stray"] = "json_type(j) <> 'OBJECT'"

    def member(column: str, key: str) -> str:
        return f"{column}.{_name(key)}" if typed else f"({column} -> '{_quoted(key)}')"

    def mapping(column: str, path: tuple[str, ...]) -> str:
        keys = members.get(path, ())
        if not keys:
            return f"sg_object({column})"
        if typed:
            return column
        return "{" + ", ".join(f"'{_quoted(key)}': json_extract(sg_object({column}), "
                               f"'{_quoted(pointer(key))}')" for key in keys) + "}"

    demographic = ", ".join(f"'{key}': sg_texts({member(columns['demographic'], key)})"
                            for key in DEMOGRAPHIC)
    user = member(columns["user"], "UserAttributes")
    location = {key.lower(): member(columns["location"], key) for key in MEMBERS["Location"]}
    source = " UNION ALL ".join(_source(file, typed, members) for file in files)
    texts = {f"{name}_{macro.removeprefix('sg_')}": columns[name] if typed
             else f"{macro}({columns[name]})" for name, macro in TEXTS.items()}
    return VIEW.format(**{**columns, **location, "demographic": demographic, "source": source},
                       **texts,
                       attributes_map=mapping(columns["attributes"], ("Attributes",)),
                       user_attributes_map=mapping(user, ("User", "UserAttributes")),
                       metrics_map=mapping(columns["metrics"], ("Metrics",)))


def _source(file: str, typed: bool, members: Members) -> str:
    with open(file, "rb") as stream:
        gzipped = stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    options = f"'{_quoted(file)}', compression = '{'gzip' if gzipped else 'none'}'"
    if not typed:
        return f"SELECT json AS j FROM read_ndjson_objects({options})"
    types = {field: _quoted(_typed((field,), members)) for field in FIELDS.values()}
    columns = ", ".join(f"\"{field}\": '{kind}'" for field, kind in types.items())
    return (f"SELECT * FROM read_json({options}, format = 'newline_delimited', "
            f"columns = {{{columns}}})")


def _typed(path: tuple[str, ...], members: Members) -> str:
    """The type the typed read gives the field at ``path``: JSON, or a STRUCT of the members
    read (a map's: the entries the query reads)."""
    keys = members.get(path) or MEMBERS.get(path[-1] if len(path) == 1 else "", ())
    if not keys:
        return "VARCHAR" if path in TEXT_PATHS else "JSON"
    return "STRUCT(" + ", ".join(f"{_name(key)} {_typed((*path, key), members)}"
                                 for key in keys) + ")"


def _name(key: str) -> str:
    """``key`` as a quoted SQL name."""
    return '"' + key.replace('"', '""') + '"'


def pointer(key: str) -> str:
    """A JSON pointer to the member ``key`` (RFC 6901: ~ and / escaped)."""
    return "/" + key.replace("~", "~0").replace("/", "~1")


def _quoted(text: str) -> str:
    return text.replace("'", "''")
