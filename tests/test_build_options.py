"""A build is one ``BuildOptions`` value: frozen, checked, and the source of the build
record's key (every option that decides the output changes it; mode and diff do not)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from segmentgen import api
from segmentgen.api import BuildOptions
from segmentgen.emit import cache

SPEC = "segments:\n  new-customers:\n    name: New Customers\n    where:\n      country: [NO]\n"
BASE = BuildOptions(Path("specs"), Path("out"))
OUTPUT_DECIDING = [
    {"env": "prod"}, {"target": "customer-profiles"}, {"lint": False}, {"warnings_fail": True},
    {"warnings_fail": False}, {"allow_destroy": True}, {"out_dir": Path("other-out")},
    {"specs_dir": Path("other-specs")},
]


def test_options_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE.lint = False  # type: ignore[misc]


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be one of write, check, validate"):
        BuildOptions(Path("specs"), Path("out"), mode="dry-run")  # type: ignore[arg-type]


@pytest.mark.parametrize("change", OUTPUT_DECIDING, ids=lambda c: next(iter(c)))
def test_every_output_deciding_option_changes_the_key(change: dict[str, object]) -> None:
    assert dataclasses.replace(BASE, **change).cache_key() != BASE.cache_key()  # type: ignore[arg-type]


@pytest.mark.parametrize("change", [{"mode": "check"}, {"diff": True},
                                    {"cache_dir": Path(".cache")}], ids=str)
def test_mode_diff_and_cache_dir_leave_the_key(change: dict[str, object]) -> None:
    assert dataclasses.replace(BASE, **change).cache_key() == BASE.cache_key()  # type: ignore[arg-type]


def test_the_key_is_stable_across_equal_values() -> None:
    again = BuildOptions(Path("specs"), Path("out"), mode="write", lint=True)
    assert again == BASE and again.cache_key() == BASE.cache_key()


def test_a_validation_uses_no_cache() -> None:
    assert BuildOptions(Path("s"), Path("o"), cache_dir=Path("c")).uses_cache
    assert not BuildOptions(Path("s"), Path("o"), mode="validate", cache_dir=Path("c")).uses_cache
    assert not BASE.uses_cache


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC, "utf-8")
    return tmp_path / "specs"


def test_the_build_record_follows_the_key(specs: Path, tmp_path: Path) -> None:
    """A check after a write is answered from the record (no project is parsed); a build
    with another output-deciding option is not."""
    options = BuildOptions(specs, tmp_path / "out", lint=False, cache_dir=tmp_path / "cache")
    assert api.build(options).project is not None
    replayed = api.build(dataclasses.replace(options, mode="check"))
    assert replayed.project is None and replayed.ok and replayed.changes is not None
    assert not replayed.changes.stale
    rebuilt = api.build(dataclasses.replace(options, warnings_fail=True))
    assert rebuilt.project is not None and rebuilt.ok


def test_build_inputs_hash_the_key(specs: Path, tmp_path: Path) -> None:
    options = BuildOptions(specs, tmp_path / "out", lint=False)
    first, second = cache.build_inputs(options), cache.build_inputs(options)
    other = cache.build_inputs(dataclasses.replace(options, env="prod"))
    assert first is not None and second is not None and other is not None
    assert first.key == second.key != other.key
    assert first.files == other.files == {"a.yaml": cache.digest(SPEC.encode())}
