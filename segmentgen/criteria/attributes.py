"""Endpoint and user attributes: ``attributes: {plan: [pro]}`` is ``Attributes`` and
``user_attributes: {tier: gold}`` is ``UserAttributes``, maps from an attribute name to an
``AttributeDimension`` (INCLUSIVE, EXCLUSIVE, CONTAINS, or the dates BEFORE, AFTER, ON, BETWEEN).

Input: a criteria block in either form, or its ``model.AttributeCriterion`` tuples. Output:
both kinds' shapes, native data (positions recorded), the model (dates as one instant format),
the Pinpoint maps, a Customer Profiles dimension at the profile attribute
``settings.attribute_map`` names, the words ``attribute plan is one of pro, team``, endpoint
tests and SQL (``criteria.attribute_tests``) and the keys back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core import codes, vocabulary
from segmentgen.core.dates import format_instant, parse_instant
from segmentgen.core.diagnostics import Path
from segmentgen.core.model import AttributeCriterion, Dimensions, Segment, SetCriterion
from segmentgen.core.shape_types import STRING, STRINGS, Enum, MapOf, Member, Obj, Ref, Shape, Union
from segmentgen.criteria import endpoint, sets, words
from segmentgen.criteria.kind import CriterionKind, NativePath, Predicate, ValueRule
from segmentgen.criteria.value_rules import between, dates, name_limits

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.compile.customer_profiles_map import Outcome
    from segmentgen.estimate.match import Compiler
    from segmentgen.estimate.sql import SqlCompiler
    from segmentgen.validate.desugar import Native

_DATE_NOTE = (
    "attributes compare dates with BEFORE, AFTER, ON, BETWEEN; comparison operators are for Metrics"
)
_NOTES = {op: _DATE_NOTE for op in (*vocabulary.COMPARISON_OPERATORS, "GT", "LT", "GTE", "LTE")}
_VALUE_OR_VALUES = Union((STRING, STRINGS), "a date or instant")
# AttributeType -> its spec spelling (INCLUSIVE is the bare list).
KEYS = {"EXCLUSIVE": "not", "CONTAINS": "contains", "BEFORE": "before", "AFTER": "after",
        "ON": "on", "BETWEEN": "between"}

SHAPES: Mapping[str, Shape] = {
    "Attribute": Union(
        (
            STRINGS,
            STRING,
            Obj(
                {
                    "in": Member(STRINGS),
                    "not": Member(STRINGS),
                    "contains": Member(STRINGS),
                    "before": Member(_VALUE_OR_VALUES),
                    "after": Member(_VALUE_OR_VALUES),
                    "on": Member(_VALUE_OR_VALUES),
                    "between": Member(STRINGS),
                },
                "an attribute criterion",
                exactly_one=True,
                example="{after: 2024-01-01}",
            ),
        ),
        "an attribute criterion",
    ),
    "AttributeDimension": Obj(
        {
            "AttributeType": Member(
                Enum(vocabulary.ATTRIBUTE_TYPES, "AttributeType takes", notes=_NOTES)
            ),
            "Values": Member(STRINGS, True),
        },
        "an attribute dimension",
        example="{AttributeType: INCLUSIVE, Values: [new]}",
    ),
}


class EndpointAttributes(CriterionKind):
    """``attributes:`` / ``Attributes``; ``UserAttributes`` below differs in its names."""

    name: ClassVar[str] = "attributes"
    keys: ClassVar[Mapping[str, Member]] = {
        "attributes": Member(MapOf(Ref("Attribute"), "attributes"))}
    native: ClassVar[Mapping[NativePath, Member]] = {
        ("Attributes",): Member(MapOf(Ref("AttributeDimension"), "Attributes"))}
    shapes: ClassVar[Mapping[str, Shape]] = SHAPES
    key: ClassVar[str] = "attributes"  # the spec key, the model field, attribute_map's prefix
    section: ClassVar[str] = "Attributes"  # the member of Dimensions
    label: ClassVar[str] = "attribute"  # in words and in Customer Profiles findings
    column: ClassVar[tuple[str, ...]] = ("Attributes",)  # the map in the endpoints table
    per_member: ClassVar[bool] = True
    holds_sets: ClassVar[bool] = True

    def criteria(self, dims: Dimensions) -> tuple[AttributeCriterion, ...]:
        return dims.attributes

    @staticmethod
    def read(ep: Mapping[str, object], name: str) -> tuple[str, ...] | None:
        return endpoint.strings(endpoint.mapping(ep.get("Attributes")).get(name))

    def desugar(self, where: Mapping[str, Any], path: Path, source: Path,
                native: Native) -> Iterator[tuple[NativePath, object]]:
        if self.key not in where:
            return
        here, origin = (*path, self.section), (*source, self.key)
        native.origin[here] = origin
        yield (self.section,), {
            name: _to_native(value, (*here, name), (*origin, name), native)
            for name, value in where[self.key].items()
        }

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        section = block.get(self.section) or {}
        return {self.key: tuple(_to_model(name, section[name]) for name in sorted(section))}

    def pinpoint(self, dims: Dimensions) -> Iterator[tuple[NativePath, Any]]:
        if self.criteria(dims):
            yield (self.section,), {c.name: {"AttributeType": c.type, "Values": list(c.values)}
                                    for c in self.criteria(dims)}

    def profiles(self, out: Outcome, dims: Dimensions, prefix: Path,
                 attribute_map: Mapping[str, str]) -> list[Any]:
        from segmentgen.compile.customer_profiles_map import lookup, mapped

        return [mapped(out, (*prefix, self.section, c.name), f"{self.label} {c.name!r}",
                       lookup(attribute_map, self.key, c.name), c.type, c.values)
                for c in self.criteria(dims)]

    def count(self, dims: Dimensions) -> int:
        return len(self.criteria(dims))

    def describe(self, dims: Dimensions) -> list[str]:
        return [describe(self.label, c) for c in self.criteria(dims)]

    def predicates(self, compiler: Compiler, segment: Segment, dims: Dimensions,
                   path: Path) -> list[Predicate]:
        from segmentgen.criteria.attribute_tests import endpoint_test

        return [endpoint_test(compiler, segment, c, (*path, self.section), self.read)
                for c in self.criteria(dims)]

    def sql(self, compiler: SqlCompiler, segment: Segment, dims: Dimensions,
            path: Path) -> list[exp.Expr]:
        from segmentgen.criteria.attribute_tests import sql_test
        from segmentgen.estimate import expressions as sql

        values = sql.field(*self.column)
        return [sql_test(compiler, segment, c, (*path, self.section), sql.entry(values, c.name))
                for c in self.criteria(dims)]

    def to_high_level(self, block: Mapping[str, Any], path: Path) -> dict[str, Any]:
        section = sorted((block.get(self.section) or {}).items())
        if not section:
            return {}
        return {self.key: {name: _to_high_level(value, (*path, self.section, name))
                           for name, value in section}}

    def value_rules(self) -> tuple[ValueRule, ...]:
        return ((between(self.section), codes.SG209.plugin_rule),
                (dates(self.section), codes.SG208.plugin_rule),
                (name_limits(self.section, "attribute"), codes.SG217.plugin_rule))

    def tighten(self, definitions: dict[str, Any]) -> None:
        definitions["AttributeDimension"] = {
            "additionalProperties": False,
            "properties": {
                "AttributeType": {"enum": list(vocabulary.ATTRIBUTE_TYPES), "type": "string"},
                "Values": {"items": {"type": "string"}, "type": "array", "uniqueItems": False},
            },
            "required": ["Values"],
            "type": "object",
        }
        definitions["SegmentDimensions"]["properties"][self.section] = {
            "additionalProperties": {"$ref": "#/definitions/AttributeDimension"},
            "type": "object"}


class UserAttributes(EndpointAttributes):
    """``user_attributes:`` / ``UserAttributes``: read from the endpoint's ``User``."""

    name: ClassVar[str] = "user_attributes"
    keys: ClassVar[Mapping[str, Member]] = {
        "user_attributes": Member(MapOf(Ref("Attribute"), "user attributes"))}
    native: ClassVar[Mapping[NativePath, Member]] = {
        ("UserAttributes",): Member(MapOf(Ref("AttributeDimension"), "UserAttributes"))}
    key: ClassVar[str] = "user_attributes"
    section: ClassVar[str] = "UserAttributes"
    label: ClassVar[str] = "user attribute"
    column: ClassVar[tuple[str, ...]] = ("User", "UserAttributes")

    def criteria(self, dims: Dimensions) -> tuple[AttributeCriterion, ...]:
        return dims.user_attributes

    @staticmethod
    def read(ep: Mapping[str, object], name: str) -> tuple[str, ...] | None:
        user = endpoint.mapping(ep.get("User"))
        return endpoint.strings(endpoint.mapping(user.get("UserAttributes")).get(name))


def _to_native(value: object, path: Path, source: Path, native: Native) -> dict[str, object]:
    native.origin[path] = source
    if not isinstance(value, dict):
        values = value if isinstance(value, list) else [value]
        native.origin[(*path, "Values")] = source
        return {"AttributeType": "INCLUSIVE", "Values": values}
    (word, values), = value.items()
    native.origin[(*path, "Values")] = (*source, word)
    native.origin[(*path, "AttributeType")] = (*source, word)
    if not isinstance(values, list):
        values = [values]
    return {"AttributeType": vocabulary.ATTRIBUTE_WORDS[word], "Values": values}


def _to_model(name: str, dimension: Mapping[str, Any]) -> AttributeCriterion:
    kind = dimension.get("AttributeType", "INCLUSIVE")
    values = tuple(dimension["Values"])
    if kind in vocabulary.DATE_ATTRIBUTE_TYPES:
        values = tuple(format_instant(parse_instant(value)) for value in values)  # type: ignore[arg-type]
    return AttributeCriterion(name, kind, values)


def describe(label: str, criterion: AttributeCriterion) -> str:
    subject = f"{label} {words.name(criterion.name)}"
    values, kind = criterion.values, criterion.type
    if kind in ("INCLUSIVE", "EXCLUSIVE"):
        return sets.describe(subject, SetCriterion(kind, values))
    if kind == "CONTAINS":
        which = "" if len(values) == 1 else "any of "
        return f"{subject} contains {which}{words.listing(values)}"
    if kind == "BETWEEN" and len(values) == 2:
        return f"{subject} is between {words.quote(values[0])} and {words.quote(values[1])}"
    if kind == "ON":
        return f"{subject} is on {words.listing(tuple(_date_part(v) for v in values))}"
    return f"{subject} is {kind.lower()} {words.listing(values)}"


def _date_part(value: str) -> str:
    return value[:10] if re.match(r"^\d{4}-\d{2}-\d{2}(T|$)", value) else value


def _to_high_level(value: Mapping[str, Any], path: Path) -> object:
    from segmentgen.importer.criteria import Unexpressible

    values = list(value["Values"])
    kind = value.get("AttributeType", "INCLUSIVE")
    if kind == "INCLUSIVE":
        return values
    if kind not in KEYS:
        raise Unexpressible((*path, "AttributeType"), f"AttributeType {kind!r} is unknown")
    if kind in ("BEFORE", "AFTER", "ON") and len(values) == 1:
        return {KEYS[kind]: values[0]}
    return {KEYS[kind]: values}


KIND = EndpointAttributes()
USER_KIND = UserAttributes()
