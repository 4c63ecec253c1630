"""The build lock: one writing build per output directory at a time.

Input: the output directory. Output: a context manager that holds an exclusive lock for
the length of a write, or raises ``LockedError`` at once when another build holds it. The
lock is a file ``.segmentgen.lock`` in the output directory that exists only while a build
writes: it is removed before the lock is let go, so it never lingers in ``out/`` for a
``git add -A`` to pick up (a killed build leaves it; the next build, even one with nothing
to write, takes it over and removes it). A build that finds the file replaced or removed
after locking it locks again, so two builds never both hold it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

LOCK = ".segmentgen.lock"


class LockedError(Exception):
    pass


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """An exclusive lock on the output directory for the length of a build."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK
    fd = _acquire(path)
    try:
        yield
    finally:
        _release(fd, path)


def _acquire(path: Path) -> int:
    """Open, lock and check that the file is still the one at path (a releasing build
    removes it between our open and our lock)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise LockedError(str(path.parent)) from None
        if _same_file(fd, path):
            return fd
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        current = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino)


def _release(fd: int, path: Path) -> None:
    """Remove the lock file while holding the lock, then let go (Windows: the other way)."""
    try:
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
    finally:
        os.close(fd)
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _lock(fd: int) -> None:
    """Take the lock without waiting; the OS drops it if the process dies."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
