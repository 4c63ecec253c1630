"""Where a build may write: the output and cache directories against the specs directory.

Input: the specs, output and (optional) cache directories as given. Output: SG401
diagnostics, empty when the directories are apart. The output and cache directories must
not be the specs directory, lie inside it or contain it, must not overlap each other, and
must be neither the file-system root nor the home directory (nor contain it); the cache may
lie inside the output directory but not contain it. Paths are compared after following
symlinks, and by file identity where they exist, so ``specs/..``, a symlink to ``specs`` or
``SPECS`` on a case-insensitive file system count as what they name. Nothing is read but
directory metadata, and nothing is written.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic

Identity = tuple[int, int] | str
Relations = tuple[str, ...]
ALL: Relations = ("is", "is inside", "contains")


def check_directories(specs_dir: Path, out_dir: Path,
                      cache_dir: Path | None = None) -> list[Diagnostic]:
    """SG401 for an output or cache directory that would write over specs or each other.

    A cache inside the output directory is allowed (the output lists what it owns); the
    output directory inside the cache is not (the cache is git-ignored and disposable)."""
    found = _check_one("output", "--out", out_dir, [("specs", specs_dir, ALL)])
    if cache_dir is not None:
        others: list[tuple[str, Path, Relations]] = [("specs", specs_dir, ALL)]
        if not found:
            others.append(("output", out_dir, ("is", "contains")))
        found += _check_one("cache", "--cache-dir", cache_dir, others)
    return found


def check_site(specs_dir: Path, out_dir: Path, site_dir: Path) -> list[Diagnostic]:
    """SG406 for a site directory (``segmentgen docs --out``) that is, lies inside or contains
    the specs or the output directory, or is a root or a home directory."""
    found = _check_one("site", "--out", site_dir,
                       [("specs", specs_dir, ALL), ("output", out_dir, ALL)])
    blocked = _file_in_the_way(site_dir)
    if not found and blocked is not None:
        found = [Diagnostic(_shown(site_dir), 1, 1, codes.SG401,
                            f"site directory {_shown(site_dir)!r} cannot be made: "
                            f"{_shown(blocked)!r} is a file, not a directory",
                            hint="pass a directory (new or holding a site) with --out")]
    return [replace(problem, code=codes.SG406) for problem in found]


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing path of ``folder`` and its parents when it is not a directory."""
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            return None if place.is_dir() else place
    return None


def _check_one(role: str, option: str, folder: Path,
               others: list[tuple[str, Path, Relations]]) -> list[Diagnostic]:
    reason = _unsafe_place(folder)
    for name, other, refused in others:
        relation = _relation(folder, other)
        if reason is None and relation in refused:
            reason = f"{relation} the {name} directory" + (
                f" {_shown(other)!r}" if relation != "is" else "")
    if reason is None:
        return []
    return [Diagnostic(_shown(folder), 1, 1, codes.SG401, f"{role} directory {_shown(folder)!r} "
                       f"{reason}", hint=f"pass a separate directory of its own with {option}")]


def _unsafe_place(folder: Path) -> str | None:
    """Why folder is no place for generated files at all: a root or a home directory."""
    real = _real(folder)
    if real is None:
        return "is not a valid path"
    if os.path.dirname(real) == real:
        return "is the root of the file system"
    home = os.path.expanduser("~")
    if home != "~" and _identity(real) in _chain(home):
        return "is the home directory or contains it"
    return None


def _relation(folder: Path, other: Path) -> str | None:
    """How folder stands to other: "is" it, "is inside" it, "contains" it, or None."""
    mine, theirs = _chain(folder), _chain(other)
    if not mine or not theirs:
        return None
    if mine[0] == theirs[0]:
        return "is"
    if theirs[0] in mine:
        return "is inside"
    return "contains" if mine[0] in theirs else None


def _chain(folder: Path | str) -> list[Identity]:
    """The identities of folder (symlinks followed) and of every directory above it."""
    real = _real(folder)
    if real is None:
        return []
    chain = [_identity(real)]
    while os.path.dirname(real) != real:
        real = os.path.dirname(real)
        chain.append(_identity(real))
    return chain


def _real(folder: Path | str) -> str | None:
    try:
        return os.path.realpath(os.path.abspath(folder))
    except (OSError, ValueError):
        return None


def _identity(path: str) -> Identity:
    """Device and inode of an existing directory; else its normalised real path."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return os.path.normcase(path)
    return (status.st_dev, status.st_ino)


def _shown(folder: Path) -> str:
    """The directory as given, with control and text-direction characters escaped."""
    from segmentgen.load.discover import escaped

    return escaped(folder.as_posix())
