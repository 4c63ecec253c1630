"""Spark counts a segment as DuckDB does: ``estimate KEY --sql --dialect spark`` run by Spark.

Input: the segments of tests/cases/sql-*/specs (``probe``: one per criterion kind, and one of
groups over base segments) and a generated export whose fields draw from values each probe
names and misses, in the instant forms ``core.dates`` reads. Output: for each probe, the row
of its Spark query, run on a local Spark session over the README's Spark read of the export,
equals the counts of the DuckDB engine (``estimate.engine``) over the same file.
Needs pyspark and Java: ``make test-spark`` installs pyspark; elsewhere the module is skipped.
"""

from __future__ import annotations

import importlib
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (optional): run make test-spark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (no java on PATH): install a JDK, then run make test-spark",
                allow_module_level=True)

from segmentgen.api import load_project
from segmentgen.core.dates import parse_instant
from segmentgen.estimate.engine import estimate_with_duckdb
from segmentgen.estimate.sql import segment_query

CASES = Path(__file__).parent / "cases"
SQL_CASES = sorted(p for p in CASES.glob("sql-*") if (p / "specs").is_dir())
AS_OF = parse_instant("2024-01-01T00:00:00Z")
COUNT = 3000
INSTANTS = ("2023-12-31T23:00:00Z", "2024-01-01", "2024-01-01T00:30:00+01:00", "2000-02-29",
            "2000-02-29T23:30:00-01:00", "2023-06-01T10:00:01Z", "2023-06-01T10:00:00Z",
            "2023-06-01T12:00:00+0200", "2024-06-30T12:00:00.123456789Z", "2024-12-31",
            "2024-06-01T12:00", "2023-12-20T08:15:00.5+05:30", "0001-01-01", "9999-12-31",
            "2024-13-01", "2024-02-30", "yesterday", "2024-01-01\n", "", "2023-12-31T23:30Z",
            "2023-12-31T00:00-23:59", "2024-01-01T00:00+00:99", "0000-01-01",
            "2023-12-31T23:59+23:60", "9999-12-31T23:59-00:01", "0001-01-01T00:00+00:01")


def pick(rng: random.Random, *values: Any) -> Any:
    return rng.choice(values)


def present(record: dict[str, Any], rng: random.Random, name: str, *values: Any) -> None:
    """Set ``record[name]`` to one of ``values``, or leave it absent (a quarter of the time)."""
    if rng.random() < 0.75:
        record[name] = pick(rng, *values)


def attributes(rng: random.Random) -> dict[str, list[str]]:
    record: dict[str, Any] = {}
    present(record, rng, "plan", ["pro"], ["team"], ["free"], ["free", "pro"], [])
    present(record, rng, "tier", ["free"], ["gold"], ["free", "gold"])
    present(record, rng, "campaign", ["utm-summer-1"], ["x-7"], ["Summer"], ["winter"])
    for name in ("bought", "seen", "born", "renewal"):
        present(record, rng, name, [pick(rng, *INSTANTS)], [pick(rng, *INSTANTS)] * 2,
                [pick(rng, *INSTANTS), pick(rng, *INSTANTS)])
    return record


def endpoint(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {"Attributes": attributes(rng)}
    present(record, rng, "Metrics", {"score": pick(rng, 1.5, 2, 0.25, 7)},
            {"score": 3, "visits": pick(rng, 0, -1, 3), "streak": pick(rng, 7, 7.0, 6.5)})
    present(record, rng, "User", {"UserAttributes": {"tier": [pick(rng, "gold", "bronze")]}},
            {"UserAttributes": {"tier": ["silver"], "region": [pick(rng, "north", "south")]}},
            {"UserId": "u"})
    present(record, rng, "Demographic", {
        "Platform": pick(rng, "ios", "web"), "AppVersion": pick(rng, "1.2", "1.3"),
        "Make": pick(rng, "Apple", "Samsung"), "Model": pick(rng, "iPhone 8", "iPhone 12")},
        {"Platform": "ios", "AppVersion": "1.2", "Make": "Apple"})
    present(record, rng, "Location", {"Country": pick(rng, "NO", "SE", "US"),
                                      "Latitude": pick(rng, 59.91, 60.1, 61.5, -33.9),
                                      "Longitude": pick(rng, 10.75, 10.9, 151.2)})
    present(record, rng, "ChannelType", "EMAIL", "SMS", "GCM")
    present(record, rng, "EffectiveDate", *INSTANTS)
    present(record, rng, "OptOut", "ALL", "NONE")
    present(record, rng, "EndpointStatus", "ACTIVE", "INACTIVE")
    return record


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(11)
    path = tmp_path_factory.mktemp("spark") / "endpoints.jsonl"
    path.write_text("".join(json.dumps(endpoint(rng)) + "\n" for _ in range(COUNT)), "utf-8")
    return path


def readme_spark_read() -> str:
    """The README's Spark read (the Python block that creates the ``endpoints`` view)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    start = readme.index("```python\nfrom pyspark.sql import SparkSession\n")
    return readme[start + len("```python\n"):readme.index("```", start + 10)]


@pytest.fixture(scope="module")
def spark(export: Path) -> Iterator[Any]:
    """A local Spark session holding the README's ``endpoints`` view over ``export``."""
    session_class = importlib.import_module("pyspark.sql").SparkSession
    session = (session_class.builder.master("local[1]").appName("segmentgen-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .getOrCreate())
    read = readme_spark_read()
    assert read.count('"export/*.gz"') == 1
    exec(read.replace('"export/*.gz"', repr(str(export))), {})
    try:
        yield session
    finally:
        session.stop()


@pytest.mark.parametrize("case", SQL_CASES, ids=[p.name for p in SQL_CASES])
def test_spark_counts_as_duckdb(case: Path, export: Path, spark: Any) -> None:
    project, _, _ = load_project(case / "specs")
    assert project is not None and AS_OF is not None
    segments = project.by_key()
    query = segment_query(segments["probe"], segments, as_of=AS_OF, dialect="spark")
    row = spark.sql(query.text).first()
    duckdb = estimate_with_duckdb(segments["probe"], export, as_of=AS_OF, segments=segments)
    assert not duckdb.diagnostics and duckdb.endpoints == COUNT
    assert duckdb.matched > 0, "the export must hold endpoints the probe matches"
    assert list(row) == [duckdb.endpoints, duckdb.matched, duckdb.sendable, *duckdb.groups]
