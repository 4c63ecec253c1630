"""A segment's ``examples:`` from checked spec data to the model.

Input: one shape-checked segment mapping, its source path and its loaded file. Output: the
findings for an ``as_of`` that is not an instant (SG208), and ``model.Segment.examples``:
(kind, JSON text, line, column) rows, the ``as_of`` row first, then each ``match:`` and
``no_match:`` endpoint in the order written, each frozen as canonical JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from segmentgen.core import codes
from segmentgen.core.dates import parse_clamped
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.load.document import Loaded

KINDS = ("match", "no_match")
Example = tuple[str, str, int, int]


def check_as_of(data: Mapping[str, object], path: Path) -> Iterator[Finding]:
    """SG208 when ``examples.as_of`` is a string that is no ISO date or instant."""
    block = data.get("examples")
    as_of = block.get("as_of") if isinstance(block, dict) else None
    if isinstance(as_of, str) and parse_clamped(as_of) is None:
        yield Finding((*path, "examples", "as_of"), codes.SG208,
                      f"as_of {as_of!r} is not a date or instant",
                      "write an ISO date or instant, for example 2024-06-01T00:00:00Z")


def examples(data: Mapping[str, object], path: Path, loaded: Loaded) -> tuple[Example, ...]:
    """The model rows of a checked segment's ``examples:`` (none without the key)."""
    block = data.get("examples")
    if not isinstance(block, dict):
        return ()
    rows: list[Example] = []
    if isinstance(block.get("as_of"), str):
        rows.append(_row("as_of", block["as_of"], (*path, "examples", "as_of"), loaded))
    for kind in KINDS:
        for index, endpoint in enumerate(block.get(kind) or []):
            rows.append(_row(kind, endpoint, (*path, "examples", kind, index), loaded))
    return tuple(rows)


def _row(kind: str, value: object, path: Path, loaded: Loaded) -> Example:
    line, col = loaded.position(path)
    return kind, json.dumps(value, sort_keys=True, ensure_ascii=False), line, col
