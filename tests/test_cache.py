"""The cached, parallel and incremental build paths give the bytes and diagnostics of a cold
sequential build, through edits, deletes, renames and a cfn-lint setting change."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from segmentgen import api
from segmentgen.api import BuildOptions
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.emit import cache
from segmentgen.lint import runner as lint

BENCH = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    _generator().generate(tmp_path / "project", 16, 4, 3)
    return tmp_path / "project"


def _normal(diagnostics: list[Diagnostic], out: Path) -> list[tuple[object, ...]]:
    prefix = api.display_path(out)
    return sorted((d.file.replace(prefix, "OUT"), d.line, d.col, d.code, d.message, d.severity,
                   d.hint or "") for d in diagnostics)


def _cold(project: Path, previous: Path, monkeypatch: pytest.MonkeyPatch) -> api.BuildResult:
    """A sequential build without any cache, into a copy of the previous out/."""
    reference = project.parent / "reference-out"
    shutil.rmtree(reference, ignore_errors=True)
    if previous.exists():
        shutil.copytree(previous, reference)
    with monkeypatch.context() as patch:
        patch.setattr(lint, "cpu_count", lambda: 1)
        result = api.build(BuildOptions(project / "specs", reference))
    result.diagnostics = _normal(result.diagnostics, reference)  # type: ignore[assignment]
    return result


def _check(project: Path, monkeypatch: pytest.MonkeyPatch) -> api.BuildResult:
    out, cache_dir = project / "out", project / ".segmentgen-cache"
    expected = _cold(project, out, monkeypatch)
    result = api.build(BuildOptions(project / "specs", out, cache_dir=cache_dir))
    assert expected.files, expected.diagnostics
    assert result.files == expected.files
    assert _normal(result.diagnostics, out) == expected.diagnostics
    on_disk = {p.relative_to(out).as_posix(): p.read_bytes()
               for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert on_disk == expected.files
    again = api.build(BuildOptions(project / "specs", out, cache_dir=cache_dir))
    assert again.project is None, "the no-op rebuild must not parse the specs"
    assert again.files == expected.files
    assert _normal(again.diagnostics, out) == [
        d for d in expected.diagnostics if d[3] not in cache.OUT_DEPENDENT]  # type: ignore[index]
    return result


def test_cached_and_incremental_builds_match_cold_sequential_builds(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = project / "specs"
    _check(project, monkeypatch)
    first = sorted(specs.rglob("audiences-*.yaml"))
    edited = first[1]
    edited.write_text(edited.read_text("utf-8").replace("name: Audience", "name: Edited", 1))
    _check(project, monkeypatch)
    first[3].unlink()
    _check(project, monkeypatch)
    renamed = first[2].with_name("renamed.yaml")
    first[2].rename(renamed)
    renamed.write_text(renamed.read_text("utf-8").replace("audience-00011:", "moved-00011:"))
    _check(project, monkeypatch)
    settings = specs / "segmentgen.yaml"
    settings.write_text(settings.read_text("utf-8") + "  ignore: [W3696]\n")
    result = _check(project, monkeypatch)
    assert not any(d.code == "SG501" for d in result.diagnostics)


def test_lint_cache_keys_on_settings_and_puts_the_file_name_back(tmp_path: Path) -> None:
    found = [Diagnostic("out/a.json", 3, 5, "cfn-lint:W1", "message")]
    first = cache.LintCache(tmp_path, ["us-east-1"], [])
    first.put("{}", found)
    assert first.get("{}", "out/b.json") == [Diagnostic("out/b.json", 3, 5, "cfn-lint:W1",
                                                        "message")]
    assert first.get("{ }", "out/a.json") is None
    assert cache.LintCache(tmp_path, ["eu-west-1"], []).get("{}", "out/a.json") is None
    assert cache.LintCache(tmp_path, ["us-east-1"], ["W1"]).get("{}", "out/a.json") is None


def test_a_changed_output_file_is_not_replayed(project: Path) -> None:
    out, cache_dir = project / "out", project / ".segmentgen-cache"
    first = api.build(BuildOptions(project / "specs", out, cache_dir=cache_dir, lint=False))
    target = next(iter(sorted(p for p in first.files if p != "manifest.json")))
    (out / target).write_bytes(b"tampered\n")
    second = api.build(BuildOptions(project / "specs", out, cache_dir=cache_dir, lint=False))
    assert second.project is not None
    assert (out / target).read_bytes() == first.files[target]


def test_a_damaged_cache_is_a_miss(project: Path) -> None:
    out, cache_dir = project / "out", project / ".segmentgen-cache"
    first = api.build(BuildOptions(project / "specs", out, cache_dir=cache_dir, lint=False))
    for entry in cache_dir.rglob("*.json"):
        entry.write_text("{not json")
    second = api.build(BuildOptions(project / "specs", out, cache_dir=cache_dir, lint=False))
    assert second.files == first.files and second.ok


def test_default_cache_dir_is_beside_the_specs_parent(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    assert cache.default_dir(tmp_path / "specs") == tmp_path.resolve() / ".segmentgen-cache"
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "elsewhere"))
    assert cache.default_dir(tmp_path / "specs") == tmp_path / "elsewhere"


@pytest.mark.parametrize("changed", ["lint/plugin/checks.py", "criteria/country.py",
                                     "validate/rules.py", "core/dates.py"])
def test_cached_lint_findings_follow_the_code_the_plugin_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str) -> None:
    """A kind's value rule (criteria), the shared rules (validate) and core change what the
    plug-in reports, so each is part of the lint cache key."""
    cache_module = cache
    package = tmp_path / "segmentgen"
    for name in ("lint", "criteria", "validate", "core"):
        shutil.copytree(Path(cache_module.__file__).parents[1] / name, package / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "_PACKAGE", package)
    cache_module.plugin_fingerprint.cache_clear()
    before = cache_module.plugin_fingerprint()
    with (package / changed).open("a", encoding="utf-8") as stream:
        stream.write("\n# changed\n")
    cache_module.plugin_fingerprint.cache_clear()
    try:
        assert cache_module.plugin_fingerprint() != before
    finally:
        monkeypatch.undo()
        cache_module.plugin_fingerprint.cache_clear()
