"""Which segment uses which as a base segment, read from a build's output.

Input: the segment resources of one output (``compile.plan.resources.StackResource``,
import jobs included). Output: links ``(environment, base key, user key)``, sorted, one per
base segment a resource's ``SourceSegments`` name: a Pinpoint
``Fn::GetAtt <LogicalId>.SegmentId``, an ``Fn::ImportValue`` of another stack's export, the
``Ref`` of an imported segment's id parameter, or a Customer Profiles
``SegmentDefinitionName``. References to segments the output does not hold (a deployed
segment by literal id) are left out; templates are untrusted, so values of the wrong shape
are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from segmentgen.compile import logical_id
from segmentgen.compile.plan.resources import StackResource

Link = tuple[str, str, str]  # environment, base key, user key


def base_links(found: Sequence[StackResource]) -> list[Link]:
    """Every (environment, base, user) link among the resources, sorted, without repeats."""
    tables = _key_tables(found)
    links: set[Link] = set()
    for resource in found:
        table = tables.get(resource.environment, {})
        for token in _references(resource.properties):
            base = table.get(token)
            if base is not None and base != resource.key:
                links.add((resource.environment, base, resource.key))
    return sorted(links)


def _key_tables(found: Sequence[StackResource]) -> dict[str, dict[str, str]]:
    """Per environment: every name a reference may use for a segment -> its key."""
    tables: dict[str, dict[str, str]] = {}
    for resource in found:
        table = tables.setdefault(resource.environment, {})
        names = (resource.logical_id, logical_id(resource.key),
                 resource.properties.get("SegmentDefinitionName"))
        for name in names:
            if isinstance(name, str) and name:
                table.setdefault(name, resource.key)
    return tables


def _references(properties: Mapping[str, Any]) -> Iterator[str]:
    """The names of the base segments of a resource's segment groups."""
    groups = _mapping(properties.get("SegmentGroups")).get("Groups")
    for group in groups if isinstance(groups, list) else []:
        sources = _mapping(group).get("SourceSegments")
        for source in sources if isinstance(sources, list) else []:
            token = _token(_mapping(source))
            if token:
                yield token


def _token(source: Mapping[str, Any]) -> str | None:
    definition = source.get("SegmentDefinitionName")
    if isinstance(definition, str):
        return definition
    ident = _mapping(source.get("Id"))
    target = ident.get("Fn::GetAtt")
    if isinstance(target, list) and target and isinstance(target[0], str):
        return target[0]
    if isinstance(target, str):
        return target.split(".")[0]
    for name in ("Fn::ImportValue", "Ref"):
        value = ident.get(name)
        if isinstance(value, str):
            return value.rsplit("-", 1)[-1].removesuffix("Id")
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}
