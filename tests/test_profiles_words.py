"""Customer Profiles segment definitions in words: every kind, dimension type, group form,
SQL query and sort, read from CloudFormation's shape (what diff and show print)."""

from __future__ import annotations

from typing import Any

import pytest

from segmentgen.review.criteria import describe_profiles
from segmentgen.review.profiles_words import describe_definition, describe_dimension


def dim(kind: str, *values: str) -> dict[str, Any]:
    return {"DimensionType": kind, "Values": list(values)}


def profile(**members: Any) -> dict[str, Any]:
    return {"ProfileAttributes": members}


CRITERIA = [
    (profile(FirstName=dim("INCLUSIVE", "Ada", "Grace")), "profile FirstName is one of Ada, Grace"),
    (profile(FirstName=dim("INCLUSIVE", "Ada")), "profile FirstName is Ada"),
    (profile(LastName=dim("EXCLUSIVE", "Smith")), "profile LastName is not Smith"),
    (profile(LastName=dim("EXCLUSIVE", "Smith", "Jones")),
     "profile LastName is none of Smith, Jones"),
    (profile(AdditionalInformation=dim("CONTAINS", "vip")),
     "profile AdditionalInformation contains vip"),
    (profile(BusinessName=dim("BEGINS_WITH", "Acme", "Umbrella, Inc")),
     'profile BusinessName begins with any of Acme, "Umbrella, Inc"'),
    (profile(EmailAddress=dim("ENDS_WITH", "@example.com")),
     "profile EmailAddress ends with @example.com"),
    (profile(BirthDate=dim("BEFORE", "1990-01-01")), "profile BirthDate is before 1990-01-01"),
    (profile(BirthDate=dim("AFTER", "1990-01-01")), "profile BirthDate is after 1990-01-01"),
    (profile(BirthDate=dim("ON", "1990-01-01")), "profile BirthDate is on 1990-01-01"),
    (profile(BirthDate=dim("BETWEEN", "1990-01-01", "1999-12-31")),
     "profile BirthDate is between 1990-01-01 and 1999-12-31"),
    (profile(BirthDate=dim("NOT_BETWEEN", "1990-01-01", "1999-12-31")),
     "profile BirthDate is not between 1990-01-01 and 1999-12-31"),
    (profile(ProfileType=dim("INCLUSIVE", "ACCOUNT_PROFILE")), "profile type is ACCOUNT_PROFILE"),
    (profile(ProfileType=dim("EXCLUSIVE", "PROFILE")), "profile type is not PROFILE"),
    (profile(Address={"City": dim("INCLUSIVE", "Oslo")}), "profile Address.City is Oslo"),
    (profile(ShippingAddress={"PostalCode": dim("BEGINS_WITH", "03")}),
     "profile ShippingAddress.PostalCode begins with 03"),
    (profile(Attributes={"tier": dim("INCLUSIVE", "gold")}), "custom attribute tier is gold"),
    (profile(Attributes={"visits": dim("GREATER_THAN", "3")}), "custom attribute visits > 3"),
    (profile(Attributes={"visits": dim("GREATER_THAN_OR_EQUAL", "3")}),
     "custom attribute visits >= 3"),
    (profile(Attributes={"visits": dim("LESS_THAN", "3")}), "custom attribute visits < 3"),
    (profile(Attributes={"visits": dim("LESS_THAN_OR_EQUAL", "3")}),
     "custom attribute visits <= 3"),
    (profile(Attributes={"visits": dim("EQUAL", "3")}), "custom attribute visits = 3"),
    (profile(Attributes={"visits": dim("BETWEEN", "1", "5")}),
     "custom attribute visits is between 1 and 5"),
    (profile(Attributes={"visits": dim("NOT_BETWEEN", "1", "5")}),
     "custom attribute visits is not between 1 and 5"),
    (profile(Attributes={"seen": dim("LIST_CONTAINS", "a")}),
     "custom attribute seen list contains a"),
    ({"CalculatedAttributes": {"spend": dim("GREATER_THAN", "500")}},
     "calculated attribute spend > 500"),
    ({"CalculatedAttributes": {"orders": {**dim("GREATER_THAN_OR_EQUAL", "2"),
                                          "ConditionOverrides": {"Range": {
                                              "Start": 90, "End": 0, "Unit": "DAYS"}}}}},
     "calculated attribute orders >= 2 (from 90 days ago to today)"),
    ({"CalculatedAttributes": {"orders": {**dim("EQUAL", "1"), "ConditionOverrides": {
        "Range": {"Start": 1, "End": -7, "Unit": "DAYS"}}}}},
     "calculated attribute orders = 1 (from 1 day ago to 7 days from now)"),
    ({"CalculatedAttributes": {"orders": {**dim("EQUAL", "1"), "ConditionOverrides": {
        "Range": {"Start": 30, "Unit": "DAYS"}}}}},
     "calculated attribute orders = 1 (from 30 days ago)"),
]


@pytest.mark.parametrize(("dimension", "line"), CRITERIA, ids=[c[1] for c in CRITERIA])
def test_each_dimension_in_words(dimension: dict[str, Any], line: str) -> None:
    assert describe_dimension(dimension) == [line]


def test_one_dimension_of_several_kinds_has_a_line_per_criterion_in_registry_order() -> None:
    lines = describe_dimension(profile(
        Attributes={"b": dim("INCLUSIVE", "x"), "a": dim("INCLUSIVE", "y")},
        Address={"Country": dim("INCLUSIVE", "NOR"), "City": dim("INCLUSIVE", "Oslo")},
        LastName=dim("INCLUSIVE", "Lovelace"), FirstName=dim("INCLUSIVE", "Ada")))
    assert lines == ["profile FirstName is Ada", "profile LastName is Lovelace",
                     "profile Address.City is Oslo", "profile Address.Country is NOR",
                     "custom attribute a is y", "custom attribute b is x"]


def test_unknown_and_misshapen_parts_are_said_as_json() -> None:
    assert describe_dimension(profile(Nickname=dim("INCLUSIVE", "x"))) == [
        'ProfileAttributes.Nickname {"DimensionType": "INCLUSIVE", "Values": ["x"]}']
    assert describe_dimension(profile(FirstName="Ada")) == ['profile FirstName "Ada"']
    assert describe_dimension({"Other": {}}) == ["Other {}"]
    assert describe_dimension([]) == ["dimension []"]


def test_groups_sources_and_combinations() -> None:
    groups = {"Include": "ANY", "Groups": [
        {"SourceSegments": [{"SegmentDefinitionName": "vip-0123abcd"}],
         "Dimensions": [profile(FirstName=dim("INCLUSIVE", "Ada"))]},
        {"Type": "ANY", "SourceType": "ANY",
         "SourceSegments": [{"SegmentDefinitionName": "vip-0123abcd"},
                            {"SegmentDefinitionName": "external"}],
         "Dimensions": [profile(LastName=dim("INCLUSIVE", "Smith"),
                                EmailAddress=dim("ENDS_WITH", "@x.org")),
                        profile(ProfileType=dim("INCLUSIVE", "PROFILE"))]},
        {"Type": "NONE", "Dimensions": [profile(LastName=dim("INCLUSIVE", "Smith"))]},
        {"SourceType": "NONE", "SourceSegments": [{"SegmentDefinitionName": "external"}]},
    ]}
    assert describe_definition(groups, names={"vip-0123abcd": "vip"}) == [
        "profiles in any of the groups:",
        "Group 1 (all of):", "  in base segment vip", "  profile FirstName is Ada",
        "Group 2:", "  in any of the base segments vip, definition external", "  and any of:",
        "    all of:", "      profile EmailAddress ends with @x.org",
        "      profile LastName is Smith", "    profile type is PROFILE",
        "Group 3 (none of):", "  profile LastName is Smith",
        "Group 4 (all of):", "  not in base segment definition external",
    ]


def test_sql_is_shown_as_written_and_sort_follows() -> None:
    properties = {"SegmentSqlQuery": "SELECT *\n  FROM _profile   \n\n  WHERE tier = 'gold'\n",
                  "SegmentSort": {"Attributes": [
                      {"Name": "LastName", "Order": "ASC"},
                      {"Name": "spend", "Order": "DESC", "Type": "CALCULATED",
                       "DataType": "NUMBER"}]}}
    assert describe_profiles(properties, {}) == [
        "SQL query:", "  SELECT *", "    FROM _profile", "    WHERE tier = 'gold'",
        "sorted by LastName ascending, spend (calculated, number) descending"]


def test_a_definition_without_criteria_and_odd_values() -> None:
    assert describe_profiles({}, {}) == ["all profiles"]
    assert describe_definition({"Groups": [7]}) == ["profiles in all of the groups:",
                                                    "Group 1: 7"]
    assert describe_definition(None, sort={"Attributes": []}) == [
        "all profiles", 'sorted by {"Attributes": []}']
