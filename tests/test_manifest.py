"""A damaged out/manifest.json is absent: never a traceback, and nothing it lists wrongly
is removed, read or copied, by build, build --env, build --check, diff or SG303."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen import api
from segmentgen.api import BuildOptions
from segmentgen.cli import main
from segmentgen.core.diagnostics import Severity
from segmentgen.emit import manifest
from segmentgen.emit.output import Output

SPEC = "segments:\n  {key}:\n    name: {name}\n    where:\n      active: 30d\n"
SETTINGS = "environments:\n  dev: {}\n  prod: {}\n"
VICTIM = b"outside\n"
USER = b"the user's\n"


def good() -> dict[str, object]:
    return {"version": 1, "files": ["a.json", "manifest.json"], "stacks": [
        {"name": "a", "environment": "", "template": "a.json", "spec": "a.yaml",
         "target": "pinpoint", "depends_on": []}]}


def changed(**values: object) -> dict[str, object]:
    data = good()
    data.update(values)
    return data


def stack(**values: object) -> dict[str, object]:
    data = good()
    entry = dict(data["stacks"][0])  # type: ignore[index]
    entry.update(values)
    data["stacks"] = [entry]
    return data


LISTING_USER = ["a.json", "manifest.json", "user.json", "dev/user.json"]
DAMAGED: dict[str, object] = {
    "not JSON": b"{not json",
    "nested too deeply": b"[" * 100_000,
    "not UTF-8": b'{"files": ["\xff"]}',
    "files not a list": changed(files=5),
    "keys missing": {"files": LISTING_USER},
    "stacks not a list": changed(files=LISTING_USER, stacks="x"),
    "a path leaving out/": changed(files=[*LISTING_USER, "../victim.json"]),
    "an absolute path": changed(files=[*LISTING_USER, "{victim}"]),
    "a path that is not text": changed(files=[*LISTING_USER, "user\udc80.json"]),
    "another version": changed(version=2, files=LISTING_USER),
    "a boolean version": changed(version=True, files=LISTING_USER),
    "a template leaving out/": stack(template="../victim.json"),
    "a stack name that is a number": stack(name=5),
    "a stack with a nested value": stack(capabilities=[["CAPABILITY_IAM"]]),
    "a template not among the files": stack(template="b.json"),
    "a file listed twice": changed(files=["a.json", "a.json", "manifest.json"]),
}


def setup_project(tmp_path: Path, settings: str | None = None) -> tuple[Path, Path]:
    specs, out = tmp_path / "specs", tmp_path / "out"
    specs.mkdir()
    (specs / "a.yaml").write_text(SPEC.format(key="a-seg", name="A"), "utf-8")
    if settings:
        (specs / "segmentgen.yaml").write_text(settings, "utf-8")
    assert api.build(BuildOptions(specs, out, lint=False)).ok
    (tmp_path / "victim.json").write_bytes(VICTIM)
    (out / "user.json").write_bytes(USER)
    if (out / "dev").is_dir():
        (out / "dev" / "user.json").write_bytes(USER)
    return specs, out


def damage(tmp_path: Path, out: Path, value: object) -> None:
    if isinstance(value, bytes):
        (out / "manifest.json").write_bytes(value)
        return
    text = json.dumps(value).replace("{victim}", (tmp_path / "victim.json").as_posix())
    (out / "manifest.json").write_text(text, "utf-8")


def untouched(tmp_path: Path, out: Path) -> None:
    assert (tmp_path / "victim.json").read_bytes() == VICTIM
    assert (out / "user.json").read_bytes() == USER


@pytest.mark.parametrize("value", list(DAMAGED.values()), ids=list(DAMAGED))
def test_a_damaged_manifest_is_absent_with_a_notice(tmp_path: Path, value: object) -> None:
    specs, out = setup_project(tmp_path)
    damage(tmp_path, out, value)
    assert Output.directory(out).manifest is None
    (specs / "b.yaml").write_text(SPEC.format(key="b-seg", name="B"), "utf-8")
    result = api.build(BuildOptions(specs, out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    notices = [d for d in result.diagnostics if d.code == "SG405"]
    assert [d.severity for d in notices] == [Severity.NOTICE]
    assert notices[0].file.endswith("manifest.json") and "not removed" in notices[0].message
    assert result.changes is not None and result.changes.removed == []
    untouched(tmp_path, out)
    rebuilt = Output.directory(out).manifest
    assert rebuilt is not None and "b.json" in rebuilt.files


@pytest.mark.parametrize("value", list(DAMAGED.values()), ids=list(DAMAGED))
def test_check_diff_and_one_environment_read_a_damaged_manifest_as_absent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: object) -> None:
    specs, out = setup_project(tmp_path, SETTINGS)
    damage(tmp_path, out, value)
    check = api.build(BuildOptions(specs, out, mode="check", lint=False, diff=True))
    assert check.ok and check.changes is not None and check.changes.removed == []
    one = api.build(BuildOptions(specs, out, env="prod", lint=False))
    assert one.ok, [d.render() for d in one.diagnostics]
    assert "../victim.json" not in one.files and "user.json" not in one.files
    untouched(tmp_path, out)
    monkeypatch.chdir(tmp_path)
    damage(tmp_path, out, value)
    done = CliRunner().invoke(main, ["diff", "--base", "out", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["counts"]


def test_an_oversized_manifest_is_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = setup_project(tmp_path)
    damage(tmp_path, out, changed(files=LISTING_USER))
    monkeypatch.setattr(manifest, "MAX_BYTES", 64)
    result = api.build(BuildOptions(specs, out, lint=False))
    assert [d.code for d in result.diagnostics] == ["SG405"]
    assert "larger than 64 bytes" in result.diagnostics[0].message
    untouched(tmp_path, out)


def test_only_listed_files_inside_out_are_removed(tmp_path: Path) -> None:
    specs, out = setup_project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.json").write_bytes(VICTIM)
    (out / "link").symlink_to(outside)
    damage(tmp_path, out, changed(files=[*good()["files"], "user.json",  # type: ignore[list-item]
                                         "link/victim.json"]))
    result = api.build(BuildOptions(specs, out, lint=False))
    assert result.ok and result.changes is not None
    assert result.changes.removed == ["user.json"]
    assert not (out / "user.json").exists()
    assert (outside / "victim.json").read_bytes() == VICTIM


def test_replacement_notices_read_only_the_templates_the_manifest_lists(tmp_path: Path) -> None:
    specs, out = setup_project(tmp_path)
    (out / "stray.json").write_text(json.dumps({"Resources": {"BSegSegment": {
        "Type": "AWS::Pinpoint::Segment", "Properties": {"Name": "B"},
        "Metadata": {"segmentgen": {"key": "b-seg"}}}}}), "utf-8")
    (specs / "b.yaml").write_text(SPEC.format(key="b-seg", name="B"), "utf-8")
    result = api.build(BuildOptions(specs, out, lint=False))
    assert result.ok and [d.render() for d in result.diagnostics] == []
    assert (out / "stray.json").exists()


def test_the_same_manifest_bytes_are_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    validated: list[object] = []
    real = manifest.validate
    monkeypatch.setattr(manifest, "_PARSED", {})
    monkeypatch.setattr(manifest, "validate", lambda value: validated.append(value) or real(value))
    data = json.dumps(good()).encode()
    first = manifest.parse_manifest(data)
    assert first is not None and manifest.parse_manifest(bytes(data)) is first
    damaged = data.replace(b'"version": 1', b'"version": 2')
    assert manifest.parse_manifest(damaged) is None and manifest.parse_manifest(damaged) is None
    assert len(validated) == 2


def test_a_remembered_manifest_follows_the_registered_artifacts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest, "_PARSED", {})
    data = json.dumps(stack(extra="/outside/out")).encode()
    assert manifest.parse_manifest(data) is not None  # an unknown field of plain text
    paths = manifest.stack_paths()
    monkeypatch.setattr(manifest, "stack_paths", lambda: (*paths, "extra"))
    assert manifest.parse_manifest(data) is None  # an artifact's path must stay inside out/
