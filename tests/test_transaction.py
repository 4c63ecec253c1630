"""A failed write leaves out/ as it was and the next build succeeds; a killed one is undone
or finished; the journal is untrusted input; the lock does not stay in out/ and a current
out/ is never written."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from fs_faults import Killed, faults

from segmentgen import api
from segmentgen.api import BuildOptions
from segmentgen.core.diagnostics import Severity
from segmentgen.emit import lock, transaction
from segmentgen.emit import write as emit

TEMPLATE = "segments:\n  {key}:\n    name: {name}\n    where:\n      active: {days}d\n"


def write_specs(specs: Path, version: str, names: tuple[str, ...]) -> None:
    specs.mkdir(parents=True, exist_ok=True)
    for old in specs.glob("*.yaml"):
        old.unlink()
    for name in names:
        text = TEMPLATE.format(key=f"{name}-seg", name=f"{name} {version}",
                               days=30 if version == "old" else 7)
        (specs / f"{name}.yaml").write_text(text, "utf-8")


OLD = ("alpha", "beta", "gamma")
NEW = ("alpha", "beta", "delta")  # beta unchanged in name, alpha changed, gamma gone


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Journals, locks and temporary files of a write: what a finished build never leaves."""
    return sorted(p.name for p in out.rglob("*")
                  if p.name in (emit.JOURNAL, emit.LOCK) or transaction.TEMP_NAME.fullmatch(p.name))


def without_leftovers(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items()
            if path.rsplit("/", 1)[-1] not in leftovers_names(files)}


def leftovers_names(files: dict[str, bytes]) -> set[str]:
    names = {path.rsplit("/", 1)[-1] for path in files}
    return {name for name in names
            if name in (emit.JOURNAL, emit.LOCK) or transaction.TEMP_NAME.fullmatch(name)}


def project(tmp_path: Path, names: tuple[str, ...] = OLD) -> tuple[Path, Path]:
    specs, out = tmp_path / "specs", tmp_path / "out"
    write_specs(specs, "old", names)
    assert api.build(BuildOptions(specs, out, lint=False)).ok
    return specs, out


def expected_new(tmp_path: Path) -> dict[str, bytes]:
    specs = tmp_path / "expected-specs"
    write_specs(specs, "new", NEW)
    assert api.build(BuildOptions(specs, tmp_path / "expected", lint=False)).ok
    return tree(tmp_path / "expected")


def renames_of_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    specs, out = project(tmp_path / "count")
    write_specs(specs, "new", NEW)
    with faults(monkeypatch, out, only="replace") as counted:
        assert api.build(BuildOptions(specs, out, lint=False)).ok
    return counted.steps


def test_a_failed_rename_is_sg402_leaves_out_as_it_was_and_the_next_build_succeeds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = expected_new(tmp_path)
    renames = renames_of_a_write(tmp_path, monkeypatch)
    assert renames > 3
    for step in range(1, renames + 1):
        specs, out = project(tmp_path / f"fail-{step}")
        before = tree(out)
        write_specs(specs, "new", NEW)
        with faults(monkeypatch, out, at=step, only="replace"):
            result = api.build(BuildOptions(specs, out, lint=False))
        assert [d.code for d in result.diagnostics] == ["SG402"], f"rename {step}"
        assert "injected input/output error" in result.diagnostics[0].message
        assert tree(out) == before, f"out/ changed after a failed rename {step}"
        assert leftovers(out) == []
        again = api.build(BuildOptions(specs, out, lint=False))
        assert again.ok, [d.render() for d in again.diagnostics]
        assert tree(out) == new


def test_a_failure_at_any_step_of_a_write_leaves_out_as_it_was_or_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = project(tmp_path / "count")
    write_specs(specs, "new", NEW)
    with faults(monkeypatch, out) as counted:
        assert api.build(BuildOptions(specs, out, lint=False)).ok
    new = tree(out)
    failed = 0
    for step in range(1, counted.steps + 1):
        specs, out = project(tmp_path / f"step-{step}")
        before = tree(out)
        write_specs(specs, "new", NEW)
        with faults(monkeypatch, out, at=step):
            result = api.build(BuildOptions(specs, out, lint=False))
        failed += not result.ok
        if not result.ok:
            assert tree(out) == before and leftovers(out) == [], f"step {step}"
        else:  # the files are in place; old copies that could not be deleted wait for the
            assert without_leftovers(tree(out)) == new, f"step {step}"  # next build
        assert api.build(BuildOptions(specs, out, lint=False)).ok and tree(out) == new
        assert leftovers(out) == []
    assert 0 < failed < counted.steps


def test_a_reverted_spec_after_a_killed_build_does_not_keep_its_leftovers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = project(tmp_path / "count")
    write_specs(specs, "new", NEW)
    with faults(monkeypatch, out) as counted:
        assert api.build(BuildOptions(specs, out, lint=False)).ok
    for step in range(1, counted.steps + 1):
        root = tmp_path / f"kill-{step}"
        cache_dir = root / "cache"
        specs, out = root / "specs", root / "out"
        write_specs(specs, "old", OLD)
        assert api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir)).ok
        old = tree(out)
        write_specs(specs, "new", NEW)
        with faults(monkeypatch, out, at=step, kill=True), pytest.raises(Killed):
            api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir))
        write_specs(specs, "old", OLD)
        result = api.build(BuildOptions(specs, out, lint=False, cache_dir=cache_dir))
        assert result.ok, [d.render() for d in result.diagnostics]
        assert leftovers(out) == [], f"kill at step {step}"
        assert tree(out) == old


def test_recovery_keeps_the_users_files_that_end_in_the_temporary_suffix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = project(tmp_path)
    mine = {f"alpha.json{emit.TEMP_SUFFIX}": b"mine\n", f"notes{emit.TEMP_SUFFIX}": b"mine\n"}
    for name, data in mine.items():
        (out / name).write_bytes(data)
    write_specs(specs, "new", NEW)
    with faults(monkeypatch, out, at=8, kill=True), pytest.raises(Killed):
        api.build(BuildOptions(specs, out, lint=False))
    assert (out / emit.JOURNAL).exists()
    assert api.build(BuildOptions(specs, out, lint=False)).ok
    assert {name: (out / name).read_bytes() for name in mine} == mine
    assert leftovers(out) == []


def journal(token: str = "0123456789abcdef", phase: str = "commit", **entries: object) -> object:
    data: dict[str, object] = {"version": 2, "token": token, "phase": phase, "add": [],
                               "replace": [], "remove": [], "dirs": []}
    data.update(entries)
    return data


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


VICTIM = b"outside\n"
USER = b"the user's\n"
DAMAGED = {
    "not JSON": b"{not json",
    "nested too deeply": b"[" * 100_000,
    "the old format": {"rename": ["user.json"], "remove": ["user.json"]},
    "a path leaving out/": journal(remove=["../victim.json"]),
    "an absolute path": journal(phase="prepare", add=[["{victim}", sha(VICTIM)]]),
    "wrong types": journal(add="user.json"),
    "a hash that is not one": journal(phase="prepare", add=[["user.json", "x"]]),
    "a token that is not one": journal(token="../../x", remove=["user.json"]),
    "an unknown phase": journal(phase="done", remove=["user.json"]),
    "an unknown key": journal(remove=["user.json"], extra=1),
    "a directory holding nothing written": journal(phase="prepare", dirs=["keep"]),
    "a path through a symlink leading outside": journal(remove=["link/victim.json"]),
    "a path listed twice": journal(phase="prepare", replace=["user.json"],
                                   remove=["user.json"]),
    "text that is not text": journal(remove=["user\udc80.json"]),
}


def plant(out: Path, value: object) -> None:
    victim = out.parent / "victim.json"
    if isinstance(value, bytes):
        (out / emit.JOURNAL).write_bytes(value)
        return
    text = json.dumps(value).replace("{victim}", victim.as_posix())
    (out / emit.JOURNAL).write_text(text, "utf-8")


@pytest.mark.parametrize("value", list(DAMAGED.values()), ids=list(DAMAGED))
def test_a_damaged_journal_is_ignored_with_a_notice_and_never_acted_on(
        tmp_path: Path, value: object) -> None:
    specs, out = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "victim.json").write_bytes(VICTIM)
    (outside / "victim.json").write_bytes(VICTIM)
    (outside / ".sg-0123456789abcdef-r0.segmentgen-tmp").write_bytes(VICTIM)
    (out / "link").symlink_to(outside)
    (out / "user.json").write_bytes(USER)
    (out / ".sg-0123456789abcdef-r0.segmentgen-tmp").write_bytes(USER)
    (out / "keep").mkdir()
    plant(out, value)
    write_specs(specs, "new", NEW)
    result = api.build(BuildOptions(specs, out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    notices = [d for d in result.diagnostics if d.code == "SG405"]
    assert len(notices) == 1 and notices[0].severity is Severity.NOTICE
    assert notices[0].file.endswith(emit.JOURNAL) and "ignored" in notices[0].message
    assert (tmp_path / "victim.json").read_bytes() == VICTIM
    assert tree(outside) == {"victim.json": VICTIM,
                             ".sg-0123456789abcdef-r0.segmentgen-tmp": VICTIM}
    assert (out / "user.json").read_bytes() == USER and (out / "keep").is_dir()
    assert (out / ".sg-0123456789abcdef-r0.segmentgen-tmp").read_bytes() == USER
    assert not (out / emit.JOURNAL).exists()


def test_an_oversized_journal_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = project(tmp_path)
    (out / "user.json").write_bytes(USER)
    plant(out, journal(remove=["user.json"], dirs=[]))
    monkeypatch.setattr(transaction, "MAX_BYTES", 64)
    result = api.build(BuildOptions(specs, out, lint=False))
    assert [d.code for d in result.diagnostics] == ["SG405"]
    assert "larger than 64 bytes" in result.diagnostics[0].message
    assert (out / "user.json").read_bytes() == USER


def test_a_valid_journal_restores_only_what_its_own_write_moved(tmp_path: Path) -> None:
    specs, out = project(tmp_path)
    (out / "user.json").write_bytes(USER)
    plant(out, journal(phase="prepare", add=[["user.json", sha(b"something else")]]))
    assert api.build(BuildOptions(specs, out, lint=False)).ok
    assert (out / "user.json").read_bytes() == USER


def test_no_lock_file_stays_in_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = project(tmp_path)
    assert not (out / emit.LOCK).exists()
    write_specs(specs, "new", NEW)
    with faults(monkeypatch, out, at=2, only="replace"):
        assert not api.build(BuildOptions(specs, out, lint=False)).ok
    assert not (out / emit.LOCK).exists()


def test_a_current_out_is_neither_locked_nor_written(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = project(tmp_path)
    before = tree(out)
    with faults(monkeypatch, out) as counted:
        result = api.build(BuildOptions(specs, out, lint=False))
    assert result.ok and counted.steps == 0
    with faults(monkeypatch, out, every=True):  # a read-only out/
        result = api.build(BuildOptions(specs, out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    assert result.changes is not None and not result.changes.stale
    assert tree(out) == before


def test_a_read_only_out_that_is_stale_is_sg402(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    specs, out = project(tmp_path)
    before = tree(out)
    write_specs(specs, "new", NEW)
    with faults(monkeypatch, out, every=True):
        result = api.build(BuildOptions(specs, out, lint=False))
    assert [d.code for d in result.diagnostics] == ["SG402"]
    assert tree(out) == before


def test_the_lock_excludes_a_second_build_and_goes_with_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with emit.locked(out):
        assert (out / emit.LOCK).is_file()
        with pytest.raises(emit.LockedError), emit.locked(out):
            pass
    assert not (out / emit.LOCK).exists()
    with emit.locked(out):
        assert (out / emit.LOCK).is_file()


def test_a_lock_file_removed_between_open_and_lock_is_taken_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real_lock, opened = lock._lock, []

    def released_meanwhile(fd: int) -> None:
        if not opened:  # the build that held it removes the file, then lets go
            opened.append(os.fstat(fd).st_ino)
            (out / emit.LOCK).unlink()
        real_lock(fd)

    monkeypatch.setattr(lock, "_lock", released_meanwhile)
    with emit.locked(out):
        assert opened and (out / emit.LOCK).is_file()
        monkeypatch.setattr(lock, "_lock", real_lock)
        with pytest.raises(emit.LockedError), emit.locked(out):
            pass
