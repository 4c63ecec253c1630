"""SG304: a change that would destroy a deployed resource others use, compared with the
previous build's out/manifest.json, is an error at the line that causes it; --allow-destroy
turns it into a warning. Changes that destroy nothing in use are not reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen.api import BuildOptions, build
from segmentgen.cli import main
from segmentgen.core.diagnostics import Diagnostic, Severity

SETTINGS = "environments:\n  dev:\n    application: {create: app-dev}\n  prod: {}\n"
BASE = "segments:\n  base-seg:\n    name: Base\n    where: {active: 30d}\n"
USER = ("segments:\n  user-seg:\n    name: User\n    groups:\n      list:\n"
        "        - base: [base-seg]\n")
OTHER = "segments:\n  other-seg:\n    name: Other\n    where: {country: [SE]}\n"


def write(specs: Path, **files: str | None) -> None:
    specs.mkdir(exist_ok=True)
    for name, text in files.items():
        path = specs / name.replace("__", ".")
        if text is None:
            path.unlink()
        else:
            path.write_text(text, "utf-8")


def first_build(tmp_path: Path, settings: str = SETTINGS, **files: str) -> Path:
    specs = tmp_path / "specs"
    write(specs, segmentgen__yaml=settings, **{"a__yaml": BASE, "b__yaml": USER, **files})
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    return specs


def rebuild(tmp_path: Path, allow: bool = False, env: str | None = None) -> tuple[
        list[Diagnostic], bool]:
    result = build(BuildOptions(tmp_path / "specs", tmp_path / "out", lint=False,
                                allow_destroy=allow, env=env))
    return [d for d in result.diagnostics if d.code == "SG304"], result.written


def test_removing_the_create_is_an_error_at_the_application(tmp_path: Path) -> None:
    specs = first_build(tmp_path)
    before = (tmp_path / "out/manifest.json").read_bytes()
    write(specs, segmentgen__yaml=SETTINGS.replace("{create: app-dev}", "{parameter: AppId}"))
    [found], written = rebuild(tmp_path)
    assert not written and (tmp_path / "out/manifest.json").read_bytes() == before
    assert (found.file, found.line, found.col) == ((specs / "segmentgen.yaml").as_posix(), 3, 30)
    assert found.severity is Severity.ERROR
    assert "deletes the Pinpoint application 'app-dev'" in found.message
    assert "'dev-segmentgen-application'" in found.message
    assert "dev-a, dev-b" in found.message and "--allow-destroy" in (found.hint or "")


def test_allow_destroy_makes_it_a_warning_and_writes(tmp_path: Path) -> None:
    specs = first_build(tmp_path)
    write(specs, segmentgen__yaml=SETTINGS.replace("{create: app-dev}", "{parameter: AppId}"))
    [found], written = rebuild(tmp_path, allow=True)
    assert found.severity is Severity.WARNING and written
    assert not (tmp_path / "out/dev/segmentgen-application.json").exists()
    assert rebuild(tmp_path) == ([], True)  # deployed as intended: nothing left to report


def test_renaming_the_created_application_replaces_it(tmp_path: Path) -> None:
    specs = first_build(tmp_path)
    write(specs, segmentgen__yaml=SETTINGS.replace("app-dev", "app-dev-2"))
    [found], _ = rebuild(tmp_path)
    assert "renames the Pinpoint application 'app-dev'" in found.message
    assert "'app-dev-2', which replaces it" in found.message
    assert (found.line, found.col) == (3, 27)


def test_removing_an_environment_deletes_its_application(tmp_path: Path) -> None:
    specs = first_build(tmp_path)
    write(specs, segmentgen__yaml="environments:\n  prod: {}\n")
    [found], _ = rebuild(tmp_path)
    assert (found.line, found.col) == (1, 1) and "'app-dev'" in found.message


def test_a_segment_moving_away_from_its_importers_is_an_error_at_the_segment(
        tmp_path: Path) -> None:
    specs = first_build(tmp_path)
    write(specs, a__yaml=OTHER, c__yaml=BASE)
    found, written = rebuild(tmp_path)
    assert not written
    assert sorted((Path(d.file).name, d.line, d.col) for d in found) == [
        ("c.yaml", 2, 3), ("c.yaml", 2, 3)]
    dev = next(d for d in found if "dev-" in d.message)
    assert "moves segment 'base-seg' from stack 'dev-a' to 'dev-c'" in dev.message
    assert "segmentgen-dev-BaseSegSegmentId" in dev.message and "dev-b" in dev.message


def test_renaming_an_imported_segment_is_an_error_at_its_old_spec_file(tmp_path: Path) -> None:
    specs = first_build(tmp_path, "environments:\n  prod: {}\n")
    write(specs, a__yaml=BASE.replace("base-seg", "base-two"),
          b__yaml=USER.replace("base-seg", "base-two"))
    [found], _ = rebuild(tmp_path)
    assert (found.file, found.line) == ((specs / "a.yaml").as_posix(), 1)
    assert "deletes the export segmentgen-prod-BaseSegSegmentId of stack 'prod-a'" in (
        found.message)


@pytest.mark.parametrize("change", [
    # a spec file that sorts first
    {"aaa__yaml": USER.replace("user-seg", "first-seg").replace("User", "First")},
    {"b__yaml": OTHER},  # the last stack that used the export stops using it
    {"b__yaml": None},  # the importing stack goes with its segment
    {"b__yaml": None, "a__yaml": OTHER},  # base and user deleted together
])
def test_changes_that_destroy_nothing_in_use_are_fine(tmp_path: Path,
                                                      change: dict[str, str | None]) -> None:
    specs = first_build(tmp_path)
    write(specs, **change)
    assert rebuild(tmp_path) == ([], True)


def test_an_older_build_s_app_in_the_first_stack_is_found_in_its_template(
        tmp_path: Path) -> None:
    specs = first_build(tmp_path, "application: {create: app}\n")
    out = tmp_path / "out"
    # The layout of earlier versions: the App in the first stack, no link fields.
    base = json.loads((out / "a.json").read_text())
    base["Resources"]["PinpointApp"] = {"Type": "AWS::Pinpoint::App",
                                        "Properties": {"Name": "app"}}
    (out / "a.json").write_text(json.dumps(base))
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["stacks"] = [s for s in manifest["stacks"] if s["name"] != "segmentgen-application"]
    for stack in manifest["stacks"]:
        for field in ("exports", "imports", "application"):
            stack.pop(field, None)
    (out / "manifest.json").write_text(json.dumps(manifest))
    [found], _ = rebuild(tmp_path)
    assert "deletes the Pinpoint application 'app' created by stack 'a'" in found.message
    assert (found.file, found.line) == ((specs / "segmentgen.yaml").as_posix(), 1)


def test_building_one_environment_keeps_the_others_applications(tmp_path: Path) -> None:
    first_build(tmp_path)
    assert rebuild(tmp_path, env="prod")[0] == []


def test_a_damaged_previous_manifest_reports_nothing(tmp_path: Path) -> None:
    specs = first_build(tmp_path)
    (tmp_path / "out/manifest.json").write_text('{"version": 1}')
    write(specs, segmentgen__yaml="environments:\n  prod: {}\n")
    assert rebuild(tmp_path)[0] == []


def test_the_command_line_fails_without_and_passes_with_allow_destroy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = first_build(tmp_path)
    write(specs, segmentgen__yaml="environments:\n  prod: {}\n")
    monkeypatch.chdir(tmp_path)
    refused = CliRunner().invoke(main, ["build", "--no-lint", "--no-cache"])
    assert refused.exit_code == 3 and "error SG304" in refused.stderr
    allowed = CliRunner().invoke(main, ["build", "--no-lint", "--no-cache", "--allow-destroy"])
    assert allowed.exit_code == 0 and "warning SG304" in allowed.stderr


def test_diff_shows_the_destruction_as_a_warning(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    specs = first_build(tmp_path)
    write(specs, segmentgen__yaml="environments:\n  prod: {}\n")
    monkeypatch.chdir(tmp_path)
    shown = CliRunner().invoke(main, ["diff", "--base", "out"])
    assert shown.exit_code == 0, shown.output
    assert "warning SG304" in shown.stderr and "removed" in shown.stdout
