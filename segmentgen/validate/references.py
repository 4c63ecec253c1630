"""Base segment references, one check for every form a segment is written in.

Input: one segment's criteria in CloudFormation's shape (``desugar.Native``: the high-level
``base:`` list and the native ``SourceSegments`` both end up as ``SourceSegments`` entries,
with the paths of those written by key) and the segment keys of the project. Output:
findings SG219 addressed by native data path, so that the segment's locator puts them on
the value as it was written: a reference by key that names no segment, and an id that is
neither a segment key nor written like a Pinpoint segment id (``vocabulary.is_segment_id``),
each with the closest key as "did you mean".
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.vocabulary import SEGMENT_ID_RULE, is_segment_id
from segmentgen.validate.desugar import Native


def source_references(criteria: dict[str, object]) -> Iterator[tuple[Path, dict[str, object]]]:
    """Every SourceSegments entry (a mapping) of a segment's criteria, with its path."""
    groups = criteria.get("SegmentGroups")
    listed = groups.get("Groups") if isinstance(groups, dict) else None
    for g, group in enumerate(listed if isinstance(listed, list) else []):
        sources = group.get("SourceSegments") if isinstance(group, dict) else None
        for s, ref in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(ref, dict):
                yield ("SegmentGroups", "Groups", g, "SourceSegments", s), ref


def check_references(native: Native, key: str, keys: Collection[str]) -> Iterator[Finding]:
    """SG219 for each base segment of segment ``key`` that points at nothing."""
    for path, ref in source_references(native.criteria):
        written = ref.get("Id")
        if not isinstance(written, str):
            continue  # a shape error, reported by the shape check
        if path in native.key_refs and written not in keys:
            yield Finding((*path, "Id"), codes.SG219, f"segment {key!r}: base segment {written!r} "
                          "is not defined", _key_hint(written, keys))
        elif path not in native.key_refs and not is_segment_id(written):
            yield Finding((*path, "Id"), codes.SG219, f"segment {key!r}: base segment {written!r} "
                          "is neither a segment key of this project nor a Pinpoint segment id",
                          _id_hint(written, keys))


def _closest_key(written: str, keys: Collection[str]) -> str | None:
    found = difflib.get_close_matches(written, sorted(keys), n=1)
    return found[0] if found else None


def _key_hint(written: str, keys: Collection[str]) -> str:
    guess = _closest_key(written, keys)
    if guess is not None:
        return f"did you mean {guess!r}?"
    return "name a segment key of this project, or a deployed segment as {id: ...}"


def _id_hint(written: str, keys: Collection[str]) -> str:
    guess = _closest_key(written, keys)
    if guess is not None:
        return f"did you mean the segment key {guess!r}? {SEGMENT_ID_RULE}"
    if is_segment_id(written.strip().lower()):
        return f"did you mean {written.strip().lower()!r}? {SEGMENT_ID_RULE}"
    return f"name a segment key of this project, or a deployed segment's id; {SEGMENT_ID_RULE}"
