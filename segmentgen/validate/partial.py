"""Value rules for a segment that also has shape errors, so that one run reports both.

Input: a segment mapping, its data path, the key set of the project and the segment's error
findings. Output: the value findings (dates, BETWEEN, countries, coordinates, numbers, per-value
quotas) of the criteria that have no shape error, and the ``Native`` that positions them (the
caller checks its base segment references too). Criteria with a shape error are set aside
first; a base segment entry whose id has one is replaced by a stand-in, which keeps the
entries after it at their index. When an error is structural (outside any one criterion)
nothing is returned, since the values cannot be read reliably.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path, Severity
from segmentgen.criteria import layout
from segmentgen.validate import rules
from segmentgen.validate.desugar import Native, to_native
from segmentgen.validate.shapes import Ref
from segmentgen.validate.walk import check

FORMS = {"where": "Criteria", "groups": "Groups", "dimensions": "SegmentDimensions",
         "segment_groups": "SegmentGroups"}
# Findings that count the whole segment or a block: setting criteria aside changes them.
COUNTS = {"SG214", codes.SG217}
# A base segment entry with an error is replaced, not removed, so that the entries after it
# keep their index (and position): by a deployed segment's id, which no rule reports.
STAND_IN_ID = "0" * 32
STAND_INS: dict[str | int, dict[str, object]] = {
    "base": {"id": STAND_IN_ID}, "SourceSegments": {"Id": STAND_IN_ID}}


def _sections() -> frozenset[str]:
    """Keys (both forms) whose members are each one criterion, from the registered kinds."""
    shape = layout.current()
    return shape.spec_sections | frozenset(shape.native_sections)


def _criteria() -> frozenset[str]:
    """Every key (both forms) that holds criteria."""
    shape = layout.current()
    return _sections() | shape.spec_keys | frozenset(shape.native_keys)


def _cut(relative: Path) -> Path:
    """The part of the criteria to set aside for an error at ``relative``: the criterion
    or base segment entry that holds it, else the erroneous member itself."""
    sections, criteria = _sections(), _criteria()
    for index, step in enumerate(relative):
        if step in STAND_INS and len(relative) > index + 1 and (
                len(relative) == index + 2 or relative[index + 2] in ("id", "Id")):
            return relative[: index + 2]  # the entry itself or its id: the stand-in
        if step in criteria:
            if step in sections and len(relative) > index + 1:
                return relative[: index + 2]
            return relative[: index + 1]
    return relative


def _remove(data: Any, path: Path) -> None:
    parents: list[tuple[Any, Any]] = []
    for step in path[:-1]:
        inside_list = isinstance(data, list) and isinstance(step, int) and step < len(data)
        if not inside_list and not (isinstance(data, dict) and step in data):
            return
        parents.append((data, step))
        data = data[step]
    if isinstance(data, dict):
        data.pop(path[-1], None)
    elif _stands_in(data, path):
        data[path[-1]] = dict(STAND_INS[path[-2]])
    sections = _sections()
    for parent, step in reversed(parents):  # drop sections left empty
        child = parent[step]
        if isinstance(child, dict) and not child and step in sections:
            del parent[step]


def _stands_in(data: Any, path: Path) -> bool:
    """Whether ``path`` names an entry of a base segment list ``data`` (replaced, not cut)."""
    return (isinstance(data, list) and len(path) > 1 and path[-2] in STAND_INS
            and isinstance(path[-1], int) and path[-1] < len(data))


def value_findings(segment: dict[str, Any], path: Path, keys: frozenset[str],
                   errors: Sequence[Finding]) -> tuple[Native | None, list[Finding]]:
    forms = [form for form in FORMS if form in segment]
    if len(forms) != 1:
        return None, []
    form = forms[0]
    pruned = copy.deepcopy(segment[form])
    for finding in errors:
        relative = finding.path[len(path):]
        if relative[:1] != (form,):
            continue
        cut = _cut(relative[1:])
        if not cut:
            return None, []
        _remove(pruned, cut)
    if any(f.severity is Severity.ERROR for f in check(pruned, Ref(FORMS[form]), (*path, form))):
        return None, []
    native = to_native({form: pruned}, path, keys)
    found = [f for f in rules.check_criteria(native.criteria)
             if f.code not in COUNTS or (f.code == codes.SG217 and len(f.path) > 1)]
    return native, found
