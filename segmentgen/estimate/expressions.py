"""SQL pieces the criterion kinds build their conditions from.

Input: fields of the ``endpoints`` table (see ``estimate.schema``), the values a criterion
names, instants. Output: sqlglot expressions, written once in Trino's dialect (whose
functions sqlglot carries into DuckDB, Athena and Spark) and always true or false, never NULL:
a field's value, a set test with ``estimate.match``'s semantics, an instant read from text
the way ``core.dates.parse_clamped`` reads it, an instant written as a literal; and a
whole query rewritten where Spark would read it otherwise (``for_dialect``).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.estimate.match import EstimateOptions

_SLOT = "slot_"
_SLOTS = re.compile(r":([a-z][a-z0-9_]*)")
ROW = "e"  # the alias of the endpoints table (or of the step before) in every query
# core.dates' extended ISO-8601 form, hours (and offset hours) below 24 as Python reads them.
INSTANT_PATTERN = ("^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}"
                   "(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$")
FIRST = "0001-01-01 00:00:00.000000+00:00"
LAST = "9999-12-31 23:59:59.999999+00:00"
# Spark differs from Trino where sqlglot does not rewrite (checked in tests/test_spark.py): its
# GREATEST and LEAST skip NULL arguments, and its (Java) regular expressions' $ also matches
# before a final line break, which its CAST then trims ('2024-01-01\n' would read as a date).
JAVA_DIALECTS = frozenset({"spark"})
END_OF_TEXT = "(?!(?s:.))"  # after a final $: nothing follows, not even a line break


def template(text: str, **parts: exp.Expr) -> exp.Expr:
    """``text`` (Trino SQL) with each ``:name`` replaced by ``parts[name]`` (read as a column
    named ``slot_name`` first: Trino's parser takes no placeholder as a function argument)."""
    from sqlglot import exp

    def fill(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name.startswith(_SLOT):
            return parts[node.name.removeprefix(_SLOT)].copy()
        return node

    return _parsed(text).copy().transform(fill, copy=False)


@lru_cache(maxsize=1024)
def _parsed(text: str) -> exp.Expr:
    """``text`` with its slots as columns, parsed once (a copy is filled at each use)."""
    import sqlglot

    parsed = sqlglot.parse_one(_SLOTS.sub(_SLOT + r"\1", text), read="trino")
    for node in parsed.walk():  # the parser's positions, which every copy would copy again
        node._meta = None
        node.comments = node.comments or None
    return parsed


def shape(node: exp.Expr) -> tuple[object, ...]:
    """A key equal for trees of equal structure (each node's type, comments and arguments, in
    order), which write the same SQL: cheaper than writing it, to find a condition built
    twice."""
    from sqlglot import exp

    out: list[object] = []
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if not isinstance(item, exp.Expr):
            out.append(item if isinstance(item, str | int | float | bool) else repr(item))
            continue
        out.append(type(item))
        if item.comments:
            out.append(tuple(item.comments))
        for key, value in item.args.items():
            if value is None or value is False or (isinstance(value, list) and not value):
                continue
            out.append(key)
            if isinstance(value, list):
                out.append(len(value))
                stack.extend(reversed(value))
            else:
                stack.append(value)
    return tuple(out)


def field(*path: str) -> exp.Expr:
    """``e."Location"."Country"``: a column of the row and members of its structure."""
    from sqlglot import exp

    node: exp.Expr = exp.column(path[0], table=ROW, quoted=True)
    for step in path[1:]:
        node = exp.Dot(this=node, expression=exp.to_identifier(step, quoted=True))
    return node


def entry(mapping: exp.Expr, key: str) -> exp.Expr:
    """The value of a map at ``key``, NULL when the map has none."""
    return template("ELEMENT_AT(:map, :key)", map=mapping, key=text(key))


def text(value: str) -> exp.Expr:
    from sqlglot import exp

    return exp.Literal.string(value)


def number(value: float) -> exp.Expr:
    from sqlglot import exp

    return exp.cast(exp.Literal.number(repr(float(value))), exp.DataType.Type.DOUBLE)


def truth(value: bool) -> exp.Expr:
    from sqlglot import exp

    return exp.true() if value else exp.false()


def one_of(item: str, values: tuple[str, ...]) -> tuple[str, dict[str, exp.Expr]]:
    """The condition ``item IN (...)`` with slots for ``values``, and those slots."""
    slots = {f"value{n}": text(value) for n, value in enumerate(values)}
    listed = ", ".join(f":{name}" for name in slots)
    return (f"{item} IN ({listed})" if slots else "FALSE"), slots


def any_item(values: exp.Expr, condition: str, **parts: exp.Expr) -> exp.Expr:
    """Whether some item ``item`` of the array ``values`` satisfies ``condition``."""
    return template(f"COALESCE(CARDINALITY(FILTER(:values, item -> {condition})) > 0, FALSE)",
                    values=values, **parts)


def set_test(values: exp.Expr, kind: str, wanted: tuple[str, ...],
             options: EstimateOptions) -> exp.Expr:
    """``criteria.sets.values_test`` over an array of strings (NULL: the field is absent)."""
    condition, slots = one_of("item", wanted)
    if kind == "INCLUSIVE":
        return any_item(values, condition, **slots)
    if kind == "EXCLUSIVE":
        return template("CASE WHEN :values IS NULL THEN :missing ELSE NOT :hit END",
                        values=values, missing=truth(options.exclusive_matches_missing),
                        hit=any_item(values, condition, **slots))
    if kind == "CONTAINS":
        parts = " OR ".join(f"STRPOS(item, :part{n}) > 0" for n in range(len(wanted)))
        return any_item(values, parts or "FALSE",
                        **{f"part{n}": text(part) for n, part in enumerate(wanted)})
    raise ValueError(f"set criterion type {kind!r} is not INCLUSIVE, EXCLUSIVE or CONTAINS")


def instant(value: exp.Expr) -> exp.Expr:
    """The UTC instant a text names, clamped to years 1..9999; NULL for any other text (read
    from the text's digits by ``estimate.date_sql``, as every engine reads it alike)."""
    from segmentgen.estimate.date_sql import instant_of

    return instant_of(value)


def moment(value: datetime) -> exp.Expr:
    """An instant as a literal (``value`` is in UTC)."""
    return moment_text(f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:"
                       f"{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}+00:00")


def moment_text(value: str) -> exp.Expr:
    return template("CAST(:value AS TIMESTAMP WITH TIME ZONE)", value=text(value))


def date_of(value: exp.Expr) -> exp.Expr:
    return template("CAST(:value AS DATE)", value=value)


def for_dialect(tree: exp.Expr, dialect: str) -> exp.Expr:
    """``tree`` meaning in ``dialect`` what it means in Trino: GREATEST and LEAST of a NULL
    argument are NULL (a GPS criterion over an endpoint without coordinates is false), and a
    pattern's final ``$`` is the end of the text."""
    from sqlglot import exp

    if dialect not in JAVA_DIALECTS:
        return tree
    tree = tree.copy()
    for node in reversed(list(tree.find_all(exp.Greatest, exp.Least, bfs=False))):
        if not node.args.get("ignore_nulls"):  # inner ones first, so outer copies hold them
            arguments = [node.this, *node.expressions]
            node.replace(exp.case().when(exp.or_(*[a.copy().is_(exp.null()) for a in arguments]),
                                         exp.null()).else_(node.copy()))
    for match in tree.find_all(exp.RegexpLike):
        pattern = match.expression
        if isinstance(pattern, exp.Literal) and pattern.is_string and pattern.name.endswith("$"):
            match.set("expression", text(pattern.name + END_OF_TEXT))
    return tree
