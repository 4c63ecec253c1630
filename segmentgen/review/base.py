"""Reading the committed output that ``segmentgen diff`` compares with.

Input: a base (a git ref or a directory) and the output directory. Output: the template and
manifest files of that output (path relative to it -> bytes) and a label for the base, read
by the one reader of generated output (``segmentgen.emit.output``), as ``build --check``
reads ``out/``; a base that cannot be read raises ``BaseError``.
"""

from __future__ import annotations

from pathlib import Path

from segmentgen.emit.output import Output, in_git_repository
from segmentgen.emit.output import OutputError as BaseError

__all__ = ["BaseError", "read_base", "read_directory", "read_git"]


def read_base(base: str | None, out_dir: Path) -> tuple[dict[str, bytes], str]:
    """The committed output: a directory if base names one, else out_dir at a git ref
    (HEAD by default); and a label for it."""
    if base is not None and Path(base).is_dir():
        output = Output.directory(Path(base))
    elif base is None and not in_git_repository(out_dir):
        raise BaseError("not in a git repository: give --base with a directory")
    else:
        output = Output.at_ref(base or "HEAD", out_dir)
    return output.templates(), output.label


def read_directory(out_dir: Path) -> dict[str, bytes]:
    """The template and manifest files under out_dir (none when it does not exist)."""
    return Output.directory(out_dir).templates()


def read_git(ref: str, out_dir: Path) -> dict[str, bytes]:
    """The template and manifest files of out_dir as committed at ref."""
    return Output.at_ref(ref, out_dir).templates()
