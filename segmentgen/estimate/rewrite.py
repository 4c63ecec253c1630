"""A counting query rewritten for DuckDB over ``estimate.session``'s ``endpoints`` view.

Input: a counting query tree of ``estimate.sql`` or ``estimate.batch`` (DuckDB dialect, over
the ``endpoints`` table, whose maps ``Attributes``, ``User.UserAttributes`` and ``Metrics`` are
JSON objects; its readings of text deferred, ``estimate.date_sql.deferred``). Output: the same
tree, rewritten in place in one pass, counting the same rows with less work per endpoint, and
the count of stray lines as its row's last column:

- each entry of a map any criterion reads (a map and a key) is one column of the scan,
  however many criteria and segments read it; the view gives the entries of a map as the
  members of a STRUCT, parsed with the line (the query's text carries the keys in a comment,
  ``estimate.view.carried``), or, where keys differ in case only, each map is parsed once
  per endpoint for all its entries (one ``json_extract`` of a list of JSON pointers);
- an instant read from a field of the row (``EffectiveDate``) and the instants of a date
  attribute are columns of the scan too, each text matched against the pattern once; a text
  of the common form (``2024-05-01T10:00:00Z``) is read by DuckDB's own cast, which reads it
  as ``estimate.date_sql`` does, and the digit reading runs over the other texts only (over a
  date attribute's list only where that cast leaves an item NULL); any other reading is
  written out in full;
- a set test over a few literal values is an OR of ``list_contains`` (DuckDB's
  ``list_has_any`` hashes each row's list: several times slower);
- whether an endpoint is sendable is one column, not one test per segment;
- a GPS criterion first compares the latitude alone, which rules out most endpoints;
- each condition and count is shaped for DuckDB (``estimate.conditions``);
- each step of the query is streamed, never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from segmentgen.estimate.conditions import count_if, counted, short_circuit
from segmentgen.estimate.date_sql import deferred_reading, written
from segmentgen.estimate.instants import dated, hoist
from segmentgen.estimate.session import STRAYS
from segmentgen.estimate.view import MAPS, carried, pointer, structured

if TYPE_CHECKING:
    from sqlglot import exp

CONTAINS_AT_MOST = 4  # a set test over up to this many values is an OR of list_contains
SENDABLE = "sg_sendable"


@dataclass
class _Scan:
    """The columns the rewrite adds to the scan, layer by layer (a layer reads the ones before)."""

    maps: dict[str, tuple[str, exp.Expr, list[str]]] = field(default_factory=dict)
    items: list[tuple[exp.Expr, str, str]] = field(default_factory=list)  # node, map, key
    entries: dict[tuple[str, str, str], tuple[str, exp.Expr]] = field(default_factory=dict)
    commons: dict[str, tuple[str, exp.Expr]] = field(default_factory=dict)
    instants: dict[tuple[str, str], tuple[str, exp.Expr]] = field(default_factory=dict)

    def map_item(self, mapping: exp.Expr, key: str) -> exp.Expr:
        """The JSON of ``mapping``'s member ``key``, from the map's one parse per endpoint."""
        from sqlglot import exp

        from segmentgen.estimate.expressions import ROW

        name, _, keys = self.maps.setdefault(
            mapping.sql(copy=False), (f"sg_map_{len(self.maps)}", mapping.copy(), []))
        keys.append(key)
        item = exp.Anonymous(this="list_extract", expressions=[
            exp.column(name, table=ROW), exp.Literal.number(len(keys))])
        self.items.append((item, mapping.sql(copy=False), key))
        return item

    def members(self, paths: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
        """The keys the view gives as members of each map (``estimate.session``: a STRUCT of
        JSON values, parsed with the line); each such map's items read its members instead."""
        from sqlglot import exp

        given = {text: tuple(keys) for text, (_, _, keys) in self.maps.items()
                 if structured(keys)}
        for item, text, key in self.items:
            if text in given:
                item.replace(exp.Dot(this=self.maps[text][1].copy(),
                                     expression=exp.to_identifier(key, quoted=True)))
        for text in given:
            del self.maps[text]
        return {paths[text]: keys for text, keys in given.items()}

    def layers(self) -> list[list[tuple[str, exp.Expr]]]:
        """Each map parsed and whether the endpoint is sendable; entries; the instants of the
        common form; instants."""
        from sqlglot import exp

        from segmentgen.estimate import expressions as sql
        from segmentgen.estimate.sql import SENDABLE as TEXT

        first: list[tuple[str, exp.Expr]] = [(name, exp.Anonymous(this="json_extract", expressions=[
            mapping, exp.Array(expressions=[exp.Literal.string(pointer(k)) for k in keys])]))
            for name, mapping, keys in self.maps.values()]
        first.append((SENDABLE, sql.template(TEXT)))
        return [first, list(self.entries.values()), list(self.commons.values()),
                list(self.instants.values())]


def for_engine(tree: exp.Expr) -> exp.Expr:
    """``tree`` (a fresh tree: it is rewritten in place) as this module says."""
    from sqlglot import exp

    from segmentgen.estimate.expressions import ROW, field

    readers = {field(*path).sql(copy=False): reader for path, reader in MAPS.items()}
    paths = {field(*path).sql(copy=False): path for path in MAPS}
    scan = _Scan()

    def entry(node: exp.Expr) -> exp.Expr:
        reader = readers.get(node.this.sql(copy=False)) if isinstance(node, exp.Bracket) else None
        key = node.expressions[0] if reader else None
        if not (isinstance(key, exp.Literal) and key.is_string and len(node.expressions) == 1):
            return node
        found = (node.this.sql(copy=False), key.name, str(reader))
        if found not in scan.entries:
            scan.entries[found] = (f"sg_entry_{len(scan.entries)}", exp.Anonymous(
                this=reader, expressions=[scan.map_item(node.this, key.name)]))
        return exp.column(scan.entries[found][0], table=ROW)

    tables: list[exp.Expr] = []
    steps: list[exp.Expr] = []

    def visit(node: exp.Expr) -> exp.Expr:
        """One pass, parents before children: a node replaced is not visited further, so a
        map entry inside one is rewritten first."""
        if isinstance(node, exp.Bracket):
            return entry(node)
        if isinstance(node, exp.ArrayFilter):
            node.set("this", entry(node.this))
            return dated(node, scan.instants, scan.commons)
        if isinstance(node, exp.GT):
            return _any_of(node, entry)
        if isinstance(node, exp.Coalesce):
            return _near(node)
        if isinstance(node, exp.Table | exp.CTE):
            (tables if isinstance(node, exp.Table) else steps).append(node)
        if deferred_reading(node) is None:
            return node
        column = hoist(node, scan.entries)  # over the row's fields; else written out
        return column if column is not node else written(node).transform(visit, copy=False)

    tree = tree.transform(visit, copy=False)
    assert isinstance(tree, exp.Select)
    for count in tree.expressions:  # the sendable counts are the query's own columns
        count.transform(_sendable, copy=False).transform(count_if, copy=False)
    tree.add_comments([carried(scan.members(paths))])  # the view gives them (estimate.view)
    source: exp.Expr = exp.to_table("endpoints").as_(ROW)
    for layer in scan.layers():
        if layer:
            source = exp.Subquery(this=exp.select(exp.Star()).select(*(
                exp.alias_(value, name, copy=False) for name, value in layer), copy=False
            ).from_(source, copy=False), alias=exp.TableAlias(this=exp.to_identifier(ROW)))
    for table in tables:
        if table.name == "endpoints" and not table.args.get("db"):
            table.replace(source.copy())
    for step in steps:  # each step is read once: stream it, never store it
        step.set("materialized", False)
        short_circuit(step.this)
    strays = exp.alias_(counted(exp.column("sg_stray", table=ROW)), STRAYS)
    return tree.select(strays, copy=False)


def _any_of(node: exp.Expr, entry: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    """``CARDINALITY(FILTER(values, item -> item IN ('a', 'b'))) > 0`` over a few values as
    ``list_contains(values, 'a') OR list_contains(values, 'b')`` (NULL for NULL values, as
    before), without a lambda; over more values the lambda filter is faster and stays. A map
    entry's values are its column (``entry``)."""
    from sqlglot import exp

    size = node.this if isinstance(node, exp.GT) else None
    zero = node.expression if isinstance(node, exp.GT) else None
    found = size.this if isinstance(size, exp.ArraySize) else None
    function = found.expression if isinstance(found, exp.ArrayFilter) else None
    test = function.this if isinstance(function, exp.Lambda) else None
    if not (isinstance(zero, exp.Literal) and zero.name == "0" and isinstance(test, exp.In)
            and function is not None and found is not None and len(function.expressions) == 1
            and test.this.name == function.expressions[0].name
            and 0 < len(test.expressions) <= CONTAINS_AT_MOST
            and all(isinstance(v, exp.Literal) and v.is_string for v in test.expressions)):
        return node
    values = entry(found.this)
    return exp.paren(exp.or_(*(exp.Anonymous(this="list_contains", expressions=[
        values.copy(), v.copy()]) for v in test.expressions), copy=False), copy=False)


def _near(node: exp.Expr) -> exp.Expr:
    """A GPS criterion, ``COALESCE(2R * ASIN(...) <= range, FALSE)``, tested first on the
    latitude alone (a CASE: the rest only over the rows left): the great-circle distance is at
    least R times the difference of the latitudes in radians, so an endpoint whose latitude
    differs by more than range / R (and a billionth of a radian for rounding) is farther, and
    its sines and cosines are skipped."""
    from sqlglot import exp

    from segmentgen.criteria.gps import EARTH_RADIUS_KM
    from segmentgen.estimate.expressions import field

    test = node.this if isinstance(node, exp.Coalesce) else None
    if not isinstance(test, exp.LTE) or test.this.find(exp.Asin) is None:
        return node
    latitude = field("Location", "Latitude").sql(copy=False)
    difference = next((sub for sub in test.this.find_all(exp.Sub)
                       if isinstance(sub.this, exp.Radians)
                       and sub.this.this.sql(copy=False) == latitude), None)
    if difference is None:
        return node
    bound = exp.Add(this=exp.Div(this=test.expression.copy(), expression=exp.cast(
        exp.Literal.number(repr(EARTH_RADIUS_KM)), exp.DataType.Type.DOUBLE)),
        expression=exp.Literal.number("1e-9"))
    within = _coordinates_read(node, exp.LTE(this=exp.Abs(this=difference.copy()),
                                             expression=bound))
    return exp.case().when(within, node, copy=False).else_(exp.false(), copy=False)


def _coordinates_read(node: exp.Expr, within: exp.Expr) -> exp.Expr:
    """``within`` (the latitude's test) and that the longitude is there, where a GPS
    criterion's distance reads nothing else of the row: then no argument of its GREATEST and
    LEAST is NULL where the test holds, and they are DuckDB's own (sqlglot writes the others as
    a CASE testing each argument for NULL first, which writes the distance four times over)."""
    from sqlglot import exp

    from segmentgen.estimate.expressions import field

    location = field("Location").sql(copy=False)
    coordinates = {field("Location", part).sql(copy=False) for part in ("Latitude", "Longitude")}
    columns = [column.sql(copy=False) for column in node.find_all(exp.Column)]
    read = [dot.sql(copy=False) for dot in node.find_all(exp.Dot)]
    if any(column != location for column in columns) or len(read) != len(columns) \
            or any(part not in coordinates for part in read):
        return within
    for bound in node.find_all(exp.Greatest, exp.Least):
        bound.set("ignore_nulls", True)
    there = exp.not_(exp.Is(this=field("Location", "Longitude"), expression=exp.null()))
    return exp.and_(within, there, copy=False)


def _sendable(node: exp.Expr) -> exp.Expr:
    """``hit AND <estimate.sql.SENDABLE>`` as ``hit AND sg_sendable``, a column of the view."""
    from sqlglot import exp

    from segmentgen.estimate.expressions import ROW

    if isinstance(node, exp.And) and isinstance(node.this, exp.And) \
            and isinstance(node.expression, exp.Paren) \
            and isinstance(node.this.expression, exp.NEQ) \
            and _sendable_parts() == (node.this.expression.sql(copy=False),
                                      node.expression.sql(copy=False)):
        return exp.and_(node.this.this, exp.column(SENDABLE, table=ROW), copy=False)
    return node


@cache
def _sendable_parts() -> tuple[str, str]:
    """The two conditions of ``estimate.sql.SENDABLE`` as the rewrite sees them."""
    from segmentgen.estimate import expressions as sql
    from segmentgen.estimate.sql import SENDABLE as TEXT

    parsed = sql.template(f":hit AND {TEXT}", hit=sql.truth(True))
    return parsed.this.expression.sql(copy=False), parsed.expression.sql(copy=False)
