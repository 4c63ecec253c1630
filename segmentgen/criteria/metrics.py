"""Metrics: ``metrics: {engagementScore: {">": 75}}`` is ``Metrics``, a map from a metric name
to a ``MetricDimension`` (``ComparisonOperator`` and a number ``Value``).

Input: a criteria block in either form, or its ``model.MetricCriterion`` tuple. Output: the
kind's shapes, native data (positions recorded), the model, the Pinpoint map, a Customer
Profiles dimension at the custom or calculated attribute ``settings.attribute_map`` names
(the value as text, ``75.0`` as ``"75"``), the words ``metric engagementScore > 75``, endpoint
tests (a value that is not a finite double never satisfies a metric) and the key back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core import codes, vocabulary
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Dimensions, MetricCriterion, Segment
from segmentgen.core.shape_types import NUMBER, Enum, MapOf, Member, Obj, Ref, Shape
from segmentgen.criteria import endpoint, words
from segmentgen.criteria.kind import CriterionKind, NativePath, Predicate, ValueRule
from segmentgen.criteria.native_walk import named, number
from segmentgen.criteria.value_rules import name_limits

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.compile.customer_profiles_map import Outcome
    from segmentgen.estimate.match import Compiler
    from segmentgen.estimate.sql import SqlCompiler
    from segmentgen.validate.desugar import Native

NATIVE: NativePath = ("Metrics",)
SYMBOLS = {
    "GREATER_THAN": ">",
    "LESS_THAN": "<",
    "GREATER_THAN_OR_EQUAL": ">=",
    "LESS_THAN_OR_EQUAL": "<=",
    "EQUAL": "=",
}
# ComparisonOperator -> its spec spelling; where several exist, the first listed.
KEYS = {value: word for word, value in reversed(list(vocabulary.OPERATOR_WORDS.items()))}
COMPARE: dict[str, Callable[[float, float], bool]] = {
    "GREATER_THAN": lambda value, target: value > target,
    "LESS_THAN": lambda value, target: value < target,
    "GREATER_THAN_OR_EQUAL": lambda value, target: value >= target,
    "LESS_THAN_OR_EQUAL": lambda value, target: value <= target,
    "EQUAL": lambda value, target: value == target,
}


class Metrics(CriterionKind):
    name: ClassVar[str] = "metrics"
    keys: ClassVar[Mapping[str, Member]] = {"metrics": Member(MapOf(Ref("Metric"), "metrics"))}
    native: ClassVar[Mapping[NativePath, Member]] = {
        NATIVE: Member(MapOf(Ref("MetricDimension"), "Metrics"))}
    per_member: ClassVar[bool] = True
    shapes: ClassVar[Mapping[str, Shape]] = {
        "Metric": Obj(
            {op: Member(NUMBER) for op in vocabulary.OPERATOR_WORDS},
            "a metric criterion",
            exactly_one=True,
            example='{">": 75}',
        ),
        "MetricDimension": Obj(
            {
                "ComparisonOperator": Member(
                    Enum(vocabulary.COMPARISON_OPERATORS, "ComparisonOperator takes"), True
                ),
                "Value": Member(NUMBER, True),
            },
            "a metric dimension",
            example="{ComparisonOperator: GREATER_THAN, Value: 75}",
            foreign=("DimensionType", "Values", "AttributeType"),
            foreign_message=(
                "a metric is written {ComparisonOperator, Value}, not {DimensionType, Values}"
            ),
        ),
    }

    def desugar(self, where: Mapping[str, Any], path: Path, source: Path,
                native: Native) -> Iterator[tuple[NativePath, object]]:
        if "metrics" not in where:
            return
        here, origin = (*path, *NATIVE), (*source, "metrics")
        native.origin[here] = origin
        yield NATIVE, {name: _to_native(value, (*here, name), (*origin, name), native)
                       for name, value in where["metrics"].items()}

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        return {"metrics": tuple(
            MetricCriterion(name, m["ComparisonOperator"], float(m["Value"]))
            for name, m in sorted((block.get("Metrics") or {}).items()))}

    def pinpoint(self, dims: Dimensions) -> Iterator[tuple[NativePath, Any]]:
        if dims.metrics:
            yield NATIVE, {m.name: {"ComparisonOperator": m.operator, "Value": m.value}
                           for m in dims.metrics}

    def profiles(self, out: Outcome, dims: Dimensions, prefix: Path,
                 attribute_map: Mapping[str, str]) -> list[Any]:
        return [_profile(out, metric, (*prefix, *NATIVE, metric.name), attribute_map)
                for metric in dims.metrics]

    def count(self, dims: Dimensions) -> int:
        return len(dims.metrics)

    def describe(self, dims: Dimensions) -> list[str]:
        return [f"metric {words.name(m.name)} {SYMBOLS.get(m.operator, m.operator)} "
                f"{words.number(m.value)}" for m in dims.metrics]

    def predicates(self, compiler: Compiler, segment: Segment, dims: Dimensions,
                   path: Path) -> list[Predicate]:
        return [_test(metric) for metric in dims.metrics]

    def sql(self, compiler: SqlCompiler, segment: Segment, dims: Dimensions,
            path: Path) -> list[exp.Expr]:
        from segmentgen.estimate import expressions as sql

        return [sql.template(f"COALESCE(:value {SYMBOLS[m.operator]} :target, FALSE)",
                             value=sql.entry(sql.field("Metrics"), m.name),
                             target=sql.number(m.value)) for m in dims.metrics]

    def to_high_level(self, block: Mapping[str, Any], path: Path) -> dict[str, Any]:
        from segmentgen.importer.criteria import Unexpressible

        out: dict[str, Any] = {}
        for name, value in sorted((block.get("Metrics") or {}).items()):
            operator = value["ComparisonOperator"]
            if operator not in KEYS:
                raise Unexpressible((*path, *NATIVE, name, "ComparisonOperator"),
                                    f"ComparisonOperator {operator!r} is unknown")
            out[name] = {KEYS[operator]: value["Value"]}
        return {"metrics": out} if out else {}

    def value_rules(self) -> tuple[ValueRule, ...]:
        return ((name_limits("Metrics", "metric"), codes.SG217.plugin_rule),
                (metric_values, None))

    def tighten(self, definitions: dict[str, Any]) -> None:
        definitions["MetricDimension"] = {
            "additionalProperties": False,
            "properties": {
                "ComparisonOperator": {"enum": list(vocabulary.COMPARISON_OPERATORS),
                                       "type": "string"},
                "Value": {"type": "number"},
            },
            "required": ["ComparisonOperator", "Value"],
            "type": "object",
        }
        definitions["SegmentDimensions"]["properties"]["Metrics"] = {
            "additionalProperties": {"$ref": "#/definitions/MetricDimension"}, "type": "object"}


def _to_native(value: object, path: Path, source: Path, native: Native) -> dict[str, object]:
    assert isinstance(value, dict)
    (operator, number), = value.items()
    native.origin[path] = source
    native.origin[(*path, "Value")] = (*source, operator)
    return {"ComparisonOperator": vocabulary.OPERATOR_WORDS[operator], "Value": number}


def _profile(out: Outcome, metric: MetricCriterion, path: Path,
             attribute_map: Mapping[str, str]) -> Any:
    """A custom or calculated attribute compared with the metric's operator, or SG301."""
    from segmentgen.compile.customer_profiles_map import lookup, mapped, parse_target

    label = f"metric {metric.name!r}"
    text, explicit = lookup(attribute_map, "metrics", metric.name)
    target = parse_target(text)
    if target is not None and target.kind not in ("custom", "calculated"):
        out.block(
            path,
            f"{label}: {target.path} is not numeric; numeric comparisons need a custom or "
            "calculated attribute",
            "map it in attribute_map to Attributes.<name> or CalculatedAttributes.<name>",
        )
        return None
    value = [words.number(metric.value)]
    return mapped(out, path, label, (text, explicit), metric.operator, value)


def _test(metric: MetricCriterion) -> Predicate:
    name, target = metric.name, metric.value
    if metric.operator not in COMPARE:
        raise ValueError(f"metric operator {metric.operator!r} is not a Pinpoint operator")
    holds = COMPARE[metric.operator]

    def test(ep: Mapping[str, object]) -> bool:
        value = endpoint.number(endpoint.mapping(ep.get("Metrics")).get(name))
        return value is not None and holds(value, target)

    return test



def metric_values(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG212: metric values that are not finite numbers."""
    for here, metric in named(criteria, "Metrics"):
        value = number(metric.get("Value"))
        if value is not None and not math.isfinite(value):
            yield Finding((*here, "Value"), codes.SG212, f"metric value {value} is not a "
                          "finite number", "write a plain number such as 75 or 0.5")


KIND = Metrics()
