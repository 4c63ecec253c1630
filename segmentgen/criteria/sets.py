"""Set criteria, shared by the kinds whose native form is a ``SetDimension`` (country and
the device demographics): ``[a, b]`` / ``a`` / ``{in: [...]}`` (INCLUSIVE) or
``{not: [...]}`` (EXCLUSIVE) is ``{DimensionType, Values}``.

Input: one set criterion in either form, or its ``model.SetCriterion``. Output: its shapes,
native data (positions recorded), model, Pinpoint ``SetDimension``, words, endpoint test and
high-level form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from segmentgen.core import vocabulary
from segmentgen.core.diagnostics import Path
from segmentgen.core.model import SetCriterion
from segmentgen.core.shape_types import STRING, STRINGS, Enum, Member, Obj, Union
from segmentgen.criteria import words

if TYPE_CHECKING:
    from segmentgen.estimate.match import EstimateOptions
    from segmentgen.validate.desugar import Native

ValuesTest = Callable[[tuple[str, ...] | None], bool]

SET_DIMENSION = Obj(
    {
        "DimensionType": Member(Enum(vocabulary.DIMENSION_TYPES, "DimensionType takes")),
        "Values": Member(STRINGS, True),
    },
    "a set dimension",
    example="{DimensionType: INCLUSIVE, Values: [US]}",
)


def set_shape(what: str) -> Union:
    """The high-level form of one set criterion."""
    return Union(
        (
            STRINGS,
            STRING,
            Obj({"in": Member(STRINGS), "not": Member(STRINGS)}, what, True, "{not: [a, b]}"),
        ),
        what,
    )


def to_native(value: object, path: Path, source: Path, native: Native) -> dict[str, object]:
    """``{DimensionType, Values}`` from the high-level form, positions recorded."""
    native.origin[path] = source
    if isinstance(value, dict):
        (word, values), = value.items()
        native.origin[(*path, "Values")] = (*source, word)
        kind = "EXCLUSIVE" if word == "not" else "INCLUSIVE"
        return {"DimensionType": kind, "Values": values}
    native.origin[(*path, "Values")] = source
    return {"DimensionType": "INCLUSIVE", "Values": value if isinstance(value, list) else [value]}


def to_model(dimension: Mapping[str, Any]) -> SetCriterion:
    return SetCriterion(dimension.get("DimensionType", "INCLUSIVE"), tuple(dimension["Values"]))


def pinpoint(criterion: SetCriterion) -> Any:
    from troposphere import pinpoint as pp

    return pp.SetDimension(DimensionType=criterion.type, Values=list(criterion.values))


def describe(subject: str, criterion: SetCriterion) -> str:
    values, excluded = criterion.values, criterion.type == "EXCLUSIVE"
    if len(values) == 1:
        return f"{subject} is {'not ' if excluded else ''}{words.quote(values[0])}"
    return f"{subject} is {'none' if excluded else 'one'} of {words.listing(values)}"


def values_test(kind: str, wanted: tuple[str, ...], options: EstimateOptions) -> ValuesTest:
    """Whether an endpoint's values (None: the field is absent) satisfy the criterion."""
    chosen = frozenset(wanted)
    if kind == "INCLUSIVE":
        return lambda values: values is not None and not chosen.isdisjoint(values)
    if kind == "EXCLUSIVE":
        missing = options.exclusive_matches_missing
        return lambda values: missing if values is None else chosen.isdisjoint(values)
    if kind == "CONTAINS":
        return lambda values: any(part in value for value in values or () for part in wanted)
    raise ValueError(f"set criterion type {kind!r} is not INCLUSIVE, EXCLUSIVE or CONTAINS")


def to_high_level(value: Mapping[str, Any], path: Path) -> object:
    """The high-level form; an unknown DimensionType raises ``Unexpressible``."""
    from segmentgen.importer.criteria import Unexpressible

    values = list(value["Values"])
    kind = value.get("DimensionType", "INCLUSIVE")
    if kind == "EXCLUSIVE":
        return {"not": values}
    if kind != "INCLUSIVE":
        raise Unexpressible((*path, "DimensionType"), f"DimensionType {kind!r} is unknown")
    return values


def tighten(definitions: dict[str, Any]) -> None:
    """The lint plug-in schema's SetDimension: its enum and required Values."""
    definitions["SetDimension"]["properties"]["DimensionType"] = {
        "enum": list(vocabulary.DIMENSION_TYPES), "type": "string"}
    definitions["SetDimension"]["required"] = ["Values"]
