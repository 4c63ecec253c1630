"""Spec files: which files under the specs directory a build reads, and how they are named.

Input: the specs directory. Output: the spec files (sorted) and the settings file; notices
SG107 for symlinks that lead outside; SG101 for spec files whose name, or the name of a
directory between them and the specs directory, holds a control, surrogate (bytes that are
not UTF-8) or text-direction character: such files are not read, since their names would
reach diagnostics, output paths and stack names. Names in diagnostics are shown with those
characters escaped.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity

SETTINGS_FILE = "segmentgen.yaml"
SPEC_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies under it, else as given. A
    path that cannot be resolved (a symlink loop) is placed without following its links."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        resolved = Path(os.path.abspath(path))
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def find_specs(specs_dir: Path) -> tuple[list[Path], Path | None]:
    """Spec files under specs_dir, sorted; and the settings file if there is one."""
    settings = specs_dir / SETTINGS_FILE
    found = sorted(
        p for p in specs_dir.rglob("*")
        if p.suffix in SPEC_SUFFIXES and p.is_file() and p != settings
        and not any(part.startswith(".") for part in p.relative_to(specs_dir).parts)
        and _inside(p, specs_dir)
    )
    return found, settings if settings.is_file() else None


def outside_links(specs_dir: Path) -> list[Diagnostic]:
    """Notices for spec symlinks that lead outside specs_dir: those files are not read."""
    return [
        Diagnostic(escaped(f"{display_path(p.parent)}/{p.name}"), 1, 1, codes.SG107,
                   "symlink leads outside the specs directory; skipped", Severity.NOTICE,
                   "copy the file into the specs directory")
        for p in sorted(specs_dir.rglob("*"))
        if p.is_symlink() and p.suffix in SPEC_SUFFIXES and not _inside(p, specs_dir)
    ]


def _inside(path: Path, root: Path) -> bool:
    """Whether path, with every symlink followed (a loop leads nowhere), stays under root."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def refuse_names(paths: list[Path], specs_dir: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The spec files whose names are clean, and SG101 at each of the others."""
    kept, refused = [], []
    for path in paths:
        problem = _name_problem(path.relative_to(specs_dir).parts)
        if problem is None:
            kept.append(path)
            continue
        refused.append(Diagnostic(
            escaped(display_path(path)), 1, 1, codes.SG101, problem,
            hint="rename it in UTF-8 without control or text-direction characters (the "
                 "names of its directories under specs/ too); the file was not read"))
    return kept, refused


@functools.cache
def _refused() -> re.Pattern[str]:
    """Every control character (tab and newline too), surrogate and text-direction mark."""
    from segmentgen.load.events import DIRECTION_CONTROLS

    return re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff"
                      + "".join(sorted(DIRECTION_CONTROLS)) + "]")


def _name_problem(parts: tuple[str, ...]) -> str | None:
    for index, part in enumerate(parts):
        found = _refused().search(part)
        if found is not None:
            kind = "file" if index == len(parts) - 1 else "directory"
            return f"{kind} name '{escaped(part)}' has {_describe(found.group())}"
    return None


def _describe(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as the file system gave it
        return f"byte 0x{code - 0xDC00:02x}, which is not UTF-8"
    return f"character U+{code:04X}"


def escaped(text: str) -> str:
    """text with control, surrogate and text-direction characters as visible escapes."""
    return _refused().sub(lambda found: _escape(found.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
