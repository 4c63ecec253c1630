"""Spark counts a Customer Profiles segment as DuckDB does.

Input: the segments of tests/cases/profiles-sql-*/specs (``probe``: one per Customer Profiles
dimension kind, one of groups over a base segment, one SQL segment) and a generated JSON-lines
profile export whose fields draw from values each probe names and misses (dates in the forms
``core.dates`` reads, numbers as strings and integers, fields left out). Output: for each
probe, the row of its Spark query (``estimate probe --sql --dialect spark``), run on a local
Spark session over the README's Spark read of a profile export, equals the counts of the DuckDB
engine (``estimate.profiles_engine``) over the same file.
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
from segmentgen.estimate.profiles_engine import estimate_profiles
from segmentgen.estimate.profiles_project import profiles_segments
from segmentgen.estimate.profiles_sql import segment_query

CASES = Path(__file__).parent / "cases"
SQL_CASES = sorted(p for p in CASES.glob("profiles-sql-*") if (p / "specs").is_dir())
COUNT = 2000
MARKER = "```python\n# Customer Profiles: the profiles view over a profile export\n"
PLACEHOLDER = '"profiles/*.gz"'
DATES = ("1990-01-01", "1989-12-31", "1985-05-17", "1985-05-17T23:30:00-01:00", "1970-01-01",
         "1979-12-31", "1975-06-01T12:00:00Z", "2024-01-01", "2024-01-01T00:30:00+01:00",
         "2024-02-01", "2000-02-29", "0001-01-01", "9999-12-31", "2024-13-01", "1985-02-30",
         "yesterday", "1990-01-01\n", "")
NUMBERS = ("0", "1", "2", "3", "4", "2.5", "-3", "1e2", "100", "500", "500.5", "900", "1e999",
           "007", "+5", "x", 0, 3, 501, 1000)


def present(record: dict[str, Any], rng: random.Random, name: str, *values: Any) -> None:
    """Set ``record[name]`` to one of ``values``, or leave it absent (a quarter of the time)."""
    if rng.random() < 0.75:
        record[name] = rng.choice(values)


def address(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {}
    present(record, rng, "City", "Oslo", "Bergen", "oslo", "")
    present(record, rng, "Country", "NOR", "SWE", "NO")
    present(record, rng, "PostalCode", "0150", "01", "1050", "0")
    return record


def profile(rng: random.Random, index: int) -> dict[str, Any]:
    record: dict[str, Any] = {"ProfileId": f"p{index}"}
    present(record, rng, "FirstName", "Ada", "Grace", "Alan", "ada", "Ada ")
    present(record, rng, "LastName", "Smith", "Byron", "smith")
    present(record, rng, "EmailAddress", "ada@example.com", "a@example.org", "@example.com",
            "example.com")
    present(record, rng, "BusinessName", "Acme AS", "Acme", "acme", "The Acme")
    present(record, rng, "AdditionalInformation", "a vip", "vip", "VIP", "none")
    present(record, rng, "BirthDate", *DATES)
    present(record, rng, "ProfileType", "PROFILE", "ACCOUNT_PROFILE", "profile")
    for name in ("Address", "ShippingAddress"):
        present(record, rng, name, address(rng))
    attributes: dict[str, Any] = {}
    present(attributes, rng, "tier", "gold", "platinum", "free", "Gold")
    present(attributes, rng, "visits", "3", "4", "2", "3.0", "many", 7, *NUMBERS)
    present(attributes, rng, "spend", "100", "250", "500", "99.5", 300, "1e2", *NUMBERS)
    present(attributes, rng, "signup", *DATES)
    present(record, rng, "Attributes", attributes)
    calculated: dict[str, Any] = {}
    for name in ("lifetime_spend", "orders"):
        present(calculated, rng, name, *NUMBERS)
    present(record, rng, "CalculatedAttributes", calculated)
    return record


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(16)
    path = tmp_path_factory.mktemp("spark-profiles") / "profiles.jsonl"
    path.write_text("".join(json.dumps(profile(rng, n)) + "\n" for n in range(COUNT)), "utf-8")
    return path


def readme_spark_profiles_read() -> str:
    """The README's Spark read of a profile export (the block that creates ``profiles``)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    start = readme.index(MARKER)
    return readme[start + len("```python\n"):readme.index("```", start + 10)]


@pytest.fixture(scope="module")
def spark(export: Path) -> Iterator[Any]:
    """A local Spark session holding the README's ``profiles`` view over ``export``."""
    session_class = importlib.import_module("pyspark.sql").SparkSession
    session = (session_class.builder.master("local[1]").appName("segmentgen-test-profiles")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .getOrCreate())
    read = readme_spark_profiles_read()
    assert read.count(PLACEHOLDER) == 1
    exec(read.replace(PLACEHOLDER, repr(str(export))), {})
    try:
        yield session
    finally:
        session.stop()


@pytest.mark.parametrize("case", SQL_CASES, ids=[p.name for p in SQL_CASES])
def test_spark_counts_profiles_as_duckdb(case: Path, export: Path, spark: Any) -> None:
    project, _, _ = load_project(case / "specs")
    assert project is not None
    segments = profiles_segments(project.segments)
    query = segment_query(segments["probe"], segments, dialect="spark")
    assert query.answerable
    row = spark.sql(query.text).first()
    duckdb = estimate_profiles(segments["probe"], export, segments=segments)
    assert duckdb.complete and duckdb.profiles == COUNT and duckdb.matched is not None
    assert 0 < duckdb.matched < COUNT, "the export must hold profiles the probe matches and misses"
    assert list(row) == [duckdb.profiles, duckdb.matched, *duckdb.groups]


def test_the_cases_cover_every_kind() -> None:
    names = {case.name.removeprefix("profiles-sql-") for case in SQL_CASES}
    assert {"text", "birth-date", "profile-type", "address", "custom", "calculated", "groups",
            "sql"} <= names
