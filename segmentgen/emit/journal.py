"""The write journal: what an unfinished write of ``out/`` was doing.

Input: the planned changes of a write (files to add with the hash of their new content,
files to replace, files to remove, directories to create), or the journal file a write left
in the output directory. Output: ``Journal``, the names of the temporary files it owns,
its bytes, and a journal read back and validated. A write records the journal before it
touches anything, in phase ``prepare`` (the next build undoes it), and rewrites it in phase
``commit`` once every file is in place (the next build finishes it).

The journal is untrusted input: it must be version 2 with exactly the known keys, a token of
16 hex digits, every entry a safe relative path inside ``out/`` (no ``..``, nothing
absolute, no directory that a symlink leads outside), each path listed once, and every
directory an ancestor of a listed file. Anything wrong raises ``DamagedFile`` and the
journal is never acted on. Temporary files are named ``.sg-<token>-<kind><n>.segmentgen-tmp``
beside their target, from the token and the entry's place in the journal, so recovery
touches only files that its own journal names and never a user's file.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path

from segmentgen.core.jsonfile import DamagedFile
from segmentgen.emit.paths import check_path, stays_inside

JOURNAL = ".segmentgen-journal.json"
TEMP_SUFFIX = ".segmentgen-tmp"
VERSION = 2
MAX_BYTES = 64 * 1024 * 1024
KEYS = frozenset({"version", "token", "phase", "add", "replace", "remove", "dirs"})
PHASES = ("prepare", "commit")
TOKEN = re.compile(r"[0-9a-f]{16}")
DIGEST = re.compile(r"[0-9a-f]{64}")
TEMP_NAME = re.compile(r"\.sg-[0-9a-f]{16}-[anorj][0-9]+" + re.escape(TEMP_SUFFIX))
# Kinds of temporary file: a new file to add, the new and the old content of a replaced
# file, a removed file kept until the commit, and the journal's own next version.
ADDED, NEW, OLD, REMOVED, NEXT = "a", "n", "o", "r", "j"


@dataclass(frozen=True, slots=True)
class Journal:
    token: str
    phase: str
    add: tuple[tuple[str, str], ...]  # (path, sha256 of its new content)
    replace: tuple[str, ...]
    remove: tuple[str, ...]
    dirs: tuple[str, ...]  # directories the write creates, outermost first

    def temp(self, kind: str, index: int, path: str = JOURNAL) -> str:
        """The temporary file of an entry: beside its target, named from the token."""
        name = f".sg-{self.token}-{kind}{index}{TEMP_SUFFIX}"
        folder = posixpath.dirname(path)
        return f"{folder}/{name}" if folder else name

    def temps(self) -> list[tuple[str, str]]:
        """(kind, path) of every temporary file this journal may own."""
        found = [(ADDED, self.temp(ADDED, i, path)) for i, (path, _) in enumerate(self.add)]
        for i, path in enumerate(self.replace):
            found += [(NEW, self.temp(NEW, i, path)), (OLD, self.temp(OLD, i, path))]
        found += [(REMOVED, self.temp(REMOVED, i, path)) for i, path in enumerate(self.remove)]
        return [*found, (NEXT, self.temp(NEXT, 0))]

    def committed(self) -> Journal:
        return replace(self, phase="commit")

    def to_bytes(self) -> bytes:
        data = {"version": VERSION, "token": self.token, "phase": self.phase,
                "add": [list(pair) for pair in self.add], "replace": list(self.replace),
                "remove": list(self.remove), "dirs": list(self.dirs)}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def parse_journal(value: object, out_dir: Path) -> Journal:
    """The journal in decoded JSON, checked against out_dir; DamagedFile when wrong."""
    if not isinstance(value, dict) or set(value) != KEYS:
        raise DamagedFile(f"not a journal: the keys must be {', '.join(sorted(KEYS))}")
    if type(value["version"]) is not int or value["version"] != VERSION:
        raise DamagedFile(f"version {value['version']!r}; this segmentgen reads {VERSION}")
    token, phase = value["token"], value["phase"]
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        raise DamagedFile("the token is not 16 hex digits")
    if phase not in PHASES:
        raise DamagedFile(f"unknown phase {phase!r}")
    journal = Journal(token, phase, _added(value["add"]), _paths(value["replace"], "replace"),
                      _paths(value["remove"], "remove"), _paths(value["dirs"], "dirs"))
    _check_entries(journal, out_dir)
    return journal


def _added(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(
            isinstance(pair, list) and len(pair) == 2 for pair in value):
        raise DamagedFile("'add' is not a list of [path, hash] pairs")
    for _, digest in value:
        if not isinstance(digest, str) or not DIGEST.fullmatch(digest):
            raise DamagedFile(f"{digest!r} in 'add' is not a sha256 hash")
    paths = _paths([path for path, _ in value], "add")
    return tuple(zip(paths, (digest for _, digest in value), strict=True))


def _paths(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise DamagedFile(f"{key!r} is not a list")
    for path in value:
        reason = check_path(path) if isinstance(path, str) else "not text"
        if reason:
            raise DamagedFile(f"{path!r} in {key!r}: {reason}")
    return tuple(value)


def _check_entries(journal: Journal, out_dir: Path) -> None:
    files = [path for path, _ in journal.add] + [*journal.replace, *journal.remove]
    if len(set(files)) != len(files) or len(set(journal.dirs)) != len(journal.dirs):
        raise DamagedFile("a path is listed twice")
    written = {posixpath.dirname(path) for path, _ in journal.add} | {
        posixpath.dirname(path) for path in journal.replace}
    for folder in journal.dirs:
        if not any(parent == folder or parent.startswith(folder + "/") for parent in written):
            raise DamagedFile(f"directory {folder!r} holds none of the files written")
    for path in [*files, *journal.dirs]:
        if not stays_inside(out_dir, path):
            raise DamagedFile(f"{path!r} leads outside the output directory")
