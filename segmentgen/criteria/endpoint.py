"""Fields of an exported endpoint, read defensively for the estimate.

Input: any JSON value from an endpoint export. Output: the value as the type a criterion
compares, or None (or an empty mapping) when it has another type: a finite double, a string,
a tuple of strings (a list's non-string items ignored), a coordinate within its range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping


def mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return None


def number(value: object) -> float | None:
    """A finite double, or None: other types, NaN, infinities and integers beyond a double."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def coordinate(value: object, limit: float) -> float | None:
    result = number(value)
    return result if result is not None and -limit <= result <= limit else None


def string(value: object) -> str | None:
    return value if isinstance(value, str) else None
