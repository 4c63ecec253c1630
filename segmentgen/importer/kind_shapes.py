"""The importer's shape of a segment's criteria, from the registered criterion kinds.

Input: the registry generation (``criteria.generation()``) and each kind's ``native`` (or
``imported``, where a deployed segment may hold less than the spec form) members with its
named ``shapes``. Output: ``segment_shapes``: ``DIMENSIONS`` (one member per native key, a
key shared by several kinds such as ``Location`` holding each kind's member) and the shapes
that hold it, ``SEGMENT_GROUPS``, ``SEGMENT_RESOURCE`` and ``API_SEGMENT``, read by
``importer.shapes``. The importer checks types and required keys only: an enumeration is a
string here (the converter names a value with no spec form), and counts are not checked.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Union as TypingUnion

from segmentgen import criteria
from segmentgen.core import shape_types as spec
from segmentgen.importer.shapes import (
    ANY,
    INTEGER,
    NUMBER,
    REFERENCE,
    STRING,
    TAGS,
    Shape,
    list_of,
    map_of,
    record,
)

SCALARS = {"string": STRING, "number": NUMBER, "integer": INTEGER}
Tree = dict[str, TypingUnion[Shape, "Tree"]]


def convert(shape: spec.Shape, table: Mapping[str, spec.Shape]) -> Shape:
    """The importer's shape for a kind's shape; ``table`` resolves its references."""
    if isinstance(shape, spec.Ref):
        return convert(table[shape.name], table)
    if isinstance(shape, spec.Obj):
        members = shape.members.items()
        return record({name: convert(m.shape, table) for name, m in members},
                      tuple(name for name, m in members if m.required))
    if isinstance(shape, spec.MapOf):
        return map_of(convert(shape.value, table))
    if isinstance(shape, spec.ListOf):
        return list_of(convert(shape.item, table))
    if isinstance(shape, spec.Enum):
        return STRING
    if isinstance(shape, spec.Scalar):
        return SCALARS.get(shape.kind, ANY)
    return ANY  # a union: the kind's to_high_level reads whichever form it is


def dimensions() -> Shape:
    """SegmentDimensions: each kind's native members, in registry order."""
    tree: Tree = {}
    for kind in criteria.kinds():
        native = kind.native if kind.imported is None else kind.imported
        for path, member in native.items():
            place = tree
            for step in path[:-1]:
                inner = place.setdefault(step, {})
                assert isinstance(inner, dict), f"{step} is a criterion and a container"
                place = inner
            place[path[-1]] = convert(member.shape, kind.shapes)
    return _record(tree)


def _record(tree: Tree) -> Shape:
    return record({name: _record(value) if isinstance(value, dict) else value
                   for name, value in tree.items()})


@functools.lru_cache(maxsize=4)
def segment_shapes(generation: int) -> dict[str, Shape]:
    """The shapes that hold the criteria, for the registry at ``generation``."""
    block = dimensions()
    groups = record({"Include": STRING, "Groups": list_of(record({
        "Type": STRING, "SourceType": STRING, "Dimensions": list_of(block),
        "SourceSegments": list_of(record({"Id": REFERENCE, "Version": INTEGER}, ("Id",)))}))},
        ("Groups",))
    resource = record({
        "Type": STRING,
        "Condition": STRING,
        "DeletionPolicy": Shape("string", computed=True),
        "Metadata": record({"segmentgen": record({"key": STRING, "description": STRING},
                                                 extra_keys=True)}, extra_keys=True),
        "Properties": record({"Name": STRING, "ApplicationId": REFERENCE, "Tags": TAGS,
                              "Dimensions": block, "SegmentGroups": groups},
                             ("Name", "ApplicationId"), computed=True),
    }, ("Properties",), extra_keys=True)
    api = record({
        "Name": STRING, "ApplicationId": STRING, "Id": STRING, "SegmentType": STRING,
        "Arn": STRING, "Version": INTEGER, "CreationDate": STRING, "LastModifiedDate": STRING,
        "tags": TAGS, "Dimensions": block, "SegmentGroups": groups,
        "ImportDefinition": record({"S3Url": STRING, "Format": STRING, "RoleArn": STRING,
                                    "ExternalId": STRING, "Size": INTEGER},
                                   ("S3Url", "Format", "RoleArn"), extra_keys=True),
    }, ("Name", "ApplicationId"), extra_keys=True)
    return {"DIMENSIONS": block, "SEGMENT_GROUPS": groups, "SEGMENT_RESOURCE": resource,
            "API_SEGMENT": api}
