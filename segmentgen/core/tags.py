"""The one tag precedence: which tags a segment's resource (or a stack) carries.

Input: the tag layers, each a mapping or key/value pairs. Output: the merged tags, sorted by
key. The later layer wins: the segment's own tags, then its per-environment override
(``environments.<env>.segments.<key>.tags``), then the project's default tags, then the
environment's tags, so that organisation-wide tags cannot be dropped by one spec. Compile,
the environment overrides, the deploy artifacts' stack tags and ``show`` all call this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Tags = Mapping[str, str] | Iterable[tuple[str, str]]


def _pairs(layer: Tags) -> Iterable[tuple[str, str]]:
    return layer.items() if isinstance(layer, Mapping) else layer


def merge_tags(segment: Tags = (), *, override: Tags = (), default: Tags = (),
               environment: Tags = ()) -> dict[str, str]:
    """The tags of the layers given, the later winning (segment < per-environment override <
    project default < environment), sorted by key."""
    merged: dict[str, str] = {}
    for layer in (segment, override, default, environment):
        merged.update(_pairs(layer))
    return dict(sorted(merged.items()))
