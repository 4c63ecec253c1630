"""The instants a counting query reads, as columns of its scan (``estimate.rewrite``'s part).

Input: a node of a counting query tree being rewritten for DuckDB (``estimate.rewrite``) and
the columns found so far. Output: the node, or a reference to a column of the scan that reads
the instant once per endpoint: the instant of a field of the row (``hoist``: ``EffectiveDate``
for recency), the instants of a date attribute's items (``dated``), each read with
``common_first`` (a text of the common form by DuckDB's own cast, the digit reading of
``estimate.date_sql`` over the other texts only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segmentgen.estimate.view import VIEW_COLUMNS

if TYPE_CHECKING:
    from sqlglot import exp

# An instant in UTC from year 1000, seconds below 60 and up to six digits of a fraction: the
# local time is the instant (no offset to subtract, nothing to clamp), and DuckDB's cast of
# the text reads that instant (NULL for a day its month lacks, as the digit reading's cast).
COMMON_INSTANT = ("[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                  "([.][0-9]{1,6})?Z")


def hoist(node: exp.Expr, found: dict[tuple[str, str, str], tuple[str, exp.Expr]]
          ) -> exp.Expr:
    """A reading of a field of the row (a deferred one, ``estimate.date_sql.deferred``, over
    view columns only, such as ``EffectiveDate`` for recency) as one column of the scan,
    however many criteria compare it."""
    from segmentgen.estimate.date_sql import deferred_reading, written

    if deferred_reading(node) is None:
        return node
    from sqlglot import exp

    from segmentgen.estimate.expressions import ROW

    if node.find(exp.Bracket) is not None:
        return node  # over a map entry: its own column first
    columns = list(node.find_all(exp.Column))
    if not columns or any(c.table != ROW or c.parts[1].name not in VIEW_COLUMNS
                          for c in columns):
        return node
    key = (node.sql(copy=False), "", "")
    if key not in found:
        found[key] = (f"sg_entry_{len(found)}", common_first(written(node)))
    return exp.column(found[key][0], table=ROW)


def dated(node: exp.Expr, found: dict[tuple[str, str], tuple[str, exp.Expr]],
          commons: dict[str, tuple[str, exp.Expr]]) -> exp.Expr:
    """A date criterion over a map entry (``FILTER(entry, item -> instant(item) < x)``) over
    the entry's instants, read once per endpoint as a column of the scan (``commons``: the
    columns that read the items of the common form first, see ``_common``)."""
    from sqlglot import exp

    from segmentgen.estimate.date_sql import deferred_reading, written
    from segmentgen.estimate.expressions import ROW

    values, function = (node.this, node.expression) if isinstance(node, exp.ArrayFilter) \
        else (None, None)
    if not (isinstance(values, exp.Column) and values.name.startswith("sg_entry_")
            and isinstance(function, exp.Lambda)):
        return node
    instant = next((part for part in function.this.find_all(exp.Anonymous, bfs=True)
                    if deferred_reading(part) is not None), None)
    if instant is None:
        return node
    text = instant.sql(copy=False)
    if (values.name, text) not in found:
        found[(values.name, text)] = (f"sg_instants_{len(found)}", _common(
            values, written(instant), function.expressions, commons))
    name = found[(values.name, text)][0]

    def reuse(part: exp.Expr) -> exp.Expr:  # the filter is replaced: its body is reused
        if deferred_reading(part) is None:
            return part
        same = part is instant or part.sql(copy=False) == text
        return exp.column(function.expressions[0].name) if same else written(part)

    body = function.this.transform(reuse, copy=False)
    return exp.ArrayFilter(this=exp.column(name, table=ROW),
                           expression=exp.Lambda(this=body, expressions=function.expressions))


def _common(values: exp.Expr, instant: exp.Expr, names: list[exp.Expr],
            commons: dict[str, tuple[str, exp.Expr]]) -> exp.Expr:
    """The instants of ``values``' items: those of the common form (``COMMON_INSTANT``) read
    by DuckDB's cast in a column of the layer before (``commons``), and ``_instants``' full
    reading only for a list holding an item that cast leaves NULL (another form, a day its
    month lacks). A transform's function is set up for each chunk of rows it runs over, and
    the full reading is some two hundred nodes: kept out of the chunks that need none of it."""
    from sqlglot import exp

    from segmentgen.estimate.date_sql import READING
    from segmentgen.estimate.expressions import ROW

    full = _instants(values, instant, names)
    if instant.meta_get(READING) != "instant" or len(names) != 1:
        return full
    if values.name not in commons:
        item = exp.column(names[0].name)
        commons[values.name] = (f"sg_common_{len(commons)}", exp.Anonymous(
            this="list_transform", expressions=[values.copy(), exp.Lambda(
                this=exp.case().when(_is_common(item), _cast(item), copy=False),
                expressions=[exp.to_identifier(names[0].name)])]))
    common = exp.column(commons[values.name][0], table=ROW)
    every = exp.EQ(this=exp.Anonymous(this="list_count", expressions=[common.copy()]),
                   expression=exp.ArraySize(this=values.copy()))
    return exp.case().when(exp.or_(exp.Is(this=values.copy(), expression=exp.null()), every,
                                   copy=False), common, copy=False).else_(full, copy=False)


def _is_common(text: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    return exp.Anonymous(this="regexp_full_match", expressions=[
        text.copy(), exp.Literal.string(COMMON_INSTANT)])


def _cast(text: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    return exp.TryCast(this=text.copy(), to=exp.DataType.build("TIMESTAMPTZ"))


def _instants(values: exp.Expr, instant: exp.Expr, names: list[exp.Expr]) -> exp.Expr:
    """``list_transform(values, item -> instant(item))``, the text of each item matched
    against the pattern once: the instant it reads (a TRY_CAST, which ``instant`` clamps, using
    it thrice) is computed by a transform of its own first."""
    from sqlglot import exp

    read = next((cast for cast in instant.find_all(exp.TryCast)
                 if cast.find(exp.RegexpLike) is not None), None)
    item = names[0].name if len(names) == 1 else None
    if read is None or item is None:
        return exp.Anonymous(this="list_transform", expressions=[values.copy(), exp.Lambda(
            this=common_first(instant.copy()), expressions=names)])
    text = read.sql(copy=False)
    clamp = instant.copy().transform(
        lambda part: exp.column(item)
        if isinstance(part, exp.TryCast) and part.sql(copy=False) == text else part)
    reads = exp.Anonymous(this="list_transform", expressions=[values.copy(), exp.Lambda(
        this=read.copy(), expressions=[exp.to_identifier(item)])])
    return exp.Anonymous(this="list_transform", expressions=[reads, exp.Lambda(
        this=clamp, expressions=[exp.to_identifier(item)])])


def common_first(instant: exp.Expr) -> exp.Expr:
    """An instant's digit reading (``estimate.date_sql.instant_of``) after DuckDB's cast of a
    text of the common form (``COMMON_INSTANT``): a CASE runs its ELSE over the rows its
    WHEN leaves, so the digit reading runs over the other texts only. Another tree is kept."""
    from sqlglot import exp

    from segmentgen.estimate.date_sql import READING, TEXT

    text = instant.meta_get(TEXT) if instant.meta_get(READING) == "instant" else None
    if not isinstance(text, exp.Expr):
        return instant
    return exp.case().when(_is_common(text), _cast(text), copy=False).else_(instant, copy=False)
