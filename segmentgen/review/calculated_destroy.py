"""SG304 for a calculated attribute the planned build deletes while a deployed segment uses it.

Input: the previous build's output (an ``emit.output.Output``), the planned files, the
project and the severity (error, or a warning with ``--allow-destroy``). Output: one
diagnostic per calculated attribute definition of a previous domain stack that the
planned files no longer hold (removed from ``calculated_attributes:``, or made ``external``)
while a segment definition deployed in the same environment names it (its
``CalculatedAttributes`` or a ``SegmentSort`` attribute of Type CALCULATED): the domain stack
deploys first, so the attribute goes while the segment still reads it. Shown at the
attribute in ``segmentgen.yaml`` when it is still there, else at the settings file's first
line.
"""

from __future__ import annotations

from collections.abc import Mapping

from segmentgen.compile.plan.resources import StackResource, output_resources
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.model import Project
from segmentgen.emit.manifest import NAME as MANIFEST
from segmentgen.emit.output import Output
from segmentgen.review.calculated import KEY_PREFIX, calculated_resources, used_names
from segmentgen.review.replacement import unchanged_stacks

ALLOW = "build with --allow-destroy when this is intended"


def removed_in_use(previous: Output, files: Mapping[str, bytes], project: Project,
                   severity: Severity) -> list[Diagnostic]:
    """SG304 for each deployed calculated attribute deleted under a deployed segment."""
    manifest = previous.get(MANIFEST)
    if manifest is None:
        return []
    before = {**previous.stack_templates(), MANIFEST: manifest}
    same = unchanged_stacks(previous, files)  # their attributes are kept as they were
    changed = {path: body for path, body in before.items() if path not in same}
    kept = {(r.environment, r.key) for r in calculated_resources(files)}
    removed = [attribute for attribute in calculated_resources(changed)
               if (attribute.environment, attribute.key) not in kept]
    segments = output_resources(before) if removed else []
    found = []
    for attribute in removed:
        name = attribute.key.removeprefix(KEY_PREFIX)
        users = sorted(s.key for s in segments if s.environment == attribute.environment
                       and name in used_names(s.properties))
        if users:
            found.append(_diagnostic(attribute, name, users, project, severity))
    return found


def _diagnostic(attribute: StackResource, name: str, users: list[str], project: Project,
                severity: Severity) -> Diagnostic:
    settings = project.settings
    entry = next((a for a in settings.calculated_attributes if a.name == name), None)
    line, col = (entry.line, entry.col) if entry is not None else (1, 1)
    where = f" of environment {attribute.environment}" if attribute.environment else ""
    return Diagnostic(settings.file or "segmentgen.yaml", line, col, codes.SG304,
                      f"this change deletes the calculated attribute {name!r}{where} (stack "
                      f"{attribute.stack!r}) while deployed segments {', '.join(users)} use "
                      "it: the domain stack deploys first", severity,
                      "keep it defined until a deploy without those segments' use of it, "
                      f"or {ALLOW}")
