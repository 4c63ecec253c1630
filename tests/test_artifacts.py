"""Deploy artifacts: the parameters file, the Sceptre config and the Terraform file next to each
template; which ones the ``artifacts:`` setting writes; values never invented; and spec or
settings text that tries to break out of an HCL string reads back unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml

from segmentgen.api import BuildOptions, Stack, build
from segmentgen.compile.plan.deploy import terraform_file
from segmentgen.core.model import Environment, Settings

SPEC = """segments:
  new-customers:
    name: New Customers
    where:
      attributes:
        customerType: [new]
  imported:
    name: Imported
    import: {s3: "s3://bucket/prefix/", format: csv, role: create}
  from-imported:
    name: From imported
    groups: {list: [{base: [imported]}]}
"""
HOSTILE = [
    'quote " end',
    "back\\slash\\",
    "${file(\"/etc/passwd\")}",
    "%{ if true }x%{ endif }",
    "$${literal}",
    "new\nline",
    "tab\tend",
    "}\n}\nresource \"null_resource\" \"x\" {",
    "trailing $",
    "trailing %",
]


def build_project(tmp_path: Path, settings: str, spec: str = SPEC,
                  name: str = "segments") -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "segmentgen.yaml").write_text(settings, encoding="utf-8")
    (specs / f"{name}.yaml").write_text(spec, encoding="utf-8")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    return tmp_path / "out"


def written(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("artifacts, expected", [
    (None, ["import-jobs/imported.json", "manifest.json", "segments.json",
            "segments.parameters.json"]),
    ("[]", ["import-jobs/imported.json", "manifest.json", "segments.json"]),
    ("[terraform]", ["import-jobs/imported.json", "manifest.json", "segments.json",
                     "segments.tf"]),
    ("[sceptre, parameters]", ["import-jobs/imported.json", "manifest.json",
                               "sceptre/config/config.yaml", "sceptre/config/segments.yaml",
                               "segments.json", "segments.parameters.json"]),
])
def test_artifacts_setting_chooses_the_files(tmp_path: Path, artifacts: str | None,
                                             expected: list[str]) -> None:
    settings = f"artifacts: {artifacts}\n" if artifacts is not None else "tags: {a: b}\n"
    assert written(build_project(tmp_path, settings)) == expected


def test_parameters_file_has_only_given_values_for_declared_parameters(tmp_path: Path) -> None:
    out = build_project(tmp_path, "parameters: {PinpointApplicationId: abc, Unused: x}\n"
                        "tags: {team: growth}\nartifacts: [parameters, sceptre, terraform]\n")
    config = json.loads((out / "segments.parameters.json").read_text())
    assert config == {"Parameters": {"PinpointApplicationId": "abc"}, "Tags": {"team": "growth"}}
    sceptre = yaml.safe_load((out / "sceptre/config/segments.yaml").read_text())
    assert sceptre["parameters"] == {"PinpointApplicationId": "abc"}
    assert sceptre["capabilities"] == ["CAPABILITY_IAM"]
    assert (out / "sceptre/templates" / sceptre["template"]["path"]).as_posix().endswith(
        "sceptre/templates/../../segments.json")
    tf = plain(hcl2.loads((out / "segments.tf").read_text()))
    [variable] = tf["variable"]
    assert list(variable) == ["segments_ImportedSegmentId"]
    stack = tf["resource"][0]["aws_cloudformation_stack"]["segments"]
    assert stack["parameters"] == {"ImportedSegmentId": "${var.segments_ImportedSegmentId}",
                                   "PinpointApplicationId": "abc"}
    assert stack["template_body"] == '${file(join("/", [path.module, "segments.json"]))}'
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["stacks"][0]["capabilities"] == ["CAPABILITY_IAM"]


def hostile_settings() -> str:
    tags = {f"k{n}": value for n, value in enumerate(HOSTILE)}
    tags['key "${x}"\n'] = "v"
    return yaml.safe_dump({"artifacts": ["terraform", "parameters"], "tags": tags,
                           "parameters": {"PinpointApplicationId": "${app}%{x}\"\\\n"}},
                          allow_unicode=True)


def test_hostile_text_reads_back_exactly_from_hcl(tmp_path: Path) -> None:
    out = build_project(tmp_path, hostile_settings(), name="x${y}%{z}")
    text = (out / "x${y}%{z}.tf").read_text(encoding="utf-8")
    assert "${file(\\\"" not in text and "${app}" not in text and "%{ if" not in text
    assert [line for line in text.splitlines() if line.startswith("resource ")] == [
        "resource \"aws_cloudformation_stack\" \"x_y_z\" {"]
    parsed = plain(hcl2.loads(text))
    [resource] = parsed["resource"]
    [(label, stack)] = resource["aws_cloudformation_stack"].items()
    assert label == "x_y_z"
    expected = {f"k{n}": value for n, value in enumerate(HOSTILE)} | {'key "${x}"\n': "v"}
    assert stack["tags"] == expected
    assert stack["parameters"]["PinpointApplicationId"] == "${app}%{x}\"\\\n"
    assert stack["template_body"] == (
        r'${file(join("/", [path.module, "x\u0024{y}\u0025{z}.json"]))}')


def plain(node: Any) -> Any:
    """python-hcl2 keeps quoted strings as written; read each as the JSON string it is."""
    if isinstance(node, dict):
        return {plain(key): plain(value) for key, value in node.items()
                if key != "__is_block__"}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, str) and len(node) >= 2 and node[0] == node[-1] == '"':
        return json.loads(node)
    return node


def test_control_characters_are_escaped(tmp_path: Path) -> None:
    control = "cr\r bell\x07 esc\x1b[0m sep\u2028 bom\ufeff"
    env = Environment("prod", tags=((control, control),), parameters=(("P", control),))
    stack = Stack("prod-s", "prod/s", env, "s.yaml", ())
    template = {"Parameters": {"P": {"Type": "String"}}, "Resources": {}}
    path, text = terraform_file(stack, "prod/s.json", template, Settings(), [])
    assert path == "prod/s.tf"
    assert all(ord(c) >= 0x20 or c == "\n" for c in text) and "\u2028" not in text
    stack_block = plain(hcl2.loads(text))["resource"][0]["aws_cloudformation_stack"]["prod_s"]
    assert stack_block["tags"] == {control: control}
    assert stack_block["parameters"] == {"P": control}


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform binary")
def test_terraform_fmt_accepts_the_output(tmp_path: Path) -> None:
    out = build_project(tmp_path, hostile_settings())
    (out / "more.tf").write_text("")
    run = subprocess.run(["terraform", "fmt", "-check", "-diff", str(out)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
