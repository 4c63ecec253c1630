"""Validation of one ``target: customer-profiles`` segment: spec data to the model.

Input: a raw segment whose ``target:`` is ``customer-profiles``, the segment keys of the
project and the findings of its key. Output: ``model.Segment`` with ``target`` and
``profiles`` (``model.ProfilesDefinition``: CloudFormation's ``SegmentGroups``, SQL, sort
and definition name), or None, and the diagnostics: the shape (``ProfilesSegment``), a
Pinpoint-only key (SG227, with what to write instead), one form (SG214, SG213), the
definition name (SG228), high-level rules of each kind, base segments by key that name
nothing (SG219), tags and dynamic references, and each kind's and the Customer Profiles
rules' checks of the native data (``profiles_rules``: SegmentGroups, SQL and sort),
positioned through the desugaring. With shape errors, those rules still run over the parts
without them (``profiles_partial``), so one run reports both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from segmentgen.core import codes, model
from segmentgen.core.diagnostics import Diagnostic, Finding, Path, Severity
from segmentgen.criteria.profiles import profile_kinds
from segmentgen.validate import profiles_rules, rules
from segmentgen.validate.desugar import Native
from segmentgen.validate.examples import check_as_of, examples
from segmentgen.validate.locate import lazy_lookup, lookup
from segmentgen.validate.profiles_desugar import SECTIONS, to_profiles_native
from segmentgen.validate.profiles_shapes import FORMS, PINPOINT_ONLY, PROFILES
from segmentgen.validate.references import _closest_key
from segmentgen.validate.shapes import Ref
from segmentgen.validate.walk import check

if TYPE_CHECKING:
    from segmentgen.validate import RawSegment

DEFINITION_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")


def is_profiles(data: object) -> bool:
    return isinstance(data, dict) and data.get("target") == PROFILES


def validate_profiles_segment(raw: RawSegment, keys: frozenset[str], findings: list[Finding]
                              ) -> tuple[model.Segment | None, list[Diagnostic]]:
    data: dict[str, Any] = raw.data  # type: ignore[assignment]
    shape = _pinpoint_only(check(data, Ref("ProfilesSegment"), raw.path), raw.path)
    findings.extend(profiles_rules.api_only(data, raw.path, shape))
    findings.extend(_check_form(data, raw.path))
    findings.extend(_check_definition_name(data, raw.path))
    if isinstance(data.get("sql"), str):  # positioned inside the query through the loader
        findings.extend(profiles_rules.check_sql(data["sql"], (*raw.path, "sql")))
    if isinstance(data.get("tags"), dict):
        findings.extend(rules.check_tags(data["tags"], (*raw.path, "tags")))
    findings.extend(rules.check_dynamic_references(data, raw.path))
    findings.extend(check_as_of(data, raw.path))
    if not any(f.severity is Severity.ERROR for f in findings):
        findings.extend(_high_level(data, raw.path))
    diagnostics = [raw.loaded.diagnostic(f) for f in findings]
    if any(f.severity is Severity.ERROR for f in findings):
        return None, diagnostics + _partial(raw, findings, keys)
    native = to_profiles_native(data, raw.path, keys)
    locator = model.Locator(raw.loaded.file, lookup(raw.loaded, native))
    diagnostics.extend(locator.diagnostic(f) for f in _native_findings(native, raw.key, keys))
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    later = model.Locator(raw.loaded.file,
                          lazy_lookup(raw.loaded, raw.key, keys, to_profiles_native))
    return _build(raw, native, later), diagnostics


def _partial(raw: RawSegment, errors: list[Finding], keys: frozenset[str]) -> list[Diagnostic]:
    """The high-level and Customer Profiles rules over the parts without shape errors
    (``profiles_partial``), SG214 left out; [] when those parts cannot be read."""
    from segmentgen.validate.profiles_partial import pruned_segment

    pruned = pruned_segment(raw.data, raw.path, errors)
    if pruned is None:
        return []
    found = [raw.loaded.diagnostic(f) for f in _high_level(pruned, raw.path)
             if f.code != codes.SG214]
    if any(d.severity is Severity.ERROR for d in found):
        return found  # the native form of a criterion with a high-level error is unreliable
    native = to_profiles_native(pruned, raw.path, keys)
    locator = model.Locator(raw.loaded.file, lookup(raw.loaded, native))
    return found + [locator.diagnostic(f) for f in _native_findings(native, raw.key, keys)
                    if f.code != codes.SG214]


def _pinpoint_only(found: Iterator[Finding], path: Path) -> Iterator[Finding]:
    """Shape findings, an unknown key that a Pinpoint segment takes turned into SG227."""
    for finding in found:
        key = finding.path[-1] if finding.path else None
        if finding.code == codes.SG201 and isinstance(key, str) and key in PINPOINT_ONLY:
            yield Finding(finding.path, codes.SG227, f"{key!r} is a Pinpoint key: segment "
                          f"{path[-1]!r} is a customer-profiles segment", PINPOINT_ONLY[key],
                          at_key=True)
        else:
            yield finding


def _check_form(data: Mapping[str, Any], path: Path) -> list[Finding]:
    forms = [form for form in FORMS if form in data]
    if not forms:
        return [Finding(path, codes.SG214, "segment has no criteria",
                        "add 'where:', 'groups:', 'segment_groups:' or 'sql:'", at_key=True)]
    if len(forms) > 1:
        return [Finding((*path, forms[1]), codes.SG213, f"{forms[0]!r} and {forms[1]!r} "
                        "cannot both be given", "a Customer Profiles segment is defined by "
                        "its segment groups or by a SQL query: keep one", at_key=True)]
    return []


def _check_definition_name(data: Mapping[str, Any], path: Path) -> list[Finding]:
    name = data.get("definition_name")
    if not isinstance(name, str) or DEFINITION_NAME.fullmatch(name):
        return []
    return [Finding((*path, "definition_name"), codes.SG228, f"definition name {name!r} is "
                    "not a SegmentDefinitionName", "1 to 64 letters, digits, '-' and '_', "
                    "for example 'vip-oslo'")]


def _where_blocks(data: Mapping[str, Any], path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(data.get("where"), dict):
        yield (*path, "where"), data["where"]
    groups = data.get("groups")
    for g, group in enumerate(groups.get("list") or [] if isinstance(groups, dict) else []):
        if isinstance(group, dict) and isinstance(group.get("where"), dict):
            yield (*path, "groups", "list", g, "where"), group["where"]


def _high_level(data: Mapping[str, Any], path: Path) -> Iterator[Finding]:
    for here, block in _where_blocks(data, path):
        if not any(isinstance(block.get(section), dict) and block[section]
                   for section in SECTIONS):
            yield Finding(here, codes.SG214, "criteria block names no criterion",
                          "add profile:, attributes: or calculated: criteria", at_key=True)
        for section in SECTIONS:
            entries = block.get(section)
            for key, value in (entries.items() if isinstance(entries, dict) else ()):
                for kind in profile_kinds():
                    if kind.claims_key(section, key):
                        yield from kind.check_high_level(key, value, (*here, section, key))
                        break


def _native_findings(native: Native, key: str, keys: frozenset[str]) -> Iterator[Finding]:
    criteria = native.criteria
    if "SegmentGroups" in criteria:
        yield from profiles_rules.check_segment_groups(criteria["SegmentGroups"],
                                                       ("SegmentGroups",))
    if "SegmentSort" in criteria:
        yield from profiles_rules.check_sort(criteria["SegmentSort"], ("SegmentSort",))
    groups = criteria.get("SegmentGroups")
    for g, group in enumerate(groups.get("Groups") or [] if isinstance(groups, dict) else []):
        here: Path = ("SegmentGroups", "Groups", g)
        for s, ref in enumerate(group.get("SourceSegments") or []):
            path: Path = (*here, "SourceSegments", s)
            name = ref.get("SegmentDefinitionName")
            if path in native.key_refs and name not in keys:
                yield Finding((*path, "SegmentDefinitionName"), codes.SG219,
                              f"segment {key!r}: base segment {name!r} is not defined",
                              _base_hint(name, keys))


def _base_hint(written: str, keys: frozenset[str]) -> str:
    guess = _closest_key(written, keys)
    start = f"did you mean {guess!r}? " if guess is not None else ""
    return (f"{start}base: names segment keys of this project; a deployed definition is named "
            "in segment_groups: SourceSegments")


def _build(raw: RawSegment, native: Native, locator: model.Locator) -> model.Segment:
    data: Mapping[str, Any] = raw.data  # type: ignore[assignment]
    criteria = native.criteria
    refs = tuple(sorted((int(path[2]), int(path[4])) for path in native.key_refs))
    profiles = model.ProfilesDefinition(
        segment_groups=model.FrozenData.of(criteria["SegmentGroups"])
        if "SegmentGroups" in criteria else None,
        sql=str(criteria["SegmentSqlQuery"]) if "SegmentSqlQuery" in criteria else None,
        sort=model.FrozenData.of(criteria["SegmentSort"]) if "SegmentSort" in criteria else None,
        definition_name=data.get("definition_name"),
        key_refs=refs,
    )
    return model.Segment(
        key=raw.key, name=data["name"], file=raw.loaded.file,
        line=raw.loaded.position(raw.path, key=True)[0],
        description=data.get("description"),
        tags=tuple(sorted((data.get("tags") or {}).items())),
        retain=bool(data.get("retain", False)), target=PROFILES, profiles=profiles,
        locator=locator,
        examples=examples(data, raw.path, raw.loaded),
    )
