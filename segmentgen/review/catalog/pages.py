"""The data of one segment's page and of its row in the index, as plain sorted values.

Input: the validated project, one segment, its compiled resources, its lint findings, its
examples' check and (optionally) its estimate. Output: a mapping the templates render:
key, display name, page path, targets and environments, spec file and line, tags, criteria
in plain words and where the segment lives (``lifecycle.show``: the same words as ``show``
and ``diff``), history from git, base segments and users, per-environment overrides, the
native CloudFormation properties, lint findings and examples with pass or fail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.jsonfile import canonical_text
from segmentgen.emit.paths import folded
from segmentgen.review.describe import describe_source

if TYPE_CHECKING:
    from segmentgen.compile.plan.resources import StackResource
    from segmentgen.core.model import ProfilesDefinition, Project, Segment
    from segmentgen.estimate.examples import ExampleCheck

DEFAULT_ENVIRONMENT = "(default)"


def page_paths(keys: Sequence[str]) -> dict[str, str]:
    """Each key's page, ``segments/<key>.html``; keys that only differ in case (one file
    on macOS and Windows) get a short hash of the key as well."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[folded(key)] = counts.get(folded(key), 0) + 1
    paths = {}
    for key in keys:
        suffix = ""
        if counts[folded(key)] > 1:
            suffix = "-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
        paths[key] = f"segments/{key}{suffix}.html"
    return paths


def placements(segment: Segment, project: Project) -> list[tuple[str, str]]:
    """(environment, target) of every environment that builds the segment; a segment's own
    ``target:`` is its target everywhere."""
    settings = project.settings
    if not settings.environments:
        return [(DEFAULT_ENVIRONMENT, segment.target or settings.target)]
    found = []
    for env in settings.environments:
        override = next((o for o in env.segments if o.key == segment.key), None)
        if override is None or not override.skip:
            found.append((env.name, segment.target or env.target))
    return found


def overrides(segment: Segment, project: Project) -> list[dict[str, Any]]:
    """The settings' per-environment overrides of the segment, as label/value items."""
    rows = []
    for env in project.settings.environments:
        for override in (o for o in env.segments if o.key == segment.key):
            items = []
            if override.skip:
                items.append(("skip", "not built in this environment"))
            if override.name:
                items.append(("display name", override.name))
            if override.application:
                items.append(("application", override.application))
            if override.tags:
                items.append(("tags", ", ".join(f"{k}={v}" for k, v in override.tags)))
            rows.append({"environment": env.name, "entries": items,
                         "where": f"{project.settings.file}:{override.line}"})
    return rows


def history(found: Mapping[str, Any], git: bool) -> dict[str, str]:
    """The page's created and last-changed lines from ``show``'s history: git's dates,
    "not committed" with the reason, or "unknown" where git is not available (SG409)."""
    if not git:
        return {"created": "unknown: git is not available", "last_changed": "unknown"}
    if found["created"] is None:
        reason = found["note"] or "no commit holds its lines"
        return {"created": f"not committed ({reason})", "last_changed": "not committed"}
    edits = " (and edits not yet committed)" if found["uncommitted_changes"] else ""
    return {"created": str(found["created"]),
            "last_changed": f"{found['last_changed']}{edits}"}


def tag_rows(tags: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(environment, ``k=v, ...``) rows of ``show``'s tags (one mapping, or one per env)."""
    def text(pairs: Mapping[str, str]) -> str:
        return ", ".join(f"{k}={v}" for k, v in sorted(pairs.items())) or "(none)"

    if any(isinstance(value, dict) for value in tags.values()):
        return [(env, text(pairs)) for env, pairs in sorted(tags.items())]
    return [(DEFAULT_ENVIRONMENT, text(tags))]


def tag_words(tags: Mapping[str, Any]) -> list[str]:
    """Every distinct ``k=v`` of the segment's tags, sorted: the index's tag column."""
    pairs = [item for value in tags.values() if isinstance(value, dict)
             for item in value.items()] or list(tags.items())
    return sorted({f"{k}={v}" for k, v in pairs})


def native(resources: Sequence[StackResource]) -> list[dict[str, str]]:
    """The compiled resource of each environment: where it is and its properties."""
    return [{"environment": r.environment or DEFAULT_ENVIRONMENT, "stack": r.stack,
             "template": r.template, "logical_id": r.logical_id, "type": r.type,
             "properties": canonical_text(r.properties).rstrip("\n")}
            for r in sorted(resources, key=lambda r: (r.environment, r.stack, r.logical_id))]


def bases(segment: Segment, project: Project, pages: Mapping[str, str]) -> list[dict[str, Any]]:
    """The base segments a segment's groups name: a page link for a key, words for an id."""
    by_key = project.by_key()
    found: dict[str, dict[str, Any]] = {}
    if segment.profiles is not None:
        return _profile_bases(segment.profiles, by_key, pages)
    for group in segment.groups.groups if segment.groups is not None else ():
        for ref in group.sources:
            words = describe_source(ref, by_key)
            found.setdefault(words, {"text": words, "key": ref.key,
                                     "page": pages.get(ref.key or "")})
    return [found[words] for words in sorted(found)]


def _profile_bases(profiles: ProfilesDefinition, by_key: Mapping[str, Segment],
                   pages: Mapping[str, str]) -> list[dict[str, Any]]:
    """A Customer Profiles segment's starting audiences: segments of the project by key (a
    page link), definitions deployed outside it by name."""
    groups = profiles.segment_groups.data.get("Groups", []) if profiles.segment_groups else []
    found: dict[str, dict[str, Any]] = {}
    for g, group in enumerate(groups):
        for s, source in enumerate(group.get("SourceSegments", [])):
            name = str(source.get("SegmentDefinitionName", ""))
            if (g, s) in profiles.key_refs and name in by_key:
                words = f"{name} ({by_key[name].name})"
                found.setdefault(words, {"text": words, "key": name, "page": pages.get(name)})
            else:
                words = f"segment definition {name} (outside the project)"
                found.setdefault(words, {"text": words, "key": None, "page": None})
    return [found[words] for words in sorted(found)]


def examples(segment: Segment, check: ExampleCheck | None) -> list[dict[str, Any]]:
    """Each ``match:`` / ``no_match:`` example with its result and, when it fails, why."""
    failures = {(d.line, d.col): d for d in (check.diagnostics if check else ())
                if d.code == codes.SG607}
    rows = []
    for kind, text, line, col in segment.examples:
        if kind not in ("match", "no_match"):
            continue
        failure = failures.get((line, col))
        rows.append({"kind": kind.replace("_", " "), "line": line,
                     "endpoint": json.dumps(json.loads(text), sort_keys=True,
                                            ensure_ascii=False),
                     "passed": failure is None and segment.imported is None,
                     "message": failure.message if failure else (
                         "not checked: an imported segment has no criteria"
                         if segment.imported is not None else "")})
    return rows


def findings(found: Sequence[Diagnostic]) -> list[dict[str, str]]:
    return [{"where": f"{d.file}:{d.line}:{d.col}", "code": str(d.code),
             "severity": d.severity.label, "message": d.message} for d in found]
