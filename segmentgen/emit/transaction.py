"""Writing ``out/`` as one transaction, and recovering one that was interrupted.

Input: the planned files (relative path -> bytes), the output directory and the changes
(added, changed, removed paths). Output: the files written, or an ``OSError`` with
``out/`` exactly as it was. Steps: check that every target can be written (no file where a
directory must go, no directory where a file must go, no symlink leading outside), record
the journal (phase ``prepare``), create directories and write every new file beside its
target as a temporary file (fsync), move each old file aside and the new one in, move
removed files aside, then rewrite the journal in phase ``commit``: the commit point. A
failure before it puts every old file back and removes what the write created; after it,
the old files and the journal are deleted. ``recover`` does the same for a build that was
killed: it undoes a ``prepare`` journal and finishes a ``commit`` one (an empty journal is
a write killed before it began), and it ignores (with a notice) a journal that is damaged,
acting only on files its own journal names.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.jsonfile import DamagedFile, decode, read_bytes
from segmentgen.emit.journal import (
    ADDED,
    JOURNAL,
    MAX_BYTES,
    NEW,
    NEXT,
    OLD,
    REMOVED,
    TEMP_NAME,
    Journal,
    parse_journal,
)
from segmentgen.emit.lock import LOCK
from segmentgen.emit.paths import real, stays_inside


def write(files: Mapping[str, bytes], out_dir: Path, added: Sequence[str],
          changed: Sequence[str], removed: Sequence[str]) -> None:
    """Write the added and changed files and remove the stale ones, all or nothing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    journal = plan(files, out_dir, added, changed, removed)
    _write_new(out_dir / JOURNAL, journal.to_bytes())
    try:
        _prepare(out_dir, journal, files)
        _swap(out_dir, journal)
        _commit(out_dir, journal)
    except BaseException as error:
        _undo_after(error, out_dir, journal)
        raise
    with contextlib.suppress(OSError):  # the write is done; the next build tidies up
        finish(out_dir, journal.committed())


def plan(files: Mapping[str, bytes], out_dir: Path, added: Sequence[str],
         changed: Sequence[str], removed: Sequence[str]) -> Journal:
    """The journal of a write, after checking that every target can be written."""
    removing = [path for path in removed if stays_inside(out_dir, path)]
    dirs: list[str] = []
    for path in [*added, *changed]:
        _check_target(out_dir, path, dirs, set(removing))
    return Journal(secrets.token_hex(8), "prepare",
                   tuple((path, _digest(files[path])) for path in added), tuple(changed),
                   tuple(removing), tuple(dirs))


def _check_target(out_dir: Path, path: str, dirs: list[str], removing: set[str]) -> None:
    """Collect the directories of path to create; refuse files and links in the way
    (a file this write removes makes way for a directory)."""
    parts = path.split("/")
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        full = out_dir / folder
        if folder in dirs:
            continue
        if not os.path.lexists(full) or (folder in removing and not full.is_dir()):
            dirs.append(folder)
            continue
        if not full.is_dir():
            raise OSError(errno.ENOTDIR, "a file is where a directory must go", str(full))
        if not real(full).is_relative_to(real(out_dir)):
            raise OSError(errno.EXDEV, "a symlinked directory leads outside the output "
                          "directory", str(full))
    if (out_dir / path).is_dir():
        raise OSError(errno.EISDIR, "a directory is where a file must go", str(out_dir / path))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _prepare(out_dir: Path, journal: Journal, files: Mapping[str, bytes]) -> None:
    """Removed files that are in the way of a directory go aside first; then the new
    directories, then every new file as a temporary file."""
    for index, path in enumerate(journal.remove):
        if path in journal.dirs:
            os.replace(out_dir / path, out_dir / journal.temp(REMOVED, index, path))
    for folder in journal.dirs:
        (out_dir / folder).mkdir()
    for index, (path, _) in enumerate(journal.add):
        _write_new(out_dir / journal.temp(ADDED, index, path), files[path])
    for index, path in enumerate(journal.replace):
        _write_new(out_dir / journal.temp(NEW, index, path), files[path])


def _swap(out_dir: Path, journal: Journal) -> None:
    """Old files aside, new files in: every step can be undone from the journal."""
    for index, path in enumerate(journal.replace):
        os.replace(out_dir / path, out_dir / journal.temp(OLD, index, path))
        os.replace(out_dir / journal.temp(NEW, index, path), out_dir / path)
    for index, (path, _) in enumerate(journal.add):
        os.replace(out_dir / journal.temp(ADDED, index, path), out_dir / path)
    for index, path in enumerate(journal.remove):
        if path not in journal.dirs and os.path.lexists(out_dir / path):
            os.replace(out_dir / path, out_dir / journal.temp(REMOVED, index, path))
    for folder in sorted({(out_dir / path).parent for path in _touched(journal)}):
        _fsync_dir(folder)


def _touched(journal: Journal) -> list[str]:
    return [path for path, _ in journal.add] + [*journal.replace, *journal.remove]


def _commit(out_dir: Path, journal: Journal) -> None:
    """The commit point: the journal says ``commit`` once every new file is in place."""
    temp = out_dir / journal.temp(NEXT, 0)
    _write_new(temp, journal.committed().to_bytes())
    os.replace(temp, out_dir / JOURNAL)


def _undo_after(error: BaseException, out_dir: Path, journal: Journal) -> None:
    """Undo a failed write; if that fails too, say so (the next build undoes the rest)."""
    try:
        undo(out_dir, journal)
    except OSError as second:
        if isinstance(error, OSError):
            error.strerror = (f"{error.strerror}; putting the old files back failed too "
                              f"({second.strerror or second}); the next build finishes it")


def undo(out_dir: Path, journal: Journal) -> None:
    """Put every old file back and remove what the write created: out/ as it was."""
    for index, path in enumerate(journal.replace):
        _move_back(out_dir / journal.temp(OLD, index, path), out_dir / path)
    for index, (path, digest) in enumerate(journal.add):
        moved_in = not os.path.lexists(out_dir / journal.temp(ADDED, index, path))
        if moved_in and _holds(out_dir / path, digest):
            (out_dir / path).unlink()
    _drop_temps(out_dir, journal, (ADDED, NEW, NEXT))
    for folder in reversed(journal.dirs):
        with contextlib.suppress(OSError):  # only empty ones go
            (out_dir / folder).rmdir()
    for index, path in enumerate(journal.remove):
        _move_back(out_dir / journal.temp(REMOVED, index, path), out_dir / path)
    (out_dir / JOURNAL).unlink(missing_ok=True)


def _move_back(saved: Path, target: Path) -> None:
    if os.path.lexists(saved):
        os.replace(saved, target)


def _holds(path: Path, digest: str) -> bool:
    """Whether path is a regular file (not a link) with exactly the content hashed."""
    try:
        return _digest(read_bytes(path, MAX_BYTES, follow=False)) == digest
    except (FileNotFoundError, DamagedFile):
        return False


def finish(out_dir: Path, journal: Journal) -> None:
    """Delete the old files of a committed write, its empty directories and the journal."""
    _drop_temps(out_dir, journal)
    for path in journal.remove:
        _remove_empty_parents((out_dir / path).parent, out_dir)
    (out_dir / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(out_dir)


def _drop_temps(out_dir: Path, journal: Journal,
                kinds: Sequence[str] = (ADDED, NEW, OLD, REMOVED, NEXT)) -> None:
    for kind, temp in journal.temps():
        if kind in kinds and os.path.lexists(out_dir / temp):
            (out_dir / temp).unlink()


def recover(out_dir: Path) -> list[Diagnostic]:
    """Undo or finish the write a killed build left; a damaged journal gets a notice."""
    path = out_dir / JOURNAL
    try:
        data = read_bytes(path, MAX_BYTES, follow=False)
        journal = parse_journal(decode(data), out_dir) if data else None
    except FileNotFoundError:
        return []
    except DamagedFile as error:
        with contextlib.suppress(OSError):
            path.unlink()
        return [damaged_journal(path, str(error))]
    if journal is None:  # killed before the journal was written: nothing else was
        path.unlink()
        return []
    if journal.phase == "commit":
        finish(out_dir, journal)
    else:
        undo(out_dir, journal)
    return []


def damaged_journal(path: Path, reason: str) -> Diagnostic:
    return Diagnostic(
        path.as_posix(), 1, 1, codes.SG405, f"journal of an interrupted build is damaged "
        f"({reason}); ignored and removed, no file it names was touched", Severity.NOTICE,
        "check the output directory; delete any '.sg-*.segmentgen-tmp' file left in it")


def interrupted(out_dir: Path) -> bool:
    """Whether a write was left unfinished, or is under way: a journal, a lock file or
    temporary files of a write."""
    if os.path.lexists(out_dir / JOURNAL) or os.path.lexists(out_dir / LOCK):
        return True
    return any(TEMP_NAME.fullmatch(name)
               for _, _, names in os.walk(out_dir) for name in names)


def _write_new(path: Path, data: bytes) -> None:
    """Create a file (never through a symlink, never over one), write it whole, fsync it;
    a file that cannot be written whole is removed again."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


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
