"""DuckDB and the reference evaluator count the same profiles.

Random native ``SegmentGroups`` (every dimension kind and type, values that are and are not
numbers and dates, groups, ``Include``/``Type``/``SourceType`` written or left out, base
segments, unknown base names) and random profile objects (fields present, absent or of another
JSON type) are counted by ``estimate.profiles_engine`` (one query per segment in DuckDB) and by
tests/profiles_oracle.py: matched and each group must agree, for every segment of the project.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles_oracle import Oracle

from segmentgen.estimate.profiles_engine import estimate_all_profiles
from segmentgen.estimate.profiles_sql import ProfilesSegment

DIFFERENTIAL = settings(max_examples=120, deadline=None, derandomize=True,
                        suppress_health_check=list(HealthCheck))
WORDS = ("Ada", "Adam", "da", "Å", "a'b")
NUMBERS = ("5", "5.0", "-3", "1e1", "007", "1e999", "+5", "x")
DATES = ("1990-01-01", "1990-01-01T23:30:00-01:00", "2000-02-29", "1989-12-31", "2024-13-01",
         "0001-01-01T00:30:00+01:00")
STRINGS = WORDS + NUMBERS + DATES
MODES = st.sampled_from(["ALL", "ANY", "NONE"])
STRING_TYPES = ["INCLUSIVE", "EXCLUSIVE", "CONTAINS", "BEGINS_WITH", "ENDS_WITH"]
DATE_TYPES = ["BEFORE", "AFTER", "ON", "BETWEEN", "NOT_BETWEEN"]
NUMBER_TYPES = ["GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN_OR_EQUAL",
                "EQUAL"]
TEXT_FIELDS = ("FirstName", "LastName", "EmailAddress", "BusinessEmailAddress",
               "AdditionalInformation")
ADDRESSES = ("Address", "ShippingAddress")
PARTS = ("City", "Country")
ATTRIBUTES = ("tier", "visits", "joined")
CALCULATED = ("spend", "orders", "ghost")

value = st.one_of(st.sampled_from(STRINGS), st.integers(-5, 12), st.none(), st.booleans(),
                  st.just(["Ada"]))
text_value = st.one_of(st.sampled_from(WORDS + NUMBERS), st.sampled_from(DATES), st.just(7),
                       st.none())


def optional(keys: tuple[str, ...], values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries({}, optional=dict.fromkeys(keys, values))


profile = st.fixed_dictionaries({
    **{name: text_value for name in (*TEXT_FIELDS, "BirthDate")},
    "ProfileType": st.sampled_from(["PROFILE", "ACCOUNT_PROFILE", "profile"]),
    **{name: st.one_of(st.fixed_dictionaries(dict.fromkeys(PARTS, text_value)), st.just("Oslo"))
       for name in ADDRESSES},
    "Attributes": st.one_of(st.fixed_dictionaries(dict.fromkeys(ATTRIBUTES, value)),
                            st.just([])),
    "CalculatedAttributes": optional(CALCULATED[:2], value),
})


def one(keys: tuple[str, ...], values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A mapping of one of ``keys`` to a drawn value."""
    return st.tuples(st.sampled_from(keys), values).map(lambda pair: dict([pair]))


def criterion(types: list[str], pool: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "DimensionType": st.sampled_from(types),
        "Values": st.lists(st.sampled_from(pool), min_size=1, max_size=3)})


any_type = STRING_TYPES + DATE_TYPES + NUMBER_TYPES
members = st.one_of(
    one(TEXT_FIELDS, criterion(STRING_TYPES, WORDS + NUMBERS)),
    st.fixed_dictionaries({"ProfileType": criterion(["INCLUSIVE", "EXCLUSIVE"],
                                                    ("PROFILE", "ACCOUNT_PROFILE"))}),
    st.fixed_dictionaries({"BirthDate": criterion(DATE_TYPES, DATES)}),
    one(ADDRESSES, one(PARTS, criterion(STRING_TYPES, WORDS))),
    st.fixed_dictionaries({"Attributes": one(ATTRIBUTES, criterion(any_type, STRINGS))}),
    optional(TEXT_FIELDS, criterion(STRING_TYPES, WORDS)),
)
calculated = st.fixed_dictionaries(
    {"DimensionType": st.sampled_from(any_type),
     "Values": st.lists(st.sampled_from(NUMBERS + DATES), min_size=1, max_size=2)},
    optional={"ConditionOverrides": st.just({"Range": {"Start": 30, "Unit": "DAYS"}})})
dimension = st.one_of(members.map(lambda m: {"ProfileAttributes": m}),
                      one(CALCULATED, calculated).map(
                          lambda c: {"CalculatedAttributes": c}))


def group(bases: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from([*bases, "unknown"])
    return st.fixed_dictionaries({"Dimensions": st.lists(dimension, min_size=1, max_size=2)},
                                 optional={
        "Type": MODES, "SourceType": MODES,
        "SourceSegments": st.lists(names.map(lambda n: {"SegmentDefinitionName": n}),
                                   max_size=2)})


@st.composite
def project(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Segments s0, s1, ...: each may use the ones before it as base segments."""
    segments: dict[str, dict[str, Any]] = {}
    for index in range(draw(st.integers(1, 3))):
        groups = draw(st.fixed_dictionaries(
            {"Groups": st.lists(group(list(segments)), min_size=1, max_size=2)},
            optional={"Include": MODES}))
        segments[f"s{index}"] = groups
    return segments


@DIFFERENTIAL
@given(project(), st.lists(profile, min_size=4, max_size=16))
def test_duckdb_counts_as_the_reference(segments: dict[str, dict[str, Any]],
                                        profiles: list[dict[str, Any]]) -> None:
    counted = [ProfilesSegment(key, groups) for key, groups in segments.items()]
    by_key = {segment.key: segment for segment in counted}
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "profiles.jsonl"
        export.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
        estimates = estimate_all_profiles(counted, export, segments=by_key)
    oracle = Oracle(segments)
    for estimate in estimates:
        results = [oracle.evaluate(estimate.segment, p) for p in profiles]
        assert estimate.profiles == len(profiles)
        assert estimate.matched == sum(hit for hit, _ in results), estimate.segment
        expected = tuple(sum(hits[n] for _, hits in results)
                         for n in range(len(segments[estimate.segment]["Groups"])))
        assert estimate.groups == expected, estimate.segment
