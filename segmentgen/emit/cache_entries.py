"""Cache entries on disk: where they may be written, and reading them back safely.

Input: the cache directory, an entry's path and its data (or the stored form of
diagnostics). Output: entries written atomically into a cache directory that segmentgen
created (tagged with ``CACHEDIR.TAG`` and git-ignored) or that the user named (used as it
is, never given a ``.gitignore``); entries read back as JSON within a size limit, anything
unreadable being None; and, validated field by field, diagnostics from their stored form,
a build record (``Record``) and a compiled stack (files and manifest entry). Anything
damaged, of the wrong type, or naming a path outside ``out/`` is None: a cache miss.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.jsonfile import is_text, read_json_or_none
from segmentgen.emit.manifest import check_stack, stack_paths
from segmentgen.emit.paths import is_output_path

MAX_ENTRY = 16 * 1024 * 1024
TAG = "CACHEDIR.TAG"
SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
TAG_TEXT = (f"{SIGNATURE}\n# This file is a cache directory tag created by segmentgen.\n"
            "# For information about cache directory tags see https://bford.info/cachedir/\n")
SEVERITIES = frozenset(int(severity) for severity in Severity)
FORMAT = 1
RECORD_KEYS = frozenset({"format", "inputs", "specs", "outputs", "diagnostics"})
HEX = re.compile(r"[0-9a-f]{64}")


def diagnostics_to_data(diagnostics: Iterable[Diagnostic]) -> list[list[object]]:
    return [[d.file, d.line, d.col, d.code, d.message, int(d.severity), d.hint]
            for d in diagnostics]


def diagnostics_from_data(data: object, file: str | None = None) -> list[Diagnostic] | None:
    """Diagnostics back from their stored form (with ``file`` put in), or None if damaged."""
    if not isinstance(data, list):
        return None
    found = []
    for item in data:
        diagnostic = _diagnostic(item, file)
        if diagnostic is None:
            return None
        found.append(diagnostic)
    return found


def _diagnostic(item: object, file: str | None) -> Diagnostic | None:
    if not isinstance(item, list) or len(item) != 7:
        return None
    name, line, col, code, message, severity, hint = item
    if not (is_text(name) and _count(line) and _count(col) and is_text(code)
            and is_text(message) and _count(severity) and severity in SEVERITIES
            and (hint is None or is_text(hint))):
        return None
    return Diagnostic(name if file is None else file, line, col, code, message,
                      Severity(severity), hint)


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def read_entry(path: Path) -> Any:
    """A cache entry's JSON, or None when it is missing, oversized or damaged."""
    return read_json_or_none(path, MAX_ENTRY)


def write_entry(root: Path, path: Path, data: object) -> None:
    """Write atomically; a cache that cannot be written is only a slower next build."""
    if not prepare_dir(root):
        return
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"))
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def prepare_dir(root: Path) -> bool:
    """Whether root is a directory to write the cache in. A missing one is created tagged
    (CACHEDIR.TAG) and git-ignored, all at once; an existing one is left as it is, except
    that a tagged one gets back a lost ``.gitignore``."""
    if root.is_dir():
        if is_tagged(root) and not (root / ".gitignore").exists():
            with contextlib.suppress(OSError):
                (root / ".gitignore").write_text("*\n", "utf-8")
        return True
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        import shutil
        import tempfile

        staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    except OSError:
        return False
    try:
        (staging / TAG).write_text(TAG_TEXT, "utf-8")
        (staging / ".gitignore").write_text("*\n", "utf-8")
        os.rename(staging, root)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return root.is_dir()


def is_tagged(root: Path) -> bool:
    """Whether root carries the cache directory tag segmentgen writes when creating it."""
    try:
        with open(root / TAG, "rb") as tag:
            return tag.read(len(SIGNATURE)) == SIGNATURE.encode()
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class Record:
    """The last build of an output directory: its inputs and the hash of every output."""

    inputs: str
    specs: dict[str, str]
    outputs: dict[str, str]
    diagnostics: list[Diagnostic]


def read_record(path: Path) -> Record | None:
    """A build record, validated; None when missing or damaged in any way."""
    data = read_entry(path)
    if not isinstance(data, dict) or set(data) != RECORD_KEYS or data["format"] != FORMAT:
        return None
    inputs, specs, outputs = data["inputs"], data["specs"], data["outputs"]
    diagnostics = diagnostics_from_data(data["diagnostics"])
    if not (isinstance(inputs, str) and HEX.fullmatch(inputs) and diagnostics is not None
            and _hashes(specs, is_text)
            and _hashes(outputs, is_output_path)):
        return None
    return Record(inputs, specs, outputs, diagnostics)


def _hashes(value: object, valid_key: Callable[[object], bool]) -> bool:
    return isinstance(value, dict) and all(
        valid_key(key) and isinstance(item, str) and HEX.fullmatch(item)
        for key, item in value.items())


def read_stack(path: Path, key: str, template: str | None) -> tuple[dict[str, bytes],
                                                                    dict[str, Any]] | None:
    """A compiled stack's files and manifest entry stored under key (for ``template``, when
    given), validated; None when missing or damaged in any way."""
    data = read_entry(path)
    if not isinstance(data, dict) or set(data) != {"key", "files", "entry"}:
        return None
    files, entry = data["files"], data["entry"]
    if data["key"] != key or not _texts_by_path(files) or check_stack(entry) is not None:
        return None
    named = [entry["template"], *(entry[k] for k in stack_paths() if k in entry)]
    if not set(named) <= set(files) or template not in (None, entry["template"]):
        return None
    return {path: text.encode("utf-8") for path, text in files.items()}, entry


def _texts_by_path(value: object) -> bool:
    return isinstance(value, dict) and all(
        is_output_path(path) and is_text(text) for path, text in value.items())
