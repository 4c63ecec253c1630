"""A Customer Profiles segment definition in plain words, read from CloudFormation's shape.

Input: the plain data of ``AWS::CustomerProfiles::SegmentDefinition``'s ``SegmentGroups``,
``SegmentSqlQuery`` and ``SegmentSort`` (as a template holds them and as
``model.ProfilesDefinition`` carries them), and a table from a base segment's
``SegmentDefinitionName`` to the name of the segment it stands for (its key). Output: lines
of words, deterministic, indented by two spaces per level, as ``describe`` writes Pinpoint criteria:
``profiles in all of the groups:``, ``Group 1 (all of):``, ``in base segment vip``,
``profile FirstName is one of Ada, Grace``, ``profile Address.City is Oslo``,
``custom attribute visits >= 3``, ``calculated attribute orders >= 2 (from 90 days ago to
today)``, ``SQL query:`` with the query's lines, ``sorted by LastName ascending``.

The words of one dimension come from the criterion kinds that claim its members
(``segmentgen.criteria.profiles``, each kind's ``describe``); a member no kind claims is
written as its path and JSON, so nothing in a definition goes unsaid.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from segmentgen.criteria import words
from segmentgen.review.describe import combine as combined

if TYPE_CHECKING:
    from segmentgen.criteria.profiles.kind import ProfileKind

INDENT = "  "
COMBINE_WORDS = {"ALL": "all of", "ANY": "any of", "NONE": "none of"}
SORT_ORDERS = {"ASC": "ascending", "DESC": "descending"}


def describe_definition(groups: object, sql: object = None, sort: object = None,
                        names: Mapping[str, str] | None = None) -> list[str]:
    """The whole definition: its groups (or SQL query), then its sort."""
    lines = describe_sql(sql) if sql is not None else describe_groups(groups, names or {})
    return lines + describe_sort(sort)


def describe_sql(sql: object) -> list[str]:
    """The query as written, line by line (trailing spaces and blank lines left out)."""
    text = sql if isinstance(sql, str) else _json(sql)
    body = [line.rstrip() for line in text.splitlines() if line.strip()]
    return ["SQL query:", *(INDENT + line for line in body)]


def describe_sort(sort: object) -> list[str]:
    """``sorted by LastName ascending, lifetime_spend (calculated, NUMBER) descending``."""
    if not isinstance(sort, Mapping):
        return [] if sort is None else [f"sorted by {_json(sort)}"]
    attributes = sort.get("Attributes")
    if not isinstance(attributes, list) or not attributes:
        return [f"sorted by {_json(sort)}"]
    return ["sorted by " + ", ".join(_sort_key(item) for item in attributes)]


def _sort_key(item: object) -> str:
    if not isinstance(item, Mapping):
        return _json(item)
    kind = [str(item[k]).lower() for k in ("Type", "DataType") if k in item]
    detail = f" ({', '.join(kind)})" if kind else ""
    order = SORT_ORDERS.get(str(item.get("Order")), str(item.get("Order")).lower())
    return f"{words.name(str(item.get('Name')))}{detail} {order}"


def describe_groups(groups: object, names: Mapping[str, str]) -> list[str]:
    """``SegmentGroups``: the combination of its groups, then each group."""
    if not isinstance(groups, Mapping) or not groups.get("Groups"):
        return ["all profiles"] if not groups else [f"segment groups {_json(groups)}"]
    include = _combine(groups.get("Include"))
    lines = [f"profiles in {include} the groups:"]
    for number, group in enumerate(groups["Groups"], 1):
        lines.extend(describe_group(number, group, names))
    return lines


def describe_group(number: int, group: object, names: Mapping[str, str]) -> list[str]:
    """A group's heading, its base segments, then its dimensions combined by ``Type``."""
    if not isinstance(group, Mapping):
        return [f"Group {number}: {_json(group)}"]
    combine = _combine(group.get("Type"))
    criteria = _blocks(group.get("Dimensions") or [], combine)
    sources = group.get("SourceSegments") or []
    if not sources:
        return [f"Group {number} ({combine}):",
                *(INDENT + line for line in criteria or ["all profiles"])]
    base = describe_sources(group.get("SourceType"), sources, names)
    if combine == "all of" or not criteria:
        return [f"Group {number} (all of):", INDENT + base, *(INDENT + line for line in criteria)]
    return [f"Group {number}:", INDENT + base, f"{INDENT}and {combine}:",
            *(INDENT * 2 + line for line in criteria)]


def describe_sources(source_type: object, sources: object, names: Mapping[str, str]) -> str:
    """``in base segment vip`` or ``in any of the base segments a, b``."""
    listed = sources if isinstance(sources, list) else [sources]
    shown = ", ".join(_source(item, names) for item in listed)
    if len(listed) == 1:
        return f"{'not ' if source_type == 'NONE' else ''}in base segment {shown}"
    return f"in {_combine(source_type)} the base segments {shown}"


def _source(item: object, names: Mapping[str, str]) -> str:
    name = item.get("SegmentDefinitionName") if isinstance(item, Mapping) else None
    if not isinstance(name, str):
        return _json(item)
    shown = names.get(name)
    return shown if shown is not None else f"definition {words.quote(name)}"


def _blocks(dimensions: object, combine: str) -> list[str]:
    listed = dimensions if isinstance(dimensions, list) else [dimensions]
    return combined([describe_dimension(dimension) for dimension in listed],
                    every=combine == "all of")


def describe_dimension(dimension: object) -> list[str]:
    """One ``Dimension`` (``ProfileAttributes`` or ``CalculatedAttributes``): a line per
    criterion, all of which must hold: each registered kind's words for its members, in
    registry order, then any member no kind claims as its path and JSON."""
    from segmentgen.criteria.profiles import profile_kinds

    if not isinstance(dimension, Mapping) or not dimension:
        return [f"dimension {_json(dimension)}"]
    kinds = profile_kinds()
    lines = [line for kind in kinds for line in kind.describe(dimension)]
    for container in sorted(dimension, key=str):
        inner = dimension[container]
        if not isinstance(inner, Mapping) or not inner:
            lines.append(f"{container} {_json(inner)}")
            continue
        lines.extend(f"{container}.{name} {_json(inner[name])}" for name in sorted(inner, key=str)
                     if not any(_claims(kind, container, name) for kind in kinds))
    return lines


def _claims(kind: ProfileKind, container: str, name: object) -> bool:
    return kind.container == container and (not kind.native or name in kind.native)


def _combine(value: object) -> str:
    if value is None:
        return "all of"
    return COMBINE_WORDS.get(str(value), f"{str(value).lower()} of")


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
