"""DuckDB and the Python evaluator count the same endpoints.

Random segments (every criterion kind, segment groups, base segments of every kind) and
random endpoint objects (every field holding any JSON value, as tests/test_estimate_fuzz.py
draws them) are counted by the query of ``estimate.sql`` run in DuckDB and by
``estimate.count``, the oracle: endpoints, matched, sendable and each group must agree. An
export DuckDB cannot parse (a NaN token, say) is left to the Python evaluator, and the
property requires that many examples did run in DuckDB. A second property draws endpoints
in the export's documented shape only, so that every example runs in DuckDB and criteria often
match (a lookup that always read nothing would pass the first one).

Where pyspark and Java are present, the same random segments over random endpoints in the
export's documented shape (the types the README's Spark schema names) are counted by the Spark
query (``--dialect spark``) on one local Spark session for the module, over the README's Spark
read of the export, and must give the oracle's counts; without either, that test is skipped
with a message saying which is missing. A fixed table of texts (``INSTANT_CASES``: forms the
engines' own timestamp casts read otherwise, the edges of the calendar and of the offsets) must
give, in DuckDB and in Spark, the instant ``core.dates.parse_clamped`` reads.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_estimate_fuzz import (
    ATTRIBUTES,
    INSTANTS,
    WORDS,
    as_of,
    encode,
    endpoint,
    project,
    segment_of,
)

from segmentgen.core.dates import parse_clamped
from segmentgen.core.model import Dimensions, Groups, ImportSource, Segment
from segmentgen.estimate import expressions as sql
from segmentgen.estimate import session
from segmentgen.estimate.count import estimate_segment
from segmentgen.estimate.sql import segment_query

DIFFERENTIAL = settings(max_examples=150, deadline=None, derandomize=True,
                        suppress_health_check=list(HealthCheck))
ran: list[bool] = []


def _segments(parts: dict[str, Dimensions | Groups]) -> dict[str, Segment]:
    segments = {key: segment_of(key, criteria) for key, criteria in parts.items()}
    segments["crm"] = Segment(key="crm", name="crm", file="specs/f.yaml", line=1,
                              imported=ImportSource("s3://b/k.csv", "CSV", None))
    return segments


@DIFFERENTIAL
@given(project, st.lists(endpoint.map(encode), max_size=10), as_of)
def test_duckdb_counts_as_the_python_evaluator(parts: dict[str, Dimensions | Groups],
                                               lines: list[bytes], when: datetime) -> None:
    segments = _segments(parts)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "endpoints.jsonl"
        export.write_bytes(b"\n".join(lines) + b"\n")
        expected = estimate_segment(segments["probe"], export, as_of=when, segments=segments)
        query = segment_query(segments["probe"], segments, as_of=when,
                              transform=session.for_engine)
        counts = session.run([str(export)], query.text)
    ran.append(counts is not None)
    assume(counts is not None)
    assert counts == (expected.endpoints, expected.matched, expected.sendable,
                      *expected.groups)
    assert [d.code for d in query.diagnostics] == [d.code for d in expected.diagnostics]


WELL_FORMED = [word for word in WORDS + INSTANTS if word.isprintable() and
               not any(0xD800 <= ord(c) <= 0xDFFF for c in word)]
word = st.sampled_from(WELL_FORMED)
words = st.lists(word, max_size=3)
finite = st.one_of(st.integers(-2**53, 2**53), st.floats(-1e300, 1e300),
                   st.sampled_from([0, 1, -1, 0.5, 75]))


def _shaped(names: list[str], value: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.fixed_dictionaries({}, optional={name: value for name in names})


# Endpoints in the export's documented shape (the types the README's Spark schema names):
# DuckDB's typed read takes every one, so each example runs there and criteria often match.
typed_endpoint = st.fixed_dictionaries({}, optional={
    "ChannelType": word, "EndpointStatus": word, "OptOut": word, "EffectiveDate": word,
    "Attributes": _shaped(["plan", "since", "campaign"], words),
    "Metrics": _shaped(["score", "visits"], finite),
    "Demographic": _shaped(["Platform", "AppVersion", "Make", "Model"], word),
    "Location": st.fixed_dictionaries({}, optional={
        "Country": word, "Latitude": st.floats(-90, 90), "Longitude": st.floats(-180, 180)}),
    "User": _shaped(["UserAttributes"], _shaped(["tier"], words)),
})
hits: list[int] = []


@DIFFERENTIAL
@given(project, st.lists(typed_endpoint.map(encode), min_size=1, max_size=20), as_of)
def test_duckdb_counts_typed_endpoints_as_the_python_evaluator(
        parts: dict[str, Dimensions | Groups], lines: list[bytes], when: datetime) -> None:
    segments = _segments(parts)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "endpoints.jsonl"
        export.write_bytes(b"\n".join(lines) + b"\n")
        expected = estimate_segment(segments["probe"], export, as_of=when, segments=segments)
        query = segment_query(segments["probe"], segments, as_of=when,
                              transform=session.for_engine)
        counts = session.run([str(export)], query.text)
    assert counts == (expected.endpoints, expected.matched, expected.sendable,
                      *expected.groups)
    hits.append(expected.matched)


def test_typed_examples_often_match() -> None:
    if not hits:
        pytest.skip("runs after the property")
    assert sum(1 for matched in hits if matched) > len(hits) // 4


def test_many_examples_ran_in_duckdb() -> None:
    """Hostile lines (lone surrogates, NaN, 1e999) are not JSON to DuckDB, so such exports
    go to the Python evaluator; at least a third of the drawn ones must run in DuckDB (the
    typed property below runs every example there)."""
    if not ran:
        pytest.skip("runs after the property")
    assert sum(ran) >= len(ran) // 3


spark_as_of = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1),
                           timezones=st.just(UTC))
SPARK = settings(max_examples=25, deadline=None, derandomize=True,
                 suppress_health_check=list(HealthCheck))


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
    session = (session_class.builder.master("local[1]").appName("segmentgen-differential")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    try:
        yield session
    finally:
        session.stop()


@SPARK
@given(project, st.lists(typed_endpoint.map(encode), min_size=1, max_size=10), spark_as_of)
def test_spark_counts_as_the_python_evaluator(spark: Any, parts: dict[str, Dimensions | Groups],
                                              lines: list[bytes], when: datetime) -> None:
    from test_spark import readme_spark_read

    segments = _segments(parts)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "endpoints.jsonl"
        export.write_bytes(b"\n".join(lines) + b"\n")
        expected = estimate_segment(segments["probe"], export, as_of=when, segments=segments)
        exec(readme_spark_read().replace('"export/*.gz"', repr(str(export))), {})
        query = segment_query(segments["probe"], segments, as_of=when, dialect="spark")
        row = spark.sql(query.text).first()
    assert list(row) == [expected.endpoints, expected.matched, expected.sendable,
                         *expected.groups]


# Texts whose instant the engines' own timestamp casts read otherwise than core.dates does
# (Spark: no seconds before a zone, offsets past 18 hours; DuckDB and Spark: year 0), and the
# edges of the calendar, of the clock and of the offsets.
INSTANT_CASES = (
    "1990-01-01", "1990-01-01T23:30Z", "1990-01-01T23:30", "1990-01-01T23:30:15+05:30",
    "1990-01-01T00:00+23:59", "1990-01-01T00:00:00-23:59", "1990-01-01T00:00+2359",
    "1990-01-01T00:00+23:60", "1989-12-31T23:00-00:99", "1990-01-01T00:60",
    "1990-01-01T00:59:60Z", "1990-01-01T24:00", "0000-01-01", "0000-12-31T23:00-02:00",
    "0001-01-01T00:00+00:01", "0001-01-01T00:00:59.999+00:01", "0001-01-02T00:00+23:59",
    "0001-01-01T23:59-00:01", "9999-12-31T23:59-00:01", "9999-12-31T23:59:59.9999999Z",
    "9999-12-31T00:00+00:01", "9999-12-30T23:00-23:00", "2000-03-01T01:00+0200",
    "2000-02-29T23:30:00.5-01:00", "1990-01-01T23:59:59.999999999Z", "1990-01-01T12:00:00.1Z",
    "2001-02-29T12:00Z", "2024-13-01", "1990-01-01\n", "1990-01-01T12", "1990-01-01T12:00:00+01",
    " 1990-01-01", "")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(text: str) -> int | None:
    """Microseconds from 1970 to the instant core.dates reads in ``text``, or None."""
    moment = parse_clamped(text)
    return None if moment is None else (moment - EPOCH) // (EPOCH - EPOCH).resolution


def instant_query(dialect: str, table: str, epoch_micros: str) -> str:
    """The query reading column ``v`` of ``table`` as an instant, in microseconds from 1970."""
    from sqlglot import exp

    read = sql.for_dialect(sql.instant(exp.column("v", quoted=True)), dialect).sql(dialect=dialect)
    return f"SELECT v, {epoch_micros}({read}) FROM {table}"


def test_duckdb_reads_instants_as_the_reference() -> None:
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute("CREATE TABLE texts (v VARCHAR)")
    connection.executemany("INSERT INTO texts VALUES (?)", [(v,) for v in INSTANT_CASES])
    read = dict(connection.execute(instant_query("duckdb", "texts", "epoch_us")).fetchall())
    assert read == {text: micros(text) for text in INSTANT_CASES}


# The common form the DuckDB engine reads by DuckDB's cast first (estimate.instants.common_first),
# at the edges of that form: days a month lacks, years below 1000, fractions past six digits.
COMMON_CASES = (
    "2024-02-29T10:00:00Z", "2023-02-29T10:00:00Z", "2024-04-31T00:00:00Z",
    "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "1000-01-01T00:00:00Z",
    "0999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999Z", "2024-01-01T23:59:59.1234567Z",
    "2024-01-01T10:00:00.5Z", "2024-01-01T24:00:00Z", "2024-01-01T10:60:00Z",
    "2024-01-01T10:00:60Z", "2024-01-01T10:00:00z", "2024-01-01 10:00:00Z")


def test_the_duckdb_engine_reads_instants_as_the_reference() -> None:
    import duckdb
    from sqlglot import exp

    from segmentgen.estimate.instants import common_first

    tree = common_first(sql.instant(exp.column("v", quoted=True)))
    assert isinstance(tree, exp.Case) and "REGEXP_FULL_MATCH" in tree.sql(dialect="duckdb")
    texts = INSTANT_CASES + COMMON_CASES
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute("CREATE TABLE texts (v VARCHAR)")
    connection.executemany("INSERT INTO texts VALUES (?)", [(v,) for v in texts])
    query = f"SELECT v, epoch_us({tree.sql(dialect='duckdb')}) FROM texts"
    read = dict(connection.execute(query).fetchall())
    assert read == {text: micros(text) for text in texts}


# Date attributes whose lists hold texts of the common form only, of other forms only, and
# both: the DuckDB engine casts the common form first and reads a list in full only where
# that cast leaves an item NULL (estimate.instants._common).
MIXED = [[], [COMMON_CASES[0]], [COMMON_CASES[0], COMMON_CASES[8]], [INSTANT_CASES[0]],
         [COMMON_CASES[1]], [COMMON_CASES[0], COMMON_CASES[1]], *([c, i] for c, i in zip(
             COMMON_CASES, INSTANT_CASES, strict=False)), *([i, c] for c, i in zip(
             COMMON_CASES, reversed(INSTANT_CASES), strict=False)), COMMON_CASES[:3],
         list(INSTANTS), ["2024-01-01T00:00:00Z", 5, None, "2023-12-31T23:59:59.999999Z"]]


@pytest.mark.parametrize("criterion", [c for c in ATTRIBUTES if c.name == "since" and all(
    parse_clamped(value) is not None for value in c.values)])
def test_the_duckdb_engine_reads_lists_of_instants_as_the_reference(
        criterion: Any, tmp_path: Path) -> None:
    import json

    from segmentgen.core.model import Dimensions

    probe = segment_of("probe", Dimensions(attributes=(criterion,)))
    lines = [json.dumps({"Attributes": {"since": texts}}) for texts in MIXED]
    lines += [json.dumps({"Attributes": {"since": text}}) for text in COMMON_CASES]
    export = tmp_path / "endpoints.jsonl"
    export.write_text("\n".join(lines) + "\n", "utf-8")
    when = datetime(2024, 1, 1, 12, tzinfo=UTC)
    expected = estimate_segment(probe, export, as_of=when, segments={"probe": probe})
    query = segment_query(probe, {"probe": probe}, as_of=when, transform=session.for_engine)
    assert "list_count" in query.text.lower()
    assert session.run([str(export)], query.text) == (expected.endpoints, expected.matched,
                                                      expected.sendable)


def test_spark_reads_instants_as_the_reference(spark: Any) -> None:
    spark.createDataFrame([(v,) for v in INSTANT_CASES], "v STRING").createOrReplaceTempView(
        "texts")
    query = instant_query("spark", "texts", "unix_micros")
    read = dict(tuple(row) for row in spark.sql(query).collect())
    assert read == {text: micros(text) for text in INSTANT_CASES}


# JSON texts the view reads as numbers (estimate.view's sg_number and sg_within): every JSON
# type, the edges of a double, integers past it, an exponent's forms, negative zero
NUMBER_CASES = ('true', 'false', 'null', '"5"', '"1e3"', '" 5"', '""', '"inf"', '"NaN"', '[1]',
                '{"a":1}', '1E+2', '1e-2', '-0', '0', '-0.0', '1e999', '-1e999', '1E400',
                '123456789012345678901234567890', '18446744073709551615', '18446744073709551616',
                '-9223372036854775809', '0.1', '1.7976931348623157e308', '4.9e-324', '2.4e-324',
                '90', '90.0000000001', '-180', '180.5', '1' + '0' * 400)


def test_the_view_reads_numbers_as_the_reference() -> None:
    import json

    import duckdb

    from segmentgen.criteria.endpoint import coordinate, number
    from segmentgen.estimate.view import MACROS

    connection = duckdb.connect()
    for macro in MACROS:
        connection.execute(macro)
    texts = NUMBER_CASES + tuple(json.dumps(value) for value in (
        0.30000000000000004, -1e-310, 2**53 + 1, -(2**63), 89.99999999999999, 3.141592653589793))
    for text in texts:
        for given_ in (text, json.dumps(json.loads(text))):
            read = connection.execute("SELECT sg_number(j), sg_within(j, 90), sg_within(j, 180) "
                                      "FROM (SELECT json(?) AS j)", [given_]).fetchone()
            value = json.loads(text)
            assert read == (number(value), coordinate(value, 90), coordinate(value, 180)), text



@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(project, as_of)
def test_deferred_readings_write_out_as_built(parts: dict[str, Dimensions | Groups],
                                              when: datetime) -> None:
    """A query built with its readings deferred (as for an engine's rewrite) and written out
    is the query built in full, and the engine's query holds no placeholder."""
    from sqlglot import exp

    from segmentgen.estimate import date_sql
    from segmentgen.estimate.plan import build_plan
    from segmentgen.estimate.sql import DEFAULT_OPTIONS, SqlCompiler, _query

    segments = _segments(parts)

    def built() -> exp.Expr:
        compiler = SqlCompiler(when, DEFAULT_OPTIONS)
        return _query(build_plan(segments["probe"], segments, compiler), "endpoints")

    full = built().sql()
    with date_sql.deferred():
        deferred = built()
    assert (date_sql.PLACEHOLDER in deferred.sql()) == ("REGEXP_LIKE" in full)
    written = deferred.transform(
        lambda node: date_sql.written(node) if date_sql.deferred_reading(node) else node)
    assert written.sql() == full
    query = segment_query(segments["probe"], segments, as_of=when, transform=session.for_engine)
    assert date_sql.PLACEHOLDER not in query.text


json_item = st.one_of(st.text(st.characters(codec="utf-8"), max_size=6),
                      st.sampled_from(['a,b', '"', '\\', '","', '[', ']', '', ' , ']),
                      st.integers(-5, 5), st.booleans(), st.none(),
                      st.lists(st.text(max_size=2), max_size=2), st.just({"a": "b"}))


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.one_of(json_item, st.lists(json_item, max_size=4)))
def test_the_view_reads_texts_as_the_reference(value: object) -> None:
    """A string, and an array's strings (its other items ignored), as ``criteria.endpoint``
    reads them: ``sg_texts`` (fields) and ``sg_items`` (map entries, an array of one string
    cast without a pattern)."""
    import json

    import duckdb

    from segmentgen.criteria.endpoint import strings
    from segmentgen.estimate.view import MACROS

    connection = duckdb.connect()
    for macro in MACROS:
        connection.execute(macro)
    expected = strings(value)
    read = connection.execute("SELECT sg_texts(j), sg_items(j) FROM (SELECT json(?) AS j)",
                              [json.dumps(value, ensure_ascii=False)]).fetchone()
    assert read == (None if expected is None else list(expected),) * 2
