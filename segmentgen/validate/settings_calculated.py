"""Calculated attributes of the settings: ``calculated_attributes:`` to the model, checked.

Input: the settings data (its shape already checked against ``CalculatedAttribute``) and the
loaded file for positions. Output: ``model.CalculatedAttribute`` records sorted by name, and
findings at their place in ``segmentgen.yaml``: SG237 for a definition CloudFormation or the
service would refuse (each value against the resource schema through ``calculated_schema``; a
range with neither or both of ``value`` and ``start``/``end``; an expression naming a field
``attributes`` does not list, or a listed field it does not use; an external entry with
definition keys; two names with one logical ID), SG202 for a definition without
``attributes``, ``statistic`` or (over several attributes) ``expression``, SG218 for tags,
SG239 for more than the 50 calculated attributes a domain holds, SG238 for an
``attribute_map`` target ``CalculatedAttributes.<name>`` no entry names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from segmentgen.core import codes
from segmentgen.core.calculated import CalculatedAttribute, CalculatedRange
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.load.document import Loaded

SECTION = "calculated_attributes"
MAX_PER_DOMAIN = 50  # the service quota: calculated attributes per domain, not adjustable
REFERENCE = re.compile(r"\{([^{}]*)\}")
# The formats the resource schema's description of Range.TimestampFormat names.
TIMESTAMP_FORMATS = ("EPOCHMILLI", "ISO_8601")


def read_calculated(loaded: Loaded, data: Mapping[str, Any]) -> tuple[
        tuple[CalculatedAttribute, ...], list[Finding]]:
    """The entries of ``calculated_attributes:`` and the findings about them."""
    section = data.get(SECTION) or {}
    attributes = tuple(_attribute(loaded, name, entry)
                       for name, entry in sorted(section.items()))
    findings = list(_quota(section))
    for attribute, entry in zip(attributes, (section[a.name] for a in attributes), strict=True):
        findings.extend(check_calculated(attribute, entry))
    findings.extend(_logical_ids(attributes))
    findings.extend(_mapped(data.get("attribute_map") or {}, {a.name for a in attributes}))
    return attributes, findings


def _mapped(attribute_map: Mapping[str, Any], known: set[str]) -> Iterator[Finding]:
    """SG238 for an ``attribute_map`` target ``CalculatedAttributes.<name>`` that no entry
    defines or declares external."""
    from segmentgen.compile.calculated_attributes import CALCULATED_TARGET

    for key, target in attribute_map.items():
        name = target.removeprefix(CALCULATED_TARGET) if isinstance(target, str) else ""
        if name and target.startswith(CALCULATED_TARGET) and name not in known:
            near = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            start = f"did you mean {near[0]!r}? " if near else ""
            yield Finding(("attribute_map", key), codes.SG238, f"attribute_map sends {key!r} "
                          f"to calculated attribute {name!r}, which calculated_attributes: "
                          "does not define", f"{start}define it under calculated_attributes:, "
                          "or declare it with 'external: true' when it exists outside the "
                          "project")


def _attribute(loaded: Loaded, name: str, entry: Mapping[str, Any]) -> CalculatedAttribute:
    line, col = loaded.position((SECTION, name), key=True)
    if entry.get("external", False):
        return CalculatedAttribute(name, external=True, line=line, col=col)
    attributes = tuple(entry.get("attributes") or ())
    expression = entry.get("expression")
    if expression is None and len(attributes) == 1:
        expression = f"{{{attributes[0]}}}"
    conditions = entry.get("conditions") or {}
    threshold = conditions.get("threshold")
    return CalculatedAttribute(
        name=name,
        display_name=entry.get("display_name"),
        description=entry.get("description"),
        attributes=attributes,
        expression=expression,
        statistic=_upper(entry.get("statistic")),
        range=_range(conditions.get("range")),
        object_count=conditions.get("object_count"),
        threshold=(None if threshold is None
                   else (str(_upper(threshold["operator"])), threshold["value"])),
        use_historical_data=entry.get("use_historical_data"),
        tags=tuple(sorted((entry.get("tags") or {}).items())),
        line=line,
        col=col,
    )


def _upper(value: object) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _range(span: Mapping[str, Any] | None) -> CalculatedRange | None:
    if span is None:
        return None
    return CalculatedRange(
        unit=_upper(span.get("unit", "DAYS")), value=span.get("value"), start=span.get("start"),
        end=span.get("end"), timestamp_source=span.get("timestamp_source"),
        timestamp_format=_upper(span.get("timestamp_format")))


def check_calculated(attribute: CalculatedAttribute,
                     entry: Mapping[str, Any]) -> Iterator[Finding]:
    """Every finding about one entry, addressed in the settings file."""
    from segmentgen.compile.calculated_attributes import properties
    from segmentgen.validate.calculated_schema import schema_findings
    from segmentgen.validate.rules import check_tags

    where: Path = (SECTION, attribute.name)
    if attribute.external:
        yield from _external(entry, where)
        yield from schema_findings({"CalculatedAttributeName": attribute.name}, where)
        return
    missing = [key for key in ("attributes", "statistic") if key not in entry]
    if len(attribute.attributes) > 1 and "expression" not in entry:
        missing.append("expression")
    for key in missing:
        yield Finding(where, codes.SG202, f"calculated attribute {attribute.name!r} needs "
                      f"{key!r}", _NEEDS[key], at_key=True)
    if missing:
        return
    yield from schema_findings(properties(attribute), where)
    yield from _expression(attribute, where)
    yield from _span(entry, where)
    yield from check_tags(dict(attribute.tags), (*where, "tags"))


_NEEDS = {
    "attributes": "list the object-type fields it reads, such as attributes: [Order.total]",
    "statistic": "say how they aggregate, such as statistic: SUM",
    "expression": "with several attributes, write how they combine, such as "
                  "expression: \"{Order.total} - {Order.discount}\"",
}


def _external(entry: Mapping[str, Any], where: Path) -> Iterator[Finding]:
    for key in entry:
        if key != "external":
            yield Finding((*where, key), codes.SG237, f"external calculated attribute "
                          f"{where[-1]!r} has {key!r}", "an external calculated attribute is "
                          "defined outside the project: remove the key, or remove "
                          "'external: true' to define it here", at_key=True)


def _expression(attribute: CalculatedAttribute, where: Path) -> Iterator[Finding]:
    """The fields an expression names are the fields ``attributes`` lists."""
    if attribute.expression is None:
        return
    named = REFERENCE.findall(attribute.expression)
    listed = ", ".join(attribute.attributes)
    for field in named:
        if field not in attribute.attributes:
            yield Finding((*where, "expression"), codes.SG237, f"expression names {{{field}}}, "
                          "which 'attributes' does not list", f"list it under attributes "
                          f"(now: {listed or 'none'}), or write one of them")
    if attribute.attributes and not named:
        yield Finding((*where, "expression"), codes.SG237, f"expression "
                      f"{attribute.expression!r} names no attribute", "write each field as "
                      f"{{ObjectType.field}}, such as {{{attribute.attributes[0]}}}")
    for index, field in enumerate(attribute.attributes):
        if named and field not in named:
            yield Finding((*where, "attributes", index), codes.SG237, f"attribute {field!r} is "
                          "not in the expression", f"use it as {{{field}}} in the expression or "
                          "remove it")


def _span(entry: Mapping[str, Any], where: Path) -> Iterator[Finding]:
    """A range is the last ``value`` days or the days from ``start`` to ``end``."""
    span = (entry.get("conditions") or {}).get("range")
    if not isinstance(span, dict):
        return
    path = (*where, "conditions", "range")
    ends = [key for key in ("start", "end") if key in span]
    if "value" in span and ends:
        yield Finding((*path, ends[0]), codes.SG237, "range has both 'value' and "
                      f"{ends[0]!r}", "write either value: N (the last N days) or start: and "
                      "end: (days ago; negative: days ahead)", at_key=True)
    elif len(ends) == 1:
        other = "end" if ends == ["start"] else "start"
        yield Finding(path, codes.SG202, f"range has {ends[0]!r} without {other!r}",
                      "a range from start to end needs both, such as {start: 90, end: 0}",
                      at_key=True)
    elif not ends and "value" not in span:
        yield Finding(path, codes.SG237, "range has neither 'value' nor 'start' and 'end'",
                      "write value: N (the last N days), or start: and end:", at_key=True)
    written = span.get("timestamp_format")
    if isinstance(written, str) and written.strip().upper() not in TIMESTAMP_FORMATS:
        yield Finding((*path, "timestamp_format"), codes.SG237, f"timestamp_format "
                      f"{written!r} is not a timestamp format", "the schema names "
                      f"{' and '.join(TIMESTAMP_FORMATS)} (ISO_8601 for text such as "
                      "2001-07-04T12:08:56.235Z, EPOCHMILLI for milliseconds since 1970)")
    source = span.get("timestamp_source")
    if isinstance(source, str) and not re.fullmatch(r"\{[^{}]+\}", source):
        yield Finding((*path, "timestamp_source"), codes.SG237, f"timestamp_source "
                      f"{source!r} is not one {{ObjectType.field}} reference", "write the "
                      "object type and the field's JSON pointer in braces, such as "
                      "\"{Order.generatedAt.timestamp}\"")


def _quota(section: Mapping[str, Any]) -> Iterator[Finding]:
    if len(section) > MAX_PER_DOMAIN:
        name = list(section)[MAX_PER_DOMAIN]
        yield Finding((SECTION, name), codes.SG239, f"{len(section)} calculated attributes; a "
                      f"Customer Profiles domain holds at most {MAX_PER_DOMAIN}", "the quota "
                      "is not adjustable and counts external ones too: remove those no segment "
                      "uses", at_key=True)


def _logical_ids(attributes: tuple[CalculatedAttribute, ...]) -> Iterator[Finding]:
    from segmentgen.compile.calculated_attributes import resource_id

    seen: dict[str, str] = {}
    for attribute in sorted(attributes, key=lambda a: (a.line, a.col)):
        if attribute.external:
            continue
        lid = resource_id(attribute.name)
        first = seen.setdefault(lid, attribute.name)
        if first != attribute.name:
            yield Finding((SECTION, attribute.name), codes.SG237, f"calculated attributes "
                          f"{first!r} and {attribute.name!r} both become the logical ID "
                          f"{lid!r}", "rename one of them: a logical ID drops '-' and '_' and "
                          "capitalises the first letter of each part", at_key=True)
