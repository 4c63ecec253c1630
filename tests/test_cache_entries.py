"""Cache entries are untrusted input: a damaged lint entry, build record or compiled stack is
a miss, never a traceback and never acted on; the cache stays out of the user's way."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spec_files import SpecWriter

from segmentgen import api
from segmentgen.api import BuildOptions
from segmentgen.cli import main
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.emit import cache, cache_entries

SPEC = "segments:\n  {key}:\n    name: {name}\n    where:\n      active: 30d\n"
VICTIM = b"outside\n"


def write_specs(specs: Path, names: dict[str, str]) -> None:
    SpecWriter(specs.parent)({f"{file}.yaml": SPEC.format(key=f"{file}-seg", name=name)
                              for file, name in names.items()})


def setup_project(tmp_path: Path) -> tuple[Path, Path, Path, api.BuildResult]:
    specs, out, cache_dir = tmp_path / "specs", tmp_path / "out", tmp_path / "cache"
    write_specs(specs, {"a": "A", "b": "B"})
    first = api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir))
    assert first.ok
    (tmp_path / "victim.json").write_bytes(VICTIM)
    return specs, out, cache_dir, first


def rewrite(folder: Path, change: Callable[[Any, Path], Any]) -> int:
    """Apply change to every JSON entry under folder; how many there were."""
    entries = sorted(folder.rglob("*.json"))
    for entry in entries:
        result = change(json.loads(entry.read_bytes()), entry)
        entry.write_bytes(result if isinstance(result, bytes) else json.dumps(result).encode())
    return len(entries)


def outputs_with(path: str) -> Callable[[Any, Path], Any]:
    def change(record: Any, _: Path) -> Any:
        record["outputs"][path] = cache.digest(VICTIM)  # as a record holds it
        return record
    return change


def field(name: str, value: object) -> Callable[[Any, Path], Any]:
    def change(data: Any, _: Path) -> Any:
        data[name] = value
        return data
    return change


RECORDS: dict[str, Callable[[Any, Path], Any]] = {
    "an output leaving out/": outputs_with("../victim.json"),
    "not JSON": lambda data, _: b"{not json",
    "nested too deeply": lambda data, _: b"[" * 100_000,
    "a line number that is text": field("diagnostics", [["f", "1", 1, "SG1", "m", 1, None]]),
    "a severity that is not one": field("diagnostics", [["f", 1, 1, "SG1", "m", 9, None]]),
    "a message that is not text": field("diagnostics", [["f", 1, 1, "SG1", "\udc80", 1, None]]),
    "a hash that is not one": field("outputs", {"a.json": "x"}),
    "specs that are not a mapping": field("specs", ["a.yaml"]),
    "an unknown key": field("extra", 1),
}


@pytest.mark.parametrize("change", list(RECORDS.values()), ids=list(RECORDS))
def test_a_damaged_build_record_is_not_replayed(tmp_path: Path,
                                                change: Callable[[Any, Path], Any]) -> None:
    specs, out, cache_dir, first = setup_project(tmp_path)
    assert rewrite(cache_dir / "builds", change) == 1
    second = api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir))
    assert second.ok and second.project is not None, "a damaged record was replayed"
    assert second.files == first.files
    assert rewrite(cache_dir / "builds", lambda data, _: data) == 1  # recorded again
    assert api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir)).project is None


def test_a_build_record_naming_an_absolute_path_is_not_replayed(tmp_path: Path) -> None:
    specs, out, cache_dir, first = setup_project(tmp_path)
    rewrite(cache_dir / "builds", outputs_with(str(tmp_path / "victim.json")))
    second = api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir))
    assert second.project is not None and second.files == first.files


def entry_field(name: str, value: object) -> Callable[[Any, Path], Any]:
    def change(data: Any, _: Path) -> Any:
        data["entry"][name] = value
        return data
    return change


def without_template(data: Any, _: Path) -> Any:
    del data["files"][data["entry"]["template"]]
    return data


def with_file(path: str) -> Callable[[Any, Path], Any]:
    def change(data: Any, _: Path) -> Any:
        data["files"][path] = "{}"
        data["entry"]["parameters"] = path
        return data
    return change


def another_template(data: Any, _: Path) -> Any:
    """A well-formed entry whose template is not the one the key was asked for."""
    template = data["entry"]["template"]
    moved = "elsewhere/" + template
    data["files"][moved] = data["files"].pop(template)
    data["entry"]["template"] = moved
    return data


def another_key(data: Any, entry: Path) -> Any:
    data["key"] = "0" * 64
    return data


STACKS: dict[str, Callable[[Any, Path], Any]] = {
    "a file leaving out/": with_file("../victim.json"),
    "an absolute file": with_file("/tmp/victim.json"),
    "no template": without_template,
    "a template that is not a path": entry_field("template", ["a.json"]),
    "a stack name that is a number": entry_field("name", 5),
    "dependencies that are not a list": entry_field("depends_on", "a"),
    "stored under another key": another_key,
    "for another template path": another_template,
    "not JSON": lambda data, _: b"{not json",
    "nested too deeply": lambda data, _: b"[" * 100_000,
    "text that is not text": lambda data, _: json.dumps(data).replace(
        '"Resources"', '"Res\\udc80ources"').encode(),
}


@pytest.mark.parametrize("change", list(STACKS.values()), ids=list(STACKS))
def test_a_damaged_compiled_stack_is_compiled_again(tmp_path: Path,
                                                    change: Callable[[Any, Path], Any]) -> None:
    specs, out, cache_dir, _ = setup_project(tmp_path)
    assert rewrite(cache_dir / "stacks", change) == 2
    write_specs(specs, {"b": "B edited"})  # b is compiled again; a would come from the cache
    result = api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir))
    assert result.ok, [d.render() for d in result.diagnostics]
    cold = api.build(BuildOptions(specs, tmp_path / "cold", lint=False))
    assert result.files == cold.files
    assert (tmp_path / "victim.json").read_bytes() == VICTIM


LINT_ENTRIES = {
    "a line that is text": [["f", "1", 1, "cfn-lint:W1", "m", 2, None]],
    "a boolean column": [["f", 1, True, "cfn-lint:W1", "m", 2, None]],
    "a negative line": [["f", -1, 1, "cfn-lint:W1", "m", 2, None]],
    "seven characters": ["1234567"],
    "a mapping of seven keys": [{str(n): n for n in range(7)}],
    "an eighth field": [["f", 1, 1, "cfn-lint:W1", "m", 2, None, "x"]],
    "a hint that is a number": [["f", 1, 1, "cfn-lint:W1", "m", 2, 5]],
    "not a list": {"f": 1},
}


@pytest.mark.parametrize("data", list(LINT_ENTRIES.values()), ids=list(LINT_ENTRIES))
def test_a_damaged_lint_entry_is_a_miss(tmp_path: Path, data: object) -> None:
    lint_cache = cache.LintCache(tmp_path, ["us-east-1"], [])
    lint_cache.put("{}", [Diagnostic("out/a.json", 3, 5, "cfn-lint:W1", "message")])
    path = lint_cache._path("{}")
    path.write_text(json.dumps(data), "utf-8")
    assert lint_cache.get("{}", "out/a.json") is None
    path.write_bytes(b"[" * 100_000)
    assert lint_cache.get("{}", "out/a.json") is None


def test_an_oversized_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lint_cache = cache.LintCache(tmp_path, ["us-east-1"], [])
    found = [Diagnostic("out/a.json", 3, 5, "cfn-lint:W1", "message " * 20)]
    lint_cache.put("{}", found)
    assert lint_cache.get("{}", "out/a.json") == found
    monkeypatch.setattr(cache_entries, "MAX_ENTRY", 64)
    assert lint_cache.get("{}", "out/a.json") is None


def test_damaged_last_lint_settings_are_none(tmp_path: Path) -> None:
    cache.LintCache(tmp_path, ["us-east-1"], ["W1"])
    assert cache.last_settings(tmp_path) == (("us-east-1",), ("W1",))
    (tmp_path / "lint" / cache.LAST_SETTINGS).write_text('[["us-east-1"], [1]]', "utf-8")
    assert cache.last_settings(tmp_path) is None


def test_a_directory_segmentgen_did_not_create_gets_no_gitignore(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "work"
    mine.mkdir()
    monkeypatch.chdir(mine)
    write_specs(tmp_path / "project" / "specs", {"a": "A"})
    for _ in range(2):
        done = CliRunner().invoke(main, ["build", "--no-lint", "--specs", "../project/specs",
                                         "--out", "../project/out", "--cache-dir", "."])
        assert done.exit_code == 0, done.output
    assert not (mine / ".gitignore").exists()
    assert not (mine / cache_entries.TAG).exists()
    assert (mine / "builds").is_dir()  # the cache is used all the same


def test_a_directory_segmentgen_creates_is_tagged_and_git_ignored(tmp_path: Path) -> None:
    specs, cache_dir = tmp_path / "specs", tmp_path / "deep" / "cache"
    write_specs(specs, {"a": "A"})
    assert api.build(BuildOptions(specs, tmp_path / "out", lint=False, cache_dir=cache_dir)).ok
    tag = (cache_dir / cache_entries.TAG).read_text("utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    assert (cache_dir / ".gitignore").read_text("utf-8") == "*\n"
    assert not (tmp_path / "deep" / ".gitignore").exists()
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["cache"]
    (cache_dir / ".gitignore").unlink()
    write_specs(specs, {"a": "A edited"})
    assert api.build(BuildOptions(specs, tmp_path / "out", lint=False, cache_dir=cache_dir)).ok
    assert (cache_dir / ".gitignore").read_text("utf-8") == "*\n"
