"""Generated references resolve: every path an artifact names (Sceptre dependencies and
template paths, Terraform template files and depends_on, manifest entries) is a file or
resource the same build writes, for environments, nested spec folders, base segments across
files and every artifact kind."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from consumers import hcl_document, hcl_literal, sceptre_config

from segmentgen.api import BuildOptions, build

ALL_ARTIFACTS = "artifacts: [parameters, sceptre, terraform, terraform-awscc]\n"
ENVIRONMENTS = """environments:
  prod: {application: {create: app-prod}}
  staging: {application: {parameter: PinpointApplicationId}}
  cp:
    target: customer-profiles
    domain: d
    segments: {derived: {skip: true}, later: {skip: true}}
"""
SPECS = {
    "team/my_base.yaml": """segments:
  my-base: {name: My base, where: {country: [NO]}}
  my-base-plus:
    name: My base plus
    groups: {list: [{base: [my-base], where: {country: [FI]}}]}
""",
    "team/sub/derived_one.yaml": """segments:
  derived:
    name: Derived
    groups: {list: [{base: [my-base], where: {country: [SE]}}]}
""",
    "x.v2.yaml": """segments:
  later:
    name: Later
    groups: {list: [{base: [derived, my-base-plus], where: {country: [DK]}}]}
""",
    "team/config.yaml": "segments:\n  grouped: {name: Grouped, where: {country: [IS]}}\n",
    "config.yaml": "segments:\n  top: {name: Top, where: {country: [EE]}}\n",
}
TEMPLATE_BODY = re.compile(r'^\$\{file\(join\("/", \[path\.module, ("(?:[^"\\]|\\.)*")\]\)\)\}$')


def build_project(root: Path, settings: str) -> tuple[dict[str, bytes], dict[str, Any]]:
    specs = root / "specs"
    for name, text in {**SPECS, "segmentgen.yaml": settings}.items():
        (specs / name).parent.mkdir(parents=True, exist_ok=True)
        (specs / name).write_text(text, "utf-8")
    result = build(BuildOptions(specs, root / "out", lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    files = {p.relative_to(root / "out").as_posix(): p.read_bytes()
             for p in (root / "out").rglob("*") if p.is_file() and not p.name.startswith(".")}
    return files, json.loads(files["manifest.json"])


def resolve(directory: str, reference: str) -> str:
    return posixpath.normpath(posixpath.join(directory, reference))


def sceptre_stacks(files: dict[str, bytes]) -> dict[str, Any]:
    """Stack configs as Sceptre finds them: ``*.yaml`` under config/, not ``config.*``."""
    return {path[len("sceptre/config/"):]: sceptre_config(data.decode("utf-8"))
            for path, data in files.items() if path.startswith("sceptre/config/")
            and path.endswith(".yaml") and not posixpath.basename(path).startswith("config.")}


def terraform_resources(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """``<folder>: {<type>.<label>: (file, body)}``: each folder is one Terraform module."""
    modules: dict[str, dict[str, Any]] = {}
    for path, data in files.items():
        if path.endswith(".tf"):
            for block in hcl_document(data.decode("utf-8")).get("resource", []):
                for kind, bodies in block.items():
                    for label, body in bodies.items():
                        modules.setdefault(posixpath.dirname(path), {})[f"{kind}.{label}"] = (
                            path, body)
    return modules


@pytest.fixture(params=["json", "yaml"])
def project(request: pytest.FixtureRequest,
            tmp_path: Path) -> tuple[dict[str, bytes], dict[str, Any]]:
    return build_project(tmp_path, f"output: {request.param}\n{ALL_ARTIFACTS}{ENVIRONMENTS}")


def test_manifest_names_only_written_files(project: tuple[dict[str, bytes], Any]) -> None:
    files, manifest = project
    assert sorted(manifest["files"]) == sorted(files)
    names = {stack["name"] for stack in manifest["stacks"]}
    kinds = {"template", "parameters", "sceptre", "terraform", "terraform_awscc"}
    assert {kind for stack in manifest["stacks"] for kind in stack} >= kinds
    for stack in manifest["stacks"]:
        assert all(stack[kind] in files for kind in kinds & set(stack))
        assert set(stack["depends_on"]) <= names


def test_sceptre_dependencies_and_templates_resolve(
        project: tuple[dict[str, bytes], Any]) -> None:
    files, manifest = project
    stacks = sceptre_stacks(files)
    by_name = {config["stack_name"]: path for path, config in stacks.items()}
    for entry in manifest["stacks"]:
        config = stacks[entry["sceptre"][len("sceptre/config/"):]]
        assert config["stack_name"] == entry["name"]
        assert resolve("sceptre/templates", config["template"]["path"]) == entry["template"]
        assert config.get("dependencies", []) == [by_name[n] for n in entry["depends_on"]]
    assert any(config.get("dependencies") for config in stacks.values())


def test_terraform_files_and_dependencies_resolve(
        project: tuple[dict[str, bytes], Any]) -> None:
    files, manifest = project
    modules = terraform_resources(files)
    labels = {body["name"]: address for module in modules.values()
              for address, (_, body) in module.items() if "name" in body}
    for entry in manifest["stacks"]:
        module = modules[posixpath.dirname(entry["terraform"])]
        path, body = module[labels[entry["name"]]]
        assert path == entry["terraform"]
        [written] = TEMPLATE_BODY.findall(body["template_body"])
        assert resolve(posixpath.dirname(path), hcl_literal(written)) == entry["template"]
        wanted = sorted(f"${{{labels[name]}}}" for name in entry["depends_on"])
        assert sorted(body.get("depends_on", [])) == wanted
    for module in modules.values():
        for _, body in module.values():
            assert all(dependency[2:-1] in module for dependency in body.get("depends_on", []))


def test_without_environments_references_resolve_too(tmp_path: Path) -> None:
    files, manifest = build_project(tmp_path, "application: {create: app}\n" + ALL_ARTIFACTS)
    stacks = sceptre_stacks(files)
    # One stack per spec file and the application stack.
    assert len(stacks) == len(manifest["stacks"]) == len(SPECS) + 1
    assert "segmentgen-application.yaml" in stacks
    for config in stacks.values():
        assert resolve("sceptre/templates", config["template"]["path"]) in files
        assert all(dependency in stacks for dependency in config.get("dependencies", []))


def test_a_dependency_names_the_config_file_of_a_nested_spec(tmp_path: Path) -> None:
    files, _ = build_project(tmp_path, "artifacts: [sceptre]\nenvironments: {prod: {}}\n")
    derived = sceptre_stacks(files)["prod/team/sub/derived_one.yaml"]
    assert derived["dependencies"] == ["prod/team/my_base.yaml"]


@pytest.mark.parametrize("environments", ["", "environments: {prod: {}}\n"])
def test_a_spec_named_config_is_a_sceptre_stack(tmp_path: Path, environments: str) -> None:
    files, manifest = build_project(tmp_path, "artifacts: [sceptre]\n" + environments)
    prefix = "prod/" if environments else ""
    stacks = sceptre_stacks(files)
    assert {f"{prefix}stack-config.yaml", f"{prefix}team/stack-config.yaml"} <= set(stacks)
    assert sceptre_config(files["sceptre/config/config.yaml"].decode(), "config.yaml") == {
        "project_code": "segmentgen", "region": "us-east-1"}
    assert sorted(config["stack_name"] for config in stacks.values()) == sorted(
        stack["name"] for stack in manifest["stacks"])
