"""Reading one import input: its plain data, and the positions of its parts when needed.

Input: a path to a CloudFormation template (JSON or YAML, short-form intrinsic tags such as
``!Ref`` included) or to ``aws pinpoint get-segments`` / ``get-segment`` output. Output: an
``Input`` (plain dicts, lists and scalars, and ``position(path)``: the 1-based line and
column of a data path) or diagnostics: SG101 when the file cannot be read, is not a regular
file (a FIFO is never opened for a blocking read) or is not UTF-8; SG102 when it cannot be
parsed. JSON is parsed by the json module, which is fast on large inputs; cfn-lint's decoder,
whose nodes carry positions, reads a JSON file only once a diagnostic needs a position.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.diagnostics import Path as DataPath

_NOT_JSON = object()


@dataclass(slots=True)
class Input:
    """One parsed input file; ``document`` holds cfn-lint's positioned nodes once decoded."""

    file: str
    data: object
    text: str = ""
    document: object = None
    decoded: bool = False

    def position(self, path: DataPath) -> tuple[int, int]:
        if not self.decoded:
            self.decoded = True
            self.document = _positioned(self.text)
        return position(self.document, path)


def position(document: object, path: DataPath) -> tuple[int, int]:
    """1-based line and column of the deepest node on ``path`` that cfn-lint marked."""
    found, node = (1, 1), document
    for part in path:
        mark = getattr(node, "start_mark", None)
        if mark is not None:
            found = (mark.line + 1, mark.column + 1)
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return found
    mark = getattr(node, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else found


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file. Opened without blocking, so a FIFO is refused, not waited
    on; raises OSError with the reason (a directory, a device, a symlink loop)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(f"{path.as_posix()} is not a regular file")
        return stream.read()


def read_input(path: Path) -> tuple[Input | None, list[Diagnostic]]:
    """The parsed input, or the diagnostics that say why there is none."""
    name = path.as_posix()
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Diagnostic(name, 1, 1, codes.SG101, f"cannot read the file: {error}",
                                 hint="pass a UTF-8 template or get-segments JSON file")]
    data = _json(text)
    if data is not _NOT_JSON:
        return Input(name, data, text), []
    return _yaml(name, text)


def _json(text: str) -> object:
    """The JSON data; ``_NOT_JSON`` when the text is not JSON or repeats a key (cfn-lint's
    decoder then reports it with its position)."""
    repeated: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(items)
        if len(mapping) != len(items):
            repeated.append(True)
        return mapping

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return _NOT_JSON
    return _NOT_JSON if repeated else data


def _decode(text: str) -> tuple[object, list[Any]]:
    from cfnlint.decode.decode import decode_str

    try:
        document, matches = decode_str(text)
        return document, list(matches)
    except RecursionError:
        return None, []


def _yaml(name: str, text: str) -> tuple[Input | None, list[Diagnostic]]:
    document, matches = _decode(text)
    if document is None or matches:
        message = matches[0].message if matches else "not JSON or YAML"
        line = matches[0].linenumber if matches else 1
        return None, [Diagnostic(name, line, 1, codes.SG102, f"cannot parse the file: {message}",
                                 hint="fix the syntax; the file must be JSON or YAML")]
    try:
        data = plain(document)
    except RecursionError:
        return None, [Diagnostic(name, 1, 1, codes.SG102, "cannot parse the file: nested too "
                                 "deeply", hint="fix the syntax; the file must be JSON or YAML")]
    return Input(name, data, text, document, True), []


def _positioned(text: str) -> object:
    """cfn-lint's positioned nodes of a JSON text; None when it cannot decode it (a
    diagnostic then points at the start of the file)."""
    document, matches = _decode(text)
    return None if matches else document


def plain(value: object) -> object:
    """cfn-lint's decoded nodes (which carry marks) as plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    for kind in (str, bool, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value
