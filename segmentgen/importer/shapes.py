"""The shapes of import inputs, and the check of a value against them.

Input: plain data (a template's resource, an API segment object, a whole document), its data
path and the shape it must have. Output: ``Issue``s by data path. SG203 (a value of the wrong
type, such as a string where the ``Properties`` mapping belongs or a list of ``Tags``) and
SG202 (a required key missing) are errors: the input is not a valid template or API
response, and nothing is imported. SG705 names what is valid but has no spec form: an
intrinsic function where the spec needs a literal, or a key the spec does not know; that
segment is left out. Values that pass are the types the converters expect, so they index
without guarding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from segmentgen.core import codes
from segmentgen.core.diagnostics import Path as DataPath


@dataclass(frozen=True, slots=True)
class Shape:
    kind: str  # mapping, list, string, number, integer or any
    fields: Mapping[str, Shape] = field(default_factory=dict)  # a mapping's known keys
    items: Shape | None = None  # list items, or the values of a mapping with free keys
    required: frozenset[str] = frozenset()
    extra_keys: bool = False  # unknown keys are ignored rather than reported
    computed: bool = False  # from here down, a template may compute values at deploy time
    intrinsic: bool = False  # the converter reads an intrinsic function here itself


@dataclass(frozen=True, slots=True)
class Issue:
    path: DataPath
    code: str  # SG202 or SG203 (errors), SG705 (no spec form: the segment is left out)
    message: str
    hint: str | None = None


def record(fields: Mapping[str, Shape], required: tuple[str, ...] = (), *,
           extra_keys: bool = False, computed: bool = False) -> Shape:
    return Shape("mapping", fields, None, frozenset(required), extra_keys, computed)


def map_of(value: Shape) -> Shape:
    return Shape("mapping", items=value)


def list_of(item: Shape) -> Shape:
    return Shape("list", items=item)


STRING, NUMBER, INTEGER, ANY = Shape("string"), Shape("number"), Shape("integer"), Shape("any")
REFERENCE = Shape("string", intrinsic=True)
VALUES = list_of(STRING)
TAGS = map_of(STRING)
APP_RESOURCE = record({"Properties": record({"Name": REFERENCE}, extra_keys=True, computed=True)},
                      extra_keys=True)
RESOURCE = record({"Type": STRING}, ("Type",), extra_keys=True)
TEMPLATE = record({"Resources": map_of(RESOURCE),
                   "Parameters": map_of(record({"Description": STRING}, extra_keys=True))},
                  ("Resources",), extra_keys=True)
SEGMENTS_RESPONSE = record({"SegmentsResponse": record(
    {"Item": list_of(ANY), "NextToken": STRING}, ("Item",), extra_keys=True)}, extra_keys=True)

SEGMENT_SHAPES = ("DIMENSIONS", "SEGMENT_GROUPS", "SEGMENT_RESOURCE", "API_SEGMENT")


def __getattr__(name: str) -> Shape:
    """``DIMENSIONS`` and the shapes that hold it, from the registered criterion kinds."""
    if name not in SEGMENT_SHAPES:
        raise AttributeError(name)
    from segmentgen import criteria
    from segmentgen.importer.kind_shapes import segment_shapes

    return segment_shapes(criteria.generation())[name]


NAMES = {"mapping": "a mapping", "list": "a list", "string": "a string", "number": "a number",
         "integer": "an integer"}
HINTS = {"string": "quote it (a YAML template reads unquoted NO, yes, on or a date as another "
                   "type)"}


def is_intrinsic(value: object) -> bool:
    """``{"Ref": ...}`` or ``{"Fn::...": ...}``: a value CloudFormation computes."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (name,) = value
    return name == "Ref" or (isinstance(name, str) and name.startswith("Fn::"))


def fits(value: object, kind: str) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    types: dict[str, type | tuple[type, ...]] = {
        "mapping": dict, "list": list, "string": str, "number": (int, float), "integer": int}
    return isinstance(value, types[kind])


def kind_of(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "a mapping", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def dotted(path: DataPath) -> str:
    return ".".join(str(part) for part in path) or "the document"


def check(value: object, shape: Shape, path: DataPath, *, template: bool = False,
          computed: bool = False) -> Iterator[Issue]:
    """Every issue of ``value`` against ``shape``; ``template`` allows intrinsic functions
    where CloudFormation computes values (inside ``Properties``)."""
    computed = computed or (template and shape.computed)
    if shape.kind == "any":
        return
    if computed and is_intrinsic(value):
        if not shape.intrinsic:
            label = next((p for p in reversed(path) if isinstance(p, str)), "value")
            yield Issue(path, codes.SG705, f"{label} {shown(value)} is not a literal")
        return
    if not fits(value, shape.kind):
        yield Issue(path, codes.SG203, f"{dotted(path)} is {kind_of(value)} ({shown(value)}); "
                    f"expected {NAMES[shape.kind]}", HINTS.get(shape.kind))
    elif isinstance(value, list) and shape.items is not None:
        for index, item in enumerate(value):
            yield from check(item, shape.items, (*path, index), template=template,
                             computed=computed)
    elif isinstance(value, dict):
        yield from _mapping(value, shape, path, template, computed)


def _mapping(value: dict[str, object], shape: Shape, path: DataPath, template: bool,
             computed: bool) -> Iterator[Issue]:
    for name in sorted(shape.required - value.keys()):
        yield Issue(path, codes.SG202, f"{dotted(path)} has no {name!r}",
                    f"add {name}: the input is not a valid template or API response without")
    for name, item in value.items():
        inner = shape.fields.get(name, shape.items)
        if inner is not None:
            yield from check(item, inner, (*path, name), template=template, computed=computed)
        elif not shape.extra_keys:
            yield Issue((*path, name), codes.SG705, f"{name!r} has no spec form")
