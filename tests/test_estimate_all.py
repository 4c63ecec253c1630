"""``segmentgen estimate --all`` counts every segment as ``estimate KEY`` counts each one.

The project and export of tests/test_estimate_engines.py (every criterion kind, groups, base
segments by key and by id, an imported segment; a generated export): ``--all`` with either
engine gives, for every segment key in key order, the counts that the per-segment estimate
gives; both engines print the same bytes; KEY and ``--all`` are one or the other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_estimate import FIXTURE
from test_estimate_engines import KEYS, SPEC

from segmentgen.cli import main

ENGINES = ["duckdb", "python"]
WHEN = "2024-01-01"


def invoke(folder: Path, *args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, ["estimate", *args, "--specs", str(folder / "specs"),
                                        "--as-of", WHEN])
    return outcome.exit_code, outcome.stdout, outcome.stderr


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("all")
    (root / "specs").mkdir()
    (root / "specs" / "a.yaml").write_text(SPEC, "utf-8")
    (root / "endpoints.jsonl").write_text("".join(FIXTURE.endpoint_lines(2000)), "utf-8")
    return root


def single(folder: Path, key: str, engine: str) -> dict[str, object]:
    code, stdout, _ = invoke(folder, key, "--endpoints", str(folder / "endpoints.jsonl"),
                             "--engine", engine, "--format", "json")
    assert code == 0
    data: dict[str, object] = json.loads(stdout)
    return data


COUNTS = ("segment", "endpoints", "matched", "sendable", "groups", "as_of")


@pytest.mark.parametrize("engine", ENGINES)
def test_all_equals_each_segment(folder: Path, engine: str) -> None:
    code, stdout, _ = invoke(folder, "--all", "--endpoints", str(folder / "endpoints.jsonl"),
                             "--engine", engine, "--format", "json")
    assert code == 0
    listed = json.loads(stdout)
    assert [item["segment"] for item in listed] == sorted(KEYS)
    for item in listed:
        each = single(folder, item["segment"], engine)
        assert {k: item[k] for k in COUNTS} == {k: each[k] for k in COUNTS}
        assert isinstance(each["diagnostics"], list)
        assert all(d in each["diagnostics"] for d in item["diagnostics"])
    assert any(item["matched"] for item in listed)


def test_engines_print_the_same(folder: Path) -> None:
    for output_format in ("human", "json"):
        args = ("--all", "--endpoints", str(folder / "endpoints.jsonl"), "--format",
                output_format)
        duckdb = invoke(folder, *args, "--engine", "duckdb")
        assert duckdb == invoke(folder, *args, "--engine", "python")
        assert duckdb[0] == 0 and duckdb[1]


def test_human_table_one_line_per_key(folder: Path) -> None:
    code, stdout, stderr = invoke(folder, "--all", "--endpoints",
                                  str(folder / "endpoints.jsonl"))
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].startswith("as of: 2024-01-01") and lines[1] == "endpoints read: 2000"
    assert lines[2].split() == ["segment", "matched", "sendable"]
    rows = [line.split() for line in lines[3:]]
    assert [row[0] for row in rows] == sorted(KEYS)
    for key, matched, sendable in rows:
        if key == "crm":  # imported: no criteria, its notice on stderr
            assert (matched, sendable) == ("-", "-") and "SG605" in stderr
            continue
        each = single(folder, key, "duckdb")
        assert (int(matched), int(sendable)) == (each["matched"], each["sendable"])


def test_one_pass_shares_base_segments(folder: Path) -> None:
    from datetime import UTC, datetime

    from segmentgen.api import load_project
    from segmentgen.estimate.batch import batch_query

    project, _, _ = load_project(folder / "specs")
    assert project is not None
    segments = project.by_key()
    local = [segments[key] for key in sorted(segments) if segments[key].imported is None]
    when = datetime(2024, 1, 1, tzinfo=UTC)
    every = batch_query(local, segments, as_of=when)
    alone = [batch_query([segment], segments, as_of=when) for segment in local]
    assert every.groups == tuple(one.groups[0] for one in alone)
    assert every.diagnostics == tuple(one.diagnostics[0] for one in alone)
    steps = every.text.count(" AS step_")
    assert steps < sum(one.text.count(" AS step_") for one in alone)
    assert every.text.count("FROM endpoints") == 1


@pytest.mark.parametrize("args", [[], ["nordics", "--all"], ["--all", "--sql"]])
def test_key_or_all_is_a_usage_error(folder: Path, args: list[str]) -> None:
    code, stdout, stderr = invoke(folder, *args, "--endpoints", str(folder / "endpoints.jsonl"))
    assert code == 2 and not stdout
    assert "KEY" in stderr and "--all" in stderr
