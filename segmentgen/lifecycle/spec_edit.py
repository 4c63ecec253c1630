"""One edit of the specs: checked like ``build`` would read it, then written atomically.

Input: the specs directory, the spec file being edited and its new text, and further files of
the same edit (``segmentgen.yaml`` for ``delete``, more new spec files for ``import``).
Output: an ``Edit`` (the path, the text or None when refused, diagnostics, notes for the
user). ``validate_edit`` loads a copy of the tree that ``build`` reads (``api.find_specs``:
spec files and the settings) with the files replaced, and checks the settings' segment
overrides as ``build`` does; FIFOs, symlink loops and symlinked directories under the specs
directory are never opened. ``write_edit`` writes all files of the edit or none
(``edit_write``; through a symlink, to the file it names).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from segmentgen.api import display_path, find_specs, load_project
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity, has_errors
from segmentgen.importer.read import read_bytes

if TYPE_CHECKING:
    from segmentgen.core.model import Project


@dataclass(slots=True)
class Edit:
    path: Path
    text: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    more: list[tuple[Path, str]] = field(default_factory=list)  # further files, same edit
    notes: list[str] = field(default_factory=list)  # what else the edit changes, for the user

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


def unreadable_specs(specs_dir: Path) -> Edit | None:
    """A refused edit when the specs directory exists but is no directory (a file, a FIFO, a
    symlink loop): SG101 instead of a path that cannot even be resolved."""
    if not os.path.lexists(specs_dir) or specs_dir.is_dir():
        return None
    return Edit(specs_dir, None, [problem(specs_dir, codes.SG101, f"specs directory "
                                          f"{shown(specs_dir)!r} is not a directory",
                                          "pass the directory of the spec files with --specs")])


def validate_edit(specs_dir: Path, target: Path, text: str,
                  more: Sequence[tuple[Path, str]] = ()) -> Edit:
    """Load the tree with ``target`` replaced by ``text`` (and each file of ``more`` by its
    text); errors refuse the edit."""
    files = [(target, text), *more]
    for path, content in files:
        refused = _unwritable(specs_dir, path, content)
        if refused is not None:
            return Edit(target, None, [refused])
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "specs"
        replaced = copy_specs(specs_dir, tree, {os.path.realpath(p): t for p, t in files})
        for path, content in files:
            if os.path.realpath(path) not in replaced:
                (tree / tree_path(path, specs_dir)).parent.mkdir(parents=True, exist_ok=True)
                (tree / tree_path(path, specs_dir)).write_text(content, "utf-8")
        project, diagnostics, _ = load_project(tree, tree / tree_path(target, specs_dir))
        found = [*diagnostics, *override_findings(project)]
        mapped = [_from_tree(d, tree, specs_dir) for d in found]
    if has_errors(mapped):
        return Edit(target, None, mapped)
    return Edit(target, text, mapped, list(more))


def override_findings(project: Project | None) -> list[Diagnostic]:
    """What ``build`` reports of the settings' segment overrides (``compile.plan.overrides``,
    SG223: a key no spec defines, a skipped base segment), for every environment, with or
    without segments there; loading alone does not check them."""
    if project is None:
        return []
    from segmentgen.compile.plan.overrides import override_problems
    from segmentgen.compile.plan.stacks import environments

    return override_problems(project, environments(project.settings))


def _from_tree(diagnostic: Diagnostic, tree: Path, specs_dir: Path) -> Diagnostic:
    """A diagnostic about the copy in ``tree`` as one about ``specs_dir``: every spelling of
    the temporary directory in its file, message and hint becomes the user's path."""
    real = shown(specs_dir)
    spellings = sorted({shown(tree), str(tree), os.path.realpath(tree)}, key=len, reverse=True)

    def mapped(text: str) -> str:
        for temporary in spellings:
            text = text.replace(temporary, real)
        return text

    return replace(diagnostic, file=mapped(diagnostic.file), message=mapped(diagnostic.message),
                   hint=mapped(diagnostic.hint) if diagnostic.hint else diagnostic.hint)


def _unwritable(specs_dir: Path, target: Path, text: str) -> Diagnostic | None:
    """SG704 for a file outside the specs directory, SG101 for text that is not UTF-8."""
    try:
        tree_path(target, specs_dir)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return problem(target, codes.SG704, f"the spec file is not under {shown(specs_dir)}",
                       "pass a file there")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return problem(target, codes.SG101, f"the new text is not UTF-8: {error.reason}",
                       "remove the character")
    return None


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


def copy_specs(specs_dir: Path, tree: Path, texts: Mapping[str, str]) -> set[str]:
    """Copy the files ``build`` reads (``api.find_specs``: spec files and the settings) into
    ``tree`` by content; a file whose real path is a key of ``texts`` (read by its name or
    through a symlink) gets that text instead. Returns those real paths. FIFOs, symlink loops
    and symlinked directories, which discovery skips, are never opened; a file that stops
    being regular is left out."""
    paths, settings = find_specs(specs_dir) if specs_dir.is_dir() else ([], None)
    replaced: set[str] = set()
    tree.mkdir(parents=True, exist_ok=True)
    for path in [*paths, *([settings] if settings is not None else [])]:
        copy = tree / path.relative_to(specs_dir)
        copy.parent.mkdir(parents=True, exist_ok=True)
        real = os.path.realpath(path)
        if real in texts:
            copy.write_text(texts[real], "utf-8")
            replaced.add(real)
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
        return problem(path, codes.SG704, f"the spec file cannot be read: {error.strerror}",
                       "pass a regular file")
    if regular:
        return None
    return problem(path, codes.SG704, "the spec file is not a regular file", "pass a regular file")


def write_edit(edit: Edit) -> None:
    """Write the edited spec file and the further files of the edit as one change
    (``edit_write``): when one cannot be written, none of them changes."""
    from segmentgen.lifecycle.edit_write import write_files

    assert edit.text is not None
    write_files([(edit.path, edit.text), *edit.more])
