"""Load stage: spec file text to plain data plus a position table.

Input: a spec file, or the bytes or text of one. Output: a ``Loaded`` (plain dicts, lists
and scalars; a table from data path to 1-based line and column of each value and each
mapping key) or diagnostics SG101-SG106. YAML 1.2 core-schema scalars: ``NO``, ``ON``,
``yes`` and ``2024-01-01`` stay strings. Data is built from the parser's event stream without
recursion, so hostile input is an error and never a crash: files over ``MAX_BYTES`` are
refused before they are read, and duplicate keys, tags, nesting beyond ``MAX_DEPTH``, aliases
that expand beyond ``MAX_NODES``, more than one document and control characters in values
are positioned diagnostics.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

import yaml

from segmentgen.diagnostics import Diagnostic, Finding, Path

try:  # the C parser keeps marks and is about nine times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000
SHOWN = 40
ALLOWED_CONTROLS = frozenset("\t\n")
DIRECTION_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                               "\u2066\u2067\u2068\u2069")
# One scan per string: control (Cc, but tab and newline), surrogate (Cs) and direction marks.
REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(sorted(DIRECTION_CONTROLS)) + "]"
)
BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class SpecLoader(_BaseLoader):
    """PyYAML's loader with YAML 1.2 core-schema implicit resolvers instead of YAML 1.1's."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012


_CORE_SCHEMA = (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
)
for _tag, _pattern, _first in _CORE_SCHEMA:
    SpecLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


@dataclass(slots=True)
class Loaded:
    """One loaded YAML document and where each of its values stands in the file."""

    file: str
    data: object
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    text: str = ""
    released: bool = False

    def release(self) -> None:
        """Drop the data and position tables (most of a loaded file's memory); the next
        lookup parses the text again. A build does this once every spec is validated."""
        self.data, self.positions, self.key_positions, self.released = None, {}, {}, True

    def restore(self) -> None:
        if self.released:
            again, _ = load_text(self.text, self.file)
            if again is not None:
                self.data = again.data
                self.positions, self.key_positions = again.positions, again.key_positions
            self.released = False

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        self.restore()
        table = self.key_positions if key else self.positions
        if key and path in table:
            return table[path]
        probe = path
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def diagnostic(self, finding: Finding) -> Diagnostic:
        line, col = self.position(finding.path, key=finding.at_key)
        return Diagnostic(
            self.file, line, col, finding.code, finding.message, finding.severity, finding.hint
        )


class _LoadError(Exception):
    def __init__(self, line: int, col: int, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.diagnostic_args = (line, col, code, message, hint)


def shown(text: str) -> str:
    """A value as the user wrote it, quoted and cut short for a message."""
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text without a byte-order mark, or SG101 at the first undecodable byte."""
    if len(raw) > MAX_BYTES:
        return None, [_too_big(len(raw), file)]
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return None, [Diagnostic(file, 1, 1, "SG101", f"file is {encoding} text",
                                     hint="save the file as UTF-8")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[error.start]:02x} is not valid UTF-8"
        return None, [Diagnostic(file, line, col, "SG101", message, hint="save the file as UTF-8")]


def _too_big(size: int, file: str) -> Diagnostic:
    return Diagnostic(file, 1, 1, "SG105", f"file is {size} bytes; specs are limited to "
                      f"{MAX_BYTES} bytes", hint="split it into several files")


def load_file(path: FilePath, file: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Read and load one spec file; a file over the limit is refused before it is read."""
    try:
        with open(path, "rb") as handle:
            size = FilePath(path).stat().st_size
            if size > MAX_BYTES:
                return None, [_too_big(size, file)]
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [Diagnostic(file, 1, 1, "SG101", f"cannot read the file: {reason}")]
    return load_bytes(raw, file)


def load_text(text: str, file: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse one YAML document into data plus positions; never raises for bad input."""
    loaded = Loaded(file, None, text=text)
    loader = SpecLoader(text)
    try:
        loaded.data = _Builder(loaded, loader).run()
    except _LoadError as error:
        line, col, code, message, hint = error.diagnostic_args
        return None, [Diagnostic(file, line, col, code, message, hint=hint)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_error(error, text, file)]
    except yaml.reader.ReaderError as error:
        line, col = _line_col(text, error.position)
        message = f"character {error.character!r} is not allowed in YAML"
        hint = "remove control characters"
        return None, [Diagnostic(file, line, col, "SG101", message, hint=hint)]
    except yaml.YAMLError as error:
        return None, [Diagnostic(file, 1, 1, "SG102", f"YAML error: {error}")]
    finally:
        loader.dispose()
    return loaded, []


def load_bytes(raw: bytes, file: str) -> tuple[Loaded | None, list[Diagnostic]]:
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    return load_text(text, file)


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _syntax_error(error: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or str(error)
    hint = None
    at = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
    if at == "\t" or "\\t" in problem:
        hint = "indent with spaces; YAML does not allow tabs for indentation"
    elif error.context:
        hint = error.context
    return Diagnostic(file, line, col, "SG102", f"YAML syntax error: {problem}", hint=hint)


@dataclass(slots=True)
class _Frame:
    """An open sequence or mapping while its events arrive."""

    path: Path
    value: list[object] | dict[str, object]
    anchor: str | None
    size: int = 1
    height: int = 1
    key: str | None = None
    key_path: Path = ()  # shared by the key's and the value's position entries


class _Builder:
    """Turns the parser's events into plain data, recording positions on the way."""

    def __init__(self, loaded: Loaded, loader: SpecLoader) -> None:
        self.loaded = loaded
        self.loader = loader
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[object, int, int]] = {}
        self.nodes = 0
        self.documents = 0
        self.root: object = None

    def run(self) -> object:
        handlers: dict[type, Callable[[Any], None]] = {
            yaml.DocumentStartEvent: self._document,
            yaml.SequenceEndEvent: self._close,
            yaml.MappingEndEvent: self._close,
            yaml.AliasEvent: self._alias,
            yaml.ScalarEvent: self._scalar_event,
            yaml.SequenceStartEvent: self._open,
            yaml.MappingStartEvent: self._open,
        }
        loader = self.loader
        while loader.check_event():
            event = loader.get_event()
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
        return self.root

    def _document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _error(event, "SG105", "the file holds more than one YAML document",
                         "keep one document per spec file; remove the '---' separator or "
                         "split the file")

    def _close(self, event: yaml.CollectionEndEvent) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, frame.size, frame.height)
        self._attach(frame.value, frame.size, frame.height)

    def _child_path(self, event: yaml.NodeEvent) -> Path:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.path, len(frame.value))
        if frame.key is None:
            raise _error(event, "SG203", "a mapping key must be a plain scalar")
        return frame.key_path

    def _count(self, event: yaml.Event, size: int, height: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise _error(event, "SG105", f"the document expands to more than {MAX_NODES} nodes "
                         "(an alias bomb?)", "write the values out without aliases")
        if len(self.stack) + height > MAX_DEPTH:
            raise _error(event, "SG105", f"nesting deeper than {MAX_DEPTH} levels")

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        path = self._child_path(event)
        self._count(event, 1, 1)
        mapping = isinstance(event, yaml.MappingStartEvent)
        node = yaml.MappingNode if mapping else yaml.SequenceNode
        self._check_tag(event, self._tag(event, node, None), MAP if mapping else SEQ)
        self.loaded.positions[path] = _position(event)
        value: list[object] | dict[str, object] = {} if mapping else []
        self.stack.append(_Frame(path, value, event.anchor))

    def _alias(self, event: yaml.AliasEvent) -> None:
        path = self._child_path(event)
        if event.anchor not in self.anchors:
            raise _error(event, "SG103", f"alias *{event.anchor} does not follow a complete "
                         f"value with the anchor &{event.anchor}", "write the value out")
        value, size, height = self.anchors[event.anchor]
        self._count(event, size, height)
        self.loaded.positions[path] = _position(event)
        self._attach(copy.deepcopy(value), size, height)

    def _scalar_event(self, event: yaml.ScalarEvent) -> None:
        frame = self.stack[-1] if self.stack else None
        if isinstance(frame, _Frame) and isinstance(frame.value, dict) and frame.key is None:
            self._key(frame, event)
            return
        path = self._child_path(event)
        self._count(event, 1, 0)
        self.loaded.positions[path] = _position(event)
        value = self._scalar(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0)
        self._attach(value, 1, 0)

    def _key(self, frame: _Frame, event: yaml.ScalarEvent) -> None:
        tag = self._tag(event, yaml.ScalarNode, event.value)
        self._check_tag(event, tag, tag if tag in (STR, INT, FLOAT, BOOL, NULL) else STR)
        key = event.value
        _check_text(event, key)
        if key == "<<" and not event.style:
            raise _error(event, "SG103", "merge keys ('<<') are not supported",
                         "write the keys out")
        here = _position(event)
        path = (*frame.path, key)
        if key in frame.value:
            first = self.loaded.key_positions[path]
            raise _LoadError(*here, "SG104", f"duplicate key {shown(key)}",
                             f"the first {shown(key)} is at line {first[0]}; keep one")
        self.loaded.key_positions[path] = here
        if event.anchor is not None:
            self.anchors[event.anchor] = (key, 1, 0)
        frame.key = key
        frame.key_path = path

    def _attach(self, value: object, size: int, height: int) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        frame.height = max(frame.height, height + 1)
        if isinstance(frame.value, list):
            frame.value.append(value)
        else:
            assert frame.key is not None
            frame.value[frame.key] = value
            frame.key = None

    def _tag(self, event: yaml.NodeEvent, node: type[yaml.Node], value: str | None) -> str:
        tag: str | None = getattr(event, "tag", None)
        if tag is None or tag == "!":
            resolved = self.loader.resolve(node, value, event.implicit)  # type: ignore[no-untyped-call, attr-defined]
            return str(resolved)
        return tag

    def _scalar(self, event: yaml.ScalarEvent) -> object:
        text = event.value
        tag = self._tag(event, yaml.ScalarNode, text)
        self._check_tag(event, tag, tag if tag in (STR, INT, FLOAT, BOOL, NULL) else STR)
        if tag == STR:
            _check_text(event, text)
            return text
        if tag == BOOL:
            return text.lower() == "true"
        if tag == NULL:
            return None
        if tag == INT:
            try:
                return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
            except ValueError:
                raise _error(event, "SG203", f"{shown(text)} is not an integer") from None
        try:
            return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
        except ValueError:
            if text.lower() == ".nan":
                return math.nan
            raise _error(event, "SG203", f"{shown(text)} is not a number") from None

    @staticmethod
    def _check_tag(event: yaml.NodeEvent, tag: str, expected: str) -> None:
        if tag == expected:
            return
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        hint = "specs hold plain data; remove the tag"
        if tag.startswith("!") and not tag.startswith("!!"):
            hint = ("CloudFormation intrinsic functions are not used in specs; refer to base "
                    "segments by key and configure the application in segmentgen.yaml")
        raise _error(event, "SG103", f"YAML tag {shown(tag)} is not allowed here", hint)


def _check_text(event: yaml.ScalarEvent, text: str) -> None:
    """Control, surrogate and text-direction characters are refused in every string."""
    found = REFUSED.search(text)
    if found is None:
        return
    name = f"U+{ord(found.group()):04X}"
    raise _error(event, "SG101", f"character {name} at offset {found.start()} of "
                 f"{shown(text)} is not allowed in spec values",
                 "remove control and text-direction characters; only tab and newline are kept")


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _error(event: yaml.Event, code: str, message: str, hint: str | None = None) -> _LoadError:
    return _LoadError(*_position(event), code, message, hint)
