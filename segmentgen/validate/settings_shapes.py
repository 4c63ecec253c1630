"""The shapes of the project settings file ``specs/segmentgen.yaml`` and its environments.

Input: nothing. Output: ``SETTINGS_SHAPES``, the settings entries of the shape table that
``validate.shapes`` assembles (``Settings``, ``Environment``, ``SegmentOverride``,
``ApplicationRef``, ``ParameterValues``, and ``CalculatedAttribute`` with its
``CalculatedConditions``), plus ``ARTIFACTS`` and the stack-name ``PREFIX``.
"""

from __future__ import annotations

from segmentgen.compile.registry import artifact_names, target_names
from segmentgen.core.shape_types import (
    BOOLEAN,
    INTEGER,
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

CALCULATED_SHAPES: dict[str, Shape] = {
    "CalculatedAttribute": Obj(
        {
            "external": Member(BOOLEAN, doc="it exists outside the project: nothing is "
                               "generated, segments may name it"),
            "display_name": Member(STRING),
            "description": Member(STRING),
            "attributes": Member(ListOf(STRING, "attributes"),
                                 doc="object-type fields such as Order.total"),
            "expression": Member(STRING, doc="such as {Order.total}; default: the one attribute"),
            "statistic": Member(STRING, doc="SUM, COUNT, AVERAGE, ... (CloudFormation's)"),
            "conditions": Member(Ref("CalculatedConditions")),
            "use_historical_data": Member(BOOLEAN),
            "tags": Member(MapOf(STRING, "tags", 0)),
        },
        "a calculated attribute",
        example="{attributes: [Order.total], statistic: SUM}",
    ),
    "CalculatedConditions": Obj(
        {
            "range": Member(Obj(
                {
                    "value": Member(INTEGER, doc="the last N units"),
                    "start": Member(INTEGER, doc="units ago the range starts (negative: ahead)"),
                    "end": Member(INTEGER, doc="units ago the range ends"),
                    "unit": Member(STRING, doc="days (the default)"),
                    "timestamp_source": Member(STRING, doc="such as {Order.placed_at}"),
                    "timestamp_format": Member(STRING, doc="ISO_8601 or EPOCHMILLI"),
                },
                "a range", example="{value: 30, unit: days}")),
            "object_count": Member(INTEGER),
            "threshold": Member(Obj(
                {
                    "value": Member(STRING, required=True),
                    "operator": Member(STRING, required=True,
                                       doc="EQUAL_TO, GREATER_THAN, LESS_THAN, NOT_EQUAL_TO"),
                },
                "a threshold", example="{value: '500', operator: GREATER_THAN}")),
        },
        "calculated attribute conditions",
        example="{range: {value: 30}, threshold: {value: '500', operator: GREATER_THAN}}",
    ),
}

# Every target's artifacts, then the targets' own (registry.artifact_names).
ARTIFACTS = ("parameters", "sceptre", "terraform", *artifact_names())
# The start of every stack and export name: a CloudFormation stack name starts with a letter
# and holds letters, digits and '-' (at most 128 characters, so the prefix at most 64).
MAX_PREFIX = 64
PREFIX = Scalar("string", "starts every stack and export name of the project",
                rf"^[A-Za-z](?:[A-Za-z0-9-]{{0,{MAX_PREFIX - 2}}}[A-Za-z0-9])?$")

# How the Customer Profiles domain writes Address.Country (Pinpoint's country is alpha-2).
COUNTRY_FORMAT = Enum(("alpha2", "alpha3", "name"), "country formats are")
COUNTRY_FORMAT_DOC = ("how the domain writes Address.Country: alpha2 (NO), alpha3 (NOR) or "
                      "name (Norway)")

SETTINGS_SHAPES: dict[str, Shape] = {
    "Settings": Obj(
        {
            "application": Member(Ref("ApplicationRef")),
            "tags": Member(MapOf(STRING, "tags", 0)),
            "output": Member(Enum(("json", "yaml"), "output formats are", ignore_case=True)),
            "target": Member(Enum(target_names(), "targets are")),
            "domain": Member(STRING, doc="Customer Profiles domain name"),
            "country_format": Member(COUNTRY_FORMAT, doc=COUNTRY_FORMAT_DOC),
            "attribute_map": Member(MapOf(STRING, "attribute map", 0)),
            "lint": Member(
                Obj(
                    {
                        "regions": Member(STRINGS),
                        "ignore": Member(ListOf(STRING, "ignored checks", 0)),
                        "warnings_fail": Member(BOOLEAN),
                        "server": Member(BOOLEAN, doc="keep cfn-lint warm between builds"),
                    },
                    "lint settings",
                )
            ),
            "environments": Member(MapOf(Ref("Environment"), "environments")),
            "parameters": Member(Ref("ParameterValues")),
            "artifacts": Member(ListOf(Enum(ARTIFACTS, "deploy artifacts are"), "artifacts", 0)),
            "prefix": Member(PREFIX, doc=PREFIX.doc),
            "shared_application": Member(
                BOOLEAN, doc="segments' own 'application:' is meant for every environment"),
            "calculated_attributes": Member(
                MapOf(Ref("CalculatedAttribute"), "calculated attributes", 0),
                doc="the Customer Profiles domain's calculated attributes, by name"),
        },
        "project settings",
    ),
    **CALCULATED_SHAPES,
    "ParameterValues": MapOf(STRING, "parameter values", 0),
    "SegmentOverride": Obj(
        {
            "name": Member(STRING, doc="the segment's name in this environment"),
            "tags": Member(MapOf(STRING, "tags", 0), doc="merged over the segment's tags"),
            "skip": Member(BOOLEAN, doc="leave the segment out of this environment"),
            "application": Member(STRING, doc="the literal Pinpoint project id in this "
                                  "environment"),
        },
        "a segment override",
        example="{name: Winter Sale (test), skip: false}",
    ),
    "Environment": Obj(
        {
            "application": Member(Ref("ApplicationRef")),
            "tags": Member(MapOf(STRING, "tags", 0)),
            "name_suffix": Member(STRING),
            "target": Member(Enum(target_names(), "targets are")),
            "domain": Member(STRING),
            "country_format": Member(COUNTRY_FORMAT, doc=COUNTRY_FORMAT_DOC),
            "parameters": Member(Ref("ParameterValues")),
            "segments": Member(MapOf(Ref("SegmentOverride"), "segment overrides", 0)),
        },
        "an environment",
    ),
    "ApplicationRef": Union(
        (
            STRING,
            Obj(
                {
                    "parameter": Member(STRING, doc="a template Parameter of this name"),
                    "id": Member(STRING, doc="a literal Pinpoint project id"),
                    "import": Member(STRING, doc="Fn::ImportValue of this export name"),
                    "create": Member(STRING, doc="an AWS::Pinpoint::App of this name"),
                },
                "an application",
                exactly_one=True,
                example="{parameter: PinpointApplicationId}",
            ),
        ),
        "an application: a project id, or {parameter|id|import|create: ...}",
    ),
}
