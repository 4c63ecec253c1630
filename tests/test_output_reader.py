"""One reader of generated output (``segmentgen.emit.output``): diff's base, build --check
and the writer, and the SG303 replacement notices see a damaged or hostile out/ the same
way. A symbolic link (to a file outside, or a directory on the way), a FIFO, a file beyond
the size limit and a manifest listing ``../x`` are never read as output segmentgen wrote."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build
from segmentgen.emit import output as output_module
from segmentgen.emit.output import MAX_FILE_BYTES, Output
from segmentgen.emit.write import compare, write_output
from segmentgen.review.base import read_base, read_directory
from segmentgen.review.replacement import current_files

SPEC = "segments:\n  winter-sale:\n    name: Winter Sale\n    where:\n      country: [NO]\n"
OTHER = "segments:\n  loyal:\n    name: Loyal\n    where:\n      country: [SE]\n"


def built(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    specs, out = tmp_path / "specs", tmp_path / "out"
    (specs / "team").mkdir(parents=True)
    (specs / "team" / "a.yaml").write_text(SPEC)
    (specs / "b.yaml").write_text(OTHER)
    result = build(BuildOptions(specs, out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    return out, dict(result.files)


def link_outside(out: Path) -> None:
    outside = out.parent / "outside.json"
    outside.write_bytes((out / "team" / "a.json").read_bytes())  # the very bytes planned
    (out / "team" / "a.json").unlink()
    (out / "team" / "a.json").symlink_to(outside)


def link_folder(out: Path) -> None:
    elsewhere = out.parent / "elsewhere"
    (out / "team").rename(elsewhere)
    (out / "team").symlink_to(elsewhere, target_is_directory=True)


def fifo(out: Path) -> None:
    (out / "team" / "a.json").unlink()
    os.mkfifo(out / "team" / "a.json")


def oversized(out: Path) -> None:
    path = out / "team" / "a.json"
    path.write_bytes(path.read_bytes() + b" " * MAX_FILE_BYTES)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "link to a file outside": link_outside, "link on the way": link_folder, "fifo": fifo,
    "oversized": oversized}


def seen(out: Path, planned: dict[str, bytes]) -> dict[str, set[str]]:
    """The templates each reader takes as the output's own."""
    templates = {stack["template"] for stack in json.loads(planned["manifest.json"])["stacks"]}
    return {"diff": set(read_directory(out)) & templates,
            "check": set(compare(planned, out).unchanged) & templates,
            "replacement": set(current_files(Output.directory(out)))}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_every_reader_leaves_out_the_same_damaged_file(tmp_path: Path, damage: str) -> None:
    out, planned = built(tmp_path)
    assert seen(out, planned) == {name: {"team/a.json", "b.json"}
                                  for name in ("diff", "check", "replacement")}
    DAMAGE[damage](out)
    assert seen(out, planned) == {name: {"b.json"} for name in ("diff", "check", "replacement")}
    assert "team/a.json" in compare(planned, out).changed


def test_a_manifest_listing_a_path_outside_is_ignored_by_every_reader(tmp_path: Path) -> None:
    out, planned = built(tmp_path)
    (tmp_path / "x").write_bytes(b"{}\n")
    data = json.loads((out / "manifest.json").read_text())
    data["files"].append("../x")
    (out / "manifest.json").write_text(json.dumps(data))
    output = Output.directory(out)
    assert output.manifest is None and "leave the output" in (output.manifest_problem or "")
    assert seen(out, planned)["replacement"] == set()
    assert compare({}, out).removed == []
    changes, notices = write_output(planned, out)
    assert (tmp_path / "x").read_bytes() == b"{}\n"
    assert [d.code for d in notices] == ["SG405"] and changes.changed == ["manifest.json"]


def test_a_write_replaces_a_linked_file_and_leaves_its_target(tmp_path: Path) -> None:
    out, planned = built(tmp_path)
    outside = out.parent / "outside.json"
    outside.write_bytes(b'{"keep": true}\n')
    (out / "b.json").unlink()
    (out / "b.json").symlink_to(outside)
    changes, _ = write_output(planned, out)
    assert changes.changed == ["b.json"]
    assert not (out / "b.json").is_symlink() and (out / "b.json").read_bytes() == planned["b.json"]
    assert outside.read_bytes() == b'{"keep": true}\n'


def test_a_stale_listed_link_is_not_removed(tmp_path: Path) -> None:
    out, planned = built(tmp_path)
    (out / "b.json").unlink()
    (out / "b.json").symlink_to(out / "team" / "a.json")
    smaller = {path: content for path, content in planned.items() if path != "b.json"}
    assert "b.json" not in compare(smaller, out).removed


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                   check=True, capture_output=True)


def test_a_git_ref_is_read_by_the_same_rules_as_a_directory(tmp_path: Path) -> None:
    out, _ = built(tmp_path)
    (tmp_path / "secret.json").write_bytes(b'{"secret": 1}\n')
    (out / "linked.json").symlink_to(tmp_path / "secret.json")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "out")
    git(tmp_path, "commit", "-q", "-m", "out")
    at_head, label = read_base(None, out)
    assert label == f"HEAD:{out.as_posix()}"
    assert at_head == read_directory(out) and "linked.json" not in at_head
    assert Output.at_ref("HEAD", out).manifest == Output.directory(out).manifest
    assert Output.at_ref("HEAD", out).get("linked.json") is None


def test_each_file_is_read_once_per_output(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = built(tmp_path)
    reads: list[str] = []
    original = output_module._Directory.read

    def counted(self: object, relative: str, limit: int) -> bytes:
        reads.append(relative)
        return original(self, relative, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(output_module._Directory, "read", counted)
    output = Output.directory(out)
    assert output.get("b.json") == output.get("b.json") == (out / "b.json").read_bytes()
    assert output.get("missing.json") is None and output.get("missing.json") is None
    assert reads == ["b.json", "missing.json"]


def test_a_build_reads_the_previous_output_through_one_reader_before_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Planning, the replacement notices and the destructive checks share one ``Output``;
    the writer compares once without its lock and once more under it."""
    out, _ = built(tmp_path)
    (tmp_path / "specs" / "b.yaml").write_text(OTHER.replace("Loyal", "Loyal customers"))
    made: list[str] = []
    original = Output.__init__

    def counted(self: Output, *args: object) -> None:
        made.append(str(args[1]))
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Output, "__init__", counted)
    result = build(BuildOptions(tmp_path / "specs", out, lint=False))
    assert result.ok and result.changes is not None and result.changes.changed == ["b.json"]
    assert made == [out.as_posix()] * 3
