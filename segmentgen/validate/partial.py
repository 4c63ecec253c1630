"""Value rules for a segment that also has shape errors, so that one run reports both.

Input: a segment mapping, its data path, the key set of the project and the segment's error
findings. Output: the value findings (dates, BETWEEN, countries, coordinates, numbers, per-value
quotas) of the criteria that have no shape error, positioned through a ``Native``. Criteria
with a shape error are set aside first; when an error is structural (outside any one
criterion) nothing is returned, since the values cannot be read reliably.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from segmentgen.diagnostics import Finding, Path, Severity
from segmentgen.validate import rules
from segmentgen.validate.desugar import Native, to_native
from segmentgen.validate.shapes import Ref
from segmentgen.validate.walk import check

FORMS = {"where": "Criteria", "groups": "Groups", "dimensions": "SegmentDimensions",
         "segment_groups": "SegmentGroups"}
SECTIONS = {"attributes", "user_attributes", "metrics", "Attributes", "UserAttributes",
            "Metrics", "Demographic", "Location"}
CRITERIA = {*SECTIONS, "active", "inactive", "channel", "platform", "app_version",
            "device_type", "make", "model", "country", "near", "Behavior"}
# Findings that count the whole segment or a block: setting criteria aside changes them.
COUNTS = {"SG214", "SG217"}


def _cut(relative: Path) -> Path:
    """The part of the criteria to set aside for an error at ``relative``: the criterion
    that holds it, else the erroneous member itself."""
    for index, step in enumerate(relative):
        if step in CRITERIA:
            if step in SECTIONS and len(relative) > index + 1:
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
    for parent, step in reversed(parents):  # drop sections left empty
        child = parent[step]
        if isinstance(child, dict) and not child and step in SECTIONS:
            del parent[step]


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
             if f.code not in COUNTS or (f.code == "SG217" and len(f.path) > 1)]
    return native, found
