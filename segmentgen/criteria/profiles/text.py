"""Text profile attributes: ``FirstName: [Ada]``, ``LastName: {not: [Smith]}``, ...

Input: a high-level ``profile:`` key of a string field (the 14 string fields of
``ProfileAttributes`` and ``AdditionalInformation``, whose values may be up to 1,000
characters) or one CloudFormation dimension. Output: the kind's shapes and claims, and the
dimension ``{ProfileAttributes: {FirstName: {DimensionType, Values}}}``: a list or one
string is INCLUSIVE, ``not``/``contains``/``begins_with``/``ends_with`` are EXCLUSIVE,
CONTAINS, BEGINS_WITH and ENDS_WITH.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core.diagnostics import Path
from segmentgen.core.shape_types import Member, Ref, Shape
from segmentgen.criteria.profiles import inverse, native_shapes, values
from segmentgen.criteria.profiles.kind import Dimension, ProfileKind
from segmentgen.criteria.profiles.words import condition, members

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

FIELDS = ("AccountNumber", "AdditionalInformation", "BusinessEmailAddress", "BusinessName",
          "BusinessPhoneNumber", "EmailAddress", "FirstName", "GenderString",
          "HomePhoneNumber", "LastName", "MiddleName", "MobilePhoneNumber", "PartyTypeString",
          "PersonalEmailAddress", "PhoneNumber")
LONG_FIELDS = frozenset({"AdditionalInformation"})  # values up to 1,000 characters


def _native_ref(field: str) -> Ref:
    return Ref("ExtraLengthValueProfileDimension" if field in LONG_FIELDS
               else "ProfileDimension")


class Text(ProfileKind):
    name: ClassVar[str] = "text"
    section: ClassVar[str] = "profile"
    keys: ClassVar[Mapping[str, Member]] = {field: Member(values.TEXT_REF) for field in FIELDS}
    native: ClassVar[Mapping[str, Member]] = {field: Member(_native_ref(field))
                                              for field in FIELDS}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "ProfileText": values.SHAPES["ProfileText"],
        "ProfileDimension": native_shapes.SHAPES["ProfileDimension"],
        "ExtraLengthValueProfileDimension":
            native_shapes.SHAPES["ExtraLengthValueProfileDimension"],
    }

    def desugar(self, key: str, value: Any, path: Path, source: Path,
                native: Native) -> list[Dimension]:
        return [profile_dimension(key, value, values.TEXT, path, source, native)]

    def describe(self, dimension: Dimension) -> list[str]:
        return [condition(f"profile {name}", value) for name, value in members(self, dimension)]

    def sql(self, dimension: Dimension, compiler: Any) -> Any:
        """A string comparison (``estimate.profiles_expressions``)."""
        from segmentgen.estimate import profiles_expressions as px

        name, value = px.only(dimension)
        return px.text_condition(px.field(name), value, compiler, compiler.path, name)

    def to_high_level(self, dimension: Dimension) -> dict[str, dict[str, Any]]:
        return profile_values(self, dimension, values.TEXT)


def profile_dimension(key: str, value: Any, table: Mapping[str, str], path: Path,
                      source: Path, native: Native) -> Dimension:
    """``{ProfileAttributes: {key: {DimensionType, Values}}}`` for one profile field."""
    native.origin[path] = source
    native.origin[(*path, "ProfileAttributes")] = source
    inner = (*path, "ProfileAttributes", key)
    return {"ProfileAttributes": {key: values.to_dimension(value, table, inner, source,
                                                           native)}}


def profile_values(kind: ProfileKind, dimension: Dimension, table: Mapping[str, str], *,
                   inclusive: bool = True) -> dict[str, dict[str, Any]]:
    """``{profile: {field: value}}`` of ``kind``'s fields in ``dimension`` that have a
    high-level value (``inverse.criterion_value``)."""
    found = {name: inverse.criterion_value(value, table, inclusive=inclusive)
             for name, value in members(kind, dimension)}
    kept = {name: value for name, value in found.items() if value is not None}
    return {"profile": kept} if kept else {}


KIND = Text()
