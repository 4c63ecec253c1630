"""Write the files of one edit as one change: every file changes, or none does.

Input: (path, text) pairs, such as a spec file and ``segmentgen.yaml`` for ``delete``, or the
new spec files of an ``import``. Output: the files written; an ``OSError`` when that failed,
and then every file is as it was. Each new text is first written to a temporary file beside
its target and fsynced, and each existing target is copied aside the same way; only then are
the temporary files renamed over their targets. When a rename fails, the targets already
replaced get their old text back and new files are removed. A symlink is written through, to
the file it names.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Staged:
    """One target with its new text in ``temp`` and, if it existed, its old one in
    ``backup``."""

    path: Path
    temp: Path
    backup: Path | None


def _mode(path: Path) -> int:
    """The permission bits of an existing file, else what a new file gets under the umask."""
    if path.exists():
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary(path: Path, data: bytes, mode: int) -> Path:
    """``data`` in a new fsynced file beside ``path``."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(temp, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def _stage(target: Path, text: str, staged: list[Staged]) -> None:
    path = Path(os.path.realpath(target)) if target.is_symlink() else target
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode(path)
    backup = _temporary(path, path.read_bytes(), mode) if path.exists() else None
    try:
        temp = _temporary(path, text.encode("utf-8"), mode)
    except BaseException:
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    staged.append(Staged(path, temp, backup))


def _undo(done: Sequence[Staged]) -> set[Path]:
    """Give the replaced targets their old text back and remove the new files; the copies
    that could not be put back are returned, to be kept rather than removed."""
    kept = set()
    for item in reversed(done):
        try:
            if item.backup is not None:
                os.replace(item.backup, item.path)
            else:
                item.path.unlink(missing_ok=True)
        except OSError:
            if item.backup is not None:
                kept.add(item.backup)
    return kept


def _remove(paths: Sequence[Path | None]) -> None:
    """Remove temporary files, as far as possible: the edit itself is done (or undone)."""
    for path in paths:
        try:
            if path is not None:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def write_files(files: Sequence[tuple[Path, str]]) -> None:
    """Write every (path, text) of ``files``, all or none (see the module docstring)."""
    staged: list[Staged] = []
    done = 0
    kept: set[Path] = set()
    try:
        for path, text in files:
            _stage(path, text, staged)
        for item in staged:
            os.replace(item.temp, item.path)
            done += 1
    except BaseException:
        kept = _undo(staged[:done])
        raise
    finally:
        _remove([*(item.temp for item in staged[done:]),
                 *(item.backup for item in staged if item.backup not in kept)])
