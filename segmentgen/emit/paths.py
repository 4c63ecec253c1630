"""Output paths: which relative paths segmentgen may write, read or remove under ``out/``.

Input: a path relative to the output directory (POSIX separators), or the output directory
and such a path. Output: why the path is unsafe on Linux, macOS or Windows (or None), the
path as case-insensitive file systems see it, and whether a path, with every symlink
followed, stays inside the output directory. Every path that comes from a manifest, a
journal or a cache entry passes these checks before it is acted on.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
UNSAFE = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')
MAX_NAME_BYTES = 255


def check_path(relative: str) -> str | None:
    """Why an output path is unsafe on Linux, macOS or Windows, or None."""
    if not relative or relative.startswith("/") or "\x00" in relative:
        return "absolute or empty path"
    for part in relative.split("/"):
        reason = _check_part(part)
        if reason:
            return reason
    return None


def _check_part(part: str) -> str | None:
    if part in ("", ".", ".."):
        return f"path part {part!r} would leave the output directory"
    if UNSAFE.search(part):
        return f"path part {part!r} has characters Windows does not allow"
    if RESERVED.match(part):
        return f"path part {part!r} is a reserved name on Windows"
    if part.endswith((".", " ")):
        return f"path part {part!r} ends with a dot or space"
    try:
        size = len(part.encode("utf-8"))
    except UnicodeEncodeError:
        return f"path part {part!r} is not valid text"
    if size > MAX_NAME_BYTES:
        return f"path part of {size} bytes; at most {MAX_NAME_BYTES}"
    return None


def is_output_path(value: object) -> bool:
    """Whether untrusted data is a safe relative output path."""
    return isinstance(value, str) and check_path(value) is None


def folded(relative: str) -> str:
    """The path as case-insensitive, normalising file systems (macOS, Windows) see it."""
    return unicodedata.normalize("NFC", relative).casefold()


def real(path: Path) -> Path:
    """The path with every symlink followed; a symlink loop does not raise."""
    return Path(os.path.realpath(path))


def stays_inside(out_dir: Path, relative: str) -> bool:
    """Whether the directory of out_dir/relative, symlinks followed, lies in out_dir."""
    return real((out_dir / relative).parent).is_relative_to(real(out_dir))
