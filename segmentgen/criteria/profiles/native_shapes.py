"""CloudFormation's shapes of ``AWS::CustomerProfiles::SegmentDefinition`` dimensions.

Input: nothing. Output: the named shape rows of the native form's dimension values
(``ProfileDimension``, ``ExtraLengthValueProfileDimension``, ``DateDimension``,
``ProfileTypeDimension``, ``AddressDimension``, ``AttributeDimension``,
``CalculatedAttributeDimension``) and the dimension-type enums, as the CloudFormation
schema has them. Counts, lengths and patterns are the rules' (``validate.profiles_rules``).
"""

from __future__ import annotations

from segmentgen.core.shape_types import (
    INTEGER,
    STRING,
    Enum,
    ListOf,
    Member,
    Obj,
    Ref,
    Shape,
)

STRING_TYPES = ("INCLUSIVE", "EXCLUSIVE", "CONTAINS", "BEGINS_WITH", "ENDS_WITH")
DATE_TYPES = ("BEFORE", "AFTER", "BETWEEN", "NOT_BETWEEN", "ON")
NUMERIC_TYPES = ("GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN_OR_EQUAL",
                 "EQUAL")
ATTRIBUTE_TYPES = (*STRING_TYPES, *DATE_TYPES, *NUMERIC_TYPES)
PROFILE_TYPE_TYPES = ("INCLUSIVE", "EXCLUSIVE")
PROFILE_TYPES = ("ACCOUNT_PROFILE", "PROFILE")
ADDRESS_PARTS = ("City", "Country", "County", "PostalCode", "Province", "State")
RANGE_UNITS = ("DAYS",)


def _dimension(types: tuple[str, ...], what: str, values: Enum | None = None,
               extra: dict[str, Member] | None = None) -> Obj:
    item = values or STRING
    return Obj({"DimensionType": Member(Enum(types, "DimensionType takes"), True),
                "Values": Member(ListOf(item, "Values"), True), **(extra or {})},
               what, example="{DimensionType: INCLUSIVE, Values: [Oslo]}")


SHAPES: dict[str, Shape] = {
    "ProfileDimension": _dimension(STRING_TYPES, "a profile dimension"),
    "ExtraLengthValueProfileDimension": _dimension(STRING_TYPES, "a profile dimension"),
    "DateDimension": _dimension(DATE_TYPES, "a date dimension"),
    "ProfileTypeDimension": _dimension(PROFILE_TYPE_TYPES, "a profile type dimension",
                                       Enum(PROFILE_TYPES, "ProfileType takes")),
    "AddressDimension": Obj({part: Member(Ref("ProfileDimension")) for part in ADDRESS_PARTS},
                            "an address dimension", example="{City: {DimensionType: "
                            "INCLUSIVE, Values: [Oslo]}}"),
    "ProfilesAttributeDimension": _dimension(ATTRIBUTE_TYPES, "an attribute dimension"),
    "CalculatedAttributeDimension": _dimension(
        ATTRIBUTE_TYPES, "a calculated attribute dimension",
        extra={"ConditionOverrides": Member(Obj(
            {"Range": Member(Obj({"Start": Member(INTEGER, True), "End": Member(INTEGER),
                                  "Unit": Member(Enum(RANGE_UNITS, "Unit takes"), True)},
                                 "a range override", example="{Start: 90, End: 0, Unit: DAYS}"
                                 ))}, "ConditionOverrides"))}),
}
