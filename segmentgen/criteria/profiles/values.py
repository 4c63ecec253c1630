"""The high-level value forms of Customer Profiles criteria and their dimension types.

Input: a shape-checked high-level value (``[Ada, Grace]``, ``{not: [Smith]}``,
``{">=": 3}``, ``{between: [1, 5]}``, ``{before: 1990-01-01}``). Output: the operator
tables (``TEXT``, ``DATE``, ``NUMERIC``), the shapes of each value form and
``to_dimension``: ``{DimensionType, Values}`` with the values as strings, recording in
``native.origin`` where each part was written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from segmentgen.core.diagnostics import Path
from segmentgen.core.numbers import number_text
from segmentgen.core.shape_types import (
    STRING,
    ListOf,
    Member,
    Obj,
    Ref,
    Scalar,
    Shape,
    Union,
)

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

# high-level operator -> CloudFormation DimensionType
TEXT = {"not": "EXCLUSIVE", "contains": "CONTAINS", "begins_with": "BEGINS_WITH",
        "ends_with": "ENDS_WITH"}
DATE = {"before": "BEFORE", "after": "AFTER", "on": "ON", "between": "BETWEEN",
        "not_between": "NOT_BETWEEN"}
NUMERIC = {">": "GREATER_THAN", ">=": "GREATER_THAN_OR_EQUAL", "<": "LESS_THAN",
           "<=": "LESS_THAN_OR_EQUAL", "==": "EQUAL"}
ONE_VALUE = frozenset({"before", "after", "on", ">", ">=", "<", "<=", "=="})
TWO_VALUES = frozenset({"between", "not_between"})

SCALAR = Scalar("scalar", "text or a number")
TEXT_LIST = ListOf(STRING, "values")
SCALAR_LIST = ListOf(SCALAR, "values")
_TEXTS = Union((TEXT_LIST, STRING), "values")
_SCALARS = Union((SCALAR_LIST, SCALAR), "values")
_PAIR = ListOf(SCALAR, "[from, to]")


def operators(table: Mapping[str, str], values: Shape) -> dict[str, Member]:
    """Members of an operator mapping: each operator with the shape of its values."""
    return {op: Member(_PAIR if op in TWO_VALUES else SCALAR if op in ONE_VALUE else values)
            for op in table}


def text_shape(what: str) -> Shape:
    """A string criterion: a list (INCLUSIVE), one string, or one text operator."""
    return Union((TEXT_LIST, STRING, Obj(operators(TEXT, _TEXTS), what,
                                                  exactly_one=True,
                                                  example="{not: [Smith]}")), what)


ATTRIBUTE_OPERATORS: dict[str, str] = {**TEXT, **DATE, **NUMERIC}
ATTRIBUTE_VALUES = _SCALARS
SHAPES: dict[str, Shape] = {
    "ProfileText": text_shape("a profile attribute criterion"),
    "ProfileAttributeCriterion": Union(
        (SCALAR_LIST, SCALAR,
         Obj(operators(ATTRIBUTE_OPERATORS, _SCALARS), "a custom attribute criterion",
             exactly_one=True, example="{'>=': 3}")),
        "a custom attribute criterion"),
}
TEXT_REF = Ref("ProfileText")


def value_text(value: object) -> str:
    """One value as Customer Profiles holds it: text as written, numbers as segmentgen
    prints them."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return number_text(float(value)) if isinstance(value, float) else str(value)
    return str(value)


def to_dimension(value: Any, table: Mapping[str, str], path: Path, source: Path,
                 native: Native, default: str = "INCLUSIVE") -> dict[str, Any]:
    """``{DimensionType, Values}`` from a list, a scalar or an operator mapping written at
    ``source``, placed at native ``path``; unknown keys of a mapping are left out."""
    native.origin[path] = source
    native.origin[(*path, "DimensionType")] = source
    if isinstance(value, Mapping):
        op = next((key for key in value if key in table), None)
        if op is None:
            return {"DimensionType": default, "Values": []}
        native.origin[(*path, "DimensionType")] = (*source, op)
        native.origin[(*path, "Values")] = (*source, op)
        return {"DimensionType": table[op], "Values": _values(value[op], (*path, "Values"),
                                                              (*source, op), native)}
    native.origin[(*path, "Values")] = source
    return {"DimensionType": default, "Values": _values(value, (*path, "Values"), source,
                                                        native)}


def _values(value: Any, path: Path, source: Path, native: Native) -> list[str]:
    if isinstance(value, list):
        return [value_text(item) for item in value]
    native.origin[(*path, 0)] = source
    return [value_text(value)]
