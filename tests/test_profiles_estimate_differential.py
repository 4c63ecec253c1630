"""DuckDB and the reference evaluator count the same profiles.

Random native ``SegmentGroups`` (every dimension kind and type, values that are and are not
numbers and dates, groups, ``Include``/``Type``/``SourceType`` written or left out, base
segments, unknown base names) and random profile objects (fields present, absent or of another
JSON type) are counted by ``estimate.profiles_engine`` (one query per segment in DuckDB) and by
tests/profiles_oracle.py: matched and each group must agree, for every segment of the project.

Where pyspark and Java are present, the same random segments over random profiles in the
export's documented shape (the Profile object's JSON types: strings, address objects of strings,
maps of strings, fields left out) are counted by the Spark query (``--dialect spark``) on one
local Spark session for the module, over the README's Spark read of a profile export, all
segments of an example in one Spark job: the counts must be the oracle's and DuckDB's. Without
either, that test is skipped with a message saying which is missing. A fixed table of date
texts (``DATE_CASES``: forms the engines' own timestamp casts read otherwise) must give, in
DuckDB and in Spark, the date ``core.dates`` reads.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles_oracle import Oracle

from segmentgen.estimate import expressions as sql
from segmentgen.estimate import profiles_expressions as px
from segmentgen.estimate.profiles_engine import estimate_all_profiles
from segmentgen.estimate.profiles_sql import ProfilesSegment, segment_query

DIFFERENTIAL = settings(max_examples=120, deadline=None, derandomize=True,
                        suppress_health_check=list(HealthCheck))
WORDS = ("Ada", "Adam", "da", "Å", "a'b")
NUMBERS = ("5", "5.0", "-3", "1e1", "007", "1e999", "+5", "x")
DATES = ("1990-01-01", "1990-01-01T23:30:00-01:00", "2000-02-29", "1989-12-31", "2024-13-01",
         "0001-01-01T00:30:00+01:00", "1990-01-01T23:30Z", "1990-01-01T00:00+23:59",
         "1989-12-31T23:00-00:99", "0000-01-01")
# Texts whose UTC date the engines' own timestamp casts read otherwise than core.dates does
# (Spark: no seconds before a zone, offsets past 18 hours; DuckDB and Spark: year 0), and the
# edges of the calendar and of the offsets.
DATE_CASES = (*DATES, "1990-01-01T23:30", "1990-01-01T00:00:00-23:59", "1990-01-01T00:00+2359",
              "1990-01-01T00:00+23:60", "1990-01-01T00:60", "1990-01-01T00:59:60Z",
              "0001-01-01T00:00+00:01", "0001-01-01T23:59-00:01", "9999-12-31T23:59-00:01",
              "9999-12-31T00:00+00:01", "2000-03-01T01:00+0200", "1990-01-01T23:59:59.999999999Z",
              "1990-01-01\n", "1990-01-01T12", "2001-02-29T12:00Z", "")
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


SPARK = settings(max_examples=30, deadline=None, derandomize=True,
                 suppress_health_check=list(HealthCheck))
# Profiles in the export's documented shape (the types the README's Spark read names).
typed_text = st.sampled_from((*STRINGS, ""))
typed_profile = st.fixed_dictionaries({}, optional={
    **{name: typed_text for name in (*TEXT_FIELDS, "BirthDate")},
    "ProfileType": st.sampled_from(["PROFILE", "ACCOUNT_PROFILE", "profile"]),
    **{name: optional(PARTS, typed_text) for name in ADDRESSES},
    "Attributes": optional(ATTRIBUTES, typed_text),
    "CalculatedAttributes": optional(CALCULATED[:2], typed_text),
})
spark_matched: list[int] = []


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local Spark session for the module; the test is skipped, saying why, without
    pyspark or Java."""
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("Spark part skipped: pyspark is not installed (optional; make test-spark "
                    "installs it)")
    if shutil.which("java") is None:
        pytest.skip("Spark part skipped: Spark needs Java and no java is on PATH")
    session_class = importlib.import_module("pyspark.sql").SparkSession
    session = (session_class.builder.master("local[1]").appName("segmentgen-profiles-differential")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    try:
        yield session
    finally:
        session.stop()


def expected_counts(segments: dict[str, dict[str, Any]],
                    profiles: list[dict[str, Any]]) -> list[int]:
    """The oracle's row of every segment in turn: profiles, matched, group_1, ..."""
    oracle, row = Oracle(segments), []
    for key, groups in segments.items():
        results = [oracle.evaluate(key, p) for p in profiles]
        row += [len(profiles), sum(hit for hit, _ in results),
                *(sum(hits[n] for _, hits in results) for n in range(len(groups["Groups"])))]
    return row


def date_query(dialect: str, table: str) -> str:
    """The query reading column ``v`` of ``table`` as a profile's date, in ``dialect``."""
    from sqlglot import exp

    read = px.date_of(exp.column("v", quoted=True))
    return f"SELECT v, {sql.for_dialect(read, dialect).sql(dialect=dialect)} FROM {table}"


def test_duckdb_reads_dates_as_the_reference() -> None:
    import duckdb

    connection = duckdb.connect()
    connection.execute("CREATE TABLE texts (v VARCHAR)")
    connection.executemany("INSERT INTO texts VALUES (?)", [(v,) for v in DATE_CASES])
    read = dict(connection.execute(date_query("duckdb", "texts")).fetchall())
    assert read == {text: px.read_date(text) for text in DATE_CASES}


def test_spark_reads_dates_as_the_reference(spark: Any) -> None:
    spark.createDataFrame([(v,) for v in DATE_CASES], "v STRING").createOrReplaceTempView("texts")
    read = dict(tuple(row) for row in spark.sql(date_query("spark", "texts")).collect())
    assert read == {text: px.read_date(text) for text in DATE_CASES}


@SPARK
@given(project(), st.lists(typed_profile, min_size=1, max_size=12))
def test_spark_counts_as_the_reference(spark: Any, segments: dict[str, dict[str, Any]],
                                       profiles: list[dict[str, Any]]) -> None:
    from test_spark_profiles import PLACEHOLDER, readme_spark_profiles_read

    counted = [ProfilesSegment(key, groups) for key, groups in segments.items()]
    by_key = {segment.key: segment for segment in counted}
    queries = [segment_query(segment, by_key, dialect="spark").text for segment in counted]
    joined = " CROSS JOIN ".join(f"({query}) AS q{n}" for n, query in enumerate(queries))
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "profiles.jsonl"
        export.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
        exec(readme_spark_profiles_read().replace(PLACEHOLDER, repr(str(export))), {})
        row = list(spark.sql(f"SELECT * FROM {joined}").first())
        estimates = estimate_all_profiles(counted, export, segments=by_key)
    expected = expected_counts(segments, profiles)
    assert row == expected
    assert [n for e in estimates for n in (e.profiles, e.matched, *e.groups)] == expected
    spark_matched.append(sum(e.matched or 0 for e in estimates))


def test_spark_examples_often_match() -> None:
    if not spark_matched:
        pytest.skip("runs after the Spark property")
    assert sum(1 for matched in spark_matched if matched) > len(spark_matched) // 4
