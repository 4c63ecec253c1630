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
    quote = text[index] if text[index] in "\"'" else ""
    if text[index] in "|>":
        newline = text.find("\n", index)
        index = len(text) if newline < 0 else newline + 1
    index += len(quote)
    seen, last, position = 0, index, index
    while position < len(text):
        char, width = text[position], _width(text, position, quote)
        if not char.isspace() and width[1]:
            if seen == wanted:
                return _position(text, position)
            seen, last = seen + 1, position
        position += width[0]
    return _position(text, last) if last < len(text) else start


def _width(text: str, position: int, quote: str) -> tuple[int, bool]:
    """How many characters of the file the value character at ``position`` takes, and
    whether it is one the value holds outside white space (an escape such as \\n is not)."""
    pair = text[position:position + 2]
    if quote == '"' and pair[:1] == "\\":
        return 2, len(pair) == 2 and pair[1] not in "nrtfv \n\tNL_P"
    if quote == "'" and pair == "''":
        return 2, True
    return 1, True
