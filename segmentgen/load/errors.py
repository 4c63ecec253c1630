"""Parser errors to diagnostics: which refusals are limits (SG105), characters (SG101) or
syntax (SG102).

Input: a PyYAML error (from libyaml or from PyYAML's pure-Python parser, any version) and the
text it was raised for. Output: one positioned ``Diagnostic``. Limits are told apart by the
words every known wording of them uses, not by one version's message; an escape that names
no character is told apart by the text at the error's position.
"""

from __future__ import annotations

import re

import yaml

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.load.events import ESCAPE_HINT, MAX_DEPTH

# Parsers refuse input past their own limits in words that change between versions: libyaml's
# master (since 2024) says "Maximum nesting level reached, set with yaml_set_max_nest_level()",
# the libyaml in PyYAML 6.0.4 wheels "exceeded maximum nesting depth", libyaml's reader "input
# is too long" and its scanner "found extremely long version number"; a failed allocation
# reaches Python as MemoryError. Older libyaml and the pure-Python parser have no depth limit.
LIMIT_WORDS = ("nesting", "depth", "maximum", "limit", "too long", "extremely long", "memory")
LIMIT_HINT = "split the file or flatten the data; specs are small, plain data"
DEPTH_HINT = f"specs nest at most {MAX_DEPTH} levels; flatten the data"
SYNTAX_HINT = "fix the YAML at this place: check indentation, brackets and quotes"
REFUSED_HINT = ("remove control, surrogate and text-direction characters; only tab and line "
                "breaks are kept")
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")


def line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def refused_character(text: str, index: int, file: str) -> Diagnostic:
    line, col = line_col(text, index)
    message = f"character U+{ord(text[index]):04X} is not allowed in spec files"
    return Diagnostic(file, line, col, codes.SG101, message, hint=REFUSED_HINT)


def yaml_error(error: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    """A parser's error as SG105 (one of its limits), SG101 (a character) or SG102 (syntax)."""
    if isinstance(error, yaml.reader.ReaderError):
        line, col = line_col(text, error.position)
        if is_limit_refusal(error.reason):
            return Diagnostic(file, line, col, codes.SG105, f"YAML parser limit: {error.reason}",
                              hint=LIMIT_HINT)
        return _reader_error(error, line, col, file)
    if not isinstance(error, yaml.MarkedYAMLError):
        code = codes.SG105 if is_limit_refusal(str(error)) else codes.SG102
        return Diagnostic(file, 1, 1, code, f"YAML error: {error}",
                          hint=LIMIT_HINT if code == codes.SG105 else SYNTAX_HINT)
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if is_limit_refusal(error.problem, error.context):
        if is_depth_refusal(error.problem, error.context):
            return Diagnostic(file, line, col, codes.SG105, f"nesting too deep (the limit is "
                              f"{MAX_DEPTH} levels)", hint=DEPTH_HINT)
        return Diagnostic(file, line, col, codes.SG105, f"YAML parser limit: {error.problem}",
                          hint=LIMIT_HINT)
    escape = _bad_escape(text, mark.index) if mark else None
    if escape is not None:
        return Diagnostic(file, line, col, codes.SG101, f"escape {escape} names no Unicode "
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
    return Diagnostic(file, line, col, codes.SG101, f"character {name} is not allowed in YAML",
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
    hint = SYNTAX_HINT
    at = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
    if at == "\t" or "\\t" in problem:
        hint = "indent with spaces; YAML does not allow tabs for indentation"
    elif error.context:
        hint = error.context
    return Diagnostic(file, line, col, codes.SG102, f"YAML syntax error: {problem}", hint=hint)
