"""Customer Profiles estimates: export formats, the documented meaning, warnings, the CLI.

The same profiles as JSON lines (plain, gzipped, a directory and a glob of parts), CSV with
flattened columns and Parquet (nested and flattened) give the same counts; boundary choices
(BETWEEN includes its ends, dates compare at UTC midnight, numbers read from strings) hold;
unreadable values and absent calculated attributes are warnings (SG611, SG602); a SQL segment
that reads another table is SG612; the command line routes a customer-profiles segment to
``--profiles``; ``segmentgen test`` checks profile examples (SG607 naming the criterion).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from segmentgen.cli import main
from segmentgen.estimate.profiles_engine import estimate_profiles
from segmentgen.estimate.profiles_sql import ProfilesSegment

PROFILES: list[dict[str, Any]] = [
    {"ProfileId": "1", "FirstName": "Ada", "BirthDate": "1990-01-01T23:30:00-01:00",
     "Address": {"City": "Oslo"}, "Attributes": {"visits": "5", "tier": "gold"},
     "CalculatedAttributes": {"spend": "500"}},
    {"ProfileId": "2", "FirstName": "ada", "BirthDate": "1990-01-02",
     "Address": {"City": "Bergen"}, "Attributes": {"visits": "many"}},
    {"ProfileId": "3", "FirstName": "Grace", "Attributes": {"visits": "1e1"},
     "CalculatedAttributes": {"spend": "100"}},
]


def groups(*dimensions: dict[str, Any], **options: Any) -> dict[str, Any]:
    return {"Groups": [{"Dimensions": list(dimensions), **options}]}


def profile(name: str, kind: str, *values: str) -> dict[str, Any]:
    return {"ProfileAttributes": {name: {"DimensionType": kind, "Values": list(values)}}}


def attribute(name: str, kind: str, *values: str) -> dict[str, Any]:
    return {"ProfileAttributes": {"Attributes": {
        name: {"DimensionType": kind, "Values": list(values)}}}}


def lines(profiles: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(p) + "\n" for p in profiles)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "profiles.jsonl"
    path.write_text(lines(PROFILES), encoding="utf-8")
    return path


def matched(segment_groups: dict[str, Any], export: Path) -> int | None:
    return estimate_profiles(ProfilesSegment("probe", segment_groups), export).matched


def codes_of(segment_groups: dict[str, Any], export: Path) -> list[str]:
    result = estimate_profiles(ProfilesSegment("probe", segment_groups), export)
    return [d.code for d in result.diagnostics]


def test_values_compare_case_sensitively(export: Path) -> None:
    assert matched(groups(profile("FirstName", "INCLUSIVE", "Ada")), export) == 1
    assert matched(groups(profile("FirstName", "BEGINS_WITH", "a")), export) == 1
    assert matched(groups(profile("FirstName", "EXCLUSIVE", "Ada")), export) == 2


def test_dates_compare_at_utc_midnight_and_between_includes_its_ends(export: Path) -> None:
    # 1990-01-01T23:30:00-01:00 is 1990-01-02 in UTC
    assert matched(groups(profile("BirthDate", "ON", "1990-01-02")), export) == 2
    assert matched(groups(profile("BirthDate", "BETWEEN", "1990-01-02", "1990-01-02")),
                   export) == 2
    assert matched(groups(profile("BirthDate", "NOT_BETWEEN", "1990-01-03", "1991-01-01")),
                   export) == 2


def test_numbers_are_read_from_strings_and_unreadable_ones_warn(export: Path) -> None:
    criterion = groups(attribute("visits", "GREATER_THAN_OR_EQUAL", "5"))
    assert matched(criterion, export) == 2  # "5" and "1e1"; "many" is no number
    assert "SG611" in codes_of(criterion, export)
    assert matched(groups(attribute("visits", "BETWEEN", "5", "10")), export) == 2


def test_calculated_attributes_come_from_the_export(export: Path) -> None:
    spend = {"CalculatedAttributes": {"spend": {"DimensionType": "GREATER_THAN_OR_EQUAL",
                                                "Values": ["500"]}}}
    assert matched(groups(spend), export) == 1
    ghost = {"CalculatedAttributes": {"ghost": {"DimensionType": "EQUAL", "Values": ["1"]}}}
    assert matched(groups(ghost), export) == 0
    assert codes_of(groups(ghost), export) == ["SG602"]
    assert codes_of(groups(spend), export) == []


def test_include_type_and_source_type(export: Path) -> None:
    oslo = ProfilesSegment("oslo", groups(profile("Address", "INCLUSIVE")) | {
        "Groups": [{"Dimensions": [{"ProfileAttributes": {"Address": {"City": {
            "DimensionType": "INCLUSIVE", "Values": ["Oslo"]}}}}]}]})
    probe = ProfilesSegment("probe", {"Include": "NONE", "Groups": [
        {"SourceSegments": [{"SegmentDefinitionName": "oslo"}]}]})
    result = estimate_profiles(probe, export, segments={"oslo": oslo})
    assert (result.matched, result.groups) == (2, (1,))
    either = groups(profile("FirstName", "INCLUSIVE", "Ada"),
                    profile("FirstName", "INCLUSIVE", "Grace"), Type="ANY")
    assert matched(either, export) == 2


def _formats(tmp_path: Path) -> dict[str, Path]:
    import duckdb

    plain = tmp_path / "plain.jsonl"
    plain.write_text(lines(PROFILES), encoding="utf-8")
    zipped = tmp_path / "zipped.jsonl.gz"
    zipped.write_bytes(gzip.compress(lines(PROFILES).encode()))
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "a.gz").write_bytes(gzip.compress(lines(PROFILES[:1]).encode()))
    (parts / "b.json").write_text(lines(PROFILES[1:]), encoding="utf-8")
    flat = tmp_path / "flat.csv"
    flat.write_text("ProfileId,FirstName,BirthDate,Address.City,Attributes.visits,"
                    "Attributes.tier,CalculatedAttributes.spend\n"
                    "1,Ada,1990-01-01T23:30:00-01:00,Oslo,5,gold,500\n"
                    "2,ada,1990-01-02,Bergen,many,,\n3,Grace,,,1e1,,100\n", encoding="utf-8")
    nested = tmp_path / "nested.parquet"
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t AS SELECT * FROM read_json(?, columns = {ProfileId: "
                       "'VARCHAR', FirstName: 'VARCHAR', BirthDate: 'VARCHAR', Address: "
                       "'STRUCT(City VARCHAR)', Attributes: 'MAP(VARCHAR, VARCHAR)', "
                       "CalculatedAttributes: 'MAP(VARCHAR, VARCHAR)'})", [str(plain)])
    connection.execute(f"COPY t TO '{nested}' (FORMAT parquet)")
    flat_parquet = tmp_path / "flat.parquet"
    connection.execute(f"COPY (SELECT * FROM read_csv('{flat}', all_varchar = true)) "
                       f"TO '{flat_parquet}' (FORMAT parquet)")
    return {"plain": plain, "gzip": zipped, "directory": parts,
            "glob": Path(str(parts / "*")), "csv": flat, "parquet": nested,
            "flat parquet": flat_parquet}


def test_every_export_format_counts_the_same(tmp_path: Path) -> None:
    segment = ProfilesSegment("probe", {"Include": "ANY", "Groups": [
        {"Dimensions": [attribute("visits", "GREATER_THAN", "4"),
                        profile("BirthDate", "ON", "1990-01-02")]},
        {"Dimensions": [{"ProfileAttributes": {"Address": {"City": {
            "DimensionType": "INCLUSIVE", "Values": ["Bergen"]}}}}]},
        {"Dimensions": [{"CalculatedAttributes": {"spend": {
            "DimensionType": "LESS_THAN", "Values": ["200"]}}}]}]})
    found = {name: estimate_profiles(segment, path) for name, path in _formats(tmp_path).items()}
    counts = {name: (r.profiles, r.matched, r.groups) for name, r in found.items()}
    assert set(counts.values()) == {(3, 3, (1, 1, 1))}, counts
    assert all(r.complete for r in found.values())


def test_unreadable_exports_are_sg604(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"FirstName": "Ada"\n', encoding="utf-8")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a.csv").write_text("FirstName\nAda\n", encoding="utf-8")
    (mixed / "b.jsonl").write_text('{"FirstName": "Ada"}\n', encoding="utf-8")
    for path in (broken, mixed, tmp_path / "missing.jsonl"):
        result = estimate_profiles(ProfilesSegment("probe", groups()), path)
        assert not result.complete
        assert [d.code for d in result.diagnostics] == ["SG604"]


def test_lines_and_columns_left_out_are_sg611(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"FirstName": "Ada"}\n[1]\n', encoding="utf-8")
    result = estimate_profiles(ProfilesSegment("probe", groups()), path)
    assert (result.profiles, [d.code for d in result.diagnostics]) == (1, ["SG611"])
    csv = tmp_path / "p.csv"
    csv.write_text("FirstName,Nickname\nAda,Addie\n", encoding="utf-8")
    result = estimate_profiles(ProfilesSegment("probe", groups()), csv)
    assert "Nickname" in result.diagnostics[0].message


def test_sql_segments(export: Path) -> None:
    oslo = ProfilesSegment("probe", sql="SELECT * FROM _profile WHERE Address.City = 'Oslo'")
    assert estimate_profiles(oslo, export).matched == 1
    orders = ProfilesSegment("probe", sql="SELECT * FROM Orders o JOIN _profile p ON true")
    result = estimate_profiles(orders, export)
    assert (result.matched, [d.code for d in result.diagnostics]) == (None, ["SG612"])
    unknown = ProfilesSegment("probe", sql="SELECT * FROM _profile WHERE Nickname = 'x'")
    assert [d.code for d in estimate_profiles(unknown, export).diagnostics] == ["SG612"]


SPECS = """\
segments:
  vip:
    target: customer-profiles
    name: VIP
    where:
      profile: {FirstName: [Ada]}
      attributes: {visits: {">=": 3}}
    examples:
      match:
        - {FirstName: Ada, Attributes: {visits: "5"}}
        - {FirstName: Ada, Attributes: {visits: "2"}}
      no_match:
        - {FirstName: Grace}
        - {FirstName: Ada, Attributes: {visits: "9"}}
  plain:
    name: Plain
    where:
      attributes: {plan: [pro]}
"""


def run(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args))
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_cli_estimates_a_profiles_segment(write_specs: Any, export: Path) -> None:
    specs = write_specs({"segments.yaml": SPECS})
    code, out, err = run("estimate", "vip", "--profiles", str(export), "--specs", str(specs))
    assert (code, out) == (0, "segment: vip\nprofiles read: 3\nmatched: 1\ngroup 1: 1\n")
    assert "SG611" in err
    code, out, _ = run("estimate", "--all", "--profiles", str(export), "--specs", str(specs))
    assert (code, out) == (0, "profiles read: 3\nsegment  matched\nvip            1\n")


@pytest.mark.parametrize(("args", "message"), [
    (("vip", "--endpoints", "x.jsonl"), "--profiles, not --endpoints"),
    (("vip", "--profiles", "x.jsonl", "--engine", "python"), "counted by DuckDB"),
    (("plain", "--profiles", "x.jsonl"), "pass --endpoints"),
    (("vip",), "Missing option '--endpoints' or '--profiles'"),
])
def test_cli_routes_each_segment_to_its_export(write_specs: Any, args: tuple[str, ...],
                                               message: str) -> None:
    specs = write_specs({"segments.yaml": SPECS})
    code, _, err = run("estimate", *args, "--specs", str(specs))
    assert code == 2
    assert message in err


def test_profile_examples_name_the_deciding_criterion(write_specs: Any) -> None:
    specs = write_specs({"segments.yaml": SPECS})
    code, _, err = run("test", "--specs", str(specs))
    assert code == 3
    assert err.count("SG607") == 2
    assert "profile listed under match: does not match segment vip" in err
    assert "profile listed under no_match: matches segment vip" in err
    assert "custom attribute" in err and "visits" in err
    assert "4 examples checked, 2 failed" in err
