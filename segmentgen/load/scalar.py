"""Where a character inside a YAML string value stands in the file.

Input: the file's text, the 1-based position where a string scalar starts (its first
character, the quote, or the ``|``/``>`` of a block scalar), the string the scalar holds and
a 1-based (line, column) inside that string (a SQL query's syntax error). Output: the file
position of that character. YAML changes a scalar's layout (block indentation, folded line
breaks, quotes) but never the order of the characters that are not white space, so the n-th
such character of the value is the n-th one of the scalar in the file; escape sequences of
quoted scalars are counted as written, which is close enough to point at the line.
"""

from __future__ import annotations

Position = tuple[int, int]


def _offset(text: str, position: Position) -> int:
    """The index in ``text`` of a 1-based (line, column); clamped to the text."""
    line, col = position
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return min(start + col - 1, len(text))


def _position(text: str, index: int) -> Position:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def position_within(text: str, start: Position, value: str, within: Position) -> Position:
    """The file position of the character at ``within`` in ``value``, a scalar written at
    ``start`` in ``text``; ``start`` itself when the value cannot be followed there."""
    target = _offset(value, within)
    wanted = sum(1 for char in value[:target] if not char.isspace())
    index = _offset(text, start)
    if index >= len(text):
        return start
    if text[index] in "|>":
        newline = text.find("\n", index)
        index = len(text) if newline < 0 else newline + 1
    elif text[index] in "\"'":
        index += 1
    seen, last = 0, index
    for position in range(index, len(text)):
        if text[position].isspace():
            continue
        if seen == wanted:
            return _position(text, position)
        seen, last = seen + 1, position
    return _position(text, last) if last < len(text) else start
