"""Planned output paths as one tree: can every planned file exist at once, and be created?

Input: the planned files (relative POSIX path -> bytes), the spec file each path comes from
(``origin``; a path without one names itself) and the previous output (``emit.output.Output``
of the output directory). Output: SG401
diagnostics, positioned at the spec file that causes each, found before anything is linted
or written:

- a path that would leave ``out/`` or is unsafe on Windows (``emit.check_path``), and two
  paths that are one on case-insensitive, normalising file systems (macOS, Windows);
- a planned file whose path is a directory that another planned file needs (``a.json`` and
  ``a.json/b.json``; an environment named ``manifest.json``), compared the same way;
- a directory in ``out/`` that segmentgen did not write where a file must go, or such a
  file where a directory must go (what an earlier build wrote is segmentgen's to replace);
- a whole path (the output directory's included, with room for the temporary file written
  beside it) longer than the file system allows: ``PC_PATH_MAX``, else 4096 bytes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.emit import write as emit
from segmentgen.emit.output import Output

DEFAULT_PATH_MAX = 4096
# A temporary file beside its target has a path at most this much longer than the target's.
TEMP_ROOM = 64
Problem = tuple[str, str, str]  # (planned path, reason, hint)


def check_tree(files: Mapping[str, bytes], origin: Mapping[str, str],
               previous: Output) -> list[Diagnostic]:
    """SG401 for planned paths that cannot all be written into the output directory."""
    paths = sorted(p for p in files if emit.check_path(p) is None)
    out_dir = previous.path
    problems = [*_unsafe(sorted(files)), *_prefix_collisions(paths, origin),
                *_too_long(paths, out_dir), *_in_the_way(paths, origin, previous)]
    return [Diagnostic(origin.get(path, path), 1, 1, codes.SG401, f"output path {path!r}: {reason}",
                       hint=hint) for path, reason, hint in problems]


def _unsafe(paths: list[str]) -> Iterator[Problem]:
    """Paths unsafe on some file system, and paths that are one where case is folded."""
    seen: dict[str, str] = {}
    for path in paths:
        reason = emit.check_path(path)
        if reason:
            yield path, reason, "rename the spec file"
            continue
        other = seen.setdefault(emit.folded(path), path)
        if other != path:
            yield (path, f"collides with {other!r} on case-insensitive file systems",
                   "rename one of the spec files")


def _prefix_collisions(paths: list[str], origin: Mapping[str, str]) -> Iterator[Problem]:
    """Planned files that sit where another planned file needs a directory; one finding
    per spec file and file in the way."""
    as_file = {emit.folded(path): path for path in paths}
    reported = set()
    for path in paths:
        parts, folded_parts = path.split("/"), emit.folded(path).split("/")
        depth = next((d for d in range(1, len(parts))
                      if "/".join(folded_parts[:d]) in as_file), None)
        if depth is None:
            continue
        other = as_file["/".join(folded_parts[:depth])]
        if (origin.get(path), other) not in reported:
            reported.add((origin.get(path), other))
            yield (path, f"needs the directory {'/'.join(parts[:depth])!r}, which is the "
                   f"output file {other!r}{_of(other, origin)}",
                   "rename the spec file, its directory or the environment: no output file "
                   "may be named like a directory of another")


def _of(path: str, origin: Mapping[str, str]) -> str:
    if path == emit.MANIFEST:
        return " (the manifest segmentgen writes)"
    source = origin.get(path)
    return f" of {source!r}" if source and source != path else ""


def _too_long(paths: list[str], out_dir: Path) -> Iterator[Problem]:
    """Whole paths the file system would refuse (ENAMETOOLONG); its limit counts the NUL."""
    limit = _path_max(out_dir) - 1 - TEMP_ROOM
    base = len(os.fsencode(os.path.abspath(out_dir))) + 1
    for path in paths:
        whole = base + len(path.encode("utf-8"))
        if whole > limit:
            yield (path, f"full path of {whole} bytes; the file system allows {limit} here "
                   f"({limit + 1 + TEMP_ROOM} less the terminating NUL and {TEMP_ROOM} bytes "
                   "for the temporary file)", "shorten the spec file's name, its directories' "
                   "names or the environment's name, or use a shorter --out")


def _path_max(out_dir: Path) -> int:
    """PC_PATH_MAX of the file system that holds (or will hold) out_dir."""
    folder = Path(os.path.abspath(out_dir))
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        limit = os.pathconf(folder, "PC_PATH_MAX")
    except (AttributeError, OSError, ValueError):
        return DEFAULT_PATH_MAX
    return limit if limit > 0 else DEFAULT_PATH_MAX


def _in_the_way(paths: list[str], origin: Mapping[str, str],
                previous: Output) -> Iterator[Problem]:
    """What the output directory holds, not written by segmentgen (its manifest does not
    list it), where a planned file needs to go; one finding per spec file and thing in the way."""
    out_dir = previous.path
    if not out_dir.is_dir():
        return
    managed = set(previous.listed())
    reported = set()
    for path in paths:
        found = _blocker(out_dir, path, managed)
        if found is not None and (origin.get(path), found[0]) not in reported:
            reported.add((origin.get(path), found[0]))
            yield (path, found[1], "move it out of the output directory, or rename the spec "
                   "file")


def _blocker(out_dir: Path, path: str, managed: set[str]) -> tuple[str, str] | None:
    """(the entry in the way, why) for one planned path, or None."""
    parts = path.split("/")
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        kind = _kind(out_dir / folder)
        if kind is None:
            return None
        if kind != "dir" and folder not in managed:
            return folder, (f"{folder!r} in the output directory is a file segmentgen did not "
                            "write, where a directory must go")
    if _kind(out_dir / path) == "dir" and not _only_managed(out_dir, path, managed):
        return path, (f"{path!r} in the output directory is a directory segmentgen did not "
                      "write, where a file must go")
    return None


def _kind(path: Path) -> str | None:
    """"dir" for a directory (or a symlink to one), "file" for anything else, None if absent."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return "file" if os.path.islink(path) else None
    return "dir" if stat.S_ISDIR(mode) else "file"


def _only_managed(out_dir: Path, folder: str, managed: set[str]) -> bool:
    """Whether folder holds files, all of them listed by the last build's manifest."""
    if os.path.islink(out_dir / folder):
        return True  # the rename replaces the link itself, never what it leads to
    seen = False
    for root, _, names in os.walk(out_dir / folder):
        for name in names:
            relative = Path(root, name).relative_to(out_dir).as_posix()
            if relative not in managed:
                return False
            seen = True
    return seen
