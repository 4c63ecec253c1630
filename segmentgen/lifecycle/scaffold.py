"""Edit specs in place: add a segment ("copy to new") and delete one, keeping comments and layout.

Input: the specs directory, a segment key and options. Output: an ``Edit``: the spec file,
its new text (None when refused) and diagnostics (SG701-SG704, or the validation findings of
the changed tree). The rest of the file stays byte for byte: a new segment is inserted as text
after the last segment, a deleted one is cut out by its lines (with the comment lines directly
above its key). A new segment is rendered from ``templates/new-segment.yaml.j2``, or copied
from another segment as text, in its own layout with the comment lines above it
(``segment_copy``; ruamel.yaml's round-trip dump where the text cannot be copied). The
changed tree is validated like ``build`` reads it (``spec_edit.validate_edit``) before
``write_edit`` writes anything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from segmentgen.api import display_path, load_project
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, missing_key
from segmentgen.core.templating import environment
from segmentgen.importer.read import read_bytes
from segmentgen.lifecycle.segment_copy import copy_block, copy_entry, find_spans
from segmentgen.lifecycle.segment_copy import indent_of as _indent
from segmentgen.lifecycle.segment_copy import is_content as _is_content
from segmentgen.lifecycle.spec_edit import (
    Edit,
    not_regular,
    problem,
    unreadable_specs,
    validate_edit,
)
from segmentgen.lifecycle.spec_edit import (
    write_edit as write_edit,  # the command line writes with it
)
from segmentgen.load.document import Loaded

TEMPLATE = "new-segment.yaml.j2"
DEFAULT_FILE = "segments.yaml"


def _key_lines(loaded: Loaded) -> dict[str, tuple[int, int]]:
    data = loaded.data
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, dict):
        return {}
    return {key: loaded.key_positions[("segments", key)] for key in segments}


def segment_block(lines: list[str], loaded: Loaded, key: str) -> tuple[int, int]:
    """0-based first and last line of segment ``key``: its key line to its last content line."""
    keys = _key_lines(loaded)
    line, col = keys[key]
    start = line - 1
    following = [other - 1 for other, _ in keys.values() if other - 1 > start]
    stop = min(following) if following else len(lines)
    end = start
    for index in range(start + 1, stop):
        if _is_content(lines[index], col - 1):
            end = index
    return start, end


def _block_style(lines: list[str], loaded: Loaded) -> bool:
    return all(lines[line - 1][col - 1:].startswith(key)
               for key, (line, col) in _key_lines(loaded).items())


def _find_loaded(loaded_files: list[Loaded], path: Path) -> Loaded | None:
    name = display_path(path)
    return next((f for f in loaded_files if f.file == name), None)


def _words(key: str) -> str:
    return " ".join(part.capitalize() for part in key.replace("_", "-").split("-") if part)


def render_scaffold(key: str, name: str, key_indent: int = 2) -> str:
    """The template's segment entry (without ``segments:``), indented like the target file."""
    text = environment().get_template(TEMPLATE).render(key=key, name_yaml=json.dumps(name,
                                                                           ensure_ascii=False))
    body = text.split("\n", 1)[1]
    return "".join(" " * (_indent(line) // 2 * key_indent) + line.lstrip(" ")
                   for line in body.splitlines(keepends=True))


def comments_above(lines: list[str], start: int) -> int:
    """The first of the comment lines directly above line ``start`` at its indentation."""
    indent = _indent(lines[start])
    while start > 0 and lines[start - 1].lstrip().startswith("#") and _indent(
            lines[start - 1]) == indent:
        start -= 1
    return start


def _copy(source_file: Loaded, source: str, key: str, name: str, lines: list[str],
          target: Loaded | None) -> str:
    """The entry of a copy of segment ``source``: its text with the comment lines above it,
    in its own layout (``segment_copy``), its key where the target file has its keys (where
    the source has it, in a file without segments); else a round-trip dump."""
    text = Path(source_file.file).read_text("utf-8")
    spans = find_spans(text, source)
    indent = _key_indent(target) if target is not None and _key_lines(target) else (
        spans.key_column if spans is not None else 2)
    if spans is not None:
        source_lines = text.splitlines(keepends=True)
        start, end = segment_block(source_lines, source_file, source)
        entry = copy_block(text, (comments_above(source_lines, start), end), spans, key, name,
                           indent)
        if entry is not None:
            return entry
    return copy_entry(text, source, key, name, lines, indent)


def _insert(text: str, loaded: Loaded | None, entry: str) -> str | None:
    """``text`` with ``entry`` after its last segment; None when the layout is not block style."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    keys = _key_lines(loaded) if loaded is not None else {}
    if not keys:
        data = loaded.data if loaded is not None else None
        if isinstance(data, dict) and "segments" in data:
            line = loaded.key_positions[("segments",)][0] - 1  # type: ignore[union-attr]
            head, tail = lines[:line], lines[line + 1:]
            return "".join([*head, "segments:\n", entry, *tail])
        return "".join([*lines, "segments:\n", entry])
    assert loaded is not None
    if not _block_style(lines, loaded):
        return None
    last = max(keys, key=lambda k: keys[k][0])
    _, end = segment_block(lines, loaded, last)
    starts = sorted(line - 1 for line, _ in keys.values())
    spaced = any(start > 0 and not lines[start - 1].strip() for start in starts[1:])
    return "".join([*lines[:end + 1], "\n" if spaced else "", entry, *lines[end + 1:]])


def _key_indent(loaded: Loaded | None) -> int:
    """The indentation of the segment keys of a spec file (2 for a new or empty one)."""
    keys = _key_lines(loaded) if loaded is not None else {}
    return next(iter(keys.values()))[1] - 1 if keys else 2


def _only_file(specs_dir: Path, loaded_files: list[Loaded]) -> Path | Diagnostic:
    """The one spec file (``segments.yaml`` when there is none); SG704 when there are more."""
    spec_files = sorted(f.file for f in loaded_files)
    if len(spec_files) > 1:
        return problem(specs_dir, codes.SG704, "several spec files; say which one gets the "
                       "segment", "pass --file")
    return Path(spec_files[0]) if spec_files else specs_dir / DEFAULT_FILE


def _target_text(target: Path) -> str | Diagnostic:
    """The text of the spec file that gets a new segment ("" for a new file), or why not:
    a FIFO or symlink loop (SG704) is never opened, and text that is not UTF-8 is SG101."""
    refused = not_regular(target)
    if refused is not None:
        return refused
    if not os.path.lexists(target):
        return ""
    try:
        return read_bytes(target).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return problem(target, codes.SG101, f"the spec file cannot be read: {error}",
                       "save it as UTF-8 text")


def new_segment(specs_dir: Path, key: str, *, source: str | None = None,
                file: Path | None = None, name: str | None = None) -> Edit:
    """Add segment ``key``: a copy of ``source``, or the scaffold. Validated, not written."""
    from segmentgen.validate import KEY_PATTERN

    refused = unreadable_specs(specs_dir)
    if refused is not None:
        return refused
    project, _, loaded_files = load_project(specs_dir)
    where = {k: f for f in loaded_files for k in _key_lines(f)}
    if key in where:
        line, col = where[key].key_positions[("segments", key)]
        return Edit(Path(where[key].file), None, [Diagnostic(
            where[key].file, line, col, codes.SG701, f"segment key {key!r} already exists",
            hint="choose another key")])
    target = file or (Path(where[source].file) if source in where
                      else _only_file(specs_dir, loaded_files))
    if isinstance(target, Diagnostic):
        return Edit(specs_dir, None, [target])
    if not KEY_PATTERN.match(key):
        return Edit(target, None, [problem(target, codes.SG205, f"{key!r} is not a valid segment "
                                           "key", "letters, digits, '-' and '_', such as "
                                           "'winter-sale'")])
    text = _target_text(target)
    if isinstance(text, Diagnostic):
        return Edit(target, None, [text])
    loaded = _find_loaded(loaded_files, target)
    lines = text.splitlines(keepends=True)
    key_indent = _key_indent(loaded)
    if source is None:
        entry = render_scaffold(key, name or _words(key), key_indent)
    elif project is None or source not in project.by_key():
        keys = project.by_key() if project is not None else ()
        return Edit(target, None, [missing_key(source, keys, display_path(specs_dir))])
    else:
        entry = _copy(where[source], source, key,
                      name or f"{project.by_key()[source].name} (copy)", lines, loaded)
    changed = _insert(text, loaded, entry)
    if changed is None:
        return Edit(target, None, [problem(target, codes.SG704, "the segments are written in flow "
                                           "style", "write 'segments:' as a block mapping")])
    return validate_edit(specs_dir, target, changed)


def delete_segment(specs_dir: Path, key: str) -> Edit:
    """Remove segment ``key`` from its spec file, and its environment overrides from
    ``segmentgen.yaml`` in the same edit (``edit.notes`` lists them); refused while others
    use it as a base."""
    refused = unreadable_specs(specs_dir)
    if refused is not None:
        return refused
    project, _, loaded_files = load_project(specs_dir)
    loaded = next((f for f in loaded_files if key in _key_lines(f)), None)
    if loaded is None:
        keys = project.by_key() if project is not None else ()
        return Edit(specs_dir, None, [missing_key(key, keys, display_path(specs_dir))])
    path = Path(loaded.file)
    users = sorted((s for s in (project.segments if project else ()) if key in s.base_keys()),
                   key=lambda s: s.key)
    if users:
        line, col = loaded.key_positions[("segments", key)]
        listing = ", ".join(f"{s.key} ({s.file}:{s.line})" for s in users)
        return Edit(path, None, [Diagnostic(
            loaded.file, line, col, codes.SG703, f"segment {key!r} is a base segment of {listing}",
            hint="remove it from their 'base:' lists first, or delete them too")])
    remaining = _without(path.read_text("utf-8").splitlines(keepends=True), loaded, key)
    if remaining is None:
        flow = problem(path, codes.SG704, "the segments are written in flow style",
                       "write 'segments:' as a block mapping")
        return Edit(path, None, [flow])
    from segmentgen.lifecycle.settings_edit import settings_change

    settings, notes = settings_change(specs_dir, project, key)
    edit = validate_edit(specs_dir, path, remaining, settings)
    edit.notes = notes
    return edit


def _without(lines: list[str], loaded: Loaded, key: str) -> str | None:
    """The spec file without segment ``key`` and the comment lines above it; None when the
    segments are in flow style."""
    if not _block_style(lines, loaded):
        return None
    start, end = segment_block(lines, loaded, key)
    start = comments_above(lines, start)
    before_blank = start == 0 or not lines[start - 1].strip()
    after_blank = end + 1 >= len(lines) or not lines[end + 1].strip()
    if before_blank and after_blank and start > 0 and end + 1 < len(lines):
        end += 1
    remaining = [*lines[:start], *lines[end + 1:]]
    if len(_key_lines(loaded)) == 1:
        segments_line = loaded.key_positions[("segments",)][0] - 1
        remaining[segments_line] = "segments: {}\n"
    return "".join(remaining)


def key_places(loaded_files: list[Loaded]) -> dict[str, str]:
    """Every segment key of the loaded spec files -> ``file:line`` of its key."""
    return {key: f"{loaded.file}:{line}" for loaded in loaded_files
            for key, (line, _) in _key_lines(loaded).items()}
