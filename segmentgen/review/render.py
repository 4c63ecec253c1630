"""Rendering of a semantic diff: plain text, markdown for a pull request comment, JSON.

Input: a ``diff.Summary``. Output: text. The markdown comes from ``templates/diff.md.j2``;
every piece of user text is escaped here before rendering, and criteria go into fenced
``diff`` blocks whose fence is longer than any run of backticks inside; the changed
segments and their users follow as a Mermaid graph (``review.mermaid``). With the
``review.audience`` counts (``diff --endpoints``, ``diff --profiles``), each listed segment's
audience before and after comes first.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from segmentgen.core.templating import environment
from segmentgen.review.diff import SegmentChange, Summary
from segmentgen.review.mermaid import graph

if TYPE_CHECKING:
    from segmentgen.review.audience import Audiences

MARKDOWN_TEMPLATE = "diff.md.j2"
REPLACE_MARK = "REPLACES THE SEGMENT"
SYMBOLS = {"added": "+", "removed": "-", "changed": "~"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def escape_markdown(text: str) -> str:
    """User text as inline markdown that renders as written: no links, emphasis or HTML."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def headline(summary: Summary) -> str:
    counts = summary.counts()
    parts = [f"{counts[s]} {s}" for s in ("added", "changed", "removed") if counts[s]]
    if counts["replaced"]:
        parts.append(f"{counts['replaced']} replaced")
    return ", ".join(parts) if parts else "no segment changes"


def _what(change: SegmentChange) -> list[str]:
    """One line per kind of change, in plain words."""
    lines = []
    if "renamed" in change.aspects:
        lines.append(f"renamed: {change.name_before!r} -> {change.name_after!r}")
    for tag, value in change.tags_added.items():
        lines.append(f"tag added: {tag}={value}")
    for tag, value in change.tags_removed.items():
        lines.append(f"tag removed: {tag}={value}")
    for tag, (old, new) in change.tags_changed.items():
        lines.append(f"tag changed: {tag}: {old} -> {new}")
    other = [a for a in change.aspects if a.startswith("property ")
             or a in ("description", "retain", "moved", "type")]
    if other:
        lines.append("also changed: " + ", ".join(other))
    return lines


def _audience_lines(summary: Summary, audiences: Audiences | None) -> list[str]:
    """``Name: 12,480 → 9,311 (−3,169, −25%)`` per listed segment, after a heading line."""
    if audiences is None:
        return []
    from segmentgen.review.audience import change_text

    lines = []
    for change in summary.segments:
        audience = audiences.of(change.environment, change.key, change.status)
        if audience is not None:
            env = f" [{change.environment}]" if change.environment else ""
            unit = f" ({audience.unit})" if audiences.export and audiences.profiles_export \
                else ""
            lines.append(f"{_name(change)}{env}{unit}: {change_text(audience)}")
    return lines


def _audience_heading(audiences: Audiences) -> str:
    from segmentgen.estimate.count import format_instant

    parts = []
    if audiences.export:
        parts.append(f"endpoints matched, of {audiences.endpoints:,} in {audiences.export}, "
                     f"as of {format_instant(audiences.as_of)}")
    if audiences.profiles_export is not None:
        parts.append(f"profiles matched, of {audiences.profiles:,} in "
                     f"{audiences.profiles_export}")
    return "; ".join(parts)


def _name(change: SegmentChange) -> str:
    return (change.name_after if change.name_after is not None else change.name_before) or ""


def text(summary: Summary, audiences: Audiences | None = None) -> str:
    out = [f"segments: {summary.base} -> {summary.head}: {headline(summary)} "
           f"({summary.unchanged} unchanged)"]
    if audiences is not None:
        out += ["", f"audience: {_audience_heading(audiences)}",
                *(f"  {line}" for line in _audience_lines(summary, audiences))]
    for change in summary.segments:
        out.append("")
        env = f" [{change.environment}]" if change.environment else ""
        name = change.name_after if change.name_after is not None else change.name_before
        out.append(f"{SYMBOLS[change.status]} {change.status} {change.key}{env} {name!r} "
                   f"({change.template})")
        for reason in change.replaces:
            out.append(f"  !! {REPLACE_MARK}: {reason}")
        out.extend(f"  {line}" for line in [*_what(change), *change.notes])
        if "criteria" in change.aspects or change.status != "changed":
            out.extend(_criteria_text(change))
    return "\n".join(out) + "\n"


def _criteria_text(change: SegmentChange) -> list[str]:
    if change.status == "added":
        return ["  criteria:", *(f"    {line}" for line in change.criteria_after)]
    if change.status == "removed":
        return ["  criteria:", *(f"    {line}" for line in change.criteria_before)]
    return ["  criteria:", *(f"  {line}" for line in line_diff(change.criteria_before,
                                                                change.criteria_after))]


def markdown(summary: Summary, audiences: Audiences | None = None) -> str:
    template = environment().get_template(MARKDOWN_TEMPLATE)
    rendered = template.render(
        base=escape_markdown(summary.base),
        head=escape_markdown(summary.head),
        headline=escape_markdown(headline(summary)),
        audience=escape_markdown(_audience_heading(audiences)) if audiences else "",
        audiences=[escape_markdown(line) for line in _audience_lines(summary, audiences)],
        segments=[_markdown_segment(change) for change in summary.segments],
        unchanged=summary.unchanged,
        graph=graph(summary),
    )
    return rendered.rstrip("\n") + "\n"


def _markdown_segment(change: SegmentChange) -> dict[str, Any]:
    name = change.name_after if change.name_after is not None else change.name_before
    block = _criteria_block(change)
    return {
        "title": f"`{SYMBOLS[change.status]}` **{escape_markdown(change.key)}**"
                 f" {escape_markdown(name or '')}",
        "status": change.status,
        "where": escape_markdown(" ".join(filter(None, (change.environment, change.template)))),
        "replaces": [escape_markdown(reason) for reason in change.replaces],
        "lines": [escape_markdown(line) for line in [*_what(change), *change.notes]],
        "fence": _fence(block),
        "criteria": [_one_line(line) for line in block],
    }


def _criteria_block(change: SegmentChange) -> list[str]:
    if change.status == "added":
        return [f"+ {line}" for line in change.criteria_after]
    if change.status == "removed":
        return [f"- {line}" for line in change.criteria_before]
    if "criteria" not in change.aspects:
        return []
    return line_diff(change.criteria_before, change.criteria_after)


def line_diff(before: tuple[str, ...], after: tuple[str, ...]) -> list[str]:
    """Every line, marked ``-`` (gone), ``+`` (new) or two spaces (kept)."""
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(f"  {line}" for line in before[i1:i2])
            continue
        out.extend(f"- {line}" for line in before[i1:i2])
        out.extend(f"+ {line}" for line in after[j1:j2])
    return out


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _fence(lines: list[str]) -> str:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def as_json(summary: Summary, audiences: Audiences | None = None) -> str:
    """The summary as JSON; with ``audiences``, each segment's ``audience`` (before, after,
    change; null where not counted) and the export's ``audience`` at the top."""
    from segmentgen.api import render_json
    from segmentgen.estimate.count import format_instant

    data = summary.as_dict()
    if audiences is not None:
        data["audience"] = {"export": audiences.export or None,
                            "endpoints": audiences.endpoints,
                            "as_of": format_instant(audiences.as_of) if audiences.export
                            else None}
        if audiences.profiles_export is not None:
            data["audience"].update(profiles_export=audiences.profiles_export,
                                    profiles=audiences.profiles)
        for entry, change in zip(data["segments"], summary.segments, strict=True):
            audience = audiences.of(change.environment, change.key, change.status)
            entry["audience"] = audience.as_dict() if audience is not None else None
    return render_json(data).decode("utf-8")
