"""Calculated attributes: the settings' ``calculated_attributes:`` to
``AWS::CustomerProfiles::CalculatedAttributeDefinition`` resources.

Input: the calculated attributes of the settings (``model.CalculatedAttribute``), the
environment and the settings. Output: ``properties`` (one attribute's CloudFormation
Properties as plain data, without ``DomainName`` and ``Tags``; the validator checks them
against the resource schema), ``defined`` (the attributes the project defines, external ones
left out), and ``compile_template`` (a troposphere ``Template`` with one resource per defined
attribute, logical ID ``<Name>CalculatedAttribute``, in name order). ``DomainName`` is the
environment's or project's ``domain:``, else the Parameter ``CustomerProfilesDomainName`` the
segment stacks declare too. Tags follow the targets' one precedence: the attribute's own tags,
then the project's, then the environment's. ``references`` lists the calculated attributes a
Customer Profiles segment names (``calculated_names`` in its ``SegmentGroups``,
``sorted_names`` in its ``SegmentSort``), ``mapped_references`` those a Pinpoint-form
segment reaches through ``attribute_map``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from segmentgen.compile import logical_id
from segmentgen.core.tags import merge_tags

if TYPE_CHECKING:
    from troposphere import Template

    from segmentgen.core.calculated import CalculatedAttribute
    from segmentgen.core.model import Environment, Segment, Settings

RESOURCE_TYPE = "AWS::CustomerProfiles::CalculatedAttributeDefinition"
LOGICAL_ID_SUFFIX = "CalculatedAttribute"
DOMAIN_PARAMETER = "CustomerProfilesDomainName"
CALCULATED_TARGET = "CalculatedAttributes."  # an attribute_map value naming one


def resource_id(name: str) -> str:
    """The logical ID of a calculated attribute: ``lifetime_spend`` ->
    ``LifetimeSpendCalculatedAttribute``."""
    return logical_id(name, LOGICAL_ID_SUFFIX)


def defined(settings: Settings) -> tuple[CalculatedAttribute, ...]:
    """The calculated attributes the project generates (not external), by name."""
    return tuple(a for a in settings.calculated_attributes if not a.external)


def properties(attribute: CalculatedAttribute) -> dict[str, Any]:
    """The CloudFormation Properties of one attribute, without DomainName and Tags."""
    found: dict[str, Any] = {
        "CalculatedAttributeName": attribute.name,
        "AttributeDetails": {
            "Attributes": [{"Name": name} for name in attribute.attributes],
            "Expression": attribute.expression,
        },
        "Statistic": attribute.statistic,
    }
    optional = {"DisplayName": attribute.display_name, "Description": attribute.description,
                "UseHistoricalData": attribute.use_historical_data}
    found.update({key: value for key, value in optional.items() if value is not None})
    conditions = _conditions(attribute)
    if conditions:
        found["Conditions"] = conditions
    return found


def _conditions(attribute: CalculatedAttribute) -> dict[str, Any]:
    conditions: dict[str, Any] = {}
    span = attribute.range
    if span is not None:
        found: dict[str, Any] = {"Unit": span.unit}
        if span.value is not None:
            found["Value"] = span.value
        if span.start is not None or span.end is not None:
            found["ValueRange"] = {"Start": span.start, "End": span.end}
        if span.timestamp_source is not None:
            found["TimestampSource"] = span.timestamp_source
        if span.timestamp_format is not None:
            found["TimestampFormat"] = span.timestamp_format
        conditions["Range"] = found
    if attribute.object_count is not None:
        conditions["ObjectCount"] = attribute.object_count
    if attribute.threshold is not None:
        operator, value = attribute.threshold
        conditions["Threshold"] = {"Operator": operator, "Value": value}
    return conditions


def attribute_tags(attribute: CalculatedAttribute, environment: Environment,
                   settings: Settings) -> dict[str, str]:
    return merge_tags(attribute.tags, default=settings.tags, environment=environment.tags)


def domain_name(environment: Environment, settings: Settings) -> str | None:
    return environment.domain or settings.domain


def compile_template(environment: Environment, settings: Settings,
                     description: str) -> Template:
    """The domain stack's template: one resource per defined attribute."""
    from troposphere import Parameter, Ref, Tags, Template
    from troposphere import customerprofiles as cp

    from segmentgen.core.cfn_names import MAX_PROFILES_NAME, PROFILES_NAME_CHARACTERS

    template = Template()
    template.set_version("2010-09-09")
    template.set_description(description)
    domain: str | Ref | None = domain_name(environment, settings)
    if domain is None:
        domain = Ref(template.add_parameter(Parameter(
            DOMAIN_PARAMETER, Type="String",
            Description="The Amazon Connect Customer Profiles domain that holds the "
                        "calculated attributes",
            AllowedPattern=PROFILES_NAME_CHARACTERS, MinLength=1,
            MaxLength=MAX_PROFILES_NAME)))
    for attribute in defined(settings):
        resource = cp.CalculatedAttributeDefinition.from_dict(
            resource_id(attribute.name), {"DomainName": domain, **properties(attribute)})
        tags = attribute_tags(attribute, environment, settings)
        if tags:
            resource.Tags = Tags(tags)
        template.add_resource(resource)
    return template


def calculated_names(segment_groups: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(data path, name) of every calculated attribute a ``SegmentGroups`` value names: the
    keys of each dimension's ``CalculatedAttributes`` map."""
    groups = segment_groups.get("Groups") if isinstance(segment_groups, Mapping) else None
    for g, group in enumerate(groups if isinstance(groups, list) else ()):
        dimensions = group.get("Dimensions") if isinstance(group, Mapping) else None
        for d, dimension in enumerate(dimensions if isinstance(dimensions, list) else ()):
            found = dimension.get("CalculatedAttributes") if isinstance(
                dimension, Mapping) else None
            for name in found if isinstance(found, Mapping) else ():
                if isinstance(name, str):
                    yield ("Groups", g, "Dimensions", d, "CalculatedAttributes", name), name


def sorted_names(sort: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(data path, name) of every calculated attribute a ``SegmentSort`` value sorts by: the
    ``Name`` of each attribute of ``Type: CALCULATED``."""
    attributes = sort.get("Attributes") if isinstance(sort, Mapping) else None
    for index, item in enumerate(attributes if isinstance(attributes, list) else ()):
        if isinstance(item, Mapping) and item.get("Type") == "CALCULATED":
            name = item.get("Name")
            if isinstance(name, str):
                yield ("Attributes", index, "Name"), name


def references(segment: Segment) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(CloudFormation-shaped data path, name) of each calculated attribute a Customer
    Profiles segment names, in its ``SegmentGroups`` and its ``SegmentSort``."""
    profiles = segment.profiles
    if profiles is None:
        return
    if profiles.segment_groups is not None:
        for path, name in calculated_names(profiles.segment_groups.data):
            yield ("SegmentGroups", *path), name
    if profiles.sort is not None:
        for path, name in sorted_names(profiles.sort.data):
            yield ("SegmentSort", *path), name


def names_used(segments: Sequence[Segment]) -> set[str]:
    """Every calculated attribute the segments name."""
    return {name for segment in segments for _, name in references(segment)}


def mapped_references(segment: Segment, attribute_map: Mapping[str, str]) -> set[str]:
    """The calculated attributes a Pinpoint-form segment reaches through ``attribute_map``
    (``CalculatedAttributes.<name>`` targets) when it compiles for Customer Profiles."""
    from segmentgen.compile.customer_profiles_map import lookup

    blocks = [segment.dimensions] if segment.dimensions is not None else []
    blocks += [dims for group in (segment.groups.groups if segment.groups else ())
               for dims in group.dimensions]
    found = set()
    for dims in blocks:
        for section, criteria in (("attributes", dims.attributes),
                                  ("user_attributes", dims.user_attributes),
                                  ("metrics", dims.metrics)):
            for criterion in criteria:
                target, _ = lookup(attribute_map, section, criterion.name)
                if target.startswith(CALCULATED_TARGET):
                    found.add(target.removeprefix(CALCULATED_TARGET))
    return found
