"""Import: existing CloudFormation templates and Pinpoint API JSON to specs in the high-level form.

Input: files: CloudFormation templates (JSON or YAML, short-form intrinsic tags such as !Ref,
!GetAtt, !Sub read through ``cfnlint.decode``) holding ``AWS::Pinpoint::Segment`` resources,
and the output of ``aws pinpoint get-segments`` / ``get-segment`` (``SegmentResponse``
objects, dynamic or imported). Output: an ``Imported``: the spec data (``segments:``), the
settings application the segments share, where each segment comes from, and diagnostics by
file, line and data path: SG101/SG102 for files that cannot be read or parsed, SG202/SG203
for parts of the wrong type (``import_shapes``), SG701 for keys (``import_keys``) and SG705
for each part which cannot be expressed in a spec (that segment is left out).

What is expressed: keys come from ``Metadata.segmentgen.key``, else from the logical ID (a
trailing ``Segment`` stripped, kebab-case), else from the name. A base segment given as
``Fn::GetAtt <Logical>.SegmentId`` of a segment in the same input, or as the id of another
segment of the same API response, becomes a base by key; a segmentgen export
(``Fn::ImportValue segmentgen[-env]-<Logical>SegmentId``) too. An ApplicationId shared by all
segments goes to the settings (``Ref`` of a parameter, ``Fn::ImportValue``, a literal id);
literal ids that differ per segment become ``application:``. Anything else that CloudFormation
resolves at deploy time (``Fn::Sub`` names, ``Ref`` of another parameter as a base segment,
conditions) has no spec form: the segment is left out, with a diagnostic naming the path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.diagnostics import Path as DataPath
from segmentgen.importer.collect import Candidate, collect
from segmentgen.importer.criteria import Source, Unexpressible, criteria, groups
from segmentgen.importer.keys import assign_keys
from segmentgen.importer.profiles import base_keys as profiles_base_keys
from segmentgen.importer.profiles import definition_spec
from segmentgen.importer.read import read_input
from segmentgen.importer.render import render_segments

IN_DOMAIN = object()  # a Customer Profiles definition's place: a domain, no application

@dataclass(slots=True)
class Imported:
    segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    application: object = None  # the settings application the segments share, if any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    origins: dict[str, Candidate] = field(default_factory=dict)  # key -> where it comes from

    def origin(self, key: str) -> tuple[str, int, int] | None:
        """File, line and column of the input the segment ``key`` comes from."""
        candidate = self.origins.get(key)
        if candidate is None:
            return None
        return (candidate.file, *candidate.input.position(candidate.key_path))


def _application(value: object, apps: Mapping[str, str | None], path: DataPath) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (function, argument), = value.items()
        if function == "Ref" and isinstance(argument, str) and argument in apps:
            if apps[argument] is None:
                raise Unexpressible(path, f"the application {argument!r} has no literal Name")
            return {"create": apps[argument]}
        if function == "Ref" and isinstance(argument, str):
            return {"parameter": argument}
        if function == "Fn::ImportValue" and isinstance(argument, str):
            return {"import": argument}
    raise Unexpressible(path, f"ApplicationId {value!r} has no spec form")


def _segment(candidate: Candidate, source: Source) -> dict[str, Any]:
    """The spec of one candidate whose types are checked; Unexpressible if it has none."""
    data, path = candidate.data, candidate.path
    if candidate.extra.get("condition"):
        raise Unexpressible((*path[:-1], "Condition"), "a Condition has no spec form")
    if candidate.extra.get("profiles"):
        return _definition(candidate, source)
    spec: dict[str, Any] = {"name": data["Name"]}
    if candidate.extra.get("description"):
        spec["description"] = candidate.extra["description"]
    if data.get("Tags"):
        spec["tags"] = dict(sorted(data["Tags"].items()))
    if candidate.extra.get("retain"):
        spec["retain"] = True
    if "import" in candidate.extra:
        spec["import"] = candidate.extra["import"]
    elif "SegmentGroups" in data:
        spec["groups"] = groups(data["SegmentGroups"], (*path, "SegmentGroups"), source)
    else:
        spec["where"] = criteria(data.get("Dimensions") or {}, (*path, "Dimensions"))
    return spec


def _definition(candidate: Candidate, source: Source) -> dict[str, Any]:
    """A Customer Profiles definition as a ``target: customer-profiles`` segment."""
    spec = definition_spec(candidate.data, source.definition_keys,
                           candidate.extra.get("description"))
    if candidate.extra.get("retain"):
        spec["retain"] = True
    return spec


def _shared_application(found: list[tuple[Candidate, object]]) -> object:
    declared = [c.extra["default"] for c, _ in found if c.extra.get("default")]
    if declared and all(app == declared[0] for app in declared):
        return declared[0]
    values = [app for _, app in found]
    if values and all(app == values[0] for app in values):
        return values[0]
    non_literal = [app for app in values if not isinstance(app, str)]
    return non_literal[0] if non_literal else None


def unexpressible(candidate: Candidate, error: Unexpressible) -> Diagnostic:
    line, col = candidate.input.position(error.path)
    where = ".".join(str(part) for part in error.path)
    return Diagnostic(candidate.file, line, col, codes.SG705,
                      f"segment {candidate.key!r} left out: {where}: {error}",
                      Severity.WARNING, "write this segment by hand, or change the source")


def _sources(candidates: Sequence[Candidate]) -> dict[str, Source]:
    """Per input file, what its base-segment references resolve to: logical IDs of the
    same template, and segment ids of every API input."""
    ids = {c.ident: c.key for c in candidates if c.ident and not c.template
           and not c.extra.get("profiles")}
    definitions = {c.ident: c.key for c in candidates if c.ident and c.extra.get("profiles")}
    logical: dict[str, dict[str, str]] = {}
    for candidate in candidates:
        if candidate.ident and candidate.template and not candidate.extra.get("profiles"):
            logical.setdefault(candidate.file, {})[candidate.ident] = candidate.key
    return {c.file: Source(logical.get(c.file, {}), ids, definitions) for c in candidates}


def _read(paths: Sequence[Path], result: Imported) -> list[Candidate]:
    """The candidates of every input; an input that holds none (and no error) is SG705, an
    error when no input holds any."""
    from segmentgen.importer.nothing import no_segments

    candidates: list[Candidate] = []
    empty = []
    for path in paths:
        source, problems = read_input(path)
        result.diagnostics.extend(problems)
        if source is not None:
            found, errors = collect(source)
            candidates.extend(found)
            result.diagnostics.extend(errors)
            if not found and not errors:
                empty.append(source)
    severity = Severity.WARNING if candidates else Severity.ERROR
    result.diagnostics.extend(no_segments(source, severity) for source in empty)
    return candidates


def _applications(candidates: Sequence[Candidate],
                  result: Imported) -> list[tuple[Candidate, object]]:
    applications: list[tuple[Candidate, object]] = []
    for candidate in candidates:
        if candidate.problems:
            result.diagnostics.extend(unexpressible(candidate, Unexpressible(
                issue.path, issue.message)) for issue in candidate.problems)
            continue
        if candidate.extra.get("profiles"):
            applications.append((candidate, IN_DOMAIN))
            continue
        try:
            applications.append((candidate, _application(
                candidate.data["ApplicationId"], candidate.extra["apps"],
                (*candidate.path, "ApplicationId"))))
        except Unexpressible as error:
            result.diagnostics.append(unexpressible(candidate, error))
    return applications


def import_files(paths: Sequence[Path], taken: Mapping[str, str] | None = None, *,
                 per_environment: bool = False) -> Imported:
    """Read every file; specs for every segment found, diagnostics for what has no spec form
    (SG705), for wrong types (SG202, SG203) and for keys (SG701). ``taken``: the keys the
    project already has, and where. ``per_environment``: the project has several
    environments, so a segment's own application is left out with a notice naming the
    environment setting (a segment-level one would apply in every environment)."""
    result = Imported()
    candidates = _read(paths, result)
    result.diagnostics.extend(assign_keys(candidates, taken or {}))
    applications = _applications(candidates, result)
    result.application = _shared_application([(c, app) for c, app in applications
                                              if app is not IN_DOMAIN])
    sources = _sources(candidates)
    for candidate, application in applications:
        try:
            spec = _segment(candidate, sources[candidate.file])
            if application is not IN_DOMAIN and application != result.application:
                spec = _own_application(candidate, spec, application)
                if per_environment:
                    result.diagnostics.append(_environment_notice(candidate, spec))
        except Unexpressible as error:
            result.diagnostics.append(unexpressible(candidate, error))
            continue
        result.segments[candidate.key] = spec
        result.origins[candidate.key] = candidate
    _leave_out_orphans(candidates, result)
    return result


def _base_keys(spec: Mapping[str, Any]) -> set[str]:
    listed = spec.get("groups", {}).get("list", [])
    found = {base for group in listed for base in group.get("base", []) if isinstance(base, str)}
    return found | profiles_base_keys(spec.get("segment_groups"))


def _leave_out_orphans(candidates: Sequence[Candidate], result: Imported) -> None:
    """Leave out (SG705) the segments whose base segment, from the same inputs, is left out,
    and theirs in turn: a spec cannot name a segment that is not written."""
    by_key = {candidate.key: candidate for candidate in candidates}
    users: dict[str, list[str]] = {}
    for key, spec in result.segments.items():
        for base in _base_keys(spec):
            users.setdefault(base, []).append(key)
    gone = [key for key in by_key if key not in result.segments]
    while gone:
        base = gone.pop()
        for user in users.pop(base, []):
            if result.segments.pop(user, None) is not None:
                candidate = by_key[user]
                result.diagnostics.append(unexpressible(candidate, Unexpressible(
                    candidate.path, f"its base segment {base!r} is left out")))
                gone.append(user)


def _own_application(candidate: Candidate, spec: dict[str, Any],
                     application: object) -> dict[str, Any]:
    """The spec with its own ``application:``, which must be a literal id."""
    if not isinstance(application, str):
        raise Unexpressible((*candidate.path, "ApplicationId"), "differs from the other "
                            "segments' and is not a literal id")
    return {"name": spec.pop("name"), "application": application, **spec}


def _environment_notice(candidate: Candidate, spec: dict[str, Any]) -> Diagnostic:
    """The segment's own application taken out of ``spec``, as a notice where to set it."""
    application = spec.pop("application")
    line, col = candidate.input.position((*candidate.path, "ApplicationId"))
    return Diagnostic(candidate.file, line, col, codes.SG705, f"segment {candidate.key!r} uses the "
                      f"application {application!r}; not written on the segment, where it would "
                      "apply in every environment", Severity.NOTICE,
                      f"set 'environments.<env>.segments.{candidate.key}.application: "
                      f"{application}' in segmentgen.yaml for its environment")


def settings_notice(imported: Imported, current: object, file: str) -> list[Diagnostic]:
    """A notice when the imported segments' shared application is not the project's."""
    if imported.application is None or imported.application == current:
        return []
    shown = json.dumps(imported.application)
    return [Diagnostic(file, 1, 1, codes.SG705,
                       f"the imported segments use the application {shown}", Severity.NOTICE,
                       f"set 'application: {shown}' in segmentgen.yaml")]


def render_spec(imported: Imported, sources: list[str]) -> str:
    """The spec file text: a comment naming the inputs, then ``segments:``."""
    return render_segments(imported.segments, sources)
