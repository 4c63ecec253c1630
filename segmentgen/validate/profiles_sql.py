"""SQL segments: a ``SegmentSqlQuery`` checked as Spark SQL, and its canonical form.

Input: the query text (a spec's ``sql:``, a template's ``SegmentSqlQuery``) and its data path.
Output: ``check_sql`` yields SG232 for a query CloudFormation or the API refuses (empty,
over 50,000 characters) or that sqlglot's Spark dialect cannot parse (positioned at the
offending token inside the query: ``Finding.within``, which the loader turns into a file
position), or that is not one query; ``normalize_sql`` gives the form in which whitespace,
comments and keyword case make no difference (``SegmentSqlQuery`` is create-only, so only a
change of this form replaces the segment). sqlglot is imported only when a query is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path

MAX_QUERY_LENGTH = 50_000  # SegmentSqlQuery: CloudFormation's schema and the API
DIALECT = "spark"
_READS = "Customer Profiles reads Spark SQL (checked with sqlglot's Spark dialect)"


def check_sql(sql: object, path: Path) -> Iterator[Finding]:
    """SG232 for a query that cannot be a segment's ``SegmentSqlQuery``."""
    if not isinstance(sql, str):
        return
    if not sql.strip():
        yield Finding(path, codes.SG232, "the SQL query is empty", "write one SELECT query "
                      "over the domain's profiles, such as SELECT * FROM _profile WHERE ...")
        return
    if len(sql) > MAX_QUERY_LENGTH:
        yield Finding(path, codes.SG232, f"the SQL query has {len(sql):,} characters; "
                      f"SegmentSqlQuery takes at most {MAX_QUERY_LENGTH:,} (CloudFormation's "
                      "schema and the API)", "shorten the query, or move part of it into a "
                      "base segment")
        return
    statements, problem = _parse(sql, path)
    if problem is not None:
        yield problem
        return
    yield from _one_query(statements, path)


def _parse(sql: str, path: Path) -> tuple[list[Any], Finding | None]:
    import sqlglot
    from sqlglot.errors import ParseError, SqlglotError, TokenError

    try:
        return [s for s in sqlglot.parse(sql, read=DIALECT) if s is not None], None
    except ParseError as error:
        return [], _syntax_error(error.errors[0] if error.errors else {}, path)
    except TokenError as error:
        where = _token_position(sql, error)
        return [], Finding(path, codes.SG232, f"Spark SQL cannot be read at line {where[0]}, "
                           f"column {where[1]} of the query: an unclosed quote or a character "
                           "SQL does not take", f"close every quoted string; {_READS}",
                           within=where)
    except (SqlglotError, RecursionError) as error:  # nesting beyond the parser's depth
        reason = str(error) or "it is nested too deeply"
        return [], Finding(path, codes.SG232, f"Spark SQL cannot be read: {reason}", _READS)


def _syntax_error(error: dict[str, Any], path: Path) -> Finding:
    line, col = int(error.get("line") or 1), int(error.get("col") or 1)
    highlight = str(error.get("highlight") or "")
    if highlight and "\n" not in highlight:
        col = max(1, col - len(highlight) + 1)  # sqlglot's column is the token's last
    description = str(error.get("description") or "syntax error").split(" for <class")[0]
    if description.startswith("Required keyword"):
        description = "an expression is missing"
    near = f"near {highlight!r}: " if highlight else ""
    return Finding(path, codes.SG232, f"Spark SQL syntax error at line {line}, column {col} of "
                   f"the query: {description}", near + _READS, within=(line, col))


def _token_position(sql: str, error: Exception) -> tuple[int, int]:
    """Where the tokenizer stopped: sqlglot keeps 50 characters of context either side."""
    start = getattr(error, "start", None)
    index = start + 50 if isinstance(start, int) and start > 0 else 0
    if index == 0:
        quote = min((sql.find(q) for q in "'\"`" if q in sql), default=-1)
        index = max(quote, 0)
    before = sql[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _one_query(statements: list[Any], path: Path) -> Iterator[Finding]:
    from sqlglot import expressions

    if len(statements) != 1:
        yield Finding(path, codes.SG232, f"the SQL holds {len(statements)} statements; a "
                      "segment is one query", "remove the other statements and the ';' "
                      "between them")
    elif not isinstance(statements[0], expressions.Query):
        kind = statements[0].key.upper()
        yield Finding(path, codes.SG232, f"the SQL is a {kind} statement, not a query",
                      "a segment's SQL is one SELECT that returns the profiles in the segment")


def normalize_sql(sql: str) -> str:
    """``sql`` with whitespace, comments and keyword case made canonical (Spark's printing
    by sqlglot); text sqlglot cannot read is only stripped of repeated whitespace."""
    import sqlglot
    from sqlglot.errors import SqlglotError

    try:
        statements = [s for s in sqlglot.parse(sql, read=DIALECT) if s is not None]
    except (SqlglotError, RecursionError):
        return " ".join(sql.split())
    return ";\n".join(s.sql(dialect=DIALECT, comments=False) for s in statements)
