"""Nothing lost: a killed build, a full disk and a second build leave out/ whole, and a killed
build leaves no lint worker behind."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fs_faults import Killed, faults

from segmentgen import api
from segmentgen.api import BuildOptions
from segmentgen.emit import write as emit

FILES = 30
PER_FILE = 10


def write_specs(specs: Path, version: str, skip: int | None = None) -> None:
    specs.mkdir(parents=True, exist_ok=True)
    for old in specs.glob("*.yaml"):
        old.unlink()
    for f in range(FILES):
        if f == skip:
            continue
        body = "".join(
            f"  s{f}-{i}:\n    name: Segment {f} {i} {version}\n    where:\n"
            f"      attributes:\n        plan: [{version}, x{i}]\n"
            for i in range(PER_FILE))
        (specs / f"file{f:02d}.yaml").write_text("segments:\n" + body, "utf-8")


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != emit.LOCK}


def run_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "segmentgen", "build", "--no-lint"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_build_killed_at_random_moments_leaves_old_or_new(tmp_path: Path) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    write_specs(specs, "old", skip=FILES - 1)
    assert run_build(tmp_path).wait() == 0
    old = snapshot(out)
    write_specs(specs, "new", skip=0)
    assert run_build(tmp_path).wait() == 0
    new = snapshot(out)
    assert old.keys() != new.keys()
    randomness = random.Random(7)
    outcomes = set()
    for _ in range(12):
        write_specs(specs, "old", skip=FILES - 1)
        assert api.build(BuildOptions(specs, out, lint=False)).ok
        write_specs(specs, "new", skip=0)
        started = time.monotonic()
        process = run_build(tmp_path)
        time.sleep(randomness.uniform(0.25, 0.75))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with emit.locked(out):
            emit.recover(out)
        after = snapshot(out)
        assert after in (old, new), f"mixed output after a kill at {time.monotonic() - started}s"
        outcomes.add("new" if after == new else "old")
        assert not list(out.rglob(f"*{emit.TEMP_SUFFIX}"))
        assert run_build(tmp_path).wait() == 0
        assert snapshot(out) == new
    assert outcomes, "no kill landed"


OLD_TREE = {"a.json": b"old a\n", "same.json": b"same\n", "gone.json": b"gone\n",
            "sub/b.json": b"old b\n", "x.json": b"becomes a directory\n"}
NEW_TREE = {"a.json": b"new a\n", "same.json": b"same\n", "new/deep/c.json": b"new c\n",
            "x.json/y.json": b"new y\n"}
USER_FILES = {"notes.segmentgen-tmp": b"mine\n", f"a.json{emit.TEMP_SUFFIX}": b"mine too\n"}


def with_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    listed = sorted([*files, emit.MANIFEST])
    manifest = {"version": 1, "stacks": [], "files": listed}
    return {**files, emit.MANIFEST: json.dumps(manifest).encode("utf-8")}


def old_output(out: Path) -> dict[str, bytes]:
    """out/ as the previous build left it, with files of the user's beside it."""
    emit.write_output(with_manifest(OLD_TREE), out)
    for name, data in USER_FILES.items():
        (out / name).write_bytes(data)
    return snapshot(out)


def test_kill_at_every_step_is_undone_before_the_commit_and_finished_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = with_manifest(NEW_TREE)
    old_output(tmp_path / "count")
    with faults(monkeypatch, tmp_path / "count") as counted:
        emit.write_output(new, tmp_path / "count")
    expected_new = snapshot(tmp_path / "count")
    outcomes = []
    for step in range(1, counted.steps + 1):
        out = tmp_path / f"kill-{step}"
        old = old_output(out)
        with faults(monkeypatch, out, at=step, kill=True), pytest.raises(Killed):
            emit.write_output(new, out)
        with emit.locked(out):
            assert emit.recover(out) == []
        after = snapshot(out)
        assert after in (old, expected_new), f"mixed output after a kill at step {step}"
        assert not emit.interrupted(out), f"journal or temporary files left at step {step}"
        outcomes.append("new" if after == expected_new else "old")
        emit.write_output(new, out)
        assert snapshot(out) == expected_new
    assert "old" in outcomes and "new" in outcomes
    assert outcomes == sorted(outcomes, key=["old", "new"].index), "old after new: " + \
        " ".join(outcomes)


@pytest.mark.parametrize("fail_at", [1, 2, 5, 40])
def test_disk_full_leaves_out_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        fail_at: int) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    write_specs(specs, "old", skip=FILES - 1)
    assert api.build(BuildOptions(specs, out, lint=False)).ok
    before = snapshot(out)
    write_specs(specs, "new", skip=0)
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] >= fail_at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data[: max(1, len(data) // 2)])

    monkeypatch.setattr(os, "write", full_disk)
    result = api.build(BuildOptions(specs, out, lint=False))
    monkeypatch.undo()
    assert [d.code for d in result.diagnostics] == ["SG402"]
    assert "No space left on device" in result.diagnostics[0].message
    assert snapshot(out) == before
    assert not list(out.rglob(f"*{emit.TEMP_SUFFIX}"))
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == []


def test_disk_full_exits_3_with_sg402(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    write_specs(specs, "new")
    script = ("import errno, os, sys\n"
              "def full(fd, data): raise OSError(errno.ENOSPC, 'No space left on device')\n"
              "os.write = full\n"
              "from segmentgen.cli import main\n"
              "sys.argv = ['segmentgen', 'build', '--no-lint']\n"
              "main()\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 3, done.stderr
    assert "SG402" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(tmp_path / "out") == {}


def test_second_build_while_locked_is_sg404(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    write_specs(specs, "new")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
         "from segmentgen.emit import write as emit\nwith emit.locked(Path('out')):\n"
         "    print('locked', flush=True)\n    time.sleep(30)\n"],
        cwd=tmp_path, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        done = subprocess.run([sys.executable, "-m", "segmentgen", "build", "--no-lint"],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 3
    assert "SG404 another segmentgen build is writing this directory" in done.stderr
    assert snapshot(tmp_path / "out") == {}


def test_two_concurrent_builds_do_not_corrupt_output(tmp_path: Path) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    write_specs(specs, "new")
    assert api.build(BuildOptions(specs, tmp_path / "expected", lint=False)).ok
    expected = snapshot(tmp_path / "expected")
    first, second = run_build(tmp_path), run_build(tmp_path)
    codes = sorted([first.wait(), second.wait()])
    assert codes in ([0, 0], [0, 3])
    if codes == [0, 3]:
        loser = first if first.returncode == 3 else second
        assert loser.stderr is not None and b"SG404" in loser.stderr.read()
    assert snapshot(out) == expected


def _alive_in_group(group: int) -> list[int]:
    """Processes of a process group that still run (zombies have ended)."""
    alive = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # state, parent, group, ...
        if len(fields) > 2 and int(fields[2]) == group and fields[0] not in ("Z", "X"):
            alive.append(int(entry.name))
    return alive


def _wait_for(predicate: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def _kill_and_wait_for_group(process: subprocess.Popen[bytes]) -> list[int]:
    """SIGKILL the build only, then wait (bounded) for its workers to go by themselves;
    return any left, after killing them."""
    process.send_signal(signal.SIGKILL)
    process.wait()
    _wait_for(lambda: not _alive_in_group(process.pid), 30)
    left = _alive_in_group(process.pid)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_build_killed_while_linting_leaves_no_worker(tmp_path: Path) -> None:
    write_specs(tmp_path / "specs", "new")
    process = subprocess.Popen([sys.executable, "-m", "segmentgen", "build"], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # its own group: the build's pid
    try:
        started = _wait_for(lambda: len(_alive_in_group(process.pid)) > 1
                            or process.poll() is not None, 120)
        if process.poll() is not None:
            pytest.skip("the build started no lint worker on this machine")
        assert started
    finally:
        left = _kill_and_wait_for_group(process)
    assert left == [], "lint workers outlived the killed build"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_lint_pool_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = ("import sys, time\nfrom segmentgen.lint.runner import open_pool\n"
              "pool = open_pool(2)\npool.submit(int).result()\n"
              "print('ready', flush=True)\ntime.sleep(600)\n")
    process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path,
                               stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        assert len(_alive_in_group(process.pid)) >= 3  # the parent and two workers
    finally:
        left = _kill_and_wait_for_group(process)
    assert left == [], "pool workers outlived their parent"
