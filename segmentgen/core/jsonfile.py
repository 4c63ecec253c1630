"""The canonical JSON writer, and reading JSON that segmentgen wrote earlier (manifests,
journals, cache entries).

Writing: ``canonical_text`` / ``canonical_bytes`` of a JSON value are the one format of every
JSON file and report segmentgen writes for people and diffs (templates, manifest, deploy
artifacts, import jobs, reports, the plug-in schema): sorted keys, two-space indent, LF,
a trailing newline, UTF-8 without escapes. Reading: input is a file path or bytes, and a size
limit; output is the decoded JSON value. What
segmentgen wrote earlier is untrusted input: a file that is missing raises
``FileNotFoundError``; one that is not a regular file (a directory, a FIFO, a symlink when
symlinks are refused), larger than the limit, not JSON, or nested too deeply to decode
raises ``DamagedFile`` with the reason. Nothing else escapes.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024


def canonical_text(data: object) -> str:
    """``data`` as canonical JSON text: sorted keys, two-space indent, no ASCII escapes,
    LF line ends and a trailing newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def canonical_bytes(data: object) -> bytes:
    """``canonical_text`` encoded as UTF-8."""
    return canonical_text(data).encode("utf-8")


class DamagedFile(ValueError):
    """A file that exists but does not hold what segmentgen writes; the message says why."""


def read_bytes(path: Path, limit: int = MAX_BYTES, *, follow: bool = True) -> bytes:
    """At most ``limit`` bytes of a regular file, never blocking on a FIFO or device."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            raise FileNotFoundError(errno.ENOENT, "no such file", str(path)) from None
        raise DamagedFile(_open_problem(error)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DamagedFile("not a regular file")
        return _read_limited(fd, limit)
    finally:
        os.close(fd)


def _open_problem(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symbolic link"
    return error.strerror or str(error)


def _read_limited(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        except OSError as error:
            raise DamagedFile(error.strerror or str(error)) from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise DamagedFile(f"larger than {limit} bytes")


def decode(data: bytes) -> object:
    """The JSON value of data, or DamagedFile (not JSON, not UTF-8, nested too deeply)."""
    try:
        return json.loads(data)
    except RecursionError:
        raise DamagedFile("nested too deeply") from None
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise DamagedFile(f"not JSON: {error}") from None


def read_json(path: Path, limit: int = MAX_BYTES, *, follow: bool = True) -> object:
    """The JSON value in a file; FileNotFoundError when absent, DamagedFile when wrong."""
    return decode(read_bytes(path, limit, follow=follow))


def is_text(value: object) -> bool:
    """Whether decoded JSON is a string that can be written back as UTF-8 (JSON allows
    lone surrogates such as "\\ud800"; files and terminals do not)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_json_or_none(path: Path, limit: int = MAX_BYTES) -> object:
    """The JSON value in a file, or None when it is absent or damaged in any way."""
    try:
        return read_json(path, limit)
    except (FileNotFoundError, DamagedFile):
        return None
