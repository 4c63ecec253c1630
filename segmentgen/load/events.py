"""Event-stream builder: a YAML parser's events to plain data and positions.

Input: a ``SpecLoader`` positioned at the start of one spec's text and the ``Loaded`` that
receives the positions. Output: ``Builder.run`` returns the document as plain dicts, lists and
scalars, filling ``Loaded.positions`` and ``Loaded.key_positions`` on the way, or raises
``LoadError`` (line, column, code, message, hint) for hostile or unsupported input: duplicate
keys, tags, merge keys, nesting beyond ``MAX_DEPTH``, aliases that expand beyond
``MAX_NODES``, numbers longer than ``MAX_NUMBER_LENGTH``, more than one document and control
characters in values. Data is built without recursion, so deep input is an error and never a
crash. ``first_refused`` finds the first refused character of a whole file's text.
"""

from __future__ import annotations

import copy
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from segmentgen.core import codes
from segmentgen.core.diagnostics import Path

if TYPE_CHECKING:  # load.py imports this module; these names are only needed for types
    from segmentgen.load.document import Loaded, SpecLoader

MAX_DEPTH = 64
MAX_NODES = 500_000
# Python's own default for int() of text, fixed here so that no environment setting lifts it.
MAX_NUMBER_LENGTH = sys.int_info.default_max_str_digits
SHOWN = 40
ALLOWED_CONTROLS = frozenset("\t\n")
DIRECTION_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                               "\u2066\u2067\u2068\u2069")
# One scan per string: control (Cc, but tab and newline), surrogate (Cs) and direction marks.
REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(sorted(DIRECTION_CONTROLS)) + "]"
)
# The same in a whole file's text, where a carriage return is part of a line break.
REFUSED_IN_FILE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(sorted(DIRECTION_CONTROLS)) + "]"
)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class LoadError(Exception):
    def __init__(self, line: int, col: int, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.diagnostic_args = (line, col, code, message, hint)


def shown(text: str) -> str:
    """A value as the user wrote it, quoted and cut short for a message."""
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


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


class Builder:
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
        event = self._next_event()
        while event is not None:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
            event = self._next_event()
        return self.root

    def _next_event(self) -> yaml.Event | None:
        try:
            return self.loader.get_event() if self.loader.check_event() else None
        except ValueError:  # PyYAML's pure-Python scanner: chr() of an escape past U+10FFFF
            get_mark = getattr(self.loader, "get_mark", None)
            mark = get_mark() if get_mark is not None else None
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            raise LoadError(line, col, codes.SG101, "an escape names no Unicode character",
                            ESCAPE_HINT) from None

    def _document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _error(event, codes.SG105, "the file holds more than one YAML document",
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
            raise _error(event, codes.SG203, "a mapping key must be a plain scalar",
                         "write the key as plain text, such as name: or plan:")
        return frame.key_path

    def _count(self, event: yaml.Event, size: int, height: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise _error(event, codes.SG105, f"the document expands to more than {MAX_NODES} nodes "
                         "(an alias bomb?)", "write the values out without aliases")
        if len(self.stack) + height > MAX_DEPTH:
            raise _error(event, codes.SG105, f"nesting deeper than {MAX_DEPTH} levels",
                         f"specs nest at most {MAX_DEPTH} levels; flatten the data")

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
            raise _error(event, codes.SG103, f"alias *{event.anchor} does not follow a complete "
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
            raise _error(event, codes.SG103, "merge keys ('<<') are not supported",
                         "write the keys out")
        here = _position(event)
        path = (*frame.path, key)
        if key in frame.value:
            first = self.loaded.key_positions[path]
            raise LoadError(*here, codes.SG104, f"duplicate key {shown(key)}",
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
        if len(text) > MAX_NUMBER_LENGTH:
            raise _error(event, codes.SG105, f"a number of {len(text)} characters; numbers are "
                         f"limited to {MAX_NUMBER_LENGTH}", "write a plain number such as 75")
        if tag == INT:
            try:
                return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
            except ValueError:
                raise _error(event, codes.SG203, f"{shown(text)} is not an integer",
                             "write a whole number such as 3, or quote text") from None
        try:
            return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
        except ValueError:
            if text.lower() == ".nan":
                return math.nan
            raise _error(event, codes.SG203, f"{shown(text)} is not a number",
                         "write a plain number such as 75 or 0.5, or quote text") from None

    @staticmethod
    def _check_tag(event: yaml.NodeEvent, tag: str, expected: str) -> None:
        if tag == expected:
            return
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        hint = "specs hold plain data; remove the tag"
        if tag.startswith("!") and not tag.startswith("!!"):
            hint = ("CloudFormation intrinsic functions are not used in specs; refer to base "
                    "segments by key and configure the application in segmentgen.yaml")
        raise _error(event, codes.SG103, f"YAML tag {shown(tag)} is not allowed here", hint)


ESCAPE_HINT = ("\\u and \\U escapes name Unicode characters: U+0000..U+10FFFF without the "
               "surrogates U+D800..U+DFFF")


def first_refused(text: str) -> re.Match[str] | None:
    """The first control, surrogate or text-direction character anywhere in a file's text
    (comments too), or None."""
    return REFUSED_IN_FILE.search(text)


def _check_text(event: yaml.ScalarEvent, text: str) -> None:
    """Control, surrogate and text-direction characters are refused in every string."""
    found = REFUSED.search(text)
    if found is None:
        return
    name = f"U+{ord(found.group()):04X}"
    raise _error(event, codes.SG101, f"character {name} at offset {found.start()} of "
                 f"{shown(text)} is not allowed in spec values",
                 "remove control and text-direction characters; only tab and newline are kept")


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _error(event: yaml.Event, code: str, message: str, hint: str | None = None) -> LoadError:
    return LoadError(*_position(event), code, message, hint)
