"""Paths: nothing a spec says, and no symlink under specs/, writes outside out/; every output
name is safe on Linux, macOS and Windows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build
from segmentgen.emit import write as emit

SEGMENT = "segments:\n  {key}:\n    name: {name}\n    where: {{active: 7d}}\n"


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def write(specs: Path, name: str, key: str = "a") -> None:
    path = specs / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SEGMENT.format(key=key, name=f"Segment {key}"), "utf-8")


@pytest.mark.parametrize("key", ["../evil", "/abs", "a/b", "a\x00b", "a b", ".hidden",
                                 "-dash", "x" * 65, "ü"])
def test_segment_keys_that_are_not_slugs_are_sg205(tmp_path: Path, key: str) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "x.yaml").write_text(
        f"segments:\n  {key!r}:\n    name: N\n    where: {{active: 7d}}\n".replace("\\x00", "\\0")
        .replace("'", '"'), "utf-8")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert {d.code for d in result.diagnostics} <= {"SG205", "SG101"}
    assert not result.ok and not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["CON.yaml", "aux.yaml", "nul.yml", "com1.yaml", "sub/LPT9.yaml",
                                  "a:b.yaml", "what?.yaml", "star*.yaml", 'q".yaml', "pipe|.yaml",
                                  "back\\slash.yaml", "sub./x.yaml", "sub /x.yaml",
                                  "x" * 250 + ".yaml"])
def test_unsafe_output_names_are_sg401(tmp_path: Path, name: str) -> None:
    specs = tmp_path / "specs"
    write(specs, name)
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert {d.code for d in result.diagnostics} == {"SG401"}
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("first", "second"), [
    ("Sale.yaml", "sale.yaml"), ("sub/A.yaml", "SUB/a.yaml"), ("a.yaml", "a.yml"),
    ("caf\u00e9.yaml", "cafe\u0301.yaml"), ("stra\u00dfe.yaml", "strasse.yaml"),
    ("manifest.yaml", "other.yaml"),
])
def test_colliding_output_names_are_sg401(tmp_path: Path, first: str, second: str) -> None:
    specs = tmp_path / "specs"
    write(specs, first, "a")
    write(specs, second, "b")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert {d.code for d in result.diagnostics} == {"SG401"}
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("path", ["", "/etc/x.json", "../x.json", "a/../../x.json", "a//b.json",
                                  "./x.json", "a\x00.json", "CON", "x.json.", "del\x7f.json"])
def test_check_path_refuses_paths_that_leave_out(path: str) -> None:
    assert emit.check_path(path) is not None


def test_symlinks_under_specs(tmp_path: Path) -> None:
    specs, outside = tmp_path / "specs", tmp_path / "outside"
    write(specs, "sub/inside.yaml", "inside")
    write(outside, "secret.yaml", "secret")
    os.symlink(outside, specs / "linked-dir")
    os.symlink(outside / "secret.yaml", specs / "linked-file.yaml")
    os.symlink("..", specs / "sub" / "loop")
    os.symlink("self.yaml", specs / "self.yaml")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert result.ok
    assert [(d.code, d.file.rsplit("/", 1)[-1]) for d in result.diagnostics] == [
        ("SG107", "linked-file.yaml")]
    assert tree(tmp_path / "out") - {emit.LOCK} == {"manifest.json", "sub", "sub/inside.json",
                                                    "sub/inside.parameters.json"}
    assert tree(outside) == {"secret.yaml"}


def test_symlink_inside_out_is_not_followed_for_writes(tmp_path: Path) -> None:
    specs, out, elsewhere = tmp_path / "specs", tmp_path / "out", tmp_path / "elsewhere"
    write(specs, "sub/a.yaml")
    elsewhere.mkdir()
    out.mkdir()
    os.symlink(elsewhere, out / "sub")
    result = build(BuildOptions(specs, out, lint=False))
    assert [d.code for d in result.diagnostics] == ["SG402"]
    assert tree(elsewhere) == set()
    (out / "sub").unlink()
    os.symlink(elsewhere / "victim.json", out / f"x.json{emit.TEMP_SUFFIX}")
    write(specs, "x.yaml", "x")
    assert build(BuildOptions(specs, out, lint=False)).ok
    assert tree(elsewhere) == set()


@pytest.mark.parametrize("name", [
    "b\u202e.yaml", "\u2066x.yaml", "rtl\u2069.yml", "mark\u200e.yaml", "mark\u200f.yaml",
    "embed\u202a.yaml", "esc\x1b[2J.yaml", "tab\there.yaml", "new\nline.yaml", "c1\x85.yaml",
    "del\x7f.yaml", "dir\u202b/x.yaml", "sub/iso\u2068/x.yaml", os.fsdecode(b"latin\xe9.yaml"),
])
def test_control_and_direction_characters_in_spec_names_are_sg101(tmp_path: Path,
                                                                   name: str) -> None:
    specs = tmp_path / "specs"
    write(specs, name, "hidden")
    write(specs, "fine.yaml", "fine")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert [d.code for d in result.diagnostics] == ["SG101"]
    found = result.diagnostics[0]
    assert found.file.startswith(f"{specs.as_posix()}/")
    assert found.file.endswith(name[name.rindex("."):])
    for text in (found.render(), found.file):
        assert all(char.isprintable() for char in text.replace("\n", "")), text
        assert not any("\u200e" <= char <= "\u206f" or "\udc80" <= char <= "\udcff"
                       for char in text)
    assert "\\" in found.file and "name '" in found.message
    assert not (tmp_path / "out").exists()


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize(("first", "second", "folder"), [
    ("a.yaml", "a.json/b.yaml", "a.json"),
    ("A.yaml", "a.json/b.yaml", "a.json"),
    ("sub/Team.yaml", "SUB/team.json/x.yaml", "SUB/team.json"),
    ("caf\u00e9.yaml", "cafe\u0301.json/x.yaml", "cafe\u0301.json"),
    ("a.yaml", "a.parameters.json/x.yaml", "a.parameters.json"),
])
def test_output_file_where_another_needs_a_directory_is_sg401(
    tmp_path: Path, first: str, second: str, folder: str
) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    write(specs, first, "a")
    write(specs, second, "b")
    for mode in ("write", "check"):
        result = build(BuildOptions(specs, out, lint=False, mode=mode))
        assert {d.code for d in result.diagnostics} == {"SG401"}
        found = result.diagnostics[0]
        assert found.file == f"{specs.as_posix()}/{second}"
        assert f"needs the directory {folder!r}" in found.message
        assert f"of '{specs.as_posix()}/{first}'" in found.message
        assert not out.exists()


def test_environment_named_like_the_manifest_is_sg401(tmp_path: Path) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    write(specs, "a.yaml")
    (specs / "segmentgen.yaml").write_text("environments:\n  Manifest.json: {}\n  prod: {}\n")
    result = build(BuildOptions(specs, out, lint=False))
    assert [(d.code, d.file) for d in result.diagnostics] == [
        ("SG401", f"{specs.as_posix()}/a.yaml")]
    assert "the manifest segmentgen writes" in result.diagnostics[0].message
    assert not out.exists()


def test_import_job_request_in_the_place_of_a_template_is_sg401(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    (specs / "import-jobs").mkdir(parents=True)
    (specs / "a.yaml").write_text(
        "segments:\n  crm:\n    name: CRM\n    import: {s3: 's3://b/k/', format: csv, "
        "role: 'arn:aws:iam::123456789012:role/R'}\n")
    write(specs, "import-jobs/crm.yaml", "other")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert [(d.code, d.file) for d in result.diagnostics] == [
        ("SG401", f"{specs.as_posix()}/a.yaml")]
    assert "import-jobs/crm.yaml" in result.diagnostics[0].message
    assert not (tmp_path / "out").exists()


def test_what_out_holds_in_the_way_of_a_planned_file_is_sg401(tmp_path: Path) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    write(specs, "a.yaml", "a")
    write(specs, "sub/x.yaml", "x")
    (out / "a.json").mkdir(parents=True)
    (out / "a.json" / "notes.txt").write_text("mine\n")
    (out / "sub").write_text("a file of mine\n")
    before = snapshot(out)
    for mode in ("write", "check"):
        result = build(BuildOptions(specs, out, lint=False, mode=mode))
        assert [(d.code, d.file.rsplit("/", 1)[-1]) for d in result.diagnostics] == [
            ("SG401", "a.yaml"), ("SG401", "x.yaml")]
        assert "'a.json' in the output directory is a directory" in result.diagnostics[0].message
        assert "'sub' in the output directory is a file" in result.diagnostics[1].message
        assert snapshot(out) == before
    (out / "a.json" / "notes.txt").unlink()
    (out / "a.json").rmdir()
    (out / "sub").unlink()
    assert build(BuildOptions(specs, out, lint=False)).ok


def test_file_names_up_to_255_bytes_are_written_and_longer_ones_are_sg401(
    tmp_path: Path
) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    stem = "\u00e9" * 100 + "x" * (255 - 200 - len(".parameters.json"))  # 255 bytes in UTF-8
    write(specs, f"{stem}.yaml")
    result = build(BuildOptions(specs, out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    assert len(f"{stem}.parameters.json".encode()) == 255
    assert (out / f"{stem}.parameters.json").is_file() and (out / f"{stem}.json").is_file()
    write(specs, f"{stem}x.yaml", "b")
    result = build(BuildOptions(specs, out, lint=False))
    assert [d.code for d in result.diagnostics] == ["SG401"]
    assert "of 256 bytes" in result.diagnostics[0].message


@pytest.mark.skipif(not hasattr(os, "pathconf"), reason="no pathconf on this system")
def test_paths_beyond_the_file_systems_limit_are_sg401(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_PATH_MAX")
    specs = tmp_path / "specs"
    folders, room = [], limit - len(os.fsencode(specs)) - len("/x.yaml") - 60
    while room > 0:
        folders.append("d" * min(200, room))
        room -= len(folders[-1]) + 1
    write(specs, "/".join([*folders, "x.yaml"]))
    out = tmp_path / ("o" * 200)
    result = build(BuildOptions(specs, out, lint=False))
    assert {d.code for d in result.diagnostics} == {"SG401"}
    assert all("full path of" in d.message for d in result.diagnostics)
    assert not out.exists()
