"""Customer Profiles segment definitions as specs: the shapes the importer checks, and the
conversion of one definition to a ``target: customer-profiles`` segment.

Input: an ``AWS::CustomerProfiles::SegmentDefinition`` resource of a template, or what
``aws customer-profiles get-segment-definition`` prints (plain, untrusted data), and a table
from every imported definition's ``SegmentDefinitionName`` to its segment key. Output: the
import shapes (``definition_shapes``: types checked at every level, so wrong ones are
positioned SG203/SG202 errors and unknown keys SG705) and ``definition_spec``: the spec
mapping (``target``, ``name``, ``definition_name``, ``description``, ``tags``, then ``sql:``,
or ``where:``/``groups:`` in the high-level form when every dimension has one and it
desugars to exactly the same ``SegmentGroups``, else ``segment_groups:`` verbatim, and
``sort:``). A ``SourceSegments`` name of another imported definition becomes its key.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from segmentgen.criteria.profiles import generation, profile_kinds
from segmentgen.importer.kind_shapes import convert
from segmentgen.importer.shapes import (
    ANY,
    REFERENCE,
    STRING,
    TAGS,
    Shape,
    list_of,
    record,
)

DEFINITION_TYPE = "AWS::CustomerProfiles::SegmentDefinition"
TARGET = "customer-profiles"
SECTIONS = ("profile", "attributes", "calculated")


def dimension_shape() -> Shape:
    """One ``Dimension``: each profile kind's members under its container."""
    containers: dict[str, dict[str, Shape]] = {}
    whole: dict[str, Shape] = {}
    for kind in profile_kinds():
        if not kind.native and kind.container_shape is not None:
            whole[kind.container] = convert(kind.container_shape.shape, kind.shapes)
        for name, member in kind.native.items():
            containers.setdefault(kind.container, {})[name] = convert(member.shape, kind.shapes)
    return record({**{name: record(fields) for name, fields in containers.items()}, **whole})


@functools.lru_cache(maxsize=4)
def definition_shapes(registry: int) -> dict[str, Shape]:
    """``RESOURCE`` (a template's resource) and ``API`` (get-segment-definition output) for
    the profile kinds registered at ``registry`` (``criteria.profiles.generation()``)."""
    groups = record({"Include": STRING, "Groups": list_of(record({
        "Type": STRING, "SourceType": STRING, "Dimensions": list_of(dimension_shape()),
        "SourceSegments": list_of(record({"SegmentDefinitionName": STRING},
                                         ("SegmentDefinitionName",)))}))})
    sort = record({"Attributes": list_of(record(
        {"Name": STRING, "Order": STRING, "DataType": STRING, "Type": STRING},
        ("Name", "Order")))}, ("Attributes",))
    criteria = {"DisplayName": STRING, "SegmentDefinitionName": STRING, "Description": STRING,
                "SegmentGroups": groups, "SegmentSqlQuery": STRING, "SegmentSort": sort}
    resource = record({
        "Type": STRING, "Condition": STRING, "DeletionPolicy": Shape("string", computed=True),
        "DependsOn": ANY, "UpdateReplacePolicy": ANY,
        "Metadata": record({"segmentgen": record({"key": STRING, "description": STRING},
                                                 extra_keys=True)}, extra_keys=True),
        "Properties": record({**criteria, "DomainName": REFERENCE, "Tags": list_of(record(
            {"Key": STRING, "Value": STRING}, ("Key", "Value")))},
            ("DisplayName", "SegmentDefinitionName", "DomainName"), computed=True),
    }, ("Properties",), extra_keys=True)
    api = record({**criteria, "Tags": TAGS, "SegmentDefinitionArn": STRING, "CreatedAt": ANY,
                  "SegmentType": STRING, "DomainName": STRING},
                 ("DisplayName", "SegmentDefinitionName"), extra_keys=True)
    return {"RESOURCE": resource, "API": api}


def shapes() -> dict[str, Shape]:
    return definition_shapes(generation())


def definition_spec(data: Mapping[str, Any], names: Mapping[str, str],
                    description: str | None = None) -> dict[str, Any]:
    """The spec of one shape-checked definition (template Properties or API output)."""
    spec: dict[str, Any] = {"target": TARGET, "name": data["DisplayName"],
                            "definition_name": data["SegmentDefinitionName"]}
    text = description or data.get("Description")
    if text:
        spec["description"] = text
    tags = _tags(data.get("Tags"))
    if tags:
        spec["tags"] = tags
    if data.get("SegmentSqlQuery") is not None:
        spec["sql"] = data["SegmentSqlQuery"]
    elif data.get("SegmentGroups") is not None:
        spec.update(criteria(_with_keys(data["SegmentGroups"], names), set(names.values())))
    if data.get("SegmentSort") is not None:
        spec["sort"] = data["SegmentSort"]
    return spec


def _tags(tags: object) -> dict[str, str]:
    if isinstance(tags, list):
        return dict(sorted((tag["Key"], tag["Value"]) for tag in tags))
    return dict(sorted(tags.items())) if isinstance(tags, dict) else {}


def _with_keys(groups: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """``SegmentGroups`` with each base segment that is imported too named by its key."""
    out = dict(groups)
    out["Groups"] = [_group_keys(group, names) for group in groups.get("Groups") or []]
    return out


def _group_keys(group: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    out = dict(group)
    if "SourceSegments" in group:
        out["SourceSegments"] = [
            {**ref, "SegmentDefinitionName": names.get(ref["SegmentDefinitionName"],
                                                       ref["SegmentDefinitionName"])}
            for ref in group["SourceSegments"]]
    return out


def base_keys(groups: object) -> set[str]:
    """The segment keys a ``segment_groups:`` or ``groups:`` value names as base segments."""
    found: set[str] = set()
    if isinstance(groups, Mapping):
        for group in groups.get("Groups") or groups.get("list") or []:
            refs = group.get("SourceSegments") or group.get("base") or []
            names = (ref.get("SegmentDefinitionName") if isinstance(ref, Mapping) else ref
                     for ref in refs)
            found.update(name for name in names if isinstance(name, str))
    return found


def criteria(groups: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    """``where:`` or ``groups:`` when that form desugars to exactly ``groups`` (base segments
    by key), else ``segment_groups:`` as given."""
    from segmentgen.validate.profiles_desugar import to_profiles_native

    candidate = _high_level(groups, keys)
    if candidate is not None:
        native = to_profiles_native(candidate, (), frozenset(keys))
        if native.criteria.get("SegmentGroups") == groups:
            return candidate
    return {"segment_groups": groups}


def _high_level(groups: Mapping[str, Any], keys: set[str]) -> dict[str, Any] | None:
    listed = groups.get("Groups")
    if not isinstance(listed, list) or not listed:
        return None
    converted = [_group(group, keys) for group in listed]
    if any(group is None for group in converted):
        return None
    only = converted[0]
    if (len(listed) == 1 and groups.get("Include") == "ALL" and only is not None
            and set(only) == {"where"}):
        return {"where": only["where"]}
    include = str(groups.get("Include", "")).lower()
    return {"groups": {**({"combine": include} if include != "all" else {}),
                       "list": converted}}


def _group(group: Mapping[str, Any], keys: set[str]) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    if group.get("Type", "ALL") != "ALL":
        out["combine"] = str(group["Type"]).lower()
    sources = group.get("SourceSegments")
    if sources:
        names = [ref["SegmentDefinitionName"] for ref in sources]
        if not set(names) <= keys:
            return None
        out["base"] = names
        if group.get("SourceType", "ANY") != "ANY":
            out["base_combine"] = str(group["SourceType"]).lower()
    where = _where(group.get("Dimensions") or [])
    if where is None:
        return None
    if where:
        out["where"] = where
    return out


def _where(dimensions: list[Any]) -> dict[str, Any] | None:
    """The ``where:`` of a group's dimensions; None when one has no high-level form."""
    where: dict[str, dict[str, Any]] = {}
    for dimension in dimensions:
        found: dict[str, dict[str, Any]] = {}
        for kind in profile_kinds():
            for section, values in kind.to_high_level(dimension).items():
                found.setdefault(section, {}).update(values)
        if not found:
            return None
        for section, values in found.items():
            place = where.setdefault(section, {})
            for key, value in values.items():
                if key in place and not (isinstance(place[key], dict)
                                         and isinstance(value, dict)
                                         and not place[key].keys() & value.keys()):
                    return None
                place[key] = {**place[key], **value} if key in place else value
    return {section: where[section] for section in SECTIONS if section in where}
