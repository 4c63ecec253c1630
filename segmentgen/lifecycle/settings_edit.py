"""Remove a segment's overrides from the project settings, keeping every other byte.

Input: the text of ``specs/segmentgen.yaml`` (or the specs directory and the project) and a
segment key. Output: the text without any
``environments.<env>.segments.<key>`` entry and where each removed entry stood (environment,
line), for ``delete``. The text is cut, never dumped again: comments, quoting and layout of
everything else stay. In a block mapping an entry's lines go (its key line to its last
value); in a flow mapping the entry and one comma. A ``segments:`` mapping left empty
becomes ``{}``. Entries reached through an alias are cut once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from segmentgen.api import SETTINGS_FILE, display_path

if TYPE_CHECKING:
    from segmentgen.core.model import Project


@dataclass(frozen=True, slots=True, order=True)
class Removed:
    """One override that ``delete`` removes: its environment and the line of its key."""

    line: int
    environment: str


def _pair(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)
                 and k.value == key), None)


def _last(node: yaml.Node) -> int:
    """The index just after the last character of ``node`` as written (a block collection's
    own end mark lies at the next token, past blank and comment lines)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        return max(_last(part) for pair in node.value for part in pair)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style:
        return max(_last(item) for item in node.value)
    return int(node.end_mark.index)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _cut(text: str, mapping: yaml.MappingNode, at: int) -> tuple[int, int]:
    """The span of entry ``at`` of ``mapping``: whole lines in block style; in flow style
    the entry with the comma after it (or, for the last entry, before it)."""
    key, value = mapping.value[at]
    if not mapping.flow_style:
        return _line_start(text, key.start_mark.index), _line_end(text, _last(value) - 1)
    if at + 1 < len(mapping.value):
        return key.start_mark.index, mapping.value[at + 1][0].start_mark.index
    if at > 0:
        return _last(mapping.value[at - 1][1]), _last(value)
    return key.start_mark.index, _last(value)


def _empty_mapping(text: str, segments_key: yaml.Node) -> int:
    """Where ``{}`` goes for a block ``segments:`` mapping left empty: after the colon and
    any anchor or tag on the key's line, before a comment."""
    colon = text.index(":", segments_key.end_mark.index)
    rest = text[colon + 1:_line_end(text, colon)].rstrip("\r\n")
    comment = re.search(r"\s#", rest)
    content = rest[:comment.start()] if comment else rest
    return colon + 1 + len(content.rstrip(" \t"))


def _edits(text: str, root: yaml.Node | None, key: str) -> tuple[dict[int, tuple[int, str]],
                                                                 list[Removed]]:
    """Start -> (end, replacement) of each change, and the overrides removed."""
    changes: dict[int, tuple[int, str]] = {}
    removed: list[Removed] = []
    environments = _pair(root, "environments")
    envs = environments[1] if environments is not None else None
    for env_key, env in envs.value if isinstance(envs, yaml.MappingNode) else []:
        segments = _pair(env, "segments")
        if segments is None or not isinstance(segments[1], yaml.MappingNode):
            continue
        mapping = segments[1]
        at = next((i for i, (k, _) in enumerate(mapping.value)
                   if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if at is None:
            continue
        removed.append(Removed(mapping.value[at][0].start_mark.line + 1, str(env_key.value)))
        start, end = _cut(text, mapping, at)
        changes[start] = (end, "")
        if len(mapping.value) == 1 and not mapping.flow_style:
            place = _empty_mapping(text, segments[0])
            changes[place] = (place, " {}")
    return changes, removed


def remove_overrides(text: str, key: str) -> tuple[str, list[Removed]] | None:
    """``text`` without the overrides of segment ``key``, and the overrides removed; None
    when the text does not parse (the project is invalid anyway)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    changes, removed = _edits(text, root, key)
    for start, (end, replacement) in sorted(changes.items(), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, sorted(set(removed))


def settings_change(specs_dir: Path, project: Project | None,
                    key: str) -> tuple[list[tuple[Path, str]], list[str]]:
    """The settings file without the overrides of segment ``key``, as a further file of the
    ``delete`` edit, and a note per override removed; nothing when none names ``key``."""
    settings = project.settings if project is not None else None
    if settings is None or not any(o.key == key for env in settings.environments
                                   for o in env.segments):
        return [], []
    path = specs_dir / SETTINGS_FILE
    changed = remove_overrides(path.read_text("utf-8"), key)
    if changed is None:
        return [], []
    text, removed = changed
    notes = [f"removed environments.{r.environment}.segments.{key} "
             f"({display_path(path)}:{r.line})" for r in removed]
    return [(path, text)], notes
