"""Emit stage: plan output files, compare them with ``out/``, write them safely.

Input: a mapping from output path (relative, POSIX) to bytes, and the output directory.
Output: ``Changes`` (added, changed, removed, unchanged paths), unified diffs, writes and
their notices. A write is one transaction (``segmentgen.emit.transaction``): it leaves ``out/``
as it was when any step fails, and a build killed at any point is undone or finished by the
next one. A write that has nothing to change touches nothing, so a current, read-only
``out/`` is not an error. Stale files are those the previous build's manifest lists
(validated by ``segmentgen.emit.manifest``), so a file segmentgen never wrote is never removed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.jsonfile import DamagedFile
from segmentgen.emit import transaction
from segmentgen.emit.journal import JOURNAL as JOURNAL
from segmentgen.emit.journal import TEMP_SUFFIX as TEMP_SUFFIX
from segmentgen.emit.lock import LOCK as LOCK
from segmentgen.emit.lock import LockedError as LockedError
from segmentgen.emit.lock import locked as locked
from segmentgen.emit.manifest import NAME
from segmentgen.emit.output import Output
from segmentgen.emit.paths import MAX_NAME_BYTES as MAX_NAME_BYTES
from segmentgen.emit.paths import check_path as check_path
from segmentgen.emit.paths import folded as folded
from segmentgen.emit.transaction import interrupted as interrupted
from segmentgen.emit.transaction import recover as recover

MANIFEST = NAME


@dataclass(slots=True)
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def check_plan(files: Mapping[str, bytes], origin: Mapping[str, str]) -> list[Diagnostic]:
    """Unsafe paths and paths that collide on case-insensitive file systems (SG401)."""
    problems = []
    seen: dict[str, str] = {}
    for path in sorted(files):
        source = origin.get(path, path)
        reason = check_path(path)
        if reason:
            problems.append(Diagnostic(source, 1, 1, codes.SG401, f"output path {path!r}: {reason}",
                                       hint="rename the spec file"))
            continue
        other = seen.setdefault(folded(path), path)
        if other != path:
            problems.append(Diagnostic(source, 1, 1, codes.SG401, f"output path {path!r} collides "
                                       f"with {other!r} on case-insensitive file systems",
                                       hint="rename one of the spec files"))
    return problems


def compare(files: Mapping[str, bytes], out_dir: Path,
            listed: Iterable[str] | None = None) -> Changes:
    """How out_dir differs from files, read by the one reader of the output
    (``segmentgen.emit.output``); stale files are those listed (by default: by the manifest
    in out_dir) that the plan no longer has and that out_dir holds as regular files."""
    return _compare(files, Output.directory(out_dir), listed)


def _compare(files: Mapping[str, bytes], output: Output,
             listed: Iterable[str] | None = None) -> Changes:
    changes = Changes()
    for path in sorted(files):
        try:
            current = output.read(path, len(files[path]))
        except FileNotFoundError:
            changes.added.append(path)
            continue
        except DamagedFile:  # a link, a directory, a FIFO, a larger or unreadable file
            current = None
        (changes.unchanged if current == files[path] else changes.changed).append(path)
    previous = set(output.listed() if listed is None else listed)
    changes.removed.extend(path for path in sorted(previous - set(files)) if output.is_file(path))
    return changes


def unified_diff(files: Mapping[str, bytes], out_dir: Path, changes: Changes) -> str:
    output = Output.directory(out_dir)
    chunks: list[str] = []
    for path in [*changes.added, *changes.changed, *changes.removed]:
        old = _text(output.get(path))
        new = files[path].decode("utf-8") if path in files else ""
        chunks.extend(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            f"a/{path}", f"b/{path}"))
    return "".join(chunks)


def _text(content: bytes | None) -> str:
    try:
        return (content or b"").decode("utf-8")
    except ValueError:
        return ""


def write_output(files: Mapping[str, bytes], out_dir: Path) -> tuple[Changes, list[Diagnostic]]:
    """Make out_dir hold exactly files: the changes made and notices. Nothing is locked or
    written when out_dir already holds them and no write was left unfinished."""
    changes = compare(files, out_dir)
    if not changes.stale and not interrupted(out_dir):
        return changes, []
    with locked(out_dir):
        notices = recover(out_dir)
        output = Output.directory(out_dir)  # read again: another build may have written
        problem = output.manifest_problem
        changes = _compare(files, output, output.listed())
        if changes.stale:
            transaction.write(files, out_dir, changes.added, changes.changed, changes.removed)
    if problem:
        notices.append(Diagnostic(
            (out_dir / MANIFEST).as_posix(), 1, 1, codes.SG405, f"manifest is damaged ({problem}); "
            "ignored: files of earlier builds are not removed", Severity.NOTICE,
            "delete files in the output directory that no spec builds any more"))
    return changes, notices


def write_tree(files: Mapping[str, bytes], out_dir: Path, changes: Changes) -> None:
    """Write the added and changed files, then remove the stale ones, as one unit."""
    transaction.write(files, out_dir, changes.added, changes.changed, changes.removed)
