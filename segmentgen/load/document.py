"""Load stage: spec file text to plain data plus a position table.

Input: a spec file, or the bytes or text of one. Output: a ``Loaded`` (plain dicts, lists
and scalars; a table from data path to 1-based line and column of each value and each
mapping key) or diagnostics SG101-SG106. YAML 1.2 core-schema scalars: ``NO``, ``ON``,
``yes`` and ``2024-01-01`` stay strings. Data is built from the parser's event stream without
recursion, so hostile input is an error and never a crash: files over ``MAX_BYTES`` are
refused before they are read, and duplicate keys, tags, nesting beyond ``MAX_DEPTH``, aliases
that expand beyond ``MAX_NODES``, more than one document and control characters anywhere
are positioned diagnostics. The event-stream builder and those limits live in
``load_events``, the mapping of parser errors in ``load_errors``; this module decodes and
parses. Every refusal for a limit is SG105, whichever layer notices it (our counters, the
parser's own limits in any wording, MemoryError, RecursionError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FilePath

import yaml

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Finding, Path
from segmentgen.load.errors import LIMIT_HINT, refused_character, yaml_error
from segmentgen.load.events import BOOL, FLOAT, INT, NULL, Builder, LoadError, first_refused
from segmentgen.load.scalar import position_within

try:  # the C parser keeps marks and is about nine times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 20 * 1024 * 1024
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
        value = _value_at(self.data, finding.path) if finding.within is not None else None
        if isinstance(value, str) and finding.path in self.positions:
            line, col = position_within(self.text, (line, col), value, finding.within or (1, 1))
        return Diagnostic(
            self.file, line, col, finding.code, finding.message, finding.severity, finding.hint
        )


def _value_at(data: object, path: Path) -> object:
    for step in path:
        inside = step in data if isinstance(data, dict) else (
            isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data))
        if not inside:
            return None
        data = data[step]  # type: ignore[index]
    return data


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text without a byte-order mark, or SG101 at the first undecodable byte."""
    if len(raw) > MAX_BYTES:
        return None, [_too_big(len(raw), file)]
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return None, [Diagnostic(file, 1, 1, codes.SG101, f"file is {encoding} text",
                                     hint="save the file as UTF-8")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[error.start]:02x} is not valid UTF-8"
        problem = Diagnostic(file, line, col, codes.SG101, message, hint="save the file as UTF-8")
        return None, [problem]


def _too_big(size: int, file: str) -> Diagnostic:
    return Diagnostic(file, 1, 1, codes.SG105, f"file is {size} bytes; specs are limited to "
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
        return None, [Diagnostic(file, 1, 1, codes.SG101, f"cannot read the file: {reason}",
                                 hint="make it a readable file, or move it out of the specs "
                                 "directory")]
    return load_bytes(raw, file)


def load_text(text: str, file: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse one YAML document into data plus positions; never raises for bad input."""
    refused = first_refused(text)
    if refused is not None:
        return None, [refused_character(text, refused.start(), file)]
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
        return None, [Diagnostic(file, line, col, codes.SG105, "the document is too large or too "
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
