"""Customer Profiles criteria in words: the phrases every profile kind's ``describe`` uses.

Input: a subject (``profile FirstName``, ``custom attribute visits``) and one CloudFormation
``{DimensionType, Values}`` object, or a calculated attribute's ``ConditionOverrides``.
Output: text: ``profile FirstName is one of Ada, Grace``, ``custom attribute visits >= 3``,
``profile BirthDate is between 1990-01-01 and 2000-01-01``, `` (from 90 days ago to today)``;
``members`` picks one kind's members of a dimension. A value of another shape (a hand-edited
template) is written as JSON, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from segmentgen.criteria import words

if TYPE_CHECKING:
    from segmentgen.criteria.profiles.kind import Dimension, ProfileKind

NUMERIC = {"GREATER_THAN": ">", "LESS_THAN": "<", "GREATER_THAN_OR_EQUAL": ">=",
           "LESS_THAN_OR_EQUAL": "<=", "EQUAL": "="}
PREFIXED = {"CONTAINS": "contains", "BEGINS_WITH": "begins with", "ENDS_WITH": "ends with"}
ONE_DATE = {"BEFORE": "is before", "AFTER": "is after", "ON": "is on"}
TWO = {"BETWEEN": "is between", "NOT_BETWEEN": "is not between"}


def condition(subject: str, dimension: object) -> str:
    """``subject`` with one ``{DimensionType, Values}`` in words; the JSON when it has not
    that shape."""
    if not isinstance(dimension, Mapping):
        return f"{subject} {json_text(dimension)}"
    kind, values = dimension.get("DimensionType"), dimension.get("Values")
    if not isinstance(kind, str) or not isinstance(values, list) or not values:
        return f"{subject} {json_text(dimension)}"
    shown = [v if isinstance(v, str) else json_text(v) for v in values]
    return f"{subject} {_relation(kind, tuple(shown))}"


def _relation(kind: str, values: tuple[str, ...]) -> str:
    listing = words.listing(values)
    if kind == "INCLUSIVE":
        return f"is {words.quote(values[0])}" if len(values) == 1 else f"is one of {listing}"
    if kind == "EXCLUSIVE":
        return f"is not {words.quote(values[0])}" if len(values) == 1 else f"is none of {listing}"
    if kind in PREFIXED:
        return f"{PREFIXED[kind]} {'' if len(values) == 1 else 'any of '}{listing}"
    if kind in ONE_DATE:
        return f"{ONE_DATE[kind]} {listing}"
    if kind in TWO and len(values) == 2:
        return f"{TWO[kind]} {words.quote(values[0])} and {words.quote(values[1])}"
    if kind in NUMERIC:
        return f"{NUMERIC[kind]} {listing}"
    return f"{kind.lower().replace('_', ' ')} {listing}"


def range_words(overrides: object) -> str:
    """``ConditionOverrides`` as `` (from 90 days ago to today)``; '' when it has none."""
    span = overrides.get("Range") if isinstance(overrides, Mapping) else None
    if not isinstance(span, Mapping):
        return "" if overrides is None else f" (condition overrides {json_text(overrides)})"
    unit = str(span.get("Unit", "DAYS")).lower()
    start, end = span.get("Start"), span.get("End")
    text = f"from {_when(start, unit)}"
    if end is not None:
        text += f" to {_when(end, unit)}"
    return f" ({text})"


def _when(value: object, unit: str) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return json_text(value)
    single = unit.removesuffix("s")
    count = abs(value)
    label = f"{count} {single if count == 1 else unit}"
    if value == 0:
        return "today"
    return f"{label} ago" if value > 0 else f"{label} from now"


def members(kind: ProfileKind, dimension: Dimension) -> list[tuple[str, Any]]:
    """``kind``'s members of one dimension (name, value), sorted by name."""
    inner = dimension.get(kind.container) if isinstance(dimension, Mapping) else None
    if not isinstance(inner, Mapping):
        return []
    return [(name, inner[name]) for name in sorted(inner)
            if isinstance(name, str) and (not kind.native or name in kind.native)]


def json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
