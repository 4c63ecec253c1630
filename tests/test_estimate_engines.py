"""Both engines of ``segmentgen estimate`` print the same thing.

Every command-line case of tests/test_estimate.py, tests/test_estimate_robust.py and
tests/test_estimate_fuzz.py runs with the default engine (duckdb); here the same invocations
run with ``--engine python`` and ``--engine duckdb`` and must give the same exit code, stdout
and stderr, byte for byte: the generated export, hostile exports, random exports (hypothesis)
and missing ones. Then the duckdb engine's export parts: a directory or a glob of them (plain
and gzipped) counts as the one file they were cut from.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_estimate import FIXTURE
from test_estimate import SPEC as CLI_SPEC
from test_estimate_fuzz import EXAMPLES, export_lines
from test_estimate_fuzz import SPEC as FUZZ_SPEC
from test_estimate_robust import HUGE, located

from segmentgen.cli import main

SPEC = CLI_SPEC + FUZZ_SPEC.removeprefix("segments:\n")
KEYS = ["nordics", "ios-nordics", "every-kind", "active", "grouped", "crm"]
WHEN = ["0001-01-01", "2024-01-01", "2024-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]
SAME = settings(max_examples=max(10, EXAMPLES // 8), deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


def invoke(*args: str, engine: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, ["estimate", *args, "--engine", engine])
    return outcome.exit_code, outcome.stdout, outcome.stderr


def same(*args: str) -> tuple[int, str, str]:
    """The python engine's (exit, stdout, stderr), asserted equal to the duckdb engine's."""
    python = invoke(*args, engine="python")
    assert invoke(*args, engine="duckdb") == python
    return python


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    (root / "specs").mkdir()
    (root / "specs" / "a.yaml").write_text(SPEC, "utf-8")
    (root / "endpoints.jsonl").write_text("".join(FIXTURE.endpoint_lines(3000)), "utf-8")
    return root


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("output_format", ["human", "json"])
def test_generated_export(folder: Path, key: str, output_format: str) -> None:
    for when in WHEN:
        code, out, _ = same(key, "--endpoints", str(folder / "endpoints.jsonl"), "--specs",
                            str(folder / "specs"), "--as-of", when, "--format", output_format)
        assert code == 0 and "matched" in out


@pytest.mark.parametrize("output_format", ["human", "json"])
def test_missing_export_and_unknown_key(folder: Path, output_format: str) -> None:
    specs = ("--specs", str(folder / "specs"), "--format", output_format)
    assert same("nordics", "--endpoints", str(folder / "none.jsonl"), *specs)[0] == 3
    assert same("nordic", "--endpoints", str(folder / "endpoints.jsonl"), *specs)[0] == 3


@pytest.mark.parametrize("lines", [
    [located("Infinity", "1e999"), f'{{"Metrics": {{"s": {HUGE}}}}}',
     '{"Location": {"Country": "NO"}, "EffectiveDate": 1}', "\x00\xff"],
    ['{"EffectiveDate": "0001-01-01T00:00:00+01:00"}', "[]", "{}"],
    ['{"Location": {"Country": ["NO", 1]}, "Demographic": {"Platform": ["ios"]}}', "{}"],
    ['{"Attributes": {"plan": ["pro"], "plan": ["free"]}, "Metrics": {"score": 5, "score": 0}}',
     '{"Location": {"Country": "NO", "Country": "SE"}, "Location": {"Country": "US"}}',
     '{"ChannelType": "SMS", "ChannelType": "EMAIL", "OptOut": "NONE", "OptOut": "ALL"}'],
    ['{"Location": "NO", "Demographic": {"Platform": "ios"}}', '{"User": 1}',
     '{"Demographic": ["ios"], "Location": {"Country": "NO", "Latitude": "60"}}',
     '{"Location": null, "User": {"UserAttributes": {"a": ["b"]}, "UserAttributes": 1}}'],
    ['{"OptOut": ["ALL"], "EndpointStatus": 5, "EffectiveDate": ["2024-01-01"]}',
     '{"OptOut": {"a": "ALL"}, "EndpointStatus": null, "EffectiveDate": 20240101}',
     '{"OptOut": "ALL", "EndpointStatus": ["ACTIVE"], "EffectiveDate": "2024-01-01"}',
     '{"OptOut": null, "EndpointStatus": "ACTIVE", "EffectiveDate": "2023-12-31T23:00:00Z"}'],
], ids=["hostile", "calendar-start", "lists", "keys-named-twice", "objects-of-another-type",
        "texts-of-another-type"])
def test_hostile_exports(folder: Path, tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "endpoints.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    for key in KEYS:
        for when in WHEN:
            code, _, err = same(key, "--endpoints", str(path), "--specs",
                                str(folder / "specs"), "--as-of", when)
            assert code == 0 and "internal error" not in err


@SAME
@given(export_lines, st.sampled_from(KEYS), st.sampled_from(WHEN),
       st.sampled_from(["human", "json"]))
def test_random_exports(folder: Path, lines: list[bytes], key: str, when: str,
                        output_format: str) -> None:
    path = folder / "random.jsonl"
    path.write_bytes(b"\n".join(lines))
    code, _, err = same(key, "--endpoints", str(path), "--specs", str(folder / "specs"),
                        "--as-of", when, "--format", output_format)
    assert code == 0, err


def parts(folder: Path, target: Path) -> Path:
    """The generated export cut into three parts under ``target``, the last one gzipped."""
    lines = (folder / "endpoints.jsonl").read_text("utf-8").splitlines(keepends=True)
    target.mkdir()
    (target / "part-0.jsonl").write_text("".join(lines[:1000]), "utf-8")
    (target / "part-1.jsonl").write_text("".join(lines[1000:2000]), "utf-8")
    (target / "part-2.jsonl.gz").write_bytes(gzip.compress("".join(lines[2000:]).encode()))
    return target


@pytest.mark.parametrize("key", KEYS[:5])
def test_directory_and_glob_of_parts(folder: Path, tmp_path: Path, key: str) -> None:
    directory = parts(folder, tmp_path / "export")
    specs = ("--specs", str(folder / "specs"), "--as-of", "2024-01-01", "--format", "json")
    whole = invoke(key, "--endpoints", str(folder / "endpoints.jsonl"), *specs, engine="python")
    assert json.loads(whole[1])["endpoints"] == 3000
    for export in (directory, directory / "part-*"):
        assert invoke(key, "--endpoints", str(export), *specs, engine="duckdb") == whole


def test_python_engine_takes_one_file(folder: Path, tmp_path: Path) -> None:
    directory = parts(folder, tmp_path / "export")
    code, out, err = invoke("nordics", "--endpoints", str(directory), "--specs",
                            str(folder / "specs"), engine="python")
    assert (code, out) == (3, "") and "SG604" in err


def test_glob_matching_nothing_is_sg604(folder: Path, tmp_path: Path) -> None:
    code, out, err = invoke("nordics", "--endpoints", str(tmp_path / "none-*.jsonl"), "--specs",
                            str(folder / "specs"), engine="duckdb")
    assert (code, out) == (3, "") and "SG604" in err and "no file matches" in err


def test_part_with_a_stray_line_is_sg604(folder: Path, tmp_path: Path) -> None:
    directory = parts(folder, tmp_path / "export")
    (directory / "part-3.jsonl").write_text('{}\n"not an endpoint"\n', "utf-8")
    code, out, err = invoke("nordics", "--endpoints", str(directory), "--specs",
                            str(folder / "specs"), engine="duckdb")
    assert (code, out) == (3, "") and "SG604" in err and "--engine python" in err


def test_a_key_named_twice_keeps_its_first_value(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text("segments:\n  pro:\n    name: Pro\n    where:\n"
                                  "      attributes: {plan: [pro]}\n      channel: [SMS]\n",
                                  "utf-8")
    path = tmp_path / "endpoints.jsonl"
    path.write_text('{"Attributes": {"plan": ["pro"], "plan": ["free"]}, "ChannelType": "SMS"}\n'
                    '{"Attributes": {"plan": ["free"], "plan": ["pro"]}, "ChannelType": "SMS"}\n'
                    '{"Attributes": {"plan": ["pro"]}, "ChannelType": "SMS", "ChannelType": 1}\n',
                    "utf-8")
    code, out, _ = same("pro", "--endpoints", str(path), "--specs", str(specs), "--format",
                        "json")
    assert code == 0 and (json.loads(out)["endpoints"], json.loads(out)["matched"]) == (3, 2)


MAP_KEYS_SPEC = """segments:
  keys:
    name: Keys
    where:
      attributes:
        "o'k": [yes]
        "a/b~c": {not: [no]}
        'q"t': {contains: [y]}
      user_attributes:
        tier: [gold]
      metrics:
        "s.core": {">": 1}
  cased:
    name: Keys that differ in case only
    where:
      attributes:
        plan: [pro]
        Plan: {not: [free]}
"""


@pytest.mark.parametrize("lines", [
    ['{"Attributes": {"o\'k": ["yes"], "a/b~c": ["no"], "q\\"t": ["xy", 1]}, '
     '"Metrics": {"s.core": 2}, "User": {"UserAttributes": {"tier": ["gold"]}}}',
     '{"Attributes": {"o\'k": "yes", "O\'K": ["no"], "plan": ["pro"], "Plan": ["paid"]}, '
     '"Metrics": {"s.core": "2"}, "User": {"UserAttributes": {"tier": "gold", "Tier": []}}}',
     '{"Attributes": {"plan": ["pro"], "PLAN": ["free"], "q\\"t": [null, "y"]}, '
     '"Metrics": {"s.core": true}, "User": {"UserAttributes": null}}', "{}"],
    ['{"Attributes": {"plan": ["pro"]}, "Metrics": {"s.core": 5}}',
     '{"Attributes": ["plan"], "Metrics": {"s.core": 5}}'],
    ['{"Attributes": {"o\'k": ["yes"], "o\'k": ["no"]}, "Metrics": 7}'],
], ids=["keys", "attributes-of-another-type", "key-named-twice"])
def test_map_entries_read_as_members(tmp_path: Path, lines: list[str]) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(MAP_KEYS_SPEC, "utf-8")
    path = tmp_path / "endpoints.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    parted = tmp_path / "parts"  # DuckDB alone counts parts: no fallback to Python
    parted.mkdir()
    for number, line in enumerate(lines):
        (parted / f"part-{number}.jsonl").write_text(f"{line}\n", "utf-8")
    options = ("--specs", str(specs), "--format", "json", "--as-of", "2024-01-01")
    for key in ("keys", "cased", "--all"):
        code, out, _ = same(key, "--endpoints", str(path), *options)
        assert code == 0 and str(len(lines)) in out
        assert invoke(key, "--endpoints", str(parted), *options, engine="duckdb") \
            == (code, out, "")


def test_a_query_carries_the_members_its_view_gives() -> None:
    from segmentgen.estimate.view import carried, members_of, structured

    members = {("Attributes",): ("a*/b", "o'k"), ("User", "UserAttributes"): ("x",)}
    assert members_of(f"SELECT 1 /*{carried(members)}*/ FROM t") == members
    assert members_of("SELECT 1") == {}
    assert structured(["plan", "tier"]) and not structured(["plan", "Plan"])
    assert not structured([]) and not structured([""])
