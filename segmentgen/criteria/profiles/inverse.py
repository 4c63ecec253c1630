"""CloudFormation's ``{DimensionType, Values}`` back to a high-level criterion value.

Input: one dimension object (plain, untrusted data: from a template or the API) and the
operator table of the kind (``values.TEXT``, ``values.DATE``, ``values.ATTRIBUTE_OPERATORS``).
Output: the value ``values.to_dimension`` turns back into exactly that object (``[Ada]``,
``{not: [Smith]}``, ``{before: 1990-01-01}``, ``{'>=': '3'}``, ``{between: [a, b]}``), or
None when it has no such value (another dimension type, a wrong count of values, a value
that is no string, extra keys); the importer then keeps the native form. Range overrides of
calculated attributes likewise (``range_value``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from segmentgen.criteria.profiles import values

INCLUSIVE = "INCLUSIVE"
KEYS = frozenset({"DimensionType", "Values"})


def criterion_value(dimension: object, table: Mapping[str, str], *,
                    inclusive: bool = True, extra: frozenset[str] = frozenset()) -> Any:
    """The high-level value of one ``{DimensionType, Values}``; None when it has none.
    ``inclusive``: whether a plain list (INCLUSIVE) is a form of this kind; ``extra``: keys
    the caller reads itself (``ConditionOverrides``)."""
    if not isinstance(dimension, Mapping) or not KEYS <= dimension.keys() <= KEYS | extra:
        return None
    kind, listed = dimension["DimensionType"], dimension["Values"]
    if not isinstance(listed, list) or not listed or not all(
            isinstance(value, str) for value in listed):
        return None
    if kind == INCLUSIVE:
        return list(listed) if inclusive else None
    op = next((op for op, name in table.items() if name == kind), None)
    if op is None:
        return None
    if op in values.ONE_VALUE:
        return {op: listed[0]} if len(listed) == 1 else None
    if op in values.TWO_VALUES:
        return {op: list(listed)} if len(listed) == 2 else None
    return {op: list(listed)}


def range_value(overrides: object) -> dict[str, Any] | None:
    """``{Range: {Start, End, Unit}}`` as ``{start, end, unit}``; None when it has no such
    form."""
    if not isinstance(overrides, Mapping) or set(overrides) != {"Range"}:
        return None
    span = overrides["Range"]
    if not isinstance(span, Mapping) or not {"Start", "Unit"} <= span.keys() <= {
            "Start", "End", "Unit"}:
        return None
    numbers = [span[name] for name in ("Start", "End") if name in span]
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return None
    if span["Unit"] != "DAYS":
        return None
    found: dict[str, Any] = {"start": span["Start"]}
    if "End" in span:
        found["end"] = span["End"]
    found["unit"] = "days"
    return found
