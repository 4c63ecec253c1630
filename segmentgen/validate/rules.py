"""Value rules: what a shape cannot say about a segment in CloudFormation's shape.

Input: one segment's native criteria (``{"Dimensions": ...}`` or ``{"SegmentGroups": ...}``,
already shape-checked) and its tags. Output: findings addressed by native data path: dates
(SG208), BETWEEN (SG209), countries (SG210), coordinates (SG211), finite numbers (SG212),
empty criteria (SG214), group count (SG215), quotas (SG217), tags (SG218), channel values.
Each rule is a small generator; adding one is a function plus a test row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping

from segmentgen.core import codes
from segmentgen.core import vocabulary as v
from segmentgen.core.dates import OUTSIDE_CALENDAR, read_instant
from segmentgen.core.diagnostics import Finding, Path

_NAME_HINT = (f"endpoint attribute and metric names are at most {v.MAX_ATTRIBUTE_NAME_LENGTH} "
              "characters; use the name your endpoints are registered with")

DimensionRule = Callable[[Mapping[str, object], Path], Iterator[Finding]]


def dimension_blocks(criteria: Mapping[str, object]) -> Iterator[tuple[Path, Mapping[str, object]]]:
    """Every SegmentDimensions object of a segment with its path."""
    dimensions = criteria.get("Dimensions")
    if isinstance(dimensions, dict):
        yield ("Dimensions",), dimensions
    groups = criteria.get("SegmentGroups")
    if isinstance(groups, dict):
        for g, group in enumerate(groups.get("Groups") or []):
            for d, block in enumerate(group.get("Dimensions") or []):
                yield ("SegmentGroups", "Groups", g, "Dimensions", d), block


def _attributes(block: Mapping[str, object], path: Path) -> Iterator[Finding]:
    for section in ("Attributes", "UserAttributes"):
        for name, dimension in (block.get(section) or {}).items():  # type: ignore[attr-defined]
            here = (*path, section, name)
            if len(name) > v.MAX_ATTRIBUTE_NAME_LENGTH:
                yield Finding(here, codes.SG217, f"attribute name {name!r} is longer than "
                              f"{v.MAX_ATTRIBUTE_NAME_LENGTH} characters", _NAME_HINT, at_key=True)
            values = dimension["Values"]
            if len(values) > v.MAX_ATTRIBUTE_VALUES:
                yield Finding((*here, "Values"), codes.SG217, f"{len(values)} values; an attribute "
                              f"takes at most {v.MAX_ATTRIBUTE_VALUES}",
                              "split the values over two criteria in two groups, or use fewer")
            kind = dimension.get("AttributeType", "INCLUSIVE")
            if kind in v.DATE_ATTRIBUTE_TYPES:
                yield from _dates(kind, values, (*here, "Values"))


def _dates(kind: str, values: list[str], path: Path) -> Iterator[Finding]:
    moments = []
    for i, value in enumerate(values):
        moment, problem = read_instant(value)
        if moment is None:
            hint = f"{kind} compares dates: write 2024-01-31 or 2024-01-31T12:00:00Z"
            if problem == OUTSIDE_CALENDAR:
                hint = ("write it in UTC with Z: instants run from 0001-01-01T00:00:00Z to "
                        "9999-12-31T23:59:59Z")
            yield Finding((*path, i), codes.SG208, f"{value!r} {problem}", hint)
        moments.append(moment)
    if kind == "BETWEEN":
        if len(values) != 2:
            yield Finding(path, codes.SG209,
                          f"BETWEEN takes exactly two values, found {len(values)}",
                          "write [start, end], for example [2024-01-01, 2024-03-31]")
        elif None not in moments and moments[0] >= moments[1]:  # type: ignore[operator]
            yield Finding(path, codes.SG209, f"BETWEEN start {values[0]!r} is not before end "
                          f"{values[1]!r}", "put the earlier date first")
    elif len(values) != 1:
        yield Finding(path, codes.SG222, f"{kind} takes exactly one date, found {len(values)}",
                      "use BETWEEN for a range")


def _metrics(block: Mapping[str, object], path: Path) -> Iterator[Finding]:
    for name, metric in (block.get("Metrics") or {}).items():  # type: ignore[attr-defined]
        here = (*path, "Metrics", name)
        if len(name) > v.MAX_ATTRIBUTE_NAME_LENGTH:
            yield Finding(here, codes.SG217, f"metric name {name!r} is longer than "
                          f"{v.MAX_ATTRIBUTE_NAME_LENGTH} characters", _NAME_HINT, at_key=True)
        if not math.isfinite(metric["Value"]):
            yield Finding((*here, "Value"), codes.SG212, f"metric value {metric['Value']} is not a "
                          "finite number", "write a plain number such as 75 or 0.5")


def _sets(block: Mapping[str, object], path: Path) -> Iterator[Finding]:
    demographic = block.get("Demographic") or {}
    channel = demographic.get("Channel")  # type: ignore[attr-defined]
    if channel:
        for i, value in enumerate(channel["Values"]):
            if value not in v.CHANNELS:
                yield Finding((*path, "Demographic", "Channel", "Values", i), codes.SG204,
                              f"{value!r} is not a Pinpoint channel",
                              v.choice_hint(value, v.CHANNELS, "channels are"))
    country = (block.get("Location") or {}).get("Country")  # type: ignore[attr-defined]
    if country:
        for i, value in enumerate(country["Values"]):
            if value not in v.COUNTRIES:
                guess = v.closest(value, sorted(v.COUNTRIES))
                hint = f"did you mean {guess!r}? " if guess else ""
                yield Finding((*path, "Location", "Country", "Values", i), codes.SG210,
                              f"{value!r} is not an ISO 3166-1 alpha-2 country code",
                              hint + "countries are two capital letters, such as US, GB, NO")


def _gps(block: Mapping[str, object], path: Path) -> Iterator[Finding]:
    point = (block.get("Location") or {}).get("GPSPoint")  # type: ignore[attr-defined]
    if not point:
        return
    here = (*path, "Location", "GPSPoint")
    checks = (
        (("Coordinates", "Latitude"), point["Coordinates"]["Latitude"], -90.0, 90.0),
        (("Coordinates", "Longitude"), point["Coordinates"]["Longitude"], -180.0, 180.0),
    )
    for sub, value, low, high in checks:
        if not math.isfinite(value) or not low <= value <= high:
            yield Finding((*here, *sub), codes.SG211, f"{sub[-1].lower()} {value} is outside "
                          f"{low:g}..{high:g}", "latitude is -90..90, longitude -180..180")
    distance = point["RangeInKilometers"]
    if not math.isfinite(distance) or distance <= 0:
        yield Finding((*here, "RangeInKilometers"), codes.SG211,
                      f"range {distance} km is not a positive distance", "write for example 25")


def _values(block: Mapping[str, object], path: Path) -> Iterator[Finding]:
    for value_path, value in iter_values(block, path):
        if len(value) > v.MAX_VALUE_LENGTH:
            yield Finding(value_path, codes.SG217, f"value of {len(value)} characters; "
                          f"at most {v.MAX_VALUE_LENGTH}", "shorten the value; Pinpoint "
                          f"compares values of up to {v.MAX_VALUE_LENGTH} characters")


def iter_values(block: Mapping[str, object], path: Path) -> Iterator[tuple[Path, str]]:
    for section in ("Attributes", "UserAttributes"):
        for name, dimension in (block.get(section) or {}).items():  # type: ignore[attr-defined]
            for i, value in enumerate(dimension["Values"]):
                yield (*path, section, name, "Values", i), value
    for section, fields in (("Demographic", v.DEMOGRAPHIC_FIELDS), ("Location", ("Country",))):
        part = block.get(section) or {}
        for field in fields:
            dimension = part.get(field)  # type: ignore[attr-defined]
            for i, value in enumerate(dimension["Values"] if dimension else []):
                yield (*path, section, field, "Values", i), value


def count_dimensions(block: Mapping[str, object]) -> int:
    count = 0
    for section in ("Attributes", "UserAttributes", "Metrics"):
        count += len(block.get(section) or {})  # type: ignore[arg-type]
    count += len(block.get("Demographic") or {})  # type: ignore[arg-type]
    count += len(block.get("Location") or {})  # type: ignore[arg-type]
    count += 1 if block.get("Behavior") else 0
    return count


DIMENSION_RULES: tuple[DimensionRule, ...] = (_attributes, _metrics, _sets, _gps, _values)


def check_criteria(criteria: Mapping[str, object]) -> Iterator[Finding]:
    dimensions_total = 0
    values_total = 0
    for path, block in dimension_blocks(criteria):
        if count_dimensions(block) == 0:
            yield Finding(path, codes.SG214, "criteria block is empty",
                          "add a criterion, or remove the block")
        dimensions_total += count_dimensions(block)
        values_total += sum(1 for _ in iter_values(block, path))
        for rule in DIMENSION_RULES:
            yield from rule(block, path)
    yield from _groups(criteria)
    whole = (next(iter(criteria), "Dimensions"),)
    if dimensions_total > v.MAX_DIMENSIONS:
        yield Finding(whole, codes.SG217, f"{dimensions_total} dimensions; a segment takes at most "
                      f"{v.MAX_DIMENSIONS}", "split the segment", at_key=True)
    if values_total > v.MAX_TOTAL_VALUES:
        yield Finding(whole, codes.SG217,
                      f"{values_total} values in all criteria; the console allows at most "
                      f"{v.MAX_TOTAL_VALUES}", "split the segment or use fewer values", at_key=True)


def _groups(criteria: Mapping[str, object]) -> Iterator[Finding]:
    groups = criteria.get("SegmentGroups")
    if not isinstance(groups, dict):
        return
    listed = groups.get("Groups") or []
    if len(listed) > v.MAX_GROUPS:
        yield Finding(("SegmentGroups", "Groups", v.MAX_GROUPS), codes.SG215,
                      f"{len(listed)} segment groups; a segment takes at most {v.MAX_GROUPS}",
                      "combine criteria within a group, or build an intermediate segment")
    for g, group in enumerate(listed):
        if not group.get("Dimensions") and not group.get("SourceSegments"):
            yield Finding(("SegmentGroups", "Groups", g), codes.SG214,
                          "segment group has neither criteria nor base segments",
                          "add 'where' or 'base', or remove the group")


def check_tags(tags: Mapping[str, object], path: Path) -> Iterator[Finding]:
    if len(tags) > v.MAX_TAGS:
        yield Finding(path, codes.SG218, f"{len(tags)} tags; AWS allows at most {v.MAX_TAGS}",
                      "keep the tags your cost reports and policies need; move the rest to "
                      "'description'")
    for key, value in tags.items():
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
