"""The segments a change touches, as a Mermaid graph for a pull request comment.

Input: a ``diff.Summary`` (its changed segments and the base-segment links of the build
after the change). Output: the lines of a ``flowchart LR`` (without the fence): every
changed segment and every segment that uses one as a base, transitively, with edges
base --> user. Node ids are derived from environment and key (never user text); labels
escape every character Mermaid could read as syntax as an entity code (``#quot;``,
``#35;``), so a label cannot end early or inject nodes. Empty when nothing changed.
"""

from __future__ import annotations

import hashlib
import re

from segmentgen.review.diff import SegmentChange, Summary

Node = tuple[str, str]  # environment, key
CLASSES = (
    "classDef replaced fill:#ffd7d7,stroke:#c00000,stroke-width:3px",
    "classDef removed fill:#eeeeee,stroke:#777777,stroke-dasharray:5 3",
    "classDef user fill:#ffffff,stroke:#777777,stroke-dasharray:2 2",
)
_NAMED = {'"': "quot", "<": "lt", ">": "gt", "&": "amp"}
_PLAIN = frozenset(" -_.,:/'!?@+=()")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9]+")


def graph(summary: Summary) -> list[str]:
    """The flowchart's lines, or none when no segment changed."""
    if not summary.segments:
        return []
    changed = {(c.environment, c.key): c for c in summary.segments if c.status != "removed"}
    nodes = _users(set(changed), summary.links)
    lines = ["flowchart LR", *(f"    {line}" for line in CLASSES)]
    removed = [c for c in summary.segments if c.status == "removed"]
    lines.extend(f"    {_removed_line(c)}"
                 for c in sorted(removed, key=lambda c: (c.environment, c.key)))
    for node in sorted(nodes):
        lines.append(f"    {_node_line(node, changed.get(node), summary)}")
    lines.extend(f"    {node_id(env, base)} --> {node_id(env, user)}"
                 for env, base, user in summary.links if (env, base) in nodes)
    return lines


def _users(start: set[Node], links: list[tuple[str, str, str]]) -> set[Node]:
    """The start nodes and every node that uses one of them, transitively."""
    found = set(start)
    waiting = sorted(start)
    while waiting:
        env, base = waiting.pop()
        for link_env, link_base, user in links:
            if (link_env, link_base) == (env, base) and (env, user) not in found:
                found.add((env, user))
                waiting.append((env, user))
    return found


def _node_line(node: Node, change: SegmentChange | None, summary: Summary) -> str:
    env, key = node
    if change is None:
        text = label(_where(env, key), summary.names.get(node), "uses a changed segment")
        return f"{node_id(env, key)}[\"{text}\"]:::user"
    text = label(_where(env, key), change.name_after, _status(change))
    return f"{node_id(env, key)}[\"{text}\"]" + (":::replaced" if change.replacement else "")


def _removed_line(change: SegmentChange) -> str:
    text = label(_where(change.environment, change.key), change.name_before, "removed")
    return f"{node_id(change.environment, change.key, 'removed')}[\"{text}\"]:::removed"


def _status(change: SegmentChange) -> str:
    words = ["REPLACES" if change.replacement else change.status]
    if "renamed" in change.aspects:
        words.append("renamed")
    return ", ".join(words)


def _where(environment: str, key: str) -> str:
    return f"{environment}/{key}" if environment else key


def label(where: str, name: str | None, status: str) -> str:
    """A node's text, escaped: ``key: name (status)``."""
    text = f"{where}: {name} ({status})" if name else f"{where} ({status})"
    return escape_label(text)


def escape_label(text: str) -> str:
    """Text for a quoted Mermaid label: whitespace runs become one space, and every
    character that is not a letter, digit or plain punctuation becomes an entity code."""
    return "".join(_entity(char) for char in " ".join(text.split()))


def _entity(char: str) -> str:
    if char in _NAMED:
        return f"#{_NAMED[char]};"
    if char in _PLAIN or (char.isalnum() and char.isprintable()):
        return char
    return f"#{ord(char)};"


def node_id(environment: str, key: str, variant: str = "") -> str:
    """A Mermaid identifier for a segment: letters, digits and underscores only, unique by
    environment, key and variant (a removed segment's node is not the added one's)."""
    identity = "\0".join((environment, key, variant)).encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(identity).hexdigest()[:10]
    readable = _UNSAFE_ID.sub("_", f"{environment}_{key}".encode("ascii", "ignore").decode())
    return f"seg_{readable.strip('_')[:40]}_{digest}"
