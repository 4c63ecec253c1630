"""Calculated attributes: ``calculated: {orders: {">=": 2, range: {start: 90, unit:
days}}}`` is a ``CalculatedAttributes`` dimension.

Input: one entry of a customer-profiles ``where: {calculated: ...}`` (a calculated
attribute's name and its criterion in the custom attribute forms, plus an optional
``range: {start, end, unit}``, ``ConditionOverrides.Range``) or one CloudFormation
dimension. Output: the kind's shapes and claims, the check that a mapping names exactly one
operator, and the dimension ``{CalculatedAttributes: {name: {DimensionType, Values,
ConditionOverrides}}}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.shape_types import INTEGER, Enum, MapOf, Member, Obj, Ref, Shape, Union
from segmentgen.criteria import words
from segmentgen.criteria.profiles import inverse, native_shapes, values
from segmentgen.criteria.profiles.kind import Dimension, ProfileKind
from segmentgen.criteria.profiles.words import condition, members, range_words

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

CONTAINER = "CalculatedAttributes"
OVERRIDES = "ConditionOverrides"
_RANGE = Obj({"start": Member(INTEGER, True, "days in the past (negative: in the future)"),
              "end": Member(INTEGER), "unit": Member(Enum(("days",), "unit takes",
                                                          ignore_case=True), True)},
             "a range override", example="{start: 90, end: 0, unit: days}")
_OPERATORS = values.operators(values.ATTRIBUTE_OPERATORS, values.ATTRIBUTE_VALUES)
_EXAMPLE = "{'>=': 2, range: {start: 90, unit: days}}"
_CRITERION = Union(
    (values.SCALAR_LIST, values.SCALAR,
     Obj({**_OPERATORS, "range": Member(_RANGE)}, "a calculated attribute criterion",
         example=_EXAMPLE)),
    "a calculated attribute criterion")


class Calculated(ProfileKind):
    name: ClassVar[str] = "calculated"
    section: ClassVar[str] = "calculated"
    section_shape: ClassVar[Member | None] = Member(
        MapOf(Ref("ProfileCalculatedCriterion"), "calculated attributes"),
        doc="calculated attributes by name (calculated_attributes: in segmentgen.yaml)")
    container: ClassVar[str] = CONTAINER
    container_shape: ClassVar[Member | None] = Member(
        MapOf(Ref("CalculatedAttributeDimension"), CONTAINER))
    shapes: ClassVar[Mapping[str, Shape]] = {
        "ProfileCalculatedCriterion": _CRITERION,
        "CalculatedAttributeDimension": native_shapes.SHAPES["CalculatedAttributeDimension"],
    }

    def check_high_level(self, key: str, value: Any, source: Path) -> Iterator[Finding]:
        if not isinstance(value, Mapping):
            return
        named = [op for op in value if op in values.ATTRIBUTE_OPERATORS]
        if len(named) != 1:
            yield Finding(source, codes.SG222 if named else codes.SG202,
                          f"calculated attribute {key!r} names exactly one operator; found "
                          f"{len(named) or 'none'}",
                          f"for example {key}: {_EXAMPLE}; operators: "
                          f"{', '.join(values.ATTRIBUTE_OPERATORS)}")

    def desugar(self, key: str, value: Any, path: Path, source: Path,
                native: Native) -> list[Dimension]:
        native.origin[path] = source
        native.origin[(*path, CONTAINER)] = source
        inner = (*path, CONTAINER, key)
        dimension = values.to_dimension(value, values.ATTRIBUTE_OPERATORS, inner, source,
                                        native)
        if isinstance(value, Mapping) and isinstance(value.get("range"), Mapping):
            dimension["ConditionOverrides"] = {"Range": _range(value["range"])}
            native.origin[(*inner, "ConditionOverrides")] = (*source, "range")
            native.origin[(*inner, "ConditionOverrides", "Range")] = (*source, "range")
            for name in ("Start", "End", "Unit"):
                native.origin[(*inner, "ConditionOverrides", "Range", name)] = (
                    *source, "range", name.lower())
        return [{CONTAINER: {key: dimension}}]

    def describe(self, dimension: Dimension) -> list[str]:
        lines = []
        for name, value in members(self, dimension):
            overrides = value.get(OVERRIDES) if isinstance(value, Mapping) else None
            core = ({k: v for k, v in value.items() if k != OVERRIDES}
                    if isinstance(value, Mapping) else value)
            lines.append(condition(f"calculated attribute {words.name(name)}", core)
                         + range_words(overrides))
        return lines

    def sql(self, dimension: Dimension, compiler: Any) -> Any:
        """The export's value by name (``estimate.profiles_expressions``)."""
        from segmentgen.estimate import profiles_expressions as px

        name, value = px.only(dimension, CONTAINER)
        return px.calculated_condition(name, value, compiler)

    def to_high_level(self, dimension: Dimension) -> dict[str, dict[str, Any]]:
        found: dict[str, Any] = {}
        for name, value in members(self, dimension):
            written = _high_level(value)
            if written is not None:
                found[name] = written
        return {"calculated": found} if found else {}


def _high_level(value: Any) -> Any:
    """One calculated attribute's high-level criterion; None when it has none (a range
    override goes with an operator only)."""
    written = inverse.criterion_value(value, values.ATTRIBUTE_OPERATORS,
                                      extra=frozenset({OVERRIDES}))
    if written is None or OVERRIDES not in value:
        return written
    span = inverse.range_value(value[OVERRIDES])
    if span is None or not isinstance(written, dict):
        return None
    return {**written, "range": span}


def _range(written: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"Start": written.get("start")}
    if "end" in written:
        out["End"] = written["end"]
    out["Unit"] = str(written.get("unit", "days")).upper()
    return out


KIND = Calculated()
