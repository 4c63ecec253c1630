"""Injection: hostile names, descriptions, tags and values come out as literal text in every
output language, or are refused with a reason (dynamic references, control characters)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml

from segmentgen.api import BuildOptions, build, load_project
from segmentgen.compile import CompileContext
from segmentgen.compile.terraform_awscc import render_terraform
from segmentgen.core.model import Environment
from segmentgen.migrate.report import migration_report, render_markdown

LITERAL = [
    'quote " and \' apostrophe',
    "line one\nline two\n",
    "${AWS::Region} and ${var.secret}",
    "%{ if true }x%{ endif }",
    "{{ not a reference }}",
    "!Ref Thing",
    '{"Fn::GetAtt": ["X", "Arn"]}',
    "| pipe | and `code` and <b>html</b> and *stars*",
    "back\\slash \\n \\u0041",
    "tab\there",
    "emoji \U0001f600 ünïcödé",
    "NO",
    "- not: a list",
]
REFUSED = [
    ("{{resolve:ssm:/prod/secret}}", "SG224"),
    ("x {{resolve:secretsmanager:db:SecretString:password}}", "SG224"),
    ("bell \x07 here", "SG101"),
    ("nul \x00 here", "SG101"),
    ("escape \x1b[31m red", "SG101"),
    ("bidi \u202e override", "SG101"),
]


def spec(value: str, output: str = "json") -> dict[str, str]:
    quoted = json.dumps(value, ensure_ascii=False)
    text = (f"segments:\n  hostile:\n    name: {quoted}\n    description: {quoted}\n"
            f"    tags: {{label: {quoted}}}\n    where:\n      attributes:\n"
            f"        plan: [{quoted}]\n")
    return {"x.yaml": text, "segmentgen.yaml": f"output: {output}\n"}


def project_dir(root: Path, files: dict[str, str]) -> Path:
    specs = root / "specs"
    specs.mkdir()
    for name, text in files.items():
        (specs / name).write_text(text, "utf-8")
    return specs


def segment_resource(template: dict[str, Any]) -> dict[str, Any]:
    (resource,) = [r for r in template["Resources"].values()
                   if r["Type"] == "AWS::Pinpoint::Segment"]
    return resource  # type: ignore[no-any-return]


@pytest.mark.parametrize("output", ["json", "yaml"])
@pytest.mark.parametrize("value", LITERAL)
def test_literal_text_round_trips_in_templates(tmp_path: Path, value: str, output: str) -> None:
    specs = project_dir(tmp_path, spec(value, output))
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    text = (tmp_path / "out" / f"x.{output}").read_text("utf-8")
    template = json.loads(text) if output == "json" else yaml.safe_load(text)
    properties = segment_resource(template)["Properties"]
    assert properties["Name"] == value
    assert properties["Tags"] == {"label": value}
    assert properties["Dimensions"]["Attributes"]["plan"]["Values"] == [value]
    assert sum(1 for text in strings(template) if text == value) >= 4


def strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [*data.keys(), *(s for value in data.values() for s in strings(value))]
    if isinstance(data, list):
        return [s for item in data for s in strings(item)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("value", LITERAL)
def test_literal_text_in_hcl_and_markdown(tmp_path: Path, value: str) -> None:
    project, diagnostics, _ = load_project(project_dir(tmp_path, spec(value)))
    assert project is not None and not diagnostics
    context = CompileContext(Environment("", project.settings.application, (), "",
                                         "customer-profiles", project.settings.domain),
                             project.settings)
    rendered = render_terraform(project.segments, context).text
    parsed = hcl2.loads(rendered, serialization_options=hcl2.SerializationOptions(
        strip_string_quotes=True))
    assert value in strings(parsed)
    assert "${AWS" not in rendered and "%{ if" not in rendered
    markdown = render_markdown(migration_report(project.segments, context))
    rows = [line for line in markdown.splitlines() if line.startswith("| hostile |")]
    assert len(rows) == 1
    assert rows[0].count(" | ") == markdown.splitlines()[
        markdown.splitlines().index(rows[0]) - 2].count(" | ")


@pytest.mark.parametrize(("value", "code"), REFUSED)
def test_hostile_text_is_refused_with_a_reason(tmp_path: Path, value: str, code: str) -> None:
    specs = project_dir(tmp_path, spec(value))
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert not result.ok
    assert {d.code for d in result.diagnostics} == {code}
    assert all(d.file.endswith("x.yaml") and d.line >= 3 for d in result.diagnostics)
    assert not (tmp_path / "out").exists()
