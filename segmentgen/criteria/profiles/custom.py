"""Custom profile attributes: ``attributes: {tier: [gold], visits: {">=": 3}}`` is
``ProfileAttributes.Attributes``.

Input: one entry of a customer-profiles ``where: {attributes: ...}`` (a name and its
criterion: a list or one value is INCLUSIVE, or one operator of the text forms, ``before``/
``after``/``on``/``between``/``not_between``, or ``>``, ``>=``, ``<``, ``<=``, ``==``) or
one CloudFormation dimension. Output: the kind's shapes and claims, and the dimension
``{ProfileAttributes: {Attributes: {name: {DimensionType, Values}}}}``, numbers written as
text (custom attributes are strings).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core.diagnostics import Path
from segmentgen.core.shape_types import MapOf, Member, Ref, Shape
from segmentgen.criteria import words
from segmentgen.criteria.profiles import inverse, native_shapes, values
from segmentgen.criteria.profiles.kind import Dimension, ProfileKind
from segmentgen.criteria.profiles.words import condition, members

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

FIELD = "Attributes"


class Custom(ProfileKind):
    name: ClassVar[str] = "custom"
    section: ClassVar[str] = "attributes"
    section_shape: ClassVar[Member | None] = Member(
        MapOf(Ref("ProfileAttributeCriterion"), "custom attributes"),
        doc="custom profile attributes (Attributes) by name")
    native: ClassVar[Mapping[str, Member]] = {
        FIELD: Member(MapOf(Ref("ProfilesAttributeDimension"), "Attributes"))}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "ProfileAttributeCriterion": values.SHAPES["ProfileAttributeCriterion"],
        "ProfilesAttributeDimension": native_shapes.SHAPES["ProfilesAttributeDimension"],
    }

    def desugar(self, key: str, value: Any, path: Path, source: Path,
                native: Native) -> list[Dimension]:
        native.origin[path] = source
        native.origin[(*path, "ProfileAttributes")] = source
        native.origin[(*path, "ProfileAttributes", FIELD)] = source
        inner = (*path, "ProfileAttributes", FIELD, key)
        return [{"ProfileAttributes": {FIELD: {key: values.to_dimension(
            value, values.ATTRIBUTE_OPERATORS, inner, source, native)}}}]

    def describe(self, dimension: Dimension) -> list[str]:
        lines = []
        for _, attributes in members(self, dimension):
            if not isinstance(attributes, Mapping) or not attributes:
                lines.append(condition("custom attributes", attributes))
                continue
            lines.extend(condition(f"custom attribute {words.name(str(name))}", attributes[name])
                         for name in sorted(attributes, key=str))
        return lines

    def sql(self, dimension: Dimension, compiler: Any) -> Any:
        """A string, date or numeric comparison (``estimate.profiles_expressions``)."""
        from segmentgen.estimate import profiles_expressions as px

        _, attributes = px.only(dimension)
        name, value = next(iter(attributes.items()))
        return px.attribute_condition(px.entry(FIELD, name), value, compiler, compiler.path,
                                      f"{FIELD}.{name}")

    def to_high_level(self, dimension: Dimension) -> dict[str, dict[str, Any]]:
        found: dict[str, Any] = {}
        for _, attributes in members(self, dimension):
            if not isinstance(attributes, Mapping):
                continue
            for name, value in attributes.items():
                written = inverse.criterion_value(value, values.ATTRIBUTE_OPERATORS)
                if isinstance(name, str) and written is not None:
                    found[name] = written
        return {"attributes": found} if found else {}


KIND = Custom()
