"""The shapes of both spec forms, as data: one table that the validator walks and the
JSON Schema generator reads.

Input: nothing. Output: ``SHAPES``, a table from shape name to ``Obj``/``MapOf``/``ListOf``/
``Enum``/``Scalar``/``Union``; ``Ref`` names another entry. Enum values come from
``segmentgen.core.vocabulary``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from segmentgen import criteria
from segmentgen.core import vocabulary as v
from segmentgen.core.shape_types import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    STRINGS,
    Enum,
    ListOf,
    MapOf,
    Member,
    Obj,
    Ref,
    Scalar,
    Shape,
    Union,
)
from segmentgen.criteria import profiles
from segmentgen.criteria.kind import NativePath
from segmentgen.validate.profiles_shapes import TARGETS, profiles_shapes
from segmentgen.validate.settings_shapes import ARTIFACTS, MAX_PREFIX, PREFIX, SETTINGS_SHAPES

__all__ = [
    "ARTIFACTS",
    "BOOLEAN",
    "INTEGER",
    "MAX_PREFIX",
    "NUMBER",
    "PREFIX",
    "SHAPES",
    "STRING",
    "STRINGS",
    "Enum",
    "ListOf",
    "MapOf",
    "Member",
    "Obj",
    "Ref",
    "Scalar",
    "Shape",
    "Union",
]

COMBINE = Enum(("all", "any", "none"), "combine takes", ignore_case=True)
_ENDPOINTS = ListOf(Ref("Endpoint"), "endpoints", 0)
# Examples: endpoint objects in the export's shape (the fields the evaluator reads and the
# export's other scalar fields), never compiled.
EXAMPLE_SHAPES: dict[str, Shape] = {
    "Examples": Obj(
        {"as_of": Member(STRING, doc="the instant recency is judged at (default: now)"),
         "match": Member(_ENDPOINTS), "no_match": Member(_ENDPOINTS)},
        "examples",
        example="{match: [{Attributes: {plan: [pro]}}], no_match: [{}]}",
    ),
    "Endpoint": Obj(
        {
            **{name: Member(STRING) for name in (
                "Address", "ApplicationId", "ChannelType", "CohortId", "CreationDate",
                "EffectiveDate", "EndpointStatus", "Id", "OptOut", "RequestId")},
            "Attributes": Member(MapOf(ListOf(STRING, "attribute values", 0), "Attributes", 0)),
            "Metrics": Member(MapOf(NUMBER, "Metrics", 0)),
            "Demographic": Member(MapOf(STRING, "Demographic", 0)),
            "Location": Member(Obj(
                {**{name: Member(STRING) for name in ("City", "Country", "PostalCode", "Region")},
                 "Latitude": Member(NUMBER), "Longitude": Member(NUMBER)}, "Location")),
            "User": Member(Obj(
                {"UserId": Member(STRING), "UserAttributes": Member(
                    MapOf(ListOf(STRING, "attribute values", 0), "UserAttributes", 0))}, "User")),
        },
        "an endpoint",
        example="{Attributes: {plan: [pro]}, Location: {Country: US}}",
    ),
}


def _criteria() -> Obj:
    """The high-level criteria block: each registered kind's keys."""
    return Obj(
        _kind_keys(),
        "criteria",
        example="{country: [US], active: 30d}",
    )


def _dimensions() -> Obj:
    """CloudFormation's SegmentDimensions: each registered kind's members."""
    return Obj(_containers(list(_kind_native())), "Dimensions")


_FIXED: dict[str, Shape] = {
    **SETTINGS_SHAPES,
    # ---- the high-level form ----
    "Segment": Obj(
        {
            "target": Member(Enum(TARGETS, "target takes"),
                             doc="customer-profiles: the segment is written in Customer "
                                 "Profiles' terms (default: the Pinpoint form)"),
            "name": Member(STRING, True, "the Pinpoint segment name"),
            "description": Member(STRING, doc="kept in the template Metadata"),
            "application": Member(STRING, doc="a literal Pinpoint project id"),
            "tags": Member(MapOf(STRING, "tags", 0)),
            "retain": Member(BOOLEAN, doc="keep the segment when it leaves the stack"),
            "where": Member(Ref("Criteria")),
            "groups": Member(Ref("Groups")),
            "dimensions": Member(Ref("SegmentDimensions")),
            "segment_groups": Member(Ref("SegmentGroups")),
            "import": Member(Ref("Import")),
            "examples": Member(Ref("Examples"), doc="endpoints checked by segmentgen test"),
        },
        "a segment",
        example="{name: Winter Sale Shoppers, where: {country: [US]}}",
    ),
    "Groups": Obj(
        {"combine": Member(COMBINE), "list": Member(ListOf(Ref("Group"), "groups"), True)},
        "segment groups",
        example="{list: [{where: {country: [US]}}]}",
    ),
    "Group": Obj(
        {
            "base": Member(ListOf(Ref("Base"), "base segments")),
            "base_combine": Member(COMBINE),
            "combine": Member(COMBINE),
            "where": Member(Union((Ref("Criteria"), ListOf(Ref("Criteria"), "criteria")), "")),
        },
        "a segment group",
    ),
    "Base": Union(
        (
            STRING,
            Obj(
                {"id": Member(STRING, True), "version": Member(INTEGER)},
                "a base segment",
                example="{id: 8d1f0c2e4b7a4e6f9c3d2b1a0f9e8d7c, version: 3}",
            ),
        ),
        "a base segment",
    ),
    "Import": Obj(
        {
            "s3": Member(STRING, True, "s3://bucket/prefix/"),
            "format": Member(Enum(v.IMPORT_FORMATS, "import formats are", ignore_case=True), True),
            "role": Member(STRING, True, "an IAM role ARN, or 'create'"),
            "register_endpoints": Member(BOOLEAN),
        },
        "an imported segment",
        example="{s3: 's3://bucket/prefix/', format: csv, role: create}",
    ),
    **EXAMPLE_SHAPES,
    # ---- the native form: CloudFormation's own shape ----
    "SegmentGroups": Obj(
        {
            "Include": Member(Enum(v.INCLUDE_TYPES, "Include takes")),
            "Groups": Member(ListOf(Ref("SegmentGroup"), "Groups"), True),
        },
        "SegmentGroups",
        example="{Include: ALL, Groups: [{Dimensions: [...]}]}",
    ),
    "SegmentGroup": Obj(
        {
            "Type": Member(Enum(v.GROUP_TYPES, "Type takes")),
            "SourceType": Member(Enum(v.SOURCE_TYPES, "SourceType takes")),
            "Dimensions": Member(ListOf(Ref("SegmentDimensions"), "Dimensions")),
            "SourceSegments": Member(ListOf(Ref("SourceSegment"), "SourceSegments", 0)),
        },
        "a segment group",
    ),
    "SourceSegment": Obj(
        {"Id": Member(STRING, True), "Version": Member(INTEGER)},
        "a base segment",
        example="{Id: winter-sale}",
    ),
}


def _kind_keys() -> dict[str, Member]:
    return {key: member for kind in criteria.kinds() for key, member in kind.keys.items()}


def _kind_native() -> Iterator[tuple[NativePath, Member]]:
    for kind in criteria.kinds():
        yield from kind.native.items()


def _containers(placed: list[tuple[NativePath, Member]]) -> dict[str, Member]:
    """Members of SegmentDimensions from (path, member) pairs: a two-key path lands in an
    object named by its first key (``Location``), in the order the pairs come."""
    out: dict[str, Member] = {}
    inner: dict[str, dict[str, Member]] = {}
    for path, member in placed:
        if len(path) == 1:
            out[path[0]] = member
            continue
        if path[0] not in inner:
            inner[path[0]] = {}
            out[path[0]] = Member(Obj(inner[path[0]], path[0]))
        inner[path[0]][path[1]] = member
    return out


def _build() -> dict[str, Shape]:
    """The table: the fixed entries, the two criteria blocks and every kind's own shapes."""
    table = {**_FIXED, "Criteria": _criteria(), "SegmentDimensions": _dimensions()}
    for kind in criteria.kinds():
        table.update(kind.shapes)
    table.update(profiles_shapes())
    return table


class _Table(Mapping[str, Shape]):
    """``SHAPES``: the table, rebuilt when the criterion kind registry changes."""

    def __init__(self) -> None:
        self._generation = (-1, -1)
        self._table: dict[str, Shape] = {}

    def _current(self) -> dict[str, Shape]:
        generation = (criteria.generation(), profiles.generation())
        if self._generation != generation:
            self._table, self._generation = _build(), generation
        return self._table

    def __getitem__(self, name: str) -> Shape:
        return self._current()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


SHAPES: Mapping[str, Shape] = _Table()
