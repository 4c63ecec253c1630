"""Import: existing CloudFormation templates and Pinpoint API JSON to specs in the high-level form.

Input: files: CloudFormation templates (JSON or YAML, short-form intrinsic tags such as !Ref,
!GetAtt, !Sub read through ``cfnlint.decode``) holding ``AWS::Pinpoint::Segment`` resources,
and the output of ``aws pinpoint get-segments`` / ``get-segment`` (``SegmentResponse``
objects, dynamic or imported). Output: an ``Imported``: the spec data (``segments:``), the
settings application the segments share, and diagnostics (SG705) that name each part which
cannot be expressed in a spec, by file, line and data path.

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from segmentgen.diagnostics import Diagnostic, Severity
from segmentgen.diagnostics import Path as DataPath
from segmentgen.import_criteria import (
    Source,
    Unexpressible,
    criteria,
    groups,
    key_of_logical_id,
    key_of_name,
)
from segmentgen.load import SpecLoader

SEGMENT_TYPE = "AWS::Pinpoint::Segment"
# How segmentgen describes the Parameter that carries the settings' application.
DEFAULT_PARAMETER = "The Pinpoint project (application) id"


@dataclass(slots=True)
class Imported:
    segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    application: object = None  # the settings application the segments share, if any
    diagnostics: list[Diagnostic] = field(default_factory=list)


def position(document: object, path: DataPath) -> tuple[int, int]:
    """1-based line and column of the deepest node on ``path`` that cfn-lint marked."""
    found, node = (1, 1), document
    for part in path:
        mark = getattr(node, "start_mark", None)
        if mark is not None:
            found = (mark.line + 1, mark.column + 1)
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return found
    mark = getattr(node, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else found


def read_input(path: Path) -> tuple[object, object, list[Diagnostic]]:
    """The decoded document (its nodes carry positions) and its plain data. JSON is read as
    JSON for the data, since cfn-lint's decoder keeps numbers such as ``1e-05`` as strings."""
    from cfnlint.decode import decode_str

    name = path.as_posix()
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, None, [Diagnostic(name, 1, 1, "SG101", f"cannot read the file: {error}")]
    document, matches = decode_str(text)
    if document is None or matches:
        message = matches[0].message if matches else "not JSON or YAML"
        line = matches[0].linenumber if matches else 1
        return None, None, [Diagnostic(name, line, 1, "SG102", f"cannot parse the file: "
                                       f"{message}")]
    try:
        data = json.loads(text)
    except ValueError:
        data = plain(document)
    return document, data, []


@dataclass(slots=True)
class Candidate:
    """One segment found in an input, still in CloudFormation's shape."""

    file: str
    document: object
    path: DataPath  # where the segment's properties are in the document
    key: str
    data: Mapping[str, Any]  # Name, ApplicationId, Dimensions, SegmentGroups, Tags
    extra: dict[str, Any] = field(default_factory=dict)  # description, retain, import
    ident: str | None = None  # the logical ID (templates) or the segment id (API)


def _application(value: object, apps: Mapping[str, str], path: DataPath) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (function, argument), = value.items()
        if function == "Ref" and argument in apps:
            return {"create": apps[argument]}
        if function == "Ref" and isinstance(argument, str):
            return {"parameter": argument}
        if function == "Fn::ImportValue" and isinstance(argument, str):
            return {"import": argument}
    raise Unexpressible(path, f"ApplicationId {value!r} has no spec form")


def _from_template(document: Mapping[str, Any], file: str) -> list[Candidate]:
    resources = document.get("Resources") or {}
    apps = {logical: str((res.get("Properties") or {}).get("Name"))
            for logical, res in resources.items() if res.get("Type") == "AWS::Pinpoint::App"}
    found = []
    for logical, res in resources.items():
        if not isinstance(res, dict) or res.get("Type") != SEGMENT_TYPE:
            continue
        meta = (res.get("Metadata") or {}).get("segmentgen") or {}
        props = dict(res.get("Properties") or {})
        extra: dict[str, Any] = {"description": meta.get("description"),
                                 "retain": res.get("DeletionPolicy") == "Retain",
                                 "condition": res.get("Condition"), "apps": apps}
        extra["default"] = next(({"parameter": name} for name, param in
                                 (document.get("Parameters") or {}).items()
                                 if param.get("Description") == DEFAULT_PARAMETER), None)
        found.append(Candidate(file, document, ("Resources", logical, "Properties"),
                               str(meta.get("key") or key_of_logical_id(logical)), props,
                               extra, logical))
    return found


def _from_api(item: Mapping[str, Any], document: object, path: DataPath,
              file: str) -> Candidate:
    data = {"Name": item.get("Name"), "ApplicationId": item.get("ApplicationId"),
            "Tags": item.get("tags")}
    if item.get("SegmentGroups"):
        data["SegmentGroups"] = item["SegmentGroups"]
    elif item.get("Dimensions"):
        data["Dimensions"] = item["Dimensions"]
    extra: dict[str, Any] = {"apps": {}}
    if item.get("SegmentType") == "IMPORT":
        definition = item.get("ImportDefinition") or {}
        extra["import"] = {"s3": definition.get("S3Url"),
                           "format": str(definition.get("Format", "")).lower(),
                           "role": definition.get("RoleArn")}
    return Candidate(file, document, path, key_of_name(str(item.get("Name", ""))), data, extra,
                     ident=item.get("Id"))


def collect(document: object, file: str) -> list[Candidate]:
    """The segments of one decoded input: a template, get-segments or get-segment output."""
    if isinstance(document, dict) and "Resources" in document:
        return _from_template(document, file)
    items: list[tuple[object, DataPath]] = []
    if isinstance(document, dict) and "SegmentsResponse" in document:
        listed = (document["SegmentsResponse"] or {}).get("Item") or []
        items = [(item, ("SegmentsResponse", "Item", i)) for i, item in enumerate(listed)]
    elif isinstance(document, dict) and "SegmentResponse" in document:
        items = [(document["SegmentResponse"], ("SegmentResponse",))]
    elif isinstance(document, dict) and "Name" in document:
        items = [(document, ())]
    elif isinstance(document, list):
        items = [(item, (i,)) for i, item in enumerate(document)]
    return [_from_api(item, document, path, file) for item, path in items
            if isinstance(item, dict)]


def _segment(candidate: Candidate, source: Source) -> dict[str, Any]:
    data, path = candidate.data, candidate.path
    if candidate.extra.get("condition"):
        raise Unexpressible((*path[:-1], "Condition"), "a Condition has no spec form")
    if not isinstance(data.get("Name"), str):
        raise Unexpressible((*path, "Name"), f"Name {data.get('Name')!r} is not a literal")
    spec: dict[str, Any] = {"name": data["Name"]}
    if candidate.extra.get("description"):
        spec["description"] = candidate.extra["description"]
    if data.get("Tags"):
        if not all(isinstance(v, str) for v in data["Tags"].values()):
            raise Unexpressible((*path, "Tags"), "tag values are not literal strings")
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


def _shared_application(found: list[tuple[Candidate, object]]) -> object:
    declared = [c.extra["default"] for c, _ in found if c.extra.get("default")]
    if declared and all(app == declared[0] for app in declared):
        return declared[0]
    values = [app for _, app in found]
    if values and all(app == values[0] for app in values):
        return values[0]
    non_literal = [app for app in values if not isinstance(app, str)]
    return non_literal[0] if non_literal else None


def plain(value: object) -> object:
    """cfn-lint's decoded nodes (which carry marks) as plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def unexpressible(file: str, document: object, error: Unexpressible, what: str) -> Diagnostic:
    line, col = position(document, error.path)
    where = ".".join(str(part) for part in error.path)
    return Diagnostic(file, line, col, "SG705", f"{what} left out: {where}: {error}",
                      Severity.WARNING, "write this segment by hand, or change the source")


def import_files(paths: list[Path]) -> Imported:
    """Read every file; specs for every segment found, diagnostics for what has no spec form."""
    result = Imported()
    candidates: list[Candidate] = []
    for path in paths:
        document, data, problems = read_input(path)
        result.diagnostics.extend(problems)
        if document is not None:
            found = collect(data, path.as_posix())
            for candidate in found:
                candidate.document = document  # the decoded nodes carry the positions
            candidates.extend(found)
    seen: dict[str, int] = {}
    for candidate in candidates:
        seen[candidate.key] = seen.get(candidate.key, 0) + 1
        if seen[candidate.key] > 1:
            candidate.key = f"{candidate.key}-{seen[candidate.key]}"
    applications: list[tuple[Candidate, object]] = []
    for candidate in candidates:
        try:
            applications.append((candidate, _application(
                candidate.data.get("ApplicationId"), candidate.extra["apps"],
                (*candidate.path, "ApplicationId"))))
        except Unexpressible as error:
            result.diagnostics.append(unexpressible(candidate.file, candidate.document, error,
                                                    f"segment {candidate.key!r}"))
    result.application = _shared_application(applications)
    for candidate, application in applications:
        source = Source(
            {c.ident: c.key for c in candidates if c.file == candidate.file and c.ident
             and "Resources" in c.path[:1]},
            {c.ident: c.key for c in candidates if c.ident and "Resources" not in c.path[:1]})
        try:
            spec = _segment(candidate, source)
        except Unexpressible as error:
            result.diagnostics.append(unexpressible(candidate.file, candidate.document, error,
                                                    f"segment {candidate.key!r}"))
            continue
        if application != result.application:
            if not isinstance(application, str):
                result.diagnostics.append(unexpressible(
                    candidate.file, candidate.document, Unexpressible(
                        (*candidate.path, "ApplicationId"), "differs from the other segments' "
                        "and is not a literal id"), f"segment {candidate.key!r}"))
                continue
            spec = {"name": spec.pop("name"), "application": application, **spec}
        result.segments[candidate.key] = spec
    return result


def settings_notice(imported: Imported, current: object, file: str) -> list[Diagnostic]:
    """A notice when the imported segments' shared application is not the project's."""
    if imported.application is None or imported.application == current:
        return []
    shown = json.dumps(imported.application)
    return [Diagnostic(file, 1, 1, "SG705", f"the imported segments use the application {shown}",
                       Severity.NOTICE, f"set 'application: {shown}' in segmentgen.yaml")]


class _SpecDumper(yaml.SafeDumper):
    """PyYAML's dumper, quoting every string that the spec loader (YAML 1.2) would read as
    something else, such as ``0o17`` or ``1e3``."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    resolved = SpecLoader.resolve(SpecLoader, yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call,arg-type]
    style = "'" if resolved != "tag:yaml.org,2002:str" else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_SpecDumper.add_representer(str, _represent_str)


def render_spec(imported: Imported, sources: list[str]) -> str:
    """The spec file text: a comment naming the inputs, then ``segments:``."""
    body = yaml.dump({"segments": imported.segments}, Dumper=_SpecDumper, sort_keys=False,
                     allow_unicode=True, default_flow_style=None, width=100)
    header = "".join(f"# Imported by segmentgen import from {name}\n" for name in sources)
    return header + body
