"""Emit stage: plan output files, compare them with ``out/``, write them safely.

Input: a mapping from output path (relative, POSIX) to bytes, and the output directory.
Output: ``Changes`` (added, changed, removed, unchanged paths), unified diffs, and writes.
A write puts every new file next to its target as a temporary file (fsync), records the
pending renames in a journal, renames, then removes stale files; a build interrupted at any
point leaves ``out/`` as it was or, at the next run, completed. A write that fails before the
journal exists (a full disk) removes its temporary files and directories and leaves ``out/``
as it was. Stale files are those the
previous build's manifest listed, so a file segmentgen never wrote is never removed.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from segmentgen.diagnostics import Diagnostic

MANIFEST = "manifest.json"
JOURNAL = ".segmentgen-journal.json"
LOCK = ".segmentgen.lock"
TEMP_SUFFIX = ".segmentgen-tmp"
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
UNSAFE = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')
MAX_NAME_BYTES = 255


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
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            return f"path part of {len(part.encode('utf-8'))} bytes; at most {MAX_NAME_BYTES}"
    return None


def folded(relative: str) -> str:
    """The path as case-insensitive, normalising file systems (macOS, Windows) see it."""
    return unicodedata.normalize("NFC", relative).casefold()


def check_plan(files: Mapping[str, bytes], origin: Mapping[str, str]) -> list[Diagnostic]:
    """Unsafe paths and paths that collide on case-insensitive file systems (SG401)."""
    problems = []
    seen: dict[str, str] = {}
    for path in sorted(files):
        source = origin.get(path, path)
        reason = check_path(path)
        if reason:
            problems.append(Diagnostic(source, 1, 1, "SG401", f"output path {path!r}: {reason}",
                                       hint="rename the spec file"))
            continue
        other = seen.setdefault(folded(path), path)
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
    chunks: list[str] = []
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
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            _lock(fd)
        except OSError:
            raise LockedError(str(out_dir)) from None
        yield
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    """Take the lock without waiting; the OS drops it if the process dies."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def recover(out_dir: Path) -> None:
    """Finish the renames of an interrupted write, and drop temporary files left behind."""
    journal = out_dir / JOURNAL
    if journal.is_file():
        try:
            pending = json.loads(journal.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            pending = {}
        _apply(out_dir, pending if isinstance(pending, dict) else {})
        journal.unlink()
    for temp in out_dir.rglob(f"*{TEMP_SUFFIX}"):
        temp.unlink(missing_ok=True)


def write_tree(files: Mapping[str, bytes], out_dir: Path, changes: Changes) -> None:
    """Write the added and changed files, then remove the stale ones, as one unit."""
    out_dir.mkdir(parents=True, exist_ok=True)
    root = _real(out_dir)
    temps: list[Path] = []
    created: list[Path] = []
    journal = out_dir / JOURNAL
    temp_journal = journal.with_name(JOURNAL + TEMP_SUFFIX)
    try:
        for path in [*changes.added, *changes.changed]:
            target = out_dir / path
            created.extend(_make_parents(target.parent, out_dir))
            if not _real(target.parent).is_relative_to(root):
                raise OSError(f"{path}: its directory leads outside {out_dir}")
            temp = target.with_name(target.name + TEMP_SUFFIX)
            temps.append(temp)
            _write_new(temp, files[path])
        pending = {"rename": [*changes.added, *changes.changed], "remove": changes.removed}
        temps.append(temp_journal)
        _write_new(temp_journal, json.dumps(pending).encode("utf-8"))
        os.replace(temp_journal, journal)
    except BaseException:
        for temp in temps:
            temp.unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    _apply(out_dir, pending)
    journal.unlink()
    _fsync_dir(out_dir)


def _make_parents(folder: Path, stop: Path) -> list[Path]:
    """Create folder and its missing parents below stop; the ones created, outermost first."""
    missing = []
    while folder != stop and not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for part in reversed(missing):
        part.mkdir(exist_ok=True)
    return list(reversed(missing))


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file (never through a symlink), every byte, and fsync it."""
    path.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _apply(out_dir: Path, pending: Mapping[str, object]) -> None:
    root = _real(out_dir)
    renames, removals = pending.get("rename"), pending.get("remove")
    for path in renames if isinstance(renames, list) else []:
        if not isinstance(path, str) or check_path(path):
            continue
        target = out_dir / path
        temp = target.with_name(target.name + TEMP_SUFFIX)
        if temp.is_file() and _real(target.parent).is_relative_to(root):
            os.replace(temp, target)
    for path in removals if isinstance(removals, list) else []:
        if not isinstance(path, str) or check_path(path):
            continue
        target = out_dir / path
        if not _real(target).is_relative_to(root):
            continue
        target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, out_dir)


def _real(path: Path) -> Path:
    """The path with every symlink followed; a symlink loop does not raise."""
    return Path(os.path.realpath(path))


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
