"""File-system faults for tests: an error, or the death of the process, at the n-th change.

Input: a directory to watch and a step number. Output: a context manager under which every
change to the file system inside that directory (creating or opening a file for writing,
writing to it, renaming, removing, creating or removing a directory) is counted; at step n
it raises an ``OSError`` (EIO) once, or, for a kill, ``Killed`` there and at every later
change, so that nothing, not even clean-up code, changes the disk after the moment of death.
``only`` counts one kind of change (``"replace"``, ``"open"``...); ``every`` fails them all
with EROFS, as a read-only file system does.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PATH_CALLS = ("replace", "rename", "unlink", "mkdir", "rmdir")


class Killed(BaseException):
    """The process died at this step."""


class Faults:
    def __init__(self, root: Path, at: int | None, kill: bool, only: str | None,
                 every: bool) -> None:
        self.root = os.path.abspath(root)
        self.at, self.kill, self.only, self.every = at, kill, only, every
        self.steps = 0
        self.dead = False
        self.fds: set[int] = set()

    def step(self, kind: str) -> None:
        if self.only is not None and kind != self.only:
            return
        self.steps += 1
        if self.dead:
            raise Killed
        if self.every:
            raise OSError(errno.EROFS, "read-only file system")
        if self.steps == self.at:
            if self.kill:
                self.dead = True
                raise Killed
            raise OSError(errno.EIO, "injected input/output error")

    def watched(self, path: Any) -> bool:
        return isinstance(path, (str, Path)) and os.path.abspath(path).startswith(self.root)


def _wrap_path_call(faults: Faults, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        if any(faults.watched(arg) for arg in args[:2]):
            faults.step(name)
        return real(*args, **kwargs)
    return call


@contextlib.contextmanager
def faults(monkeypatch: pytest.MonkeyPatch, root: Path, at: int | None = None,
           kill: bool = False, only: str | None = None, every: bool = False) -> Iterator[Faults]:
    """Count (and, at step ``at``, break) the changes to the file system under root."""
    state = Faults(root, at, kill, only, every)
    real_open, real_write, real_close = os.open, os.write, os.close

    def opened(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        watched = state.watched(path) and flags & WRITE_FLAGS
        if watched:
            state.step("open")
        fd = real_open(path, flags, *args, **kwargs)
        if watched:
            state.fds.add(fd)
        return fd

    def written(fd: int, data: Any) -> int:
        if fd in state.fds:
            state.step("write")
        return real_write(fd, data)

    def closed(fd: int) -> None:
        state.fds.discard(fd)
        real_close(fd)

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", opened)
        patch.setattr(os, "write", written)
        patch.setattr(os, "close", closed)
        for name in PATH_CALLS:
            patch.setattr(os, name, _wrap_path_call(state, name, getattr(os, name)))
        yield state
