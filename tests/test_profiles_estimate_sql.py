"""``segmentgen estimate KEY --sql`` for Customer Profiles segments: the query as text.

Golden cases: tests/cases/profiles-sql-*/specs hold one segment ``probe`` per Customer
Profiles dimension kind (and one of groups over a base segment, and one SQL segment); its
query in every dialect must be exactly tests/cases/profiles-sql-*/expected/<dialect>.sql
(tests/golden.py; ``make golden`` regenerates). Also: the printed DuckDB query, run over the
README's ``profiles`` view of an export, gives the engine's counts; ``--table`` names the
table it reads.
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
SQL_CASES = sorted(p for p in CASES.glob("profiles-sql-*") if (p / "specs").is_dir())
PROFILES = [
    {"FirstName": "Ada", "LastName": "Byron", "EmailAddress": "ada@example.com",
     "BusinessName": "Acme AS", "AdditionalInformation": "a vip", "BirthDate": "1984-01-02",
     "ProfileType": "ACCOUNT_PROFILE", "Address": {"City": "Oslo", "Country": "NOR"},
     "ShippingAddress": {"PostalCode": "0150"},
     "Attributes": {"tier": "gold", "visits": "4", "spend": "100", "signup": "2024-02-01"},
     "CalculatedAttributes": {"lifetime_spend": "900", "orders": "3"}},
    {"FirstName": "Grace", "LastName": "Smith", "BirthDate": "1975-06-01",
     "ProfileType": "PROFILE", "Address": {"City": "Bergen"},
     "Attributes": {"tier": "free", "visits": "many"},
     "CalculatedAttributes": {"lifetime_spend": "50", "orders": 1}},
    {"FirstName": "Alan", "Address": {"City": "Oslo"}, "Attributes": {"tier": "platinum"}},
]


def invoke(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, ["estimate", *args])
    return outcome.exit_code, outcome.stdout, outcome.stderr


def query(specs: Path, *args: str) -> str:
    code, out, err = invoke("probe", "--sql", "--specs", str(specs), *args)
    assert (code, err) == (0, "")
    return out


@pytest.mark.parametrize("case", SQL_CASES, ids=[p.name for p in SQL_CASES])
def test_profiles_sql_golden(case: Path, golden: Golden) -> None:
    produced = {f"{dialect}.sql": query(case / "specs", "--dialect", dialect)
                for dialect in DIALECTS}
    golden.check(case, {name: text.encode("utf-8") for name, text in produced.items()})


def test_profiles_sql_cases_cover_every_kind() -> None:
    names = {case.name.removeprefix("profiles-sql-") for case in SQL_CASES}
    assert {"text", "birth-date", "profile-type", "address", "custom", "calculated", "groups",
            "sql"} <= names


def test_profiles_query_reads_the_named_table() -> None:
    specs = CASES / "profiles-sql-text" / "specs"
    assert "FROM profiles AS p" in query(specs)
    assert "FROM crm.profile_export AS p" in query(specs, "--table", "crm.profile_export")
    assert "FROM crm.profile_export" in query(CASES / "profiles-sql-sql" / "specs", "--table",
                                              "crm.profile_export")


@pytest.mark.parametrize("case", SQL_CASES, ids=[p.name for p in SQL_CASES])
def test_printed_query_over_the_view_counts_as_the_engine(case: Path, tmp_path: Path) -> None:
    import duckdb

    from segmentgen.estimate.profiles_export import MACROS, view_sql

    export = tmp_path / "profiles.jsonl"
    export.write_text("".join(json.dumps(p) + "\n" for p in PROFILES), encoding="utf-8")
    code, out, _ = invoke("probe", "--profiles", str(export), "--specs", str(case / "specs"),
                          "--format", "json")
    estimate = json.loads(out)
    assert code == estimate["exit_code"] == 0
    connection = duckdb.connect(":memory:")
    connection.execute("SET TimeZone = 'UTC'")
    for macro in MACROS:
        connection.execute(macro)
    connection.execute("CREATE TABLE objects AS SELECT json AS j FROM read_ndjson_objects(?)",
                       [str(export)])
    connection.execute(view_sql())
    row = connection.execute(query(case / "specs")).fetchone()
    assert row is not None
    assert (row[0], row[1], list(row[2:])) == (
        estimate["profiles"], estimate["matched"], estimate["groups"])
    assert 0 < estimate["matched"] < len(PROFILES) or case.name == "profiles-sql-profile-type"
