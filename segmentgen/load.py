"""Load stage: spec file text to plain data plus a position table.

Input: the bytes or text of one YAML file. Output: a ``Loaded`` (plain dicts, lists and
scalars; a table from data path to 1-based line and column of each value and each mapping
key) or diagnostics SG101-SG106. YAML 1.2 core-schema scalars: ``NO``, ``ON``, ``yes`` and
``2024-01-01`` stay strings. Duplicate keys, unknown tags, deep nesting and alias expansion
beyond a node budget are errors, never crashes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml

from segmentgen.diagnostics import Diagnostic, Finding, Path

try:  # the C parser keeps marks and is about nine times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class SpecLoader(_BaseLoader):
    """PyYAML's loader with YAML 1.2 core-schema implicit resolvers instead of YAML 1.1's."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}


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

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
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


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text without a byte-order mark, or SG101 at the first undecodable byte."""
    if len(raw) > MAX_BYTES:
        message = f"file is {len(raw)} bytes; specs are limited to {MAX_BYTES} bytes"
        return None, [Diagnostic(file, 1, 1, "SG105", message, hint="split it into several files")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[error.start]:02x} is not valid UTF-8"
        return None, [Diagnostic(file, line, col, "SG101", message, hint="save the file as UTF-8")]


def load_text(text: str, file: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse one YAML document into data plus positions; never raises for bad input."""
    loaded = Loaded(file, None)
    try:
        documents = list(yaml.compose_all(text, Loader=SpecLoader))
        if len(documents) > 1:
            mark = documents[1].start_mark
            raise _LoadError(
                mark.line + 1, mark.column + 1, "SG105",
                "the file holds more than one YAML document",
                "keep one document per spec file; remove the '---' separator or split the file",
            )
        if documents and documents[0] is not None:
            loaded.data = _Builder(loaded).build(documents[0], (), 0)
    except _LoadError as error:
        line, col, code, message, hint = error.diagnostic_args
        return None, [Diagnostic(file, line, col, code, message, hint=hint)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_error(error, text, file)]
    except yaml.reader.ReaderError as error:
        line, col = _line_col(text, error.position)
        message = f"character {error.character!r} is not allowed in YAML"
        return None, [Diagnostic(file, line, col, "SG101", message, hint="remove control characters")]
    except yaml.YAMLError as error:
        return None, [Diagnostic(file, 1, 1, "SG102", f"YAML error: {error}")]
    except RecursionError:
        return None, [Diagnostic(file, 1, 1, "SG105", f"nesting deeper than {MAX_DEPTH} levels")]
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


class _Builder:
    """Turns composed nodes into plain data, recording positions on the way."""

    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.nodes = 0

    def build(self, node: yaml.Node, path: Path, depth: int) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._error(node, "SG105", f"the document expands to more than {MAX_NODES} "
                              "nodes (an alias bomb?)", "write the values out without aliases")
        if depth > MAX_DEPTH:
            raise self._error(node, "SG105", f"nesting deeper than {MAX_DEPTH} levels")
        self.loaded.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, SEQ)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, object]:
        self._check_tag(node, MAP)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._error(key_node, "SG203", "a mapping key must be a plain scalar")
            key = str(key_node.value)
            if key == "<<":
                raise self._error(key_node, "SG103", "merge keys ('<<') are not supported",
                                  "write the keys out")
            here = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = self.loaded.key_positions[(*path, key)]
                raise _LoadError(*here, "SG104", f"duplicate key {key!r}",
                                 f"the first {key!r} is at line {first[0]}; keep one")
            self.loaded.key_positions[(*path, key)] = here
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> object:
        tag, text = node.tag, node.value
        self._check_tag(node, tag if tag in (STR, INT, FLOAT, BOOL, NULL) else STR)
        if tag == STR:
            return text
        if tag == BOOL:
            return text.lower() == "true"
        if tag == NULL:
            return None
        if tag == INT:
            try:
                return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
            except ValueError:
                raise self._error(node, "SG203", f"{text!r} is not an integer") from None
        try:
            number = float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
        except ValueError:
            if text.lower() == ".nan":
                return math.nan
            raise self._error(node, "SG203", f"{text!r} is not a number") from None
        return number

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag == expected:
            return
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        hint = "specs hold plain data; remove the tag"
        if tag.startswith("!") and not tag.startswith("!!"):
            hint = ("CloudFormation intrinsic functions are not used in specs; refer to base "
                    "segments by key and configure the application in segmentgen.yaml")
        raise self._error(node, "SG103", f"YAML tag {tag!r} is not allowed here", hint)

    @staticmethod
    def _error(node: yaml.Node, code: str, message: str, hint: str | None = None) -> _LoadError:
        return _LoadError(node.start_mark.line + 1, node.start_mark.column + 1, code, message, hint)
