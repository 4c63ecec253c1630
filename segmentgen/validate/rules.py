"""Value rules: what a shape cannot say about a segment in CloudFormation's shape.

Input: one segment's native criteria (``{"Dimensions": ...}`` or ``{"SegmentGroups": ...}``,
already shape-checked) and its tags. Output: findings addressed by native data path: dates
(SG208), BETWEEN (SG209), countries (SG210), coordinates (SG211), finite numbers (SG212),
empty criteria (SG214), group count (SG215), quotas (SG217), tags (SG218), channel values.
Each rule is a small generator over the criteria as CloudFormation holds them, tolerant of
any JSON (intrinsic functions are skipped), so the cfn-lint plug-in runs the same function on
hand-written templates: ``CRITERIA_RULES`` pairs each with its plug-in rule id. Adding one
is a function, a table entry and a test row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from segmentgen.core import codes
from segmentgen.core import vocabulary as v
from segmentgen.core.dates import OUTSIDE_CALENDAR, parse_instant, read_instant
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.validate import native_walk
from segmentgen.validate.native_walk import (
    count_dimensions,
    dimension_blocks,
    iter_values,
    listed,
    mapping,
    named,
    number,
    strings,
)

_NAME_HINT = (f"endpoint attribute and metric names are at most {v.MAX_ATTRIBUTE_NAME_LENGTH} "
              "characters; use the name your endpoints are registered with")

CriteriaRule = Callable[[Mapping[str, Any]], Iterator[Finding]]


def attribute_limits(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG217: attribute and metric names longer than Pinpoint keeps; too many values."""
    for here, entry in named(criteria, "Attributes", "UserAttributes", "Metrics"):
        name, kind = str(here[-1]), "metric" if here[-2] == "Metrics" else "attribute"
        if len(name) > v.MAX_ATTRIBUTE_NAME_LENGTH:
            yield Finding(here, codes.SG217, f"{kind} name {name!r} is longer than "
                          f"{v.MAX_ATTRIBUTE_NAME_LENGTH} characters", _NAME_HINT, at_key=True)
        values = listed(entry.get("Values"))
        if len(values) > v.MAX_ATTRIBUTE_VALUES:
            yield Finding((*here, "Values"), codes.SG217, f"{len(values)} values; an attribute "
                          f"takes at most {v.MAX_ATTRIBUTE_VALUES}",
                          "split the values over two criteria in two groups, or use fewer")


def _date_kind(entry: Mapping[str, Any]) -> str | None:
    kind = entry.get("AttributeType", "INCLUSIVE")
    return kind if kind in v.DATE_ATTRIBUTE_TYPES else None


def dates(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG208: date values that are not ISO-8601 instants; SG222: BEFORE, AFTER, ON with other
    than one date."""
    for here, entry in named(criteria, "Attributes", "UserAttributes"):
        kind = _date_kind(entry)
        if kind is None:
            continue
        for i, value in strings(entry.get("Values")):
            moment, problem = read_instant(value)
            if moment is None:
                hint = f"{kind} compares dates: write 2024-01-31 or 2024-01-31T12:00:00Z"
                if problem == OUTSIDE_CALENDAR:
                    hint = ("write it in UTC with Z: instants run from 0001-01-01T00:00:00Z to "
                            "9999-12-31T23:59:59Z")
                yield Finding((*here, "Values", i), codes.SG208, f"{value!r} {problem}", hint)
        values = entry.get("Values")
        if kind != "BETWEEN" and isinstance(values, list) and len(values) != 1:
            yield Finding((*here, "Values"), codes.SG222, f"{kind} takes exactly one date, "
                          f"found {len(values)}", "use BETWEEN for a range")


def between(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG209: BETWEEN with other than two values, or a start not before its end."""
    for here, entry in named(criteria, "Attributes", "UserAttributes"):
        values = entry.get("Values")
        if _date_kind(entry) != "BETWEEN" or not isinstance(values, list):
            continue
        if len(values) != 2:
            yield Finding((*here, "Values"), codes.SG209,
                          f"BETWEEN takes exactly two values, found {len(values)}",
                          "write [start, end], for example [2024-01-01, 2024-03-31]")
            continue
        moments = [parse_instant(value) if isinstance(value, str) else None for value in values]
        if moments[0] is not None and moments[1] is not None and moments[0] >= moments[1]:
            yield Finding((*here, "Values"), codes.SG209, f"BETWEEN start {values[0]!r} is not "
                          f"before end {values[1]!r}", "put the earlier date first")


def metric_values(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG212: metric values that are not finite numbers."""
    for here, metric in named(criteria, "Metrics"):
        value = number(metric.get("Value"))
        if value is not None and not math.isfinite(value):
            yield Finding((*here, "Value"), codes.SG212, f"metric value {value} is not a "
                          "finite number", "write a plain number such as 75 or 0.5")


def channels(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG204: Demographic.Channel values that are not Pinpoint channel types."""
    for path, block in dimension_blocks(criteria):
        channel = mapping(mapping(block.get("Demographic")).get("Channel"))
        for i, value in strings(channel.get("Values")):
            if value not in v.CHANNELS:
                yield Finding((*path, "Demographic", "Channel", "Values", i), codes.SG204,
                              f"{value!r} is not a Pinpoint channel",
                              v.choice_hint(value, v.CHANNELS, "channels are"))


def countries(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG210: Location.Country values that are not ISO 3166-1 alpha-2 codes (a YAML boolean
    among them is an unquoted NO)."""
    for path, block in dimension_blocks(criteria):
        country = mapping(mapping(block.get("Location")).get("Country"))
        for i, value in enumerate(listed(country.get("Values"))):
            here = (*path, "Location", "Country", "Values", i)
            if isinstance(value, bool):
                yield Finding(here, codes.SG210, f"{str(value).lower()} is a boolean, not a "
                              "country code", 'YAML 1.1 reads an unquoted NO (Norway) as false: '
                              'write "NO"')
            elif isinstance(value, str) and value not in v.COUNTRIES:
                guess = v.closest(value, sorted(v.COUNTRIES))
                hint = f"did you mean {guess!r}? " if guess else ""
                yield Finding(here, codes.SG210,
                              f"{value!r} is not an ISO 3166-1 alpha-2 country code",
                              hint + "countries are two capital letters, such as US, GB, NO")


def gps(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG211: coordinates off the globe, a range that is not a positive distance."""
    for path, block in dimension_blocks(criteria):
        point = mapping(mapping(block.get("Location")).get("GPSPoint"))
        here = (*path, "Location", "GPSPoint")
        coordinates = mapping(point.get("Coordinates"))
        for name, limit in (("Latitude", 90.0), ("Longitude", 180.0)):
            value = number(coordinates.get(name))
            if value is not None and not (math.isfinite(value) and -limit <= value <= limit):
                yield Finding((*here, "Coordinates", name), codes.SG211, f"{name.lower()} "
                              f"{value} is outside {-limit:g}..{limit:g}",
                              "latitude is -90..90, longitude -180..180")
        distance = number(point.get("RangeInKilometers"))
        if distance is not None and not (math.isfinite(distance) and distance > 0):
            yield Finding((*here, "RangeInKilometers"), codes.SG211,
                          f"range {distance} km is not a positive distance", "write for example 25")


def _whole(criteria: Mapping[str, Any]) -> Path:
    """The key of the segment's criteria: where a finding about all of them stands."""
    return ("SegmentGroups",) if "SegmentGroups" in criteria else ("Dimensions",)


def dimension_count(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG217: more dimensions in the segment than Pinpoint allows."""
    total = sum(count_dimensions(block) for _, block in dimension_blocks(criteria))
    if total > v.MAX_DIMENSIONS:
        yield Finding(_whole(criteria), codes.SG217, f"{total} dimensions; a segment takes at "
                      f"most {v.MAX_DIMENSIONS}", "split the segment", at_key=True)


def console_limits(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG217: values longer than the console compares, more values than it allows."""
    total = 0
    for path, block in dimension_blocks(criteria):
        for value_path, value in iter_values(block, path):
            total += 1
            if isinstance(value, str) and len(value) > v.MAX_VALUE_LENGTH:
                yield Finding(value_path, codes.SG217, f"value of {len(value)} characters; "
                              f"at most {v.MAX_VALUE_LENGTH}", "shorten the value; Pinpoint "
                              f"compares values of up to {v.MAX_VALUE_LENGTH} characters")
    if total > v.MAX_TOTAL_VALUES:
        yield Finding(_whole(criteria), codes.SG217, f"{total} values in all criteria; the "
                      f"console allows at most {v.MAX_TOTAL_VALUES}",
                      "split the segment or use fewer values", at_key=True)


def group_count(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG215: more segment groups than Pinpoint allows."""
    groups = listed(mapping(criteria.get("SegmentGroups")).get("Groups"))
    if len(groups) > v.MAX_GROUPS:
        yield Finding(("SegmentGroups", "Groups", v.MAX_GROUPS), codes.SG215,
                      f"{len(groups)} segment groups; a segment takes at most {v.MAX_GROUPS}",
                      "combine criteria within a group, or build an intermediate segment")


def empty_criteria(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG214: a criteria block without criteria, a group without criteria or base segments."""
    for path, block in dimension_blocks(criteria):
        if count_dimensions(block) == 0:
            yield Finding(path, codes.SG214, "criteria block is empty",
                          "add a criterion, or remove the block")
    groups = listed(mapping(criteria.get("SegmentGroups")).get("Groups"))
    for g, group in enumerate(groups):
        if not mapping(group).get("Dimensions") and not mapping(group).get("SourceSegments"):
            yield Finding(("SegmentGroups", "Groups", g), codes.SG214,
                          "segment group has neither criteria nor base segments",
                          "add 'where' or 'base', or remove the group")


def both_forms(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG213: Dimensions and SegmentGroups on one segment (the spec form's own check names
    the spec keys; this one is the template's)."""
    if "Dimensions" in criteria and "SegmentGroups" in criteria:
        yield Finding(("SegmentGroups",), codes.SG213, "a segment takes either 'Dimensions' or "
                      "'SegmentGroups', not both", "move the dimensions into a group")


# The rules of a segment's criteria, each with the cfn-lint plug-in rule that reports it in
# hand-written templates (None: the validator's alone). The plug-in's rule classes read this.
CRITERIA_RULES: tuple[tuple[CriteriaRule, str | None], ...] = (
    (between, codes.SG209.plugin_rule),
    (dates, codes.SG208.plugin_rule),
    (countries, codes.SG210.plugin_rule),
    (channels, "E9006"),
    (attribute_limits, codes.SG217.plugin_rule),
    (dimension_count, "E9008"),
    (console_limits, "W9009"),
    (group_count, codes.SG215.plugin_rule),
    (both_forms, codes.SG213.plugin_rule),
    (metric_values, None),
    (gps, None),
    (empty_criteria, None),
)


def check_criteria(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    with native_walk.walking(criteria):
        findings = [finding for rule, _ in CRITERIA_RULES for finding in rule(criteria)]
    yield from findings


def check_tags(tags: Mapping[Any, object], path: Path) -> Iterator[Finding]:
    if len(tags) > v.MAX_TAGS:
        yield Finding(path, codes.SG218, f"{len(tags)} tags; AWS allows at most {v.MAX_TAGS}",
                      "keep the tags your cost reports and policies need; move the rest to "
                      "'description'")
    for key, value in tags.items():
        if not isinstance(key, str):
            continue
        if not 1 <= len(key) <= v.MAX_TAG_KEY_LENGTH:
            yield Finding((*path, key), codes.SG218, f"tag key of {len(key)} characters; keys are "
                          f"1..{v.MAX_TAG_KEY_LENGTH}", "shorten the key", at_key=True)
        if key.lower().startswith("aws:"):
            yield Finding((*path, key), codes.SG218, f"tag key {key!r} uses the reserved 'aws:' "
                          "prefix", "choose another key", at_key=True)
        if isinstance(value, str) and len(value) > v.MAX_TAG_VALUE_LENGTH:
            yield Finding((*path, key), codes.SG218, f"tag value of {len(value)} characters; "
                          f"values are at most {v.MAX_TAG_VALUE_LENGTH}", "shorten the value")


DYNAMIC_REFERENCE = "{{resolve:"


def check_dynamic_references(data: object, path: Path) -> Iterator[Finding]:
    """CloudFormation resolves '{{resolve:...}}' in any string at deploy time: refuse it."""
    if isinstance(data, str) and DYNAMIC_REFERENCE in data.replace(" ", "").lower():
        yield Finding(path, codes.SG224, f"{data[:60]!r} holds a CloudFormation dynamic reference",
                      "specs hold literal text; CloudFormation would replace '{{resolve:...}}' "
                      "with a secret or parameter value at deploy time")
    elif isinstance(data, dict):
        for key, value in data.items():
            if DYNAMIC_REFERENCE in str(key).replace(" ", "").lower():
                yield from (Finding((*path, key), f.code, f.message, f.hint, at_key=True)
                            for f in check_dynamic_references(str(key), (*path, key)))
            yield from check_dynamic_references(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from check_dynamic_references(item, (*path, index))
