"""Copy a segment as text: ``new KEY --from SOURCE`` in the source's own layout.

Input: the source spec file's text, the lines of the source segment's block (the comment lines
directly above its key, its key line and its body), the source key, the new key and name, and
the indentation the target file gives segment keys. Output: the entry text with the key and
the name replaced and every line shifted to the target's key indentation, so the source's
inner indentation (4-space specs stay 4-space), quoting, flow collections and comments stay
as written; or None when the block cannot be copied as text (the segment or its name is an
alias, the text does not parse), and the caller falls back to ``copy_entry``, a ruamel.yaml
round-trip dump of the segment (comments inside it come along).
"""

from __future__ import annotations

import copy
import io
import json
from dataclasses import dataclass

import yaml

PLAIN_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_content(line: str, key_indent: int) -> bool:
    """A line that belongs to the segment above: not blank, not a shallow comment."""
    stripped = line.strip()
    return bool(stripped) and not (stripped.startswith("#") and indent_of(line) <= key_indent)


@dataclass(frozen=True, slots=True)
class Spans:
    """Character spans in the source text: the segment key and the name value."""

    key: tuple[int, int]
    name: tuple[int, int]
    key_column: int
    name_style: str | None
    flow: bool


def _pair(node: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)
                 and k.value == key), None)


def find_spans(text: str, source: str) -> Spans | None:
    """Where the key and the name of segment ``source`` stand; None for an alias or text that
    does not parse."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    segments = _pair(root, "segments") if root is not None else None
    entry = _pair(segments[1], source) if segments else None
    name = _pair(entry[1], "name") if entry else None
    if entry is None or name is None or not isinstance(name[1], yaml.ScalarNode):
        return None
    key_node, value = entry
    start, end = key_node.start_mark.index, key_node.end_mark.index
    name_span = (name[1].start_mark.index, name[1].end_mark.index)
    if not end <= value.start_mark.index <= name_span[0] <= value.end_mark.index:
        return None  # an alias: the value stands at its anchor, elsewhere in the file
    return Spans((start, end), name_span, key_node.start_mark.column, name[1].style,
                 bool(getattr(value, "flow_style", False)))


def _plain(name: str, flow: bool) -> bool:
    """Whether ``name`` reads back as the same string when written without quotes."""
    if not name or name != name.strip() or name.startswith(PLAIN_START) or ": " in name:
        return False
    if " #" in name or name.endswith(":") or not name.isprintable():
        return False
    if flow and any(char in name for char in ",[]{}"):
        return False
    try:
        return bool(yaml.safe_load(name) == name)
    except yaml.YAMLError:
        return False


def render_name(name: str, style: str | None, flow: bool) -> str:
    """``name`` as a YAML scalar, in the style of the value it replaces where that holds it."""
    if style is None and _plain(name, flow):
        return name
    if style == "'" and name.isprintable():
        return "'" + name.replace("'", "''") + "'"
    return json.dumps(name, ensure_ascii=False)


def _shift(line: str, delta: int) -> str:
    if not line.strip():
        return line
    if delta >= 0:
        return " " * delta + line
    return line[min(-delta, len(line) - len(line.lstrip(" "))):]


def copy_block(text: str, block: tuple[int, int], spans: Spans, key: str, name: str,
               key_indent: int) -> str | None:
    """The lines ``block`` (0-based, inclusive) of ``text`` as the entry of segment ``key``
    named ``name``, shifted so its key stands at ``key_indent``; None when the key or the
    name is not inside the block."""
    lines = text.splitlines(keepends=True)
    first, last = block
    offset = sum(len(line) for line in lines[:first])
    body = "".join(lines[first:last + 1])
    (key_start, key_end), (name_start, name_end) = spans.key, spans.name
    if not offset <= key_start < key_end <= name_start <= name_end <= offset + len(body):
        return None
    body = (body[:name_start - offset] + render_name(name, spans.name_style, spans.flow)
            + body[name_end - offset:])
    body = body[:key_start - offset] + key + body[key_end - offset:]
    if not body.endswith("\n"):
        body += "\n"
    delta = key_indent - spans.key_column
    return "".join(_shift(line, delta) for line in body.splitlines(keepends=True))


def copy_entry(source_text: str, source_key: str, key: str, name: str, lines: list[str],
               key_indent: int) -> str:
    """Segment ``source_key`` under ``key`` and ``name``, dumped by ruamel.yaml with the
    target file's indentation; comments inside the segment come along."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    _, sequence, offset = load_yaml_guess_indent("".join(lines)) if lines else (None, None, None)
    yaml.indent(mapping=key_indent, sequence=sequence or key_indent, offset=offset or 0)
    document = yaml.load(source_text)
    entry = copy.deepcopy(document["segments"][source_key])
    entry["name"] = name
    out = CommentedMap()
    out["segments"] = CommentedMap([(key, entry)])
    stream = io.StringIO()
    yaml.dump(out, stream)
    body = stream.getvalue().split("\n", 1)[1].splitlines(keepends=True)
    while body and not is_content(body[-1], key_indent):
        body.pop()
    return "".join(body)
