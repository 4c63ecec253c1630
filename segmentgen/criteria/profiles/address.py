"""Addresses: ``Address: {City: [Oslo], Country: [NOR]}`` and the billing, mailing and
shipping addresses.

Input: a high-level ``profile:`` key ``Address``, ``BillingAddress``, ``MailingAddress`` or
``ShippingAddress`` whose parts (``City``, ``Country``, ``County``, ``PostalCode``,
``Province``, ``State``) take the text forms, or one CloudFormation dimension. Output: the
kind's shapes and claims, and one dimension per part written:
``{ProfileAttributes: {Address: {City: {DimensionType, Values}}}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core.diagnostics import Path
from segmentgen.core.shape_types import Member, Obj, Ref, Shape
from segmentgen.criteria.profiles import inverse, native_shapes, values
from segmentgen.criteria.profiles.kind import Dimension, ProfileKind
from segmentgen.criteria.profiles.words import condition, members

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

FIELDS = ("Address", "BillingAddress", "MailingAddress", "ShippingAddress")
PARTS = native_shapes.ADDRESS_PARTS
_CRITERION = Obj({part: Member(values.TEXT_REF) for part in PARTS}, "an address criterion",
                 example="{City: [Oslo], Country: [NOR]}")


class Address(ProfileKind):
    name: ClassVar[str] = "address"
    section: ClassVar[str] = "profile"
    keys: ClassVar[Mapping[str, Member]] = {field: Member(Ref("ProfileAddressCriterion"))
                                            for field in FIELDS}
    native: ClassVar[Mapping[str, Member]] = {field: Member(Ref("AddressDimension"))
                                              for field in FIELDS}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "ProfileAddressCriterion": _CRITERION,
        "AddressDimension": native_shapes.SHAPES["AddressDimension"],
        "ProfileDimension": native_shapes.SHAPES["ProfileDimension"],
    }

    def desugar(self, key: str, value: Any, path: Path, source: Path,
                native: Native) -> list[Dimension]:
        if not isinstance(value, Mapping):
            return []
        written = [part for part in PARTS if part in value]
        return [_part(key, part, value[part], (*path[:-1], _index(path) + offset),
                      (*source, part), native)
                for offset, part in enumerate(written)]

    def describe(self, dimension: Dimension) -> list[str]:
        lines = []
        for name, parts in members(self, dimension):
            if not isinstance(parts, Mapping) or not parts:
                lines.append(condition(f"profile {name}", parts))
                continue
            lines.extend(condition(f"profile {name}.{part}", parts[part])
                         for part in sorted(parts))
        return lines

    def sql(self, dimension: Dimension, compiler: Any) -> Any:
        """A string comparison of one address part (``estimate.profiles_expressions``)."""
        from segmentgen.estimate import profiles_expressions as px

        name, parts = px.only(dimension)
        part, value = next(iter(parts.items()))
        return px.text_condition(px.field(name, part), value, compiler, compiler.path,
                                 f"{name}.{part}")

    def to_high_level(self, dimension: Dimension) -> dict[str, dict[str, Any]]:
        found: dict[str, Any] = {}
        for name, parts in members(self, dimension):
            if not isinstance(parts, Mapping):
                continue
            written = {part: inverse.criterion_value(parts[part], values.TEXT)
                       for part in PARTS if part in parts}
            kept = {part: value for part, value in written.items() if value is not None}
            if kept:
                found[name] = kept
        return {"profile": found} if found else {}


def _index(path: Path) -> int:
    last = path[-1]
    assert isinstance(last, int)
    return last


def _part(key: str, part: str, value: Any, path: Path, source: Path,
          native: Native) -> Dimension:
    native.origin[path] = source
    native.origin[(*path, "ProfileAttributes")] = source
    native.origin[(*path, "ProfileAttributes", key)] = source
    inner = (*path, "ProfileAttributes", key, part)
    return {"ProfileAttributes": {key: {part: values.to_dimension(value, values.TEXT, inner,
                                                                  source, native)}}}


KIND = Address()
