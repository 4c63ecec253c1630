"""The text of an imported spec file: a header naming the inputs, then ``segments:``.

Input: the segments (plain spec data: mappings, lists, strings, numbers, booleans) and the
input names. Output: YAML text in block style, with collections of plain scalars in flow
style (``[a, b]``, ``{active: 7d}``), text of several lines (a SQL query) as a literal
block where YAML can hold it so, every string the spec loader (YAML 1.2) would read as
something else (``0o17``, ``1e3``, ``NO`` stays a string anyway, ``null``) quoted. Nodes are
built directly and emitted by libyaml when it is installed (PyYAML's generic representer
costs more than the rest of an import of many segments), by PyYAML's emitter when a string
holds a lone surrogate, which it escapes and the spec loader then reports.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from segmentgen.load.document import SpecLoader

STR, SEQ, MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.lru_cache(maxsize=65536)
def _style(value: str) -> str | None:
    """Single quotes for a string the spec loader would not read back as that string."""
    resolved = SpecLoader.resolve(SpecLoader, yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call,arg-type]
    return "'" if resolved != STR else None


def _plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style


def node(value: object, dumper: yaml.SafeDumper) -> yaml.Node:
    """The YAML node of a value, styled as PyYAML's ``default_flow_style=None`` would."""
    if isinstance(value, str):
        return yaml.ScalarNode(STR, value, style="|" if "\n" in value else _style(value))
    if isinstance(value, Mapping):
        pairs = [(node(key, dumper), node(item, dumper)) for key, item in value.items()]
        flow = all(_plain(key) and _plain(item) for key, item in pairs)
        return yaml.MappingNode(MAP, pairs, flow_style=flow)
    if isinstance(value, list):
        items = [node(item, dumper) for item in value]
        return yaml.SequenceNode(SEQ, items, flow_style=all(_plain(item) for item in items))
    return dumper.represent_data(value)


def render_segments(segments: Mapping[str, Any], sources: Sequence[str]) -> str:
    """The spec file text: a comment per input, then ``segments:``."""
    header = "".join(f"# Imported by segmentgen import from {name}\n" for name in sources)
    try:
        return header + _emit(segments, Dumper)
    except UnicodeEncodeError:  # libyaml takes no lone surrogates; PyYAML escapes them
        return header + _emit(segments, yaml.SafeDumper)


def _emit(segments: Mapping[str, Any], dumper_type: type[yaml.SafeDumper]) -> str:
    stream = io.StringIO()
    dumper = dumper_type(stream, allow_unicode=True, width=100, sort_keys=False)
    dumper.open()
    dumper.serialize(node({"segments": segments}, dumper))
    dumper.close()
    return stream.getvalue()
