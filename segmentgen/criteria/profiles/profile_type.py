"""Profile type: ``ProfileType: ACCOUNT_PROFILE`` is ``ProfileAttributes.ProfileType``.

Input: the high-level ``profile: {ProfileType: ...}`` value (``ACCOUNT_PROFILE`` or
``PROFILE``, or ``{not: PROFILE}``) or one CloudFormation dimension. Output: the kind's
shapes and claims, and the dimension ``{ProfileAttributes: {ProfileType: {DimensionType:
INCLUSIVE|EXCLUSIVE, Values: [one type]}}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core.diagnostics import Path
from segmentgen.core.shape_types import Enum, Member, Obj, Ref, Shape, Union
from segmentgen.criteria.profiles import inverse, native_shapes
from segmentgen.criteria.profiles.kind import Dimension, ProfileKind
from segmentgen.criteria.profiles.text import profile_dimension
from segmentgen.criteria.profiles.words import condition, members

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

FIELD = "ProfileType"
_TYPE = Enum(native_shapes.PROFILE_TYPES, "ProfileType takes")
_CRITERION = Union((_TYPE, Obj({"not": Member(_TYPE, True)}, "a profile type criterion",
                               example="{not: PROFILE}")), "a profile type criterion")


class ProfileType(ProfileKind):
    name: ClassVar[str] = "profile_type"
    section: ClassVar[str] = "profile"
    keys: ClassVar[Mapping[str, Member]] = {FIELD: Member(Ref("ProfileTypeCriterion"))}
    native: ClassVar[Mapping[str, Member]] = {FIELD: Member(Ref("ProfileTypeDimension"))}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "ProfileTypeCriterion": _CRITERION,
        "ProfileTypeDimension": native_shapes.SHAPES["ProfileTypeDimension"],
    }

    def desugar(self, key: str, value: Any, path: Path, source: Path,
                native: Native) -> list[Dimension]:
        return [profile_dimension(key, value, {"not": "EXCLUSIVE"}, path, source,
                                  native)]

    def describe(self, dimension: Dimension) -> list[str]:
        return [condition("profile type", value) for _, value in members(self, dimension)]

    def sql(self, dimension: Dimension, compiler: Any) -> Any:
        """INCLUSIVE or EXCLUSIVE over ``ProfileType`` (``estimate.profiles_expressions``)."""
        from segmentgen.estimate import profiles_expressions as px

        name, value = px.only(dimension)
        return px.text_condition(px.field(name), value, compiler, compiler.path, name)

    def to_high_level(self, dimension: Dimension) -> dict[str, dict[str, Any]]:
        for name, value in members(self, dimension):
            found = inverse.criterion_value(value, {"not": "EXCLUSIVE"})
            if isinstance(found, list) and len(found) == 1:
                return {"profile": {name: found[0]}}
            if isinstance(found, dict) and len(found["not"]) == 1:
                return {"profile": {name: {"not": found["not"][0]}}}
        return {}


KIND = ProfileType()
