"""Value rules for a customer-profiles segment that also has shape errors (one run, all
findings), as ``validate.partial`` does for the Pinpoint form.

Input: the segment's data, its data path and its error findings so far. Output:
``pruned_segment``, a copy of the data without the parts those errors are in, or None when
what is left cannot be read reliably. What is set aside: a criterion of a ``where:`` block
(``where:``/``groups: list: <n>: where:`` -> section -> key), a key of a group of
``groups:`` (``base:``, ``combine:``, ...) and any other top-level key (``sort:``,
``tags:``, ``sql:``), with a section (``profile:``, ...) left empty. Only mapping keys are
removed, so every part left keeps its data path
and position. An error inside ``segment_groups:`` (the native form, a list whose indexes
position everything after them), at a list entry or at a form as a whole is structural:
None. The caller runs the high-level and Customer Profiles rules over the copy, leaving out
SG214 (a block whose criteria were set aside is not empty).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from segmentgen.core.diagnostics import Finding, Path, Severity
from segmentgen.validate.profiles_desugar import SECTIONS
from segmentgen.validate.profiles_shapes import FORMS
from segmentgen.validate.shapes import Ref
from segmentgen.validate.walk import check

CRITERIA = (*FORMS, "sort")


def _cut(relative: Path) -> Path | None:
    """The mapping key to set aside for an error at ``relative`` (in the segment); () for
    an error at the segment itself (a missing key); None when it is structural."""
    if not relative:
        return ()
    head = relative[0]
    if head == "where":
        return relative[:3] if len(relative) >= 2 else None
    if head == "groups":
        if len(relative) >= 2 and relative[1] != "list":
            return relative[:2]
        if len(relative) >= 4 and relative[3] == "where":
            return relative[:6]
        return relative[:4] if len(relative) >= 4 else None
    if head == "segment_groups":
        return None
    return relative[:1]


def _remove(data: Any, path: Path) -> bool:
    parents: list[tuple[Any, Any]] = []
    for step in path[:-1]:
        inside_list = isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        if not inside_list and not (isinstance(data, dict) and step in data):
            return True  # already gone
        parents.append((data, step))
        data = data[step]
    if not isinstance(data, dict):
        return False
    data.pop(path[-1], None)
    for parent, step in reversed(parents):  # a section left empty goes too
        if step in SECTIONS and parent[step] == {}:
            del parent[step]
    return True


def pruned_segment(data: object, path: Path, errors: Sequence[Finding]) -> dict[str, Any] | None:
    """The segment without the parts its errors are in, or None (see the module)."""
    if not isinstance(data, dict) or sum(form in data for form in FORMS) != 1:
        return None
    pruned = copy.deepcopy(data)
    for finding in errors:
        if finding.severity is not Severity.ERROR:
            continue
        if finding.path[:len(path)] != path:
            return None
        cut = _cut(finding.path[len(path):])
        if cut is None or (cut and not _remove(pruned, cut)):
            return None
    if sum(form in pruned for form in FORMS) != 1:
        return None
    for finding in check(pruned, Ref("ProfilesSegment"), path):
        inside = finding.path[len(path):len(path) + 1]
        if finding.severity is Severity.ERROR and inside and inside[0] in CRITERIA:
            return None
    return pruned
