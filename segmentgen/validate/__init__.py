"""Validate stage: loaded spec files to the frozen project model plus diagnostics.

Input: the loaded spec files and the project settings. Output: ``model.Project`` (only the
segments without errors) and every diagnostic of every file. Shapes are checked against
``shapes.SHAPES``, the high-level form is rewritten to CloudFormation's shape
(``desugar``), value rules and base segment references run on that shape (``rules``,
``references``) and cross-segment rules on the whole project (``project``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from segmentgen.core import codes, model
from segmentgen.core.diagnostics import Diagnostic, Finding, Path, Severity
from segmentgen.core.vocabulary import MAX_SEGMENT_KEY_LENGTH, name_identity
from segmentgen.load.document import Loaded
from segmentgen.validate import rules, to_model
from segmentgen.validate.desugar import Native, to_native
from segmentgen.validate.examples import check_as_of, examples
from segmentgen.validate.locate import lazy_lookup, lookup
from segmentgen.validate.partial import value_findings
from segmentgen.validate.profiles_segment import is_profiles, validate_profiles_segment
from segmentgen.validate.project import check_project
from segmentgen.validate.references import check_references
from segmentgen.validate.shapes import Ref
from segmentgen.validate.walk import check

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
FORMS = ("where", "groups", "dimensions", "segment_groups", "import")
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")


@dataclass(slots=True)
class RawSegment:
    key: str
    loaded: Loaded
    data: object

    @property
    def path(self) -> Path:
        return ("segments", self.key)


def validate_project(
    files: Sequence[Loaded], settings: model.Settings, edited: str | None = None
) -> tuple[model.Project, list[Diagnostic]]:
    """Files are read in name order, so that of two segments with one key or one name the
    later is reported; the file ``edited`` (by ``new`` or ``import``) is read last, so that a
    clash with what the edit adds is reported there, where the edit can change it."""
    diagnostics: list[Diagnostic] = []
    raw: list[RawSegment] = []
    for loaded in sorted(files, key=lambda f: (f.file == edited, f.file)):
        found, problems = _segments_of(loaded)
        raw.extend(found)
        diagnostics.extend(problems)
    keys = frozenset(segment.key for segment in raw)
    segments = []
    for segment in raw:
        built, problems = validate_segment(segment, keys)
        diagnostics.extend(problems)
        if built is not None:
            segments.append(built)
    project_segments, problems = check_project(raw, segments, settings)
    diagnostics.extend(problems)
    return model.Project(tuple(project_segments), settings), diagnostics


def _segments_of(loaded: Loaded) -> tuple[list[RawSegment], list[Diagnostic]]:
    data = loaded.data
    if data is None:
        return [], [Diagnostic(loaded.file, 1, 1, codes.SG106, "spec file is empty",
                               Severity.WARNING, "add a 'segments:' mapping or delete the file")]
    if not isinstance(data, dict) or not isinstance(data.get("segments"), dict):
        what = "a mapping without 'segments'" if isinstance(data, dict) else "not a mapping"
        line, col = loaded.position(("segments",) if isinstance(data, dict) else ())
        return [], [Diagnostic(loaded.file, line, col, codes.SG106, f"spec file is {what}",
                               hint="a spec file holds 'segments:', a mapping from key to segment")]
    problems = [
        loaded.diagnostic(Finding((key,), codes.SG201, f"unknown top-level key {key!r}",
                                  "a spec file holds only 'segments:'", at_key=True))
        for key in data if key != "segments"
    ]
    return [RawSegment(key, loaded, value) for key, value in data["segments"].items()], problems


def validate_segment(
    raw: RawSegment, keys: frozenset[str]
) -> tuple[model.Segment | None, list[Diagnostic]]:
    loaded = raw.loaded
    findings = list(_check_key(raw.key, raw.path))
    if is_profiles(raw.data):
        return validate_profiles_segment(raw, keys, findings)
    findings.extend(check(raw.data, Ref("Segment"), raw.path))
    if not isinstance(raw.data, dict):
        return None, [loaded.diagnostic(f) for f in findings]
    findings.extend(_check_form(raw.data, raw.path))
    findings.extend(rules.check_tags(raw.data.get("tags") or {}, (*raw.path, "tags"))
                    if isinstance(raw.data.get("tags"), dict) else ())
    findings.extend(rules.check_dynamic_references(raw.data, raw.path))
    findings.extend(_check_recency_words(raw.data, raw.path))
    findings.extend(check_as_of(raw.data, raw.path))
    if isinstance(raw.data.get("name"), str) and not name_identity(raw.data["name"]):
        findings.append(Finding((*raw.path, "name"), codes.SG221, "segment name is empty",
                                "write the name the Pinpoint console shows; spaces and "
                                "invisible characters alone are no name"))
    if _errors(findings):
        diagnostics = [loaded.diagnostic(f) for f in findings]
        partly, more = value_findings(raw.data, raw.path, keys, findings)
        if partly is not None:
            locator = model.Locator(loaded.file, lookup(loaded, partly))
            more.extend(check_references(partly, raw.key, keys))
            diagnostics.extend(locator.diagnostic(f) for f in more)
        return None, diagnostics
    native = to_native(raw.data, raw.path, keys)
    locator = model.Locator(loaded.file, lookup(loaded, native))
    diagnostics = [loaded.diagnostic(f) for f in findings]
    if "import" in raw.data:
        found = _check_import(raw.data["import"], raw.path)
        diagnostics.extend(loaded.diagnostic(f) for f in found)
    diagnostics.extend(locator.diagnostic(f) for f in rules.check_criteria(native.criteria))
    diagnostics.extend(locator.diagnostic(f) for f in check_references(native, raw.key, keys))
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    # The model keeps a locator that rebuilds the path table only when a later stage reports
    # a finding: holding every segment's table would double a large project's memory.
    later = model.Locator(loaded.file, lazy_lookup(loaded, raw.key, keys, to_native))
    return _build(raw, native, later), diagnostics


def _errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def _check_key(key: str, path: Path) -> list[Finding]:
    # fullmatch: with match, the pattern's '$' would accept a key ending in a line break
    if KEY_PATTERN.fullmatch(key) and len(key) <= MAX_SEGMENT_KEY_LENGTH:
        return []
    return [Finding(path, codes.SG205, f"segment key {key!r} is not a valid key",
                    f"keys are letters, digits, '-' and '_', start with a letter or digit, at "
                    f"most {MAX_SEGMENT_KEY_LENGTH} characters: for example 'winter-sale'",
                    at_key=True)]


def _check_form(data: Mapping[str, object], path: Path) -> list[Finding]:
    forms = [form for form in FORMS if form in data]
    if not forms:
        return [Finding(path, codes.SG214, "segment has no criteria",
                        "add 'where:', 'groups:', 'dimensions:', 'segment_groups:' or 'import:'",
                        at_key=True)]
    if len(forms) > 1:
        message = f"{forms[0]!r} and {forms[1]!r} cannot both be given"
        hint = "a segment has either Dimensions or SegmentGroups; put the criteria in a group"
        if "import" in forms:
            hint = "an imported segment has no criteria; make a dynamic segment with it as base"
        return [Finding((*path, forms[1]), codes.SG213, message, hint, at_key=True)]
    return []


def _where_blocks(data: Mapping[str, object], path: Path) -> Iterator[tuple[Path, object]]:
    """Every high-level criteria block of a segment with its path."""
    if "where" in data:
        yield (*path, "where"), data["where"]
    groups = data.get("groups")
    listed = groups.get("list") if isinstance(groups, dict) else None
    for g, group in enumerate(listed if isinstance(listed, list) else []):
        where = group.get("where") if isinstance(group, dict) else None
        here: Path = (*path, "groups", "list", g, "where")
        if isinstance(where, list):
            yield from (((*here, i), block) for i, block in enumerate(where))
        else:
            yield here, where


def _check_recency_words(data: Mapping[str, object], path: Path) -> Iterator[Finding]:
    for here, block in _where_blocks(data, path):
        if isinstance(block, dict) and "active" in block and "inactive" in block:
            yield Finding((*here, "inactive"), codes.SG222,
                          "'active' and 'inactive' cannot both be given in one criteria block",
                          "Pinpoint holds one recency per block; put the other one in a second "
                          "block or group", at_key=True)


def _check_import(data: Mapping[str, Any], path: Path) -> list[Finding]:
    found = []
    if not str(data["s3"]).startswith("s3://") or len(str(data["s3"])) <= len("s3://"):
        found.append(Finding((*path, "import", "s3"), codes.SG222,
                             f"{data['s3']!r} is not an S3 URL", "write s3://bucket/prefix/"))
    role = data["role"]
    if role != "create" and not ROLE_ARN.match(role):
        found.append(Finding((*path, "import", "role"), codes.SG222,
                             f"{role!r} is not an IAM role ARN",
                             "write arn:aws:iam::123456789012:role/Name, or 'create'"))
    return found


def _build(raw: RawSegment, native: Native, locator: model.Locator) -> model.Segment:
    data: Mapping[str, Any] = raw.data  # type: ignore[assignment]
    criteria: dict[str, Any] = native.criteria
    imported = None
    if "import" in data:
        spec = data["import"]
        imported = model.ImportSource(
            s3_url=spec["s3"],
            format=spec["format"].upper(),
            role_arn=None if spec["role"] == "create" else spec["role"],
            register_endpoints=spec.get("register_endpoints", True),
        )
    line = raw.loaded.position(raw.path, key=True)[0]
    return model.Segment(
        key=raw.key,
        name=data["name"],
        file=raw.loaded.file,
        line=line,
        application=data.get("application"),
        description=data.get("description"),
        tags=tuple(sorted((data.get("tags") or {}).items())),
        dimensions=to_model.dimensions(criteria["Dimensions"])
        if "Dimensions" in criteria else None,
        groups=to_model.groups(criteria["SegmentGroups"], native.key_refs)
        if "SegmentGroups" in criteria else None,
        imported=imported,
        retain=bool(data.get("retain", False)),
        target=data.get("target"),
        locator=locator,
        examples=examples(data, raw.path, raw.loaded),
    )
