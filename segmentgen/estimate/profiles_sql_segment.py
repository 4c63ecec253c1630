"""A SQL segment (``SegmentSqlQuery``, Spark SQL) as a counting query over the profiles table.

Input: a ``ProfilesSegment`` whose ``sql`` is set, a ``ProfilesCompiler``, the dialect and the
table's name. Output: a ``ProfilesQuery`` returning ``profiles`` (rows of the table) and
``matched`` (rows of the segment's query), the segment's query transpiled from Spark SQL with
sqlglot and its ``_profile`` table read as the profiles table. A query that reads any other
table (object types, ``_calculated_attribute``, ...) or that sqlglot cannot read cannot be
answered from a profile export: the query is ``answerable=False``, with SG612. Whether its
columns exist is DuckDB's to say when it runs (also SG612).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segmentgen.core import codes
from segmentgen.core.diagnostics import sort_diagnostics

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.estimate.profiles_sql import ProfilesCompiler, ProfilesQuery, ProfilesSegment

PROFILE_TABLE = "_profile"


def sql_segment_query(segment: ProfilesSegment, compiler: ProfilesCompiler, dialect: str,
                      table: str) -> ProfilesQuery:
    from segmentgen.estimate.profiles_sql import ProfilesQuery

    compiler.segment = segment
    tree, why = _read(segment.sql or "", table)
    if tree is None:
        compiler.warn(("SegmentSqlQuery",), codes.SG612, f"segment {segment.key}: its SQL "
                      f"query cannot be answered from a profile export: {why}",
                      "a profile export holds only _profile: estimate a SQL segment that "
                      "reads _profile alone, or count it in Customer Profiles")
        return ProfilesQuery("", 0, tuple(sort_diagnostics(compiler.diagnostics)),
                             answerable=False)
    text = _counting(tree, table).sql(dialect=dialect, pretty=True) + "\n"
    return ProfilesQuery(text, 0, tuple(sort_diagnostics(compiler.diagnostics)))


def _read(text: str, table: str) -> tuple[exp.Query | None, str]:
    """The query with ``_profile`` renamed to ``table``, or None and why not."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        tree = sqlglot.parse_one(text, read="spark")
    except SqlglotError as error:
        return None, f"Spark SQL that cannot be read ({str(error).splitlines()[0]})"
    if not isinstance(tree, exp.Query):
        return None, "not a query"
    named = {t.alias_or_name for t in tree.find_all(exp.CTE)}
    for node in list(tree.find_all(exp.Table)):
        if node.name.lower() == PROFILE_TABLE and not node.args.get("db"):
            alias = node.alias or PROFILE_TABLE
            node.replace(exp.alias_(exp.to_table(table), alias, table=True))
        elif node.name not in named:
            return None, f"it reads table {node.sql(dialect='spark')!r}, not _profile"
    return tree, ""


def _counting(tree: exp.Query, table: str) -> exp.Select:
    from sqlglot import exp

    profiles = exp.select(exp.Count(this=exp.Star())).from_(exp.to_table(table))
    matched = exp.select(exp.Count(this=exp.Star())).from_(tree.subquery("q"))
    return exp.select(exp.alias_(profiles.subquery(), "profiles"),
                      exp.alias_(matched.subquery(), "matched"))
