"""The import command's edit: new spec files holding the segments of templates and API JSON.

Input: the specs directory, the input files and the first output file. Output: an ``Edit``
(validated with the project, not written) and the number of segments. A spec file is one
stack and a stack holds at most 500 resources, so the segments go to ``out_file`` 500 at a
time, then to ``<stem>-2<suffix>`` and so on. Findings of the validation in those unwritten
files point at the input the segment comes from.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from segmentgen.api import display_path, load_project
from segmentgen.compile.limits import MAX_RESOURCES
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, has_errors
from segmentgen.importer.convert import Imported, import_files, settings_notice
from segmentgen.importer.render import render_segments
from segmentgen.lifecycle.scaffold import key_places
from segmentgen.lifecycle.spec_edit import Edit, problem, unreadable_specs, validate_edit


def import_segments(specs_dir: Path, files: Sequence[Path], out_file: Path) -> tuple[Edit, int]:
    """New spec files with the segments of ``files`` and how many; validated with the
    project, not written. ``out_file`` gets the first ``MAX_RESOURCES`` segments (a spec file
    is one stack, and a stack holds at most 500 resources), ``<stem>-2<suffix>`` the next,
    and so on; none of them may exist. Keys the project has are refused (SG701)."""
    refused = unreadable_specs(specs_dir)
    if refused is not None:
        return refused, 0
    project, _, loaded_files = load_project(specs_dir)
    settings = project.settings if project is not None else None
    imported = import_files(files, key_places(loaded_files), per_environment=settings is not None
                            and len(settings.environments) > 1 and not settings.shared_application)
    app = project.settings.application if project is not None else None
    current = (app.value if app.kind == "id" else {app.kind: app.value}) if app else None
    found = [*imported.diagnostics, *settings_notice(imported, current, display_path(out_file))]
    keys = list(imported.segments)
    chunks = [keys[start:start + MAX_RESOURCES] for start in range(0, len(keys), MAX_RESOURCES)]
    targets = [out_file, *(out_file.with_name(f"{out_file.stem}-{number}{out_file.suffix}")
                           for number in range(2, len(chunks) + 1))]
    found.extend(problem(path, codes.SG704, f"{display_path(path)} exists; the import needs it for "
                         f"segments {index * MAX_RESOURCES + 1} and on", "pass another "
                         "--out-file, or move the file") for index, path in enumerate(targets)
                 if index and os.path.lexists(path))
    if not imported.segments and not has_errors(found):
        from segmentgen.importer.nothing import nothing_imported

        found.append(nothing_imported(found, files[0].as_posix() if files else "-"))
    if has_errors(found):
        return Edit(out_file, None, found), 0
    sources = [f.as_posix() for f in files]
    texts = [render_segments({key: imported.segments[key] for key in chunk}, sources)
             for chunk in chunks]
    edit = validate_edit(specs_dir, out_file, texts[0], list(zip(targets[1:], texts[1:],
                                                                  strict=True)))
    blocks = {display_path(path): _key_lines(text, chunk)
              for path, text, chunk in zip(targets, texts, chunks, strict=True)}
    edit.diagnostics = [*found, *(_to_input(d, blocks, imported) for d in edit.diagnostics)]
    return edit, len(imported.segments)


def _key_lines(text: str, keys: list[str]) -> list[tuple[int, str]]:
    """(line, key) of each segment in the rendered text: its keys are the lines indented by
    two spaces, in the order of ``keys``."""
    lines = [number for number, line in enumerate(text.splitlines(), 1)
             if line.startswith("  ") and not line.startswith("   ")]
    return list(zip(lines, keys, strict=True)) if len(lines) == len(keys) else []


def _to_input(diagnostic: Diagnostic, blocks: dict[str, list[tuple[int, str]]],
              imported: Imported) -> Diagnostic:
    """A finding in a spec file the import did not write, pointed at the segment's input."""
    starts = blocks.get(diagnostic.file, [])
    key = next((key for line, key in reversed(starts) if line <= diagnostic.line), None)
    origin = imported.origin(key) if key is not None else None
    if origin is None:
        return diagnostic
    file, line, col = origin
    written = f"in the spec it would write: {diagnostic.file}:{diagnostic.line}:{diagnostic.col}"
    return replace(diagnostic, file=file, line=line, col=col,
                   message=f"segment {key!r}: {diagnostic.message} ({written})")
