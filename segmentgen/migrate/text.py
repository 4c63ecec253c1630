"""Rewrite one segment of a spec file's text in place, keeping every other byte.

Input: the spec file's text, a segment key, its new criteria (``high_level.Form``) and a
function from a CloudFormation-shaped data path to the spec line (the segment's locator).
Output: the new text, or a ``Refusal`` (SG708) when the segment cannot be rewritten as text
(flow style, an alias, a criteria key that is not a block key). Only the segment's own lines
change: ``target: customer-profiles`` goes after its key line (or replaces its
``target: pinpoint``), its criteria key (``where``, ``groups``, ``dimensions`` or
``segment_groups``) and the lines below it become the new form, and ``application:`` (a
Pinpoint project id) goes. Comments in replaced lines are kept: a comment on a criterion's
line stays on the line that criterion becomes, other comments move above the first new
line whose criteria come from at or below them, the rest follow the new criteria.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import yaml

from segmentgen.core.diagnostics import Path
from segmentgen.migrate.high_level import Form

CRITERIA_KEYS = ("where", "groups", "dimensions", "segment_groups")
TARGET_LINE = "target: customer-profiles"


class Refusal(Exception):
    """The segment's text cannot be rewritten in place."""


@dataclass(frozen=True, slots=True)
class Pair:
    key: str
    first: int  # 0-based line of the key
    last: int  # 0-based last line of its value (trailing blank and shallow comment lines out)
    column: int


def comment_of(line: str) -> tuple[str, str]:
    """(content, comment) of one line: the comment from its ' #' outside quotes, or ''."""
    quote = ""
    for index, character in enumerate(line):
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index].rstrip(), line[index:].rstrip("\n")
    return line.rstrip("\n"), ""


def _pairs(text: str, key: str) -> tuple[list[Pair], int]:
    """The body keys of segment ``key`` with their lines, and the segment's key column."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise Refusal(f"the file does not parse: {error}") from None
    segments = _value(root, "segments")
    entry = next(((k, v) for k, v in (segments.value if isinstance(segments, yaml.MappingNode)
                                      else []) if k.value == key), None)
    if entry is None or not isinstance(entry[1], yaml.MappingNode) or entry[1].flow_style:
        raise Refusal("the segment is not a block mapping (flow style or an alias)")
    key_node, body = entry
    if body.start_mark.index < key_node.end_mark.index:
        raise Refusal("the segment is an alias")
    lines = text.splitlines(keepends=True)
    starts = [(k.value, k.start_mark.line, k.start_mark.column) for k, _ in body.value]
    end = body.end_mark
    at_start = end.line >= len(lines) or not lines[end.line][:end.column].strip()
    ends = [line for _, line, _ in starts[1:]] + [end.line + (0 if at_start else 1)]
    column = starts[0][2] if starts else 0
    pairs = []
    for (name, first, col), stop in zip(starts, ends, strict=True):
        last = stop - 1
        while last > first and _shallow(lines[last] if last < len(lines) else "", column):
            last -= 1
        pairs.append(Pair(str(name), first, last, col))
    return pairs, key_node.start_mark.line


def _shallow(line: str, column: int) -> bool:
    stripped = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    return not stripped or (stripped.startswith("#") and indent <= column)


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if getattr(k, "value", None) == key), None)


def rewrite(text: str, key: str, form: Form, line_of: Callable[[Path], int]) -> str:
    """``text`` with segment ``key`` in the customer-profiles form; raises ``Refusal``."""
    pairs, key_line = _pairs(text, key)
    criteria = [pair for pair in pairs if pair.key in CRITERIA_KEYS]
    if len(criteria) != 1:
        raise Refusal("the segment has no single criteria key")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    replaced: dict[int, list[str]] = {}  # first line -> new lines; covers first..last
    spans: dict[int, int] = {}
    (pair,) = criteria
    replaced[pair.first] = _criteria_lines(lines, pair, form, line_of)
    spans[pair.first] = pair.last
    target = next((p for p in pairs if p.key == "target"), None)
    if target is not None:
        _, comment = comment_of(lines[target.first])
        replaced[target.first] = [_joined(" " * target.column + TARGET_LINE, comment)]
        spans[target.first] = target.last
    for other in (p for p in pairs if p.key == "application"):
        replaced[other.first] = _kept_comments(lines, other)
        spans[other.first] = other.last
    result: list[str] = []
    column = pairs[0].column if pairs else 2
    index = 0
    while index < len(lines):
        if index in replaced:
            result.extend(replaced[index])
            index = spans[index] + 1
            continue
        result.append(lines[index])
        if index == key_line and target is None:
            result.append(" " * column + TARGET_LINE + "\n")
        index += 1
    return "".join(result)


def _joined(content: str, comment: str) -> str:
    return f"{content}  {comment}\n" if comment else f"{content}\n"


def _kept_comments(lines: list[str], pair: Pair) -> list[str]:
    """The comments of a removed pair, as comment lines at its indentation."""
    found = [comment_of(line)[1] for line in lines[pair.first:pair.last + 1]]
    return [" " * pair.column + comment + "\n" for comment in found if comment]


def _criteria_lines(lines: list[str], pair: Pair, form: Form,
                    line_of: Callable[[Path], int]) -> list[str]:
    indent = " " * pair.column
    _, head_comment = comment_of(lines[pair.first])
    comments = [(number, *comment_of(lines[number]))
                for number in range(pair.first + 1, pair.last + 1)]
    pending = [(number, content, comment) for number, content, comment in comments if comment]
    out = [_joined(f"{indent}{form.key}:", head_comment)]
    reserved = {line_of(path) - 1 for line in form.lines for path in line.origins}
    for line in form.lines:
        numbers = {line_of(path) - 1 for path in line.origins}
        reach = max(numbers, default=-1)
        trailing = [c for n, content, c in pending if n in numbers and content.strip()]
        above = [c for n, content, c in pending if n <= reach and not (
            n in reserved and content.strip())]
        pending = [(n, content, c) for n, content, c in pending
                   if n > reach or (n in reserved and content.strip() and n not in numbers)]
        body = indent + line.text
        depth = " " * (len(body) - len(body.lstrip(" ").lstrip("- ")))
        out.extend(f"{depth}{comment}\n" for comment in above)
        out.append(_joined(body, "  ".join(trailing)))
    closing = " " * (pair.column + 2)
    out.extend(f"{closing}{comment}\n" for _, _, comment in pending)
    return out
