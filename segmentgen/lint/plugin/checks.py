"""Pinpoint segment checks a registry schema cannot express, over plain template data.

Input: one part of an ``AWS::Pinpoint::Segment`` resource as decoded by cfn-lint (the
properties, one ``SegmentDimensions`` object, an attribute map, a set dimension, the tags).
Output: ``Problem`` tuples (path inside that part, message). The rule classes in ``rules/``
turn them into cfn-lint findings; values that are intrinsic functions are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from segmentgen.core import dates, vocabulary
from segmentgen.core.dates import parse_instant

Problem = tuple[tuple[str | int, ...], str]

_DATE_FORMS = dates.FORMS


def _plain_strings(values: object) -> Iterator[tuple[int, str]]:
    if isinstance(values, list):
        for index, value in enumerate(values):
            if isinstance(value, str):
                yield index, value


def dimensions_and_groups(properties: Mapping[str, Any]) -> Iterator[Problem]:
    """Dimensions and SegmentGroups on one segment."""
    if "Dimensions" in properties and "SegmentGroups" in properties:
        yield ("SegmentGroups",), (
            "a segment takes either 'Dimensions' or 'SegmentGroups', not both; "
            "move the dimensions into a group"
        )


def group_count(properties: Mapping[str, Any]) -> Iterator[Problem]:
    """More segment groups than Pinpoint allows."""
    groups = properties.get("SegmentGroups")
    listing = groups.get("Groups") if isinstance(groups, Mapping) else None
    if isinstance(listing, list) and len(listing) > vocabulary.MAX_GROUPS:
        yield ("SegmentGroups", "Groups", vocabulary.MAX_GROUPS), (
            f"a segment has at most {vocabulary.MAX_GROUPS} segment groups, "
            f"found {len(listing)}; combine criteria inside a group's Dimensions list"
        )


def date_values(attribute: Mapping[str, Any]) -> Iterator[Problem]:
    """BEFORE, AFTER, ON values that are not ISO-8601 dates (BETWEEN: see ``between``)."""
    kind = attribute.get("AttributeType")
    if kind not in vocabulary.DATE_ATTRIBUTE_TYPES:
        return
    for index, value in _plain_strings(attribute.get("Values")):
        if parse_instant(value) is None:
            yield ("Values", index), (
                f"{value!r} is not an ISO-8601 date; {kind} compares {_DATE_FORMS}"
            )


def between(attribute: Mapping[str, Any]) -> Iterator[Problem]:
    """BETWEEN with other than two values, or with the end before the start."""
    values = attribute.get("Values")
    if attribute.get("AttributeType") != "BETWEEN" or not isinstance(values, list):
        return
    if len(values) != 2:
        if not any(isinstance(value, Mapping) for value in values):
            yield ("Values",), (
                f"BETWEEN takes exactly two values, a start and an end, found {len(values)}"
            )
        return
    start, end = values
    if not (isinstance(start, str) and isinstance(end, str)):
        return
    first, last = parse_instant(start), parse_instant(end)
    if first is not None and last is not None and first > last:
        yield ("Values",), f"BETWEEN starts at {start!r} after it ends at {end!r}; swap them"


def attribute_quotas(attributes: Mapping[str, Any]) -> Iterator[Problem]:
    """Attribute names longer than Pinpoint keeps, more values than one attribute holds."""
    for name, attribute in attributes.items():
        if isinstance(name, str) and len(name) > vocabulary.MAX_ATTRIBUTE_NAME_LENGTH:
            yield (name,), (
                f"attribute name {name[:20]!r}... has {len(name)} characters, "
                f"Pinpoint allows {vocabulary.MAX_ATTRIBUTE_NAME_LENGTH}"
            )
        values = attribute.get("Values") if isinstance(attribute, Mapping) else None
        if isinstance(values, list) and len(values) > vocabulary.MAX_ATTRIBUTE_VALUES:
            yield (name, "Values"), (
                f"attribute {name!r} has {len(values)} values, Pinpoint allows "
                f"{vocabulary.MAX_ATTRIBUTE_VALUES} per attribute"
            )


def country_codes(dimension: Mapping[str, Any]) -> Iterator[Problem]:
    """Country values that are not ISO 3166-1 alpha-2 codes, or that YAML read as booleans."""
    values = dimension.get("Values")
    for index, value in enumerate(values if isinstance(values, list) else []):
        if isinstance(value, bool):
            yield ("Values", index), (
                f"{str(value).lower()} is a boolean, not a country code; YAML 1.1 reads an "
                'unquoted NO (Norway) as false: write "NO"'
            )
    for index, value in _plain_strings(dimension.get("Values")):
        if value in vocabulary.COUNTRIES:
            continue
        guess = vocabulary.closest(value, vocabulary.COUNTRIES)
        hint = f"; did you mean {guess!r}?" if guess else ""
        yield ("Values", index), (
            f"{value!r} is not an ISO 3166-1 alpha-2 country code{hint}"
        )


def channels(dimension: Mapping[str, Any]) -> Iterator[Problem]:
    """Channel values that are not Pinpoint channel types."""
    for index, value in _plain_strings(dimension.get("Values")):
        if value not in vocabulary.CHANNELS:
            hint = vocabulary.choice_hint(value, vocabulary.CHANNELS, "channels")
            yield ("Values", index), f"{value!r} is not a Pinpoint channel; {hint}"


Located = tuple[tuple[str | int, ...], Any]


def _criteria(dimensions: Mapping[str, Any]) -> Iterator[Located]:
    """Each criterion of one SegmentDimensions object with its path and value."""
    for part in ("Attributes", "UserAttributes", "Metrics", "Demographic", "Location", "Behavior"):
        entries = dimensions.get(part)
        if isinstance(entries, Mapping):
            for name, entry in entries.items():
                yield (part, name), entry


def _dimension_objects(properties: Mapping[str, Any]) -> Iterator[Located]:
    """Each SegmentDimensions object of a segment, at the top or inside its groups."""
    top = properties.get("Dimensions")
    if isinstance(top, Mapping):
        yield ("Dimensions",), top
    groups = properties.get("SegmentGroups")
    listing = groups.get("Groups") if isinstance(groups, Mapping) else None
    for number, group in enumerate(listing if isinstance(listing, list) else []):
        inner = group.get("Dimensions") if isinstance(group, Mapping) else None
        for index, dimensions in enumerate(inner if isinstance(inner, list) else []):
            if isinstance(dimensions, Mapping):
                yield ("SegmentGroups", "Groups", number, "Dimensions", index), dimensions


def _all_criteria(properties: Mapping[str, Any]) -> Iterator[Located]:
    for base, dimensions in _dimension_objects(properties):
        for path, criterion in _criteria(dimensions):
            yield base + path, criterion


def dimension_count(properties: Mapping[str, Any]) -> Iterator[Problem]:
    """More criteria (attributes, metrics, demographics, location, recency) than allowed."""
    located = list(_all_criteria(properties))
    if len(located) > vocabulary.MAX_DIMENSIONS:
        yield located[vocabulary.MAX_DIMENSIONS][0], (
            f"the segment has {len(located)} dimensions, Pinpoint allows "
            f"{vocabulary.MAX_DIMENSIONS}; split it or use base segments"
        )


def value_limits(properties: Mapping[str, Any]) -> Iterator[Problem]:
    """Console limits: value length, and the number of values across the segment."""
    seen = 0
    for path, criterion in _all_criteria(properties):
        values = criterion.get("Values") if isinstance(criterion, Mapping) else None
        for index, value in enumerate(values if isinstance(values, list) else []):
            seen += 1
            if seen == vocabulary.MAX_TOTAL_VALUES + 1:
                yield (*path, "Values", index), (
                    f"more than {vocabulary.MAX_TOTAL_VALUES} values in the segment; the "
                    "Pinpoint console allows that many across all groups and criteria"
                )
            if isinstance(value, str) and len(value) > vocabulary.MAX_VALUE_LENGTH:
                yield (*path, "Values", index), (
                    f"value {value[:20]!r}... has {len(value)} characters, the Pinpoint "
                    f"console allows {vocabulary.MAX_VALUE_LENGTH}"
                )


def tags(tags: Mapping[str, Any]) -> Iterator[Problem]:
    """AWS tagging rules: count, key and value length, the reserved ``aws:`` prefix."""
    if len(tags) > vocabulary.MAX_TAGS:
        yield (), f"{len(tags)} tags, AWS allows {vocabulary.MAX_TAGS} per resource"
    for key, value in tags.items():
        if not isinstance(key, str):
            continue
        if not 1 <= len(key) <= vocabulary.MAX_TAG_KEY_LENGTH:
            yield (key,), (
                f"tag key {key[:20]!r} has {len(key)} characters, "
                f"AWS allows 1 to {vocabulary.MAX_TAG_KEY_LENGTH}"
            )
        if key.lower().startswith("aws:"):
            yield (key,), f"tag key {key!r} uses the prefix 'aws:', which AWS reserves"
        if isinstance(value, str) and len(value) > vocabulary.MAX_TAG_VALUE_LENGTH:
            yield (key,), (
                f"tag {key!r} has a value of {len(value)} characters, "
                f"AWS allows {vocabulary.MAX_TAG_VALUE_LENGTH}"
            )
