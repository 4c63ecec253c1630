"""Customer Profiles definition names of one build, unique in each environment.

Input: the project and the planned stack templates with their environments (manifest
entries: ``template``, ``environment``; the templates as bytes by path). Output: SG228 for
every ``SegmentDefinitionName`` that two segment definitions of one environment would
deploy, whether written as ``definition_name:`` or generated (``<key>-<8 hex>``), in one
stack or in two. Validation already finds two explicit names alike; a generated name is only
known once compiled, so an explicit name equal to another segment's generated one is found
here. The finding goes to the segment whose name was written by hand (its
``definition_name:`` line), else to the later key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Finding
from segmentgen.core.model import Project, Segment

RESOURCE_TYPE = "AWS::CustomerProfiles::SegmentDefinition"


def definition_name_collisions(project: Project, entries: Sequence[Mapping[str, Any]],
                               files: Mapping[str, bytes]) -> list[Diagnostic]:
    """SG228 for each definition name deployed twice in one environment."""
    by_key = project.by_key()
    found: list[Diagnostic] = []
    seen: dict[tuple[str, str], str] = {}
    for environment, name, key in sorted(_names(entries, files, by_key),
                                         key=lambda item: (item[0], item[1],
                                                           _explicit(by_key[item[2]]), item[2])):
        other = seen.setdefault((environment, name), key)
        if other != key and not (_explicit(by_key[key]) and _explicit(by_key[other])):
            found.extend(_collision(by_key[key], by_key[other], name, environment))
    return found


def _names(entries: Sequence[Mapping[str, Any]], files: Mapping[str, bytes],
           by_key: Mapping[str, Segment]) -> Iterator[tuple[str, str, str]]:
    """(environment, definition name, segment key) of every planned segment definition."""
    from segmentgen.compile.plan.resources import parse_template

    for entry in entries:
        path, environment = entry.get("template"), entry.get("environment", "")
        if not isinstance(path, str) or path not in files:
            continue
        template = parse_template(files[path], path) or {}
        resources = template.get("Resources")
        for body in resources.values() if isinstance(resources, dict) else ():
            if not isinstance(body, dict) or body.get("Type") != RESOURCE_TYPE:
                continue
            name = (body.get("Properties") or {}).get("SegmentDefinitionName")
            key = ((body.get("Metadata") or {}).get("segmentgen") or {}).get("key")
            if isinstance(name, str) and isinstance(key, str) and key in by_key:
                yield str(environment), name, key


def _explicit(segment: Segment) -> bool:
    return segment.profiles is not None and segment.profiles.definition_name is not None


def _collision(segment: Segment, other: Segment, name: str,
               environment: str) -> Iterator[Diagnostic]:
    if segment.locator is None:
        return
    where = f" in environment {environment!r}" if environment else ""
    how = "the definition name" if _explicit(other) else "the generated definition name"
    hint = ("definition names are unique in a domain: choose another definition_name:, or "
            "leave it out to have one generated" if _explicit(segment) else
            f"definition names are unique in a domain: rename {other.key!r}'s definition_name:")
    yield segment.locator.diagnostic(Finding(
        ("SegmentDefinitionName",), codes.SG228, f"definition name {name!r} of segment "
        f"{segment.key!r}{where} is also {how} of {other.key!r} ({other.file}:{other.line})",
        hint))
