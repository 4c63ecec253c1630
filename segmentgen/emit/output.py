"""The one reader of generated output: ``out/`` as a directory, or as committed at a git ref.

Input: the output directory (``Output.directory``), or a git ref and the output directory
(``Output.at_ref``). Output: an ``Output`` that gives the bytes of one file by its path
relative to the output (``read``, ``get``), the files it holds (``paths``, ``templates``)
and its manifest, validated by the one manifest reader (``segmentgen.emit.manifest``).

Every reader of generated output reads through it: ``build --check`` and the writer
(``emit.write.compare``), ``diff`` and its ``--base``, the SG303 replacement notices and the
SG304 destructive checks; so a damaged or hostile ``out/`` is seen the same way by each:

- a path is read only when it is a safe relative path inside the output (``check_path``):
  a manifest listing ``../x`` is damaged and is never followed;
- only regular files are read: a symbolic link (the file or any directory on its way below
  the output directory; in git, a link entry), a FIFO, a device or a directory is not
  output segmentgen wrote and reads as damaged, never as the bytes it leads to;
- a file larger than ``MAX_FILE_BYTES`` (the manifest: ``manifest.MAX_BYTES``) is damaged.

``read`` raises ``FileNotFoundError`` for a missing file and ``DamagedFile`` for a damaged
one; ``get`` gives None for both. A git ref that cannot be read raises ``OutputError``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Protocol

from segmentgen.core.jsonfile import DamagedFile, read_bytes
from segmentgen.emit import manifest as manifests
from segmentgen.emit.manifest import Manifest
from segmentgen.emit.paths import check_path

MAX_FILE_BYTES = 8 * 1024 * 1024  # CloudFormation takes 1 MB; larger is not a template
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml")
REGULAR_MODES = ("100644", "100755")


class OutputError(Exception):
    """The output cannot be read at all (an unknown ref, no git repository)."""


class _Source(Protocol):
    def read(self, relative: str, limit: int) -> bytes: ...

    def is_file(self, relative: str) -> bool: ...

    def paths(self) -> list[str]: ...


class Output:
    """Generated output, read by the rules above; ``label`` names it for people and ``path``
    is the output directory it is (or was, at a git ref) in. Each file is read at most once
    (a build reads the previous output once for planning and review)."""

    def __init__(self, source: _Source, label: str, path: Path) -> None:
        self._source = source
        self.label = label
        self.path = path
        self._read: dict[tuple[str, int], bytes | OSError | DamagedFile] = {}

    @classmethod
    def directory(cls, out_dir: Path, label: str | None = None) -> Output:
        return cls(_Directory(out_dir), out_dir.as_posix() if label is None else label, out_dir)

    @classmethod
    def at_ref(cls, ref: str, out_dir: Path) -> Output:
        return cls(_Git.open(ref, out_dir), f"{ref}:{out_dir.as_posix().rstrip('/')}", out_dir)

    def read(self, relative: str, limit: int | None = None) -> bytes:
        """The bytes of one file; FileNotFoundError when absent, DamagedFile when damaged."""
        reason = check_path(relative)
        if reason:
            raise DamagedFile(f"not a path inside the output: {reason}")
        if limit is None:
            limit = manifests.MAX_BYTES if relative == manifests.NAME else MAX_FILE_BYTES
        found = self._read.get((relative, limit))
        if found is None:
            try:
                found = self._source.read(relative, limit)
            except (OSError, DamagedFile) as error:
                found = error
            self._read[(relative, limit)] = found
        if isinstance(found, Exception):
            raise found
        return found

    def get(self, relative: str, limit: int | None = None) -> bytes | None:
        """The bytes of one file; None when it is absent or damaged."""
        try:
            return self.read(relative, limit)
        except (FileNotFoundError, DamagedFile):
            return None

    def is_file(self, relative: str) -> bool:
        """Whether the output holds a regular file at relative (read by the rules above)."""
        return check_path(relative) is None and self._source.is_file(relative)

    def templates(self) -> dict[str, bytes]:
        """The template and manifest files (by suffix, none under a dot directory) that read
        as regular files; the others are not output segmentgen wrote and are left out."""
        found: dict[str, bytes] = {}
        for relative in self._source.paths():
            content = self.get(relative) if _template_like(relative) else None
            if content is not None:
                found[relative] = content
        return found

    @cached_property
    def _manifest(self) -> tuple[Manifest | None, str | None]:
        try:
            return manifests.from_bytes(self.read(manifests.NAME))
        except FileNotFoundError:
            return None, None
        except DamagedFile as error:
            return None, str(error)

    @property
    def manifest(self) -> Manifest | None:
        """The validated manifest; None when it is absent or damaged."""
        return self._manifest[0]

    @property
    def manifest_problem(self) -> str | None:
        """Why a damaged manifest was ignored; None when it is valid or absent."""
        return self._manifest[1]

    def listed(self) -> tuple[str, ...]:
        """The files the manifest lists (none when it is absent or damaged)."""
        return self.manifest.files if self.manifest else ()

    def stack_templates(self) -> dict[str, bytes]:
        """The templates of the stacks the manifest lists that read as regular files."""
        found: dict[str, bytes] = {}
        for stack in self.manifest.stacks if self.manifest else ():
            content = self.get(stack["template"])
            if content is not None:
                found[stack["template"]] = content
        return found


def _template_like(relative: str) -> bool:
    parts = relative.split("/")
    return not any(p.startswith(".") for p in parts) and relative.endswith(TEMPLATE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class _Directory:
    root: Path

    def read(self, relative: str, limit: int) -> bytes:
        self._no_link_on_the_way(relative)
        return read_bytes(self.root / relative, limit, follow=False)

    def is_file(self, relative: str) -> bool:
        try:
            self._no_link_on_the_way(relative)
            return stat.S_ISREG(os.lstat(self.root / relative).st_mode)
        except (OSError, DamagedFile):
            return False

    def paths(self) -> list[str]:
        if not self.root.is_dir():
            return []
        found: list[str] = []
        for folder, _, names in os.walk(self.root):  # symbolic links to folders not entered
            base = Path(folder).relative_to(self.root)
            found.extend((base / name).as_posix() for name in names)
        return sorted(found)

    def _no_link_on_the_way(self, relative: str) -> None:
        """DamagedFile when a directory between the output directory and the file is a
        symbolic link (the file itself is opened without following one)."""
        here = self.root
        for part in relative.split("/")[:-1]:
            here = here / part
            try:
                mode = os.lstat(here).st_mode
            except OSError:
                raise FileNotFoundError(2, "no such file", str(here)) from None
            if stat.S_ISLNK(mode):
                raise DamagedFile("a symbolic link on the way")


@dataclass(frozen=True, slots=True)
class _Entry:
    mode: str
    kind: str
    object: str
    size: int


@dataclass(frozen=True, slots=True)
class _Git:
    root: Path
    entries: dict[str, _Entry] = field(default_factory=dict)

    @classmethod
    def open(cls, ref: str, out_dir: Path) -> _Git:
        """The entries of out_dir as committed at ref, by one ``git ls-tree``."""
        where = out_dir.resolve() if out_dir.exists() else out_dir.resolve().parent
        root = Path(git(["rev-parse", "--show-toplevel"], where).decode("utf-8").strip())
        try:
            prefix = out_dir.resolve().relative_to(root).as_posix()
        except ValueError as error:
            raise OutputError(f"{out_dir} is not inside the git repository {root}") from error
        git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
        listing = git(["ls-tree", "-r", "-z", "-l", ref, "--", f"{prefix}/"], root)
        return cls(root, _entries(listing.decode("utf-8"), prefix))

    def read(self, relative: str, limit: int) -> bytes:
        entry = self.entries.get(relative)
        if entry is None:
            raise FileNotFoundError(2, "no such file", relative)
        if entry.kind != "blob" or entry.mode not in REGULAR_MODES:
            raise DamagedFile("not a regular file")
        if entry.size > limit:
            raise DamagedFile(f"larger than {limit} bytes")
        return git(["cat-file", "blob", entry.object], self.root)

    def is_file(self, relative: str) -> bool:
        entry = self.entries.get(relative)
        return entry is not None and entry.kind == "blob" and entry.mode in REGULAR_MODES

    def paths(self) -> list[str]:
        return sorted(self.entries)


def _entries(listing: str, prefix: str) -> dict[str, _Entry]:
    """``ls-tree -l`` lines (mode type object size<TAB>path) by path relative to prefix."""
    entries: dict[str, _Entry] = {}
    for line in filter(None, listing.split("\0")):
        info, name = line.split("\t", 1)
        mode, kind, obj, size = info.split()
        relative = PurePosixPath(name).relative_to(prefix).as_posix()
        entries[relative] = _Entry(mode, kind, obj, int(size) if size.isdigit() else 0)
    return entries


def in_git_repository(where: Path) -> bool:
    try:
        git(["rev-parse", "--is-inside-work-tree"], where)
    except OutputError:
        return False
    return True


def git(args: list[str], cwd: Path) -> bytes:
    """The output of a git command run in cwd (its nearest existing parent); OutputError
    when git cannot be run or fails."""
    while not cwd.exists():
        cwd = cwd.parent
    try:
        import subprocess  # only for a git ref: a no-op build reads a directory

        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise OutputError(f"cannot run git: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        if args[:2] == ["rev-parse", "--verify"]:
            message = f"{args[-1].removesuffix('^{commit}')!r} is not a commit"
        raise OutputError(message)
    return done.stdout
