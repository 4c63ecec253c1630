"""Emit stage: plan output files, compare them with ``out/``, write them safely.

Input: a mapping from output path (relative, POSIX) to bytes, and the output directory.
Output: ``Changes`` (added, changed, removed, unchanged paths), unified diffs, and writes.
A write puts every new file next to its target as a temporary file (fsync), records the
pending renames in a journal, renames, then removes stale files; a build interrupted at any
point leaves ``out/`` as it was or, at the next run, completed. Stale files are those the
previous build's manifest listed, so a file segmentgen never wrote is never removed.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from segmentgen.diagnostics import Diagnostic

MANIFEST = "manifest.json"
JOURNAL = ".segmentgen-journal.json"
LOCK = ".segmentgen.lock"
TEMP_SUFFIX = ".segmentgen-tmp"
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
UNSAFE = re.compile(r'[<>:"|?*\\\x00-\x1f]')


@dataclass(slots=True)
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def check_path(relative: str) -> str | None:
    """Why an output path is unsafe on Linux, macOS or Windows, or None."""
    if not relative or relative.startswith("/") or "\x00" in relative:
        return "absolute or empty path"
    for part in relative.split("/"):
        if part in ("", ".", ".."):
            return f"path part {part!r} would leave the output directory"
        if UNSAFE.search(part):
            return f"path part {part!r} has characters Windows does not allow"
        if RESERVED.match(part):
            return f"path part {part!r} is a reserved name on Windows"
        if part.endswith((".", " ")):
            return f"path part {part!r} ends with a dot or space"
    return None


def check_plan(files: Mapping[str, bytes], origin: Mapping[str, str]) -> list[Diagnostic]:
    """Unsafe paths and paths that collide on case-insensitive file systems (SG401)."""
    problems = []
    folded: dict[str, str] = {}
    for path in sorted(files):
        source = origin.get(path, path)
        reason = check_path(path)
        if reason:
            problems.append(Diagnostic(source, 1, 1, "SG401", f"output path {path!r}: {reason}",
                                       hint="rename the spec file"))
            continue
        other = folded.setdefault(path.casefold(), path)
        if other != path:
            problems.append(Diagnostic(source, 1, 1, "SG401", f"output path {path!r} collides "
                                       f"with {other!r} on case-insensitive file systems",
                                       hint="rename one of the spec files"))
    return problems


def previous_files(out_dir: Path) -> set[str]:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    return {p for p in listed if isinstance(p, str) and not check_path(p)} if listed else set()


def compare(files: Mapping[str, bytes], out_dir: Path) -> Changes:
    changes = Changes()
    for path in sorted(files):
        try:
            current = (out_dir / path).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            changes.added.append(path)
            continue
        (changes.unchanged if current == files[path] else changes.changed).append(path)
    for path in sorted(previous_files(out_dir) - set(files)):
        if (out_dir / path).is_file():
            changes.removed.append(path)
    return changes


def unified_diff(files: Mapping[str, bytes], out_dir: Path, changes: Changes) -> str:
    chunks = []
    for path in [*changes.added, *changes.changed, *changes.removed]:
        old = _text(out_dir / path)
        new = files[path].decode("utf-8") if path in files else ""
        chunks.extend(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            f"a/{path}", f"b/{path}"))
    return "".join(chunks)


def _text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


class LockedError(Exception):
    pass


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """An exclusive lock on the output directory for the length of a build."""
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    handle = open(out_dir / LOCK, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise LockedError(str(out_dir)) from None
        yield
    finally:
        handle.close()


def recover(out_dir: Path) -> None:
    """Finish the renames of an interrupted write, and drop temporary files left behind."""
    journal = out_dir / JOURNAL
    if journal.is_file():
        try:
            pending = json.loads(journal.read_text("utf-8"))
        except ValueError:
            pending = {}
        _apply(out_dir, pending)
        journal.unlink()
    for temp in out_dir.rglob(f"*{TEMP_SUFFIX}"):
        temp.unlink(missing_ok=True)


def write_tree(files: Mapping[str, bytes], out_dir: Path, changes: Changes) -> None:
    root = out_dir.resolve()
    renames = []
    for path in [*changes.added, *changes.changed]:
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.parent.resolve().is_relative_to(root):
            raise OSError(f"{path}: its directory leads outside {out_dir}")
        temp = target.with_name(target.name + TEMP_SUFFIX)
        with open(temp, "wb") as handle:
            handle.write(files[path])
            handle.flush()
            os.fsync(handle.fileno())
        renames.append(path)
    pending = {"rename": renames, "remove": changes.removed}
    journal = out_dir / JOURNAL
    temp_journal = journal.with_name(JOURNAL + TEMP_SUFFIX)
    temp_journal.write_text(json.dumps(pending), "utf-8")
    os.replace(temp_journal, journal)
    _apply(out_dir, pending)
    journal.unlink()
    _fsync_dir(out_dir)


def _apply(out_dir: Path, pending: Mapping[str, list[str]]) -> None:
    root = out_dir.resolve()
    for path in pending.get("rename", []):
        if check_path(path):
            continue
        target = out_dir / path
        temp = target.with_name(target.name + TEMP_SUFFIX)
        if temp.exists():
            os.replace(temp, target)
    for path in pending.get("remove", []):
        target = out_dir / path
        if check_path(path) or not target.resolve().is_relative_to(root):
            continue
        target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, out_dir)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
