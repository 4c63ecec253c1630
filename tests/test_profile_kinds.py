"""The Customer Profiles criterion kinds: registry, claims and desugaring."""

from __future__ import annotations

from typing import Any

import pytest

from segmentgen.criteria import profiles
from segmentgen.criteria.profiles import kind_of, profile_kinds
from segmentgen.criteria.profiles.kind import ProfileKind
from segmentgen.validate.desugar import Native

PATH = ("SegmentGroups", "Groups", 0, "Dimensions", 0)
SOURCE = ("segments", "s", "where", "profile")


def _desugar(section: str, key: str, value: Any) -> tuple[list[Any], Native]:
    native = Native()
    kind = next(k for k in profile_kinds() if k.claims_key(section, key))
    return kind.desugar(key, value, PATH, (*SOURCE, key), native), native


def test_registry_order_and_names() -> None:
    assert [kind.name for kind in profile_kinds()] == [
        "text", "birth_date", "profile_type", "address", "custom", "calculated"]


def test_register_and_unregister() -> None:
    class Extra(ProfileKind):
        name = "extra"

    before = profiles.generation()
    profiles.register(Extra())
    try:
        assert profile_kinds()[-1].name == "extra"
        assert profiles.generation() != before
    finally:
        profiles.unregister("extra")
    assert "extra" not in [kind.name for kind in profile_kinds()]


@pytest.mark.parametrize(("dimension", "name"), [
    ({"ProfileAttributes": {"FirstName": {}}}, "text"),
    ({"ProfileAttributes": {"AdditionalInformation": {}}}, "text"),
    ({"ProfileAttributes": {"BirthDate": {}}}, "birth_date"),
    ({"ProfileAttributes": {"ProfileType": {}}}, "profile_type"),
    ({"ProfileAttributes": {"ShippingAddress": {"City": {}}}}, "address"),
    ({"ProfileAttributes": {"Attributes": {"tier": {}}}}, "custom"),
    ({"CalculatedAttributes": {"spend": {}}}, "calculated"),
])
def test_claims(dimension: dict[str, Any], name: str) -> None:
    claimed = kind_of(dimension)
    assert claimed is not None and claimed.name == name
    assert [k.name for k in profile_kinds() if k.claims(dimension)] == [name]


def test_nothing_claims_an_unknown_dimension() -> None:
    assert kind_of({"Behavior": {}}) is None
    assert kind_of({"ProfileAttributes": {"Nickname": {}}}) is None


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("FirstName", ["Ada", "Grace"], {"DimensionType": "INCLUSIVE", "Values": ["Ada", "Grace"]}),
    ("FirstName", "Ada", {"DimensionType": "INCLUSIVE", "Values": ["Ada"]}),
    ("LastName", {"not": ["Smith"]}, {"DimensionType": "EXCLUSIVE", "Values": ["Smith"]}),
    ("EmailAddress", {"ends_with": ["@example.com"]},
     {"DimensionType": "ENDS_WITH", "Values": ["@example.com"]}),
    ("BusinessName", {"begins_with": "Acme"},
     {"DimensionType": "BEGINS_WITH", "Values": ["Acme"]}),
    ("AdditionalInformation", {"contains": ["vip"]},
     {"DimensionType": "CONTAINS", "Values": ["vip"]}),
    ("BirthDate", {"before": "1990-01-01"},
     {"DimensionType": "BEFORE", "Values": ["1990-01-01"]}),
    ("BirthDate", {"not_between": ["1990-01-01", "1999-12-31"]},
     {"DimensionType": "NOT_BETWEEN", "Values": ["1990-01-01", "1999-12-31"]}),
    ("ProfileType", "ACCOUNT_PROFILE",
     {"DimensionType": "INCLUSIVE", "Values": ["ACCOUNT_PROFILE"]}),
    ("ProfileType", {"not": "PROFILE"}, {"DimensionType": "EXCLUSIVE", "Values": ["PROFILE"]}),
])
def test_profile_fields_desugar(key: str, value: Any, expected: dict[str, Any]) -> None:
    dimensions, native = _desugar("profile", key, value)
    assert dimensions == [{"ProfileAttributes": {key: expected}}]
    values_path = (*PATH, "ProfileAttributes", key, "Values", 0)
    written: Any = value
    source: tuple[str | int, ...] = (*SOURCE, key)
    if isinstance(value, dict):
        op = next(iter(value))
        written, source = value[op], (*source, op)
    expected_source = (*source, 0) if isinstance(written, list) else source
    assert native.source_path(values_path) == expected_source


def test_operator_positions() -> None:
    _, native = _desugar("profile", "LastName", {"not": ["Smith", "Jones"]})
    assert native.source_path((*PATH, "ProfileAttributes", "LastName", "Values", 1)) == (
        *SOURCE, "LastName", "not", 1)
    assert native.source_path(PATH) == (*SOURCE, "LastName")


def test_address_parts_are_one_dimension_each() -> None:
    dimensions, native = _desugar("profile", "Address",
                                  {"Country": ["NOR"], "City": {"not": ["Oslo"]}})
    assert dimensions == [
        {"ProfileAttributes": {"Address": {"City": {"DimensionType": "EXCLUSIVE",
                                                    "Values": ["Oslo"]}}}},
        {"ProfileAttributes": {"Address": {"Country": {"DimensionType": "INCLUSIVE",
                                                       "Values": ["NOR"]}}}},
    ]
    second = (*PATH[:-1], 1, "ProfileAttributes", "Address", "Country", "Values", 0)
    assert native.source_path(second) == (*SOURCE, "Address", "Country", 0)


@pytest.mark.parametrize(("value", "expected"), [
    (["gold", 3], {"DimensionType": "INCLUSIVE", "Values": ["gold", "3"]}),
    ({">=": 3}, {"DimensionType": "GREATER_THAN_OR_EQUAL", "Values": ["3"]}),
    ({"<": 2.5}, {"DimensionType": "LESS_THAN", "Values": ["2.5"]}),
    ({"==": 7.0}, {"DimensionType": "EQUAL", "Values": ["7"]}),
    ({"between": [1, 5]}, {"DimensionType": "BETWEEN", "Values": ["1", "5"]}),
    ({"after": "2024-01-01"}, {"DimensionType": "AFTER", "Values": ["2024-01-01"]}),
])
def test_custom_attributes_desugar(value: Any, expected: dict[str, Any]) -> None:
    dimensions, _ = _desugar("attributes", "visits", value)
    assert dimensions == [{"ProfileAttributes": {"Attributes": {"visits": expected}}}]


def test_calculated_with_range() -> None:
    dimensions, native = _desugar("calculated", "orders",
                                  {">=": 2, "range": {"start": 90, "end": 0, "unit": "days"}})
    assert dimensions == [{"CalculatedAttributes": {"orders": {
        "DimensionType": "GREATER_THAN_OR_EQUAL", "Values": ["2"],
        "ConditionOverrides": {"Range": {"Start": 90, "End": 0, "Unit": "DAYS"}}}}}]
    start = (*PATH, "CalculatedAttributes", "orders", "ConditionOverrides", "Range", "Start")
    assert native.source_path(start) == (*SOURCE, "orders", "range", "start")


@pytest.mark.parametrize(("value", "count"), [
    ({"range": {"start": 1, "unit": "days"}}, 1),
    ({">": 1, "<": 5}, 1),
    ({">": 1}, 0),
    ([1], 0),
])
def test_calculated_needs_one_operator(value: Any, count: int) -> None:
    kind = next(k for k in profile_kinds() if k.name == "calculated")
    assert len(list(kind.check_high_level("orders", value, ("x",)))) == count
