"""Birth date: ``BirthDate: {before: 1990-01-01}`` is ``ProfileAttributes.BirthDate``.

Input: the high-level ``profile: {BirthDate: ...}`` value (one of ``before``, ``after``,
``on`` with one date, ``between``, ``not_between`` with ``[from, to]``) or one
CloudFormation dimension. Output: the kind's shapes and claims, and the dimension
``{ProfileAttributes: {BirthDate: {DimensionType, Values}}}`` (a ``DateDimension``), the
dates as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core.diagnostics import Path
from segmentgen.core.shape_types import STRING, ListOf, Member, Obj, Ref, Shape
from segmentgen.criteria.profiles import native_shapes, values
from segmentgen.criteria.profiles.kind import Dimension, ProfileKind
from segmentgen.criteria.profiles.text import profile_dimension, profile_values
from segmentgen.criteria.profiles.words import condition, members

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

FIELD = "BirthDate"
_DATE_CRITERION = Obj(
    {op: Member(ListOf(STRING, "[from, to]") if op in values.TWO_VALUES else STRING)
     for op in values.DATE},
    "a birth date criterion", exactly_one=True, example="{before: 1990-01-01}")


class BirthDate(ProfileKind):
    name: ClassVar[str] = "birth_date"
    section: ClassVar[str] = "profile"
    keys: ClassVar[Mapping[str, Member]] = {FIELD: Member(Ref("ProfileDateCriterion"))}
    native: ClassVar[Mapping[str, Member]] = {FIELD: Member(Ref("DateDimension"))}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "ProfileDateCriterion": _DATE_CRITERION,
        "DateDimension": native_shapes.SHAPES["DateDimension"],
    }

    def desugar(self, key: str, value: Any, path: Path, source: Path,
                native: Native) -> list[Dimension]:
        return [profile_dimension(key, value, values.DATE, path, source, native)]

    def describe(self, dimension: Dimension) -> list[str]:
        return [condition(f"profile {name}", value) for name, value in members(self, dimension)]

    def sql(self, dimension: Dimension, compiler: Any) -> Any:
        """A comparison of UTC calendar dates (``estimate.profiles_expressions``)."""
        from segmentgen.estimate import profiles_expressions as px

        name, value = px.only(dimension)
        return px.date_condition(px.field(name), value, compiler, compiler.path, name)

    def to_high_level(self, dimension: Dimension) -> dict[str, dict[str, Any]]:
        return profile_values(self, dimension, values.DATE, inclusive=False)


KIND = BirthDate()
