"""Each environment has its own application: a segment's application is set per environment
(environments.<env>.segments.<key>.application); a segment-level literal in a project with
several environments is SG222 unless shared_application says they share it; equal names
that land in one application from different environments are SG207 at the later one; show
and import follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build, load_project
from segmentgen.cli import main
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.lifecycle.show import application_text

ID_A = "0123456789abcdef0123456789abcdef"
ID_B = "fedcba9876543210fedcba9876543210"
SPEC = f"""segments:
  winter:
    name: Winter
    application: {ID_A}
    where: {{country: [NO]}}
  summer:
    name: Summer
    where: {{country: [SE]}}
"""


def project(tmp_path: Path, settings: str, spec: str = SPEC) -> Path:
    return SpecWriter(tmp_path)(spec, settings)


def errors(specs: Path) -> list[Diagnostic]:
    _, diagnostics, _ = load_project(specs)
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def test_a_segment_application_in_several_environments_is_sg222_at_it(tmp_path: Path) -> None:
    specs = project(tmp_path, "environments:\n  staging: {}\n  prod: {}\n")
    [found] = errors(specs)
    assert (found.code, found.file, found.line, found.col) == (
        "SG222", (specs / "a.yaml").as_posix(), 4, 18)
    assert "environments.<env>.segments.winter.application" in (found.hint or "")
    assert not build(BuildOptions(specs, tmp_path / "out", lint=False)).ok


@pytest.mark.parametrize("settings", ["", "environments:\n  prod: {}\n",
                                      "shared_application: true\nenvironments:\n"
                                      "  staging: {name_suffix: ' (staging)'}\n  prod: {}\n"])
def test_one_environment_or_a_shared_application_is_fine(tmp_path: Path, settings: str) -> None:
    assert errors(project(tmp_path, settings)) == []


def test_the_override_sets_the_application_in_one_environment(tmp_path: Path) -> None:
    specs = project(tmp_path, f"environments:\n  staging:\n    segments:\n"
                    f"      winter: {{application: {ID_B}}}\n"
                    f"  prod:\n    segments:\n      winter: {{application: {ID_A}}}\n",
                    SPEC.replace(f"    application: {ID_A}\n", ""))
    assert build(BuildOptions(specs, tmp_path / "out", lint=False)).ok

    def application(env: str, resource: str) -> object:
        template = json.loads((tmp_path / "out" / env / "a.json").read_text())
        return template["Resources"][resource]["Properties"]["ApplicationId"]

    assert application("staging", "WinterSegment") == ID_B
    assert application("prod", "WinterSegment") == ID_A
    assert application("prod", "SummerSegment") == {"Ref": "PinpointApplicationId"}


def test_the_same_name_in_one_application_from_two_environments_is_sg207(
        tmp_path: Path) -> None:
    specs = project(tmp_path, f"environments:\n  staging: {{application: {{id: {ID_A}}}}}\n"
                    f"  prod: {{application: {{id: {ID_A}}}}}\n",
                    SPEC.replace(f"    application: {ID_A}\n", ""))
    found = errors(specs)
    assert sorted((d.code, d.line, d.col) for d in found) == [("SG207", 3, 28)] * 2
    assert "'Summer' in environment 'prod', as is segment 'summer' in environment 'staging'" \
        in " ".join(d.message for d in found)


def test_the_same_parameter_value_is_one_application(tmp_path: Path) -> None:
    value = f"parameters: {{PinpointApplicationId: {ID_A}}}"
    specs = project(tmp_path, f"environments:\n  staging: {{{value}}}\n  prod: {{{value}}}\n"
                    "  dev: {name_suffix: ' (dev)'}\n", SPEC.replace(
                        f"    application: {ID_A}\n", ""))
    assert {(d.code, d.line) for d in errors(specs)} == {("SG207", 3)}


def test_a_name_override_meeting_another_environment_is_sg207_at_the_override(
        tmp_path: Path) -> None:
    settings = (f"environments:\n  staging:\n    application: {{id: {ID_A}}}\n"
                f"  prod:\n    application: {{id: {ID_A}}}\n    name_suffix: ' (prod)'\n"
                "    segments:\n      winter: {skip: true}\n      summer: {name: Winter}\n")
    specs = project(tmp_path, settings, SPEC.replace(f"    application: {ID_A}\n", ""))
    assert errors(specs) == []  # prod deploys 'Winter (prod)'
    (specs / "segmentgen.yaml").write_text(settings.replace("    name_suffix: ' (prod)'\n", ""))
    [found] = errors(specs)
    assert (found.code, found.line, found.col) == ("SG207", 8, 7)
    assert "'summer' is named 'Winter' in environment 'prod', as is segment 'winter' in " \
        "environment 'staging'" in found.message


def test_an_override_application_meeting_a_name_in_one_environment_is_sg207(
        tmp_path: Path) -> None:
    spec = SPEC.replace("name: Summer", "name: Winter")
    settings = "environments:\n  prod:\n    segments:\n      summer: {application: {app}}\n"
    specs = project(tmp_path, settings.replace("{app}", ID_A), spec)
    [found] = errors(specs)
    assert (found.code, Path(found.file).name, found.line, found.col) == (
        "SG207", "segmentgen.yaml", 4, 7)
    specs = project(tmp_path, settings.replace("{app}", ID_B), spec)
    assert errors(specs) == []  # the override puts it in another application


def test_show_names_each_environment_s_application(tmp_path: Path) -> None:
    specs = project(tmp_path, "prefix: growth\nenvironments:\n"
                    "  dev: {application: {create: app-dev}}\n"
                    f"  prod:\n    segments:\n      summer: {{application: {ID_B}}}\n"
                    "  test:\n    segments:\n      summer: {skip: true}\n",
                    SPEC.replace(f"    application: {ID_A}\n", ""))
    loaded, _, _ = load_project(specs)
    assert loaded is not None
    assert application_text(loaded.by_key()["summer"], loaded) == [
        "dev: created by the stack growth-dev-segmentgen-application "
        "(AWS::Pinpoint::App 'app-dev')",
        f"prod: {ID_B} (set for prod in segmentgen.yaml)",
        "test: not in this environment (skip: true in segmentgen.yaml)"]


RESPONSE = {"SegmentsResponse": {"Item": [
    {"Id": "1", "ApplicationId": "app1", "Name": "One", "SegmentType": "DIMENSIONAL",
     "Dimensions": {"Location": {"Country": {"DimensionType": "INCLUSIVE", "Values": ["NO"]}}}},
    {"Id": "2", "ApplicationId": "app2", "Name": "Two", "SegmentType": "DIMENSIONAL",
     "Dimensions": {"Location": {"Country": {"DimensionType": "INCLUSIVE", "Values": ["SE"]}}}},
]}}


def test_import_leaves_segment_applications_to_the_environments(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "segmentgen.yaml").write_text("environments:\n  staging: {}\n  prod: {}\n")
    (tmp_path / "segments.json").write_text(json.dumps(RESPONSE))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "segments.json"])
    assert result.exit_code == 0, result.stderr
    written = (specs / "imported.yaml").read_text()
    assert "application" not in written
    assert "environments.<env>.segments.one.application: app1" in result.stderr
    assert "notice SG705" in result.stderr
    assert errors(specs) == []
