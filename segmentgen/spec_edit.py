"""One edited spec file: checked like ``build`` would read it, then written atomically.

Input: the specs directory, the spec file being edited and its new text. Output: an ``Edit``
(the path, the text or None when refused, diagnostics). ``validate_edit`` loads a copy of the
tree that ``build`` reads (``api.find_specs``) with the file replaced; FIFOs, symlink loops
and symlinked directories under the specs directory are never opened. ``write_edit`` writes
the text beside the file, fsyncs and renames it over the file (through a symlink, to the file
it names).
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from segmentgen.api import display_path, find_specs, load_project
from segmentgen.diagnostics import Diagnostic, Severity, has_errors
from segmentgen.import_read import read_bytes


@dataclass(slots=True)
class Edit:
    path: Path
    text: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.text is not None and not has_errors(self.diagnostics)


def shown(path: Path) -> str:
    """``display_path``, or the path as given when it cannot be resolved (a symlink loop)."""
    try:
        return display_path(path)
    except (OSError, RuntimeError):
        return path.as_posix()


def problem(path: Path, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(shown(path), 1, 1, code, message, Severity.ERROR, hint)


def validate_edit(specs_dir: Path, target: Path, text: str) -> Edit:
    """Load the tree with ``target`` replaced by ``text``; errors refuse the edit."""
    try:
        relative = tree_path(target, specs_dir)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return Edit(target, None, [problem(target, "SG704", "the spec file is not under "
                                           f"{display_path(specs_dir)}", "pass a file there")])
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return Edit(target, None, [problem(target, "SG101", f"the new text is not UTF-8: "
                                           f"{error.reason}", "remove the character")])
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "specs"
        if not copy_specs(specs_dir, tree, target, text):
            (tree / relative).parent.mkdir(parents=True, exist_ok=True)
            (tree / relative).write_text(text, "utf-8")
        _, diagnostics, _ = load_project(tree)
        temporary, real = display_path(tree), display_path(specs_dir)
        mapped = [replace(d, file=real + d.file[len(temporary):])
                  if d.file.startswith(temporary) else d for d in diagnostics]
    if has_errors(mapped):
        return Edit(target, None, mapped)
    return Edit(target, text, mapped)


def tree_path(target: Path, specs_dir: Path) -> Path:
    """Where ``build`` reads ``target``, relative to ``specs_dir``: by its own name (a spec
    that is a symlink is read under the link's name) unless a directory on the way is a
    symlink, then as the file it resolves to. Raises ValueError when that file is outside."""
    resolved = target.resolve().relative_to(specs_dir.resolve())
    try:
        lexical = Path(os.path.abspath(target)).relative_to(os.path.abspath(specs_dir))
    except ValueError:
        return resolved
    parent = (specs_dir / lexical).parent
    return lexical if parent.resolve() == specs_dir.resolve() / lexical.parent else resolved


def copy_specs(specs_dir: Path, tree: Path, target: Path, text: str) -> bool:
    """Copy the files ``build`` reads (``api.find_specs``: spec files and the settings) into
    ``tree`` by content, with ``text`` for each one that is ``target`` (by name or through a
    symlink); whether any was. FIFOs, symlink loops and symlinked directories, which
    discovery skips, are never opened; a file that stops being regular is left out."""
    paths, settings = find_specs(specs_dir) if specs_dir.is_dir() else ([], None)
    edited = os.path.realpath(target)
    replaced = False
    tree.mkdir(parents=True, exist_ok=True)
    for path in [*paths, *([settings] if settings is not None else [])]:
        copy = tree / path.relative_to(specs_dir)
        copy.parent.mkdir(parents=True, exist_ok=True)
        if os.path.realpath(path) == edited:
            copy.write_text(text, "utf-8")
            replaced = True
            continue
        try:
            copy.write_bytes(read_bytes(path))
        except OSError:
            continue
    return replaced


def not_regular(path: Path) -> Diagnostic | None:
    """SG704 when ``path`` exists but is not a regular file (after symlinks): a FIFO, a
    directory, a symlink loop or a dangling symlink is never read or replaced."""
    if not os.path.lexists(path):
        return None
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError as error:
        return problem(path, "SG704", f"the spec file cannot be read: {error.strerror}",
                       "pass a regular file")
    if regular:
        return None
    return problem(path, "SG704", "the spec file is not a regular file", "pass a regular file")


def write_edit(edit: Edit) -> None:
    """Write the edited spec file atomically (temp file in the same folder, fsync, replace)."""
    assert edit.text is not None
    path = Path(os.path.realpath(edit.path)) if edit.path.is_symlink() else edit.path
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        if path.exists():
            os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(edit.text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
