"""Reading the committed output that ``segmentgen diff`` compares with.

Input: a base (a git ref or a directory) and the output directory. Output: the template and
manifest files of that output (path relative to it -> bytes), read from the directory or
from git at the ref (``git ls-tree`` and ``git show``), and a label for the base; a base
that cannot be read raises ``BaseError``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from segmentgen.core.jsonfile import DamagedFile, read_bytes

TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml")


class BaseError(Exception):
    """The base to compare with cannot be read (an unknown ref, no git repository)."""


def read_base(base: str | None, out_dir: Path) -> tuple[dict[str, bytes], str]:
    """The committed output: a directory if base names one, else out_dir at a git ref
    (HEAD by default); and a label for it."""
    if base is not None and Path(base).is_dir():
        return read_directory(Path(base)), Path(base).as_posix()
    if base is None and not in_git_repository(out_dir):
        raise BaseError("not in a git repository: give --base with a directory")
    ref = base or "HEAD"
    return read_git(ref, out_dir), f"{ref}:{out_dir.as_posix().rstrip('/')}"


def read_directory(out_dir: Path) -> dict[str, bytes]:
    """The template and manifest files under out_dir (none when it does not exist), read as
    build reads out/ (``core.jsonfile.read_bytes``): regular files within the size limit, no
    symbolic links followed; anything else is not output segmentgen wrote and is left out."""
    files: dict[str, bytes] = {}
    if not out_dir.is_dir():
        return files
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir).as_posix()
        if _wanted(relative) and not path.is_dir():
            try:
                files[relative] = read_bytes(path, follow=False)
            except (FileNotFoundError, DamagedFile):  # a link, a FIFO, beyond the limit
                continue
    return files


def read_git(ref: str, out_dir: Path) -> dict[str, bytes]:
    """The files of out_dir as committed at ref, by ``git ls-tree`` and ``git show``."""
    top = _git(["rev-parse", "--show-toplevel"], out_dir.resolve().parent if not out_dir.exists()
               else out_dir.resolve()).decode("utf-8").strip()
    root = Path(top)
    try:
        prefix = out_dir.resolve().relative_to(root).as_posix()
    except ValueError as error:
        raise BaseError(f"{out_dir} is not inside the git repository {root}") from error
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    listing = _git(["ls-tree", "-r", "-z", "--name-only", ref, "--", f"{prefix}/"], root)
    files: dict[str, bytes] = {}
    for name in sorted(filter(None, listing.decode("utf-8").split("\0"))):
        relative = PurePosixPath(name).relative_to(prefix).as_posix()
        if _wanted(relative):
            files[relative] = _git(["show", f"{ref}:{name}"], root)
    return files


def in_git_repository(where: Path) -> bool:
    try:
        _git(["rev-parse", "--is-inside-work-tree"], where)
    except BaseError:
        return False
    return True


def _git(args: list[str], cwd: Path) -> bytes:
    while not cwd.exists():
        cwd = cwd.parent
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise BaseError(f"cannot run git: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        if args[:2] == ["rev-parse", "--verify"]:
            message = f"{args[-1].removesuffix('^{commit}')!r} is not a commit"
        raise BaseError(message)
    return done.stdout


def _wanted(relative: str) -> bool:
    parts = relative.split("/")
    return not any(p.startswith(".") for p in parts) and relative.endswith(TEMPLATE_SUFFIXES)
