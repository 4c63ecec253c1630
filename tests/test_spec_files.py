"""The shared ``write_specs`` fixture (tests/spec_files.py): what it writes, and where."""

from __future__ import annotations

from pathlib import Path

from spec_files import SpecWriter


def test_files_and_settings_land_in_tmp_path_specs(tmp_path: Path,
                                                   write_specs: SpecWriter) -> None:
    specs = write_specs({"a.yaml": "segments: {}\n", "more/b.yaml": "segments: {ö: 1}\n"},
                        settings="prefix: p\n")
    assert specs == tmp_path / "specs"
    assert sorted(p.relative_to(specs).as_posix() for p in specs.rglob("*.yaml")) == [
        "a.yaml", "more/b.yaml", "segmentgen.yaml"]
    assert (specs / "more/b.yaml").read_bytes() == "segments: {ö: 1}\n".encode()
    assert (specs / "segmentgen.yaml").read_text("utf-8") == "prefix: p\n"


def test_one_text_is_a_yaml_and_earlier_files_stay(tmp_path: Path,
                                                   write_specs: SpecWriter) -> None:
    write_specs({"keep.yaml": "segments: {}\n"})
    specs = write_specs("segments: {x: 1}\n")
    assert sorted(p.name for p in specs.iterdir()) == ["a.yaml", "keep.yaml"]
    assert (specs / "a.yaml").read_text("utf-8") == "segments: {x: 1}\n"
    assert not (specs / "segmentgen.yaml").exists()


def test_root_writes_another_project(tmp_path: Path, write_specs: SpecWriter) -> None:
    other = write_specs("segments: {}\n", root=tmp_path / "other")
    assert other == tmp_path / "other" / "specs"
    assert (other / "a.yaml").is_file()
    assert not (tmp_path / "specs").exists()
