"""diff and SG303 for Customer Profiles definitions: which changes replace one (the create-only
properties of cfn-lint's schema), and a SegmentSqlQuery whose text changes but not its
meaning (whitespace, comments, keyword case) is no change at all."""

from __future__ import annotations

from typing import Any

import pytest

from segmentgen.review.create_only import create_only_properties
from segmentgen.review.criteria import describe_resource
from segmentgen.review.diff import Resource, compare
from segmentgen.review.replacement import replacement_reasons, same_value

TYPE = "AWS::CustomerProfiles::SegmentDefinition"
SQL = "SELECT * FROM _profile WHERE Attributes.tier = 'gold'"
GROUPS = {"Include": "ALL", "Groups": [{"Type": "ALL", "Dimensions": [
    {"ProfileAttributes": {"FirstName": {"DimensionType": "INCLUSIVE", "Values": ["Ada"]}}}]}]}


def definition(**properties: Any) -> Resource:
    props = {"DomainName": "crm", "SegmentDefinitionName": "vip-0123abcd",
             "DisplayName": "VIP", **properties}
    props = {k: v for k, v in props.items() if v is not None}
    return Resource("", "segmentgen-a", "a.json", "VipSegmentDefinition", "vip", TYPE, props,
                    {"Type": TYPE, "Properties": props},
                    criteria=tuple(describe_resource(TYPE, props, {})))


def test_create_only_properties_come_from_the_schema() -> None:
    assert set(create_only_properties(TYPE)) == {
        ("DomainName",), ("SegmentDefinitionName",), ("DisplayName",), ("SegmentGroups",),
        ("SegmentSqlQuery",)}


@pytest.mark.parametrize("changed", [
    {"DomainName": "shop"}, {"SegmentDefinitionName": "vip"}, {"DisplayName": "V.I.P."},
    {"SegmentGroups": {**GROUPS, "Include": "ANY"}},
    {"SegmentSqlQuery": SQL.replace("gold", "silver")},
], ids=lambda c: next(iter(c)))
def test_a_create_only_change_replaces(changed: dict[str, Any]) -> None:
    name = next(iter(changed))
    groups = GROUPS if name != "SegmentSqlQuery" else None
    sql = SQL if name == "SegmentSqlQuery" else None
    old = definition(SegmentGroups=groups, SegmentSqlQuery=sql)
    new = definition(**{"SegmentGroups": groups, "SegmentSqlQuery": sql, **changed})
    reasons = replacement_reasons(old, new)
    assert len(reasons) == 1 and reasons[0].startswith(f"{name} changes")
    change = compare(old, new)
    assert change.replacement and "replaced" in change.aspects


@pytest.mark.parametrize("changed", [
    {"Description": "new words"}, {"SegmentSort": {"Attributes": [
        {"Name": "LastName", "Order": "DESC"}]}}, {"Tags": [{"Key": "a", "Value": "b"}]}])
def test_in_place_changes_do_not_replace(changed: dict[str, Any]) -> None:
    old, new = definition(SegmentGroups=GROUPS), definition(SegmentGroups=GROUPS, **changed)
    assert replacement_reasons(old, new) == []
    assert not compare(old, new).replacement


def test_a_sort_change_is_a_criteria_change_in_words() -> None:
    sort = {"Attributes": [{"Name": "LastName", "Order": "DESC"}]}
    change = compare(definition(SegmentGroups=GROUPS), definition(SegmentGroups=GROUPS,
                                                                  SegmentSort=sort))
    assert change.aspects == ["criteria"]
    assert change.criteria_after[-1] == "sorted by LastName descending"


@pytest.mark.parametrize("text", [
    "select *\n  from _profile\n  where Attributes.tier = 'gold'",
    "SELECT * FROM _profile -- the gold tier\nWHERE Attributes.tier = 'gold'",
    "SELECT * /* all */ FROM _profile WHERE Attributes.tier   =   'gold'\n",
])
def test_sql_text_that_says_the_same_is_no_change(text: str) -> None:
    old, new = definition(SegmentSqlQuery=SQL), definition(SegmentSqlQuery=text)
    assert same_value(("SegmentSqlQuery",), old.properties, new.properties)
    assert replacement_reasons(old, new) == []
    change = compare(old, new)
    assert change.aspects == [] and not change.replacement


def test_sql_that_says_something_else_is_a_change() -> None:
    for text in ("SELECT * FROM _profile WHERE Attributes.tier = 'GOLD'",
                 "SELECT * FROM _profile WHERE attributes.tier = 'gold' AND 1 = 1"):
        change = compare(definition(SegmentSqlQuery=SQL), definition(SegmentSqlQuery=text))
        assert "criteria" in change.aspects and change.replacement
        assert change.criteria_after == ("SQL query:", f"  {text}")
