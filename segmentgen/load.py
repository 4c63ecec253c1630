"""Load stage: spec file text to plain data plus a position table.

Input: a spec file, or the bytes or text of one. Output: a ``Loaded`` (plain dicts, lists
and scalars; a table from data path to 1-based line and column of each value and each
mapping key) or diagnostics SG101-SG106. YAML 1.2 core-schema scalars: ``NO``, ``ON``,
``yes`` and ``2024-01-01`` stay strings. Data is built from the parser's event stream without
recursion, so hostile input is an error and never a crash: files over ``MAX_BYTES`` are
refused before they are read, and duplicate keys, tags, nesting beyond ``MAX_DEPTH``, aliases
that expand beyond ``MAX_NODES``, more than one document and control characters anywhere
are positioned diagnostics. The event-stream builder and those limits live in
``load_events``; this module decodes, parses and maps errors to diagnostics: every refusal
for a limit is SG105, whichever layer notices it (our counters, the parser's own limits in
any wording, MemoryError, RecursionError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FilePath

import yaml

from segmentgen.diagnostics import Diagnostic, Finding, Path
from segmentgen.load_events import (
    BOOL,
    ESCAPE_HINT,
    FLOAT,
    INT,
    MAX_DEPTH,
    NULL,
    Builder,
    LoadError,
    first_refused,
)

try:  # the C parser keeps marks and is about nine times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 20 * 1024 * 1024
# Parsers refuse input past their own limits in words that change between versions: libyaml
# 0.2.5 says "Maximum nesting level reached, set with yaml_set_max_nest_level()", the libyaml
# in PyYAML 6.0.4 "exceeded maximum nesting depth", its reader "input is too long" and its
# scanner "found extremely long version number"; an allocation failure is a MemoryError.
LIMIT_WORDS = ("nesting", "depth", "maximum", "limit", "too long", "extremely long", "memory")
LIMIT_HINT = "split the file or flatten the data; specs are small, plain data"
DEPTH_HINT = f"specs nest at most {MAX_DEPTH} levels; flatten the data"
REFUSED_HINT = ("remove control, surrogate and text-direction characters; only tab and line "
                "breaks are kept")
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


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
    refused = first_refused(text)
    if refused is not None:
        return None, [_refused_character(text, refused.start(), file)]
    loaded = Loaded(file, None, text=text)
    loader: SpecLoader | None = None
    try:
        loader = SpecLoader(text)  # PyYAML's pure-Python reader checks characters here
        loaded.data = Builder(loaded, loader).run()
    except LoadError as error:
        line, col, code, message, hint = error.diagnostic_args
        return None, [Diagnostic(file, line, col, code, message, hint=hint)]
    except yaml.YAMLError as error:
        return None, [yaml_error(error, text, file)]
    except (MemoryError, RecursionError):
        line, col = _last_position(loaded)
        return None, [Diagnostic(file, line, col, "SG105", "the document is too large or too "
                                 "deep to load", hint=LIMIT_HINT)]
    finally:
        if loader is not None:
            loader.dispose()
    return loaded, []


def _last_position(loaded: Loaded) -> tuple[int, int]:
    """Where the builder was: the later of the last value and the last key it placed."""
    values = next(reversed(loaded.positions.values()), (1, 1))
    return max(values, next(reversed(loaded.key_positions.values()), (1, 1)))


def load_bytes(raw: bytes, file: str) -> tuple[Loaded | None, list[Diagnostic]]:
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    return load_text(text, file)


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _refused_character(text: str, index: int, file: str) -> Diagnostic:
    line, col = _line_col(text, index)
    message = f"character U+{ord(text[index]):04X} is not allowed in spec files"
    return Diagnostic(file, line, col, "SG101", message, hint=REFUSED_HINT)


def yaml_error(error: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    """A parser's error as SG105 (one of its limits), SG101 (a character) or SG102 (syntax)."""
    if isinstance(error, yaml.reader.ReaderError):
        line, col = _line_col(text, error.position)
        if is_limit_refusal(error.reason):
            return Diagnostic(file, line, col, "SG105", f"YAML parser limit: {error.reason}",
                              hint=LIMIT_HINT)
        return _reader_error(error, line, col, file)
    if not isinstance(error, yaml.MarkedYAMLError):
        code = "SG105" if is_limit_refusal(str(error)) else "SG102"
        return Diagnostic(file, 1, 1, code, f"YAML error: {error}")
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if is_limit_refusal(error.problem, error.context):
        if is_depth_refusal(error.problem, error.context):
            return Diagnostic(file, line, col, "SG105", f"nesting too deep (the limit is "
                              f"{MAX_DEPTH} levels)", hint=DEPTH_HINT)
        return Diagnostic(file, line, col, "SG105", f"YAML parser limit: {error.problem}",
                          hint=LIMIT_HINT)
    escape = _bad_escape(text, mark.index) if mark else None
    if escape is not None:
        return Diagnostic(file, line, col, "SG101", f"escape {escape} names no Unicode "
                          "character", hint=ESCAPE_HINT)
    return _syntax_error(error, text, file)


def is_limit_refusal(*texts: str | None) -> bool:
    """Whether a parser's error message refuses input for one of its limits (depth, length,
    memory) rather than for its syntax: the words every known wording uses."""
    said = " ".join(text for text in texts if text).lower()
    return any(word in said for word in LIMIT_WORDS)


def is_depth_refusal(*texts: str | None) -> bool:
    said = " ".join(text for text in texts if text).lower()
    return "nest" in said or "depth" in said


def _reader_error(error: yaml.reader.ReaderError, line: int, col: int, file: str) -> Diagnostic:
    character = error.character
    code = ord(character) if isinstance(character, str) and len(character) == 1 else character
    name = f"U+{code:04X}" if isinstance(code, int) and code >= 0 else "here"
    return Diagnostic(file, line, col, "SG101", f"character {name} is not allowed in YAML",
                      hint=REFUSED_HINT)


def _bad_escape(text: str, index: int) -> str | None:
    """The \\u or \\U escape at ``index`` when it names a surrogate or a code past U+10FFFF."""
    for found in _ESCAPE.finditer(text, max(0, index - 2), index + 10):
        number = int(found.group()[2:], 16)
        if found.start() <= index <= found.end() and (
                0xD800 <= number <= 0xDFFF or number > 0x10FFFF):
            return found.group()
    return None


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
