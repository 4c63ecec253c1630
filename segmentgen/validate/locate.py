"""Where a finding about a segment's native criteria stands in its spec file.

Input: the loaded spec file (``load.document.Loaded``), a segment's native form
(``validate.desugar.Native``, which maps each native path back to the spec path it came
from) or, for a lookup that outlives validation, the segment's key and the function that
desugars it again. Output: a lookup ``(native path, at_key) -> (line, column)`` for
``core.model.Locator``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from segmentgen.core.diagnostics import Path
from segmentgen.load.document import Loaded
from segmentgen.validate.desugar import Native

Lookup = Callable[[Path, bool], tuple[int, int]]
Desugar = Callable[[Any, Path, frozenset[str]], Native]


def lookup(loaded: Loaded, native: Native) -> Lookup:
    """Positions from ``native``'s origins (its whole origin when a path has none)."""

    def position(path: Path, at_key: bool) -> tuple[int, int]:
        source = native.source_path(path) or native.origin[()]
        return loaded.position(source, key=at_key)

    return position


def lazy_lookup(loaded: Loaded, key: str, keys: frozenset[str], desugar: Desugar) -> Lookup:
    """A lookup that re-reads the file and desugars segment ``key`` again only when a later
    stage reports a finding: holding every segment's position table would double a large
    project's memory."""
    table: list[Native] = []

    def position(path: Path, at_key: bool) -> tuple[int, int]:
        if not table:
            loaded.restore()
            segments: Any = loaded.data["segments"]  # type: ignore[index]
            table.append(desugar(segments[key], ("segments", key), keys))
        return lookup(loaded, table[0])(path, at_key)

    return position
