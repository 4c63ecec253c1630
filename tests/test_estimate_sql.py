"""``segmentgen estimate KEY --sql``: the query that counts a segment, as text.

Golden cases: tests/cases/sql-*/specs hold one segment ``probe`` per criterion kind (and one of
groups over base segments); its query in every dialect (duckdb, athena, trino, spark) at a fixed
--as-of must be exactly tests/cases/sql-*/expected/<dialect>.sql (tests/golden.py; regenerate with
``make golden``). Also: --sql reads no export, and its options are checked before anything runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import Golden

from segmentgen.cli import main
from segmentgen.estimate import DIALECTS

CASES = Path(__file__).parent / "cases"
SQL_CASES = sorted(p for p in CASES.glob("sql-*") if (p / "specs").is_dir())
AS_OF = "2024-01-01T00:00:00Z"


def invoke(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, ["estimate", *args])
    return outcome.exit_code, outcome.stdout, outcome.stderr


def query(specs: Path, *args: str) -> str:
    code, out, err = invoke("probe", "--sql", "--specs", str(specs), "--as-of", AS_OF, *args)
    assert (code, err) == (0, "")
    return out


@pytest.mark.parametrize("case", SQL_CASES, ids=[p.name for p in SQL_CASES])
def test_sql_golden(case: Path, golden: Golden) -> None:
    produced = {f"{dialect}.sql": query(case / "specs", "--dialect", dialect)
                for dialect in DIALECTS}
    golden.check(case, {name: text.encode("utf-8") for name, text in produced.items()})


def test_sql_cases_cover_every_criterion_kind() -> None:
    names = {case.name.removeprefix("sql-") for case in SQL_CASES}
    assert {"attributes", "user-attributes", "metrics", "recency", "demographic", "country",
            "gps", "groups"} <= names


def test_sql_default_dialect_is_duckdb_and_table_is_named() -> None:
    specs = CASES / "sql-country" / "specs"
    assert query(specs) == query(specs, "--dialect", "duckdb")
    named = query(specs, "--table", "analytics.pinpoint_endpoints")
    assert "FROM analytics.pinpoint_endpoints AS e" in named
    assert "FROM endpoints AS e" in query(specs)


@pytest.mark.parametrize("dialect", ["trino", "spark"])
def test_sql_other_dialects_print_a_query(dialect: str) -> None:
    text = query(CASES / "sql-groups" / "specs", "--dialect", dialect)
    assert text.startswith("WITH step_0 AS (") and "AS group_2" in text


def test_sql_reads_no_export_even_a_missing_one(tmp_path: Path) -> None:
    specs = CASES / "sql-gps" / "specs"
    assert query(specs, "--endpoints", str(tmp_path / "none.jsonl")) == query(specs)


@pytest.mark.parametrize("table", ["x; DROP TABLE y", "a.b.c.d", "1st", "", "t--"])
def test_sql_table_must_be_a_dotted_name(table: str) -> None:
    code, out, err = invoke("probe", "--sql", "--specs", str(CASES / "sql-country" / "specs"),
                            "--table", table)
    assert (code, out) == (2, "") and "--table" in err and "Traceback" not in err


@pytest.mark.parametrize("option", [("--dialect", "athena"), ("--table", "t")])
def test_dialect_and_table_need_sql(tmp_path: Path, option: tuple[str, str]) -> None:
    code, out, err = invoke("probe", "--endpoints", str(tmp_path), "--specs",
                            str(CASES / "sql-country" / "specs"), *option)
    assert (code, out) == (2, "") and "--sql" in err


def test_endpoints_are_required_without_sql() -> None:
    code, out, err = invoke("probe", "--specs", str(CASES / "sql-country" / "specs"))
    assert (code, out) == (2, "") and "--endpoints" in err


def test_sql_unknown_key_is_sg702() -> None:
    code, out, err = invoke("ghost", "--sql", "--specs", str(CASES / "sql-country" / "specs"))
    assert (code, out) == (3, "") and "SG702" in err


def test_sql_of_an_unanswerable_criterion_warns_on_stderr(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text("segments:\n  probe:\n    name: P\n    where:\n"
                                  "      device_type: [PHONE]\n", "utf-8")
    code, out, err = invoke("probe", "--sql", "--specs", str(specs))
    assert code == 0 and out.startswith("WITH step_0 AS (") and "SG60" in err


def readme_view(export: Path) -> str:
    """The README's DuckDB view over a local export, reading ``export``."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    start = readme.index("```sql\nCREATE VIEW endpoints AS\nWITH raw AS")
    view = readme[start + len("```sql\n"):readme.index("```", start + 10)]
    assert "'export/*.gz'" in view
    return view.replace("'export/*.gz'", f"'{export}'")


@pytest.mark.parametrize("case", SQL_CASES, ids=[p.name for p in SQL_CASES])
def test_readme_duckdb_view_counts_as_the_engine(case: Path, tmp_path: Path) -> None:
    import duckdb
    from test_estimate import FIXTURE

    export = tmp_path / "endpoints.jsonl"
    export.write_text("".join(FIXTURE.endpoint_lines(600)), "utf-8")
    connection = duckdb.connect(":memory:")
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(readme_view(export))
    row = connection.execute(query(case / "specs")).fetchone()
    connection.close()
    code, out, _ = invoke("probe", "--endpoints", str(export), "--specs", str(case / "specs"),
                          "--as-of", AS_OF, "--format", "json", "--engine", "python")
    data = json.loads(out)
    assert code == 0 and row is not None and data["endpoints"] == 600
    assert list(row) == [data["endpoints"], data["matched"], data["sendable"], *data["groups"]]
