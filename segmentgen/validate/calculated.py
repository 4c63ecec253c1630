"""References to calculated attributes: every name a segment uses is one the settings know.

Input: the validated project. Output: SG238 diagnostics, one per reference, at the name in
the segment's spec file (through its locator): each ``target: customer-profiles`` segment's
``SegmentGroups`` (the keys of every dimension's ``CalculatedAttributes``, whether the spec
wrote ``calculated:`` or the native form) and ``SegmentSort`` (attributes of ``Type:
CALCULATED``) may only name calculated attributes that ``calculated_attributes:`` in
``segmentgen.yaml`` defines or declares ``external: true``; the hint names the closest one.
"""

from __future__ import annotations

import difflib

from segmentgen.compile.calculated_attributes import references
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Finding, Path
from segmentgen.core.model import Project, Segment


def check_calculated_references(project: Project) -> list[Diagnostic]:
    """SG238 for each calculated attribute a segment names that the settings do not know."""
    known = {attribute.name for attribute in project.settings.calculated_attributes}
    found = []
    for segment in project.segments:
        if segment.locator is None:
            continue
        for path, name in references(segment):
            if name not in known:
                found.append(segment.locator.diagnostic(_unknown(segment, path, name, known)))
    return found


def _unknown(segment: Segment, path: Path, name: str, known: set[str]) -> Finding:
    near = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    start = f"did you mean {near[0]!r}? " if near else ""
    return Finding(path, codes.SG238, f"segment {segment.key!r} names calculated attribute "
                   f"{name!r}, which calculated_attributes: in segmentgen.yaml does not define",
                   f"{start}define it under calculated_attributes:, or declare it with "
                   "'external: true' when it exists outside the project",
                   at_key=path[-1] == name)
