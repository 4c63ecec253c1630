"""JSON Schema (draft 2020-12) of the spec language, generated from the validator's shapes.

Input: ``validate.shapes.SHAPES`` (the table the validator walks), the key pattern and the
criteria forms of ``validate``. Output: a schema for spec files (``{segments: {KEY:
Segment}}``) or for the settings file ``specs/segmentgen.yaml``, as plain data; editors with
yaml-language-server complete and check specs with it. Nothing here is written by hand: a
shape added to the table appears in the schema.
"""

from __future__ import annotations

from typing import Any

from segmentgen.core.vocabulary import MAX_SEGMENT_KEY_LENGTH
from segmentgen.validate import FORMS, KEY_PATTERN
from segmentgen.validate.profiles_shapes import FORMS as PROFILES_FORMS
from segmentgen.validate.profiles_shapes import PROFILES
from segmentgen.validate.shapes import SHAPES, Enum, ListOf, MapOf, Obj, Ref, Scalar, Shape, Union

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SPEC_ID = "https://segmentgen.invalid/schema/spec.json"
SETTINGS_ID = "https://segmentgen.invalid/schema/settings.json"


def spec_schema() -> dict[str, Any]:
    """The schema of one spec file."""
    root = {
        "type": "object",
        "properties": {
            "segments": {
                "type": "object",
                "description": "segment key -> segment; the key is the stable identity",
                "propertyNames": {"pattern": KEY_PATTERN.pattern,
                                  "maxLength": MAX_SEGMENT_KEY_LENGTH},
                "additionalProperties": {"oneOf": [{"$ref": "#/$defs/Segment"},
                                                   {"$ref": "#/$defs/ProfilesSegment"}]},
            },
        },
        "required": ["segments"],
        "additionalProperties": False,
    }
    return _document(SPEC_ID, "segmentgen spec file", root, ["Segment", "ProfilesSegment"])


def settings_schema() -> dict[str, Any]:
    """The schema of the project settings file, specs/segmentgen.yaml."""
    return _document(SETTINGS_ID, "segmentgen settings (specs/segmentgen.yaml)",
                     {"$ref": "#/$defs/Settings"}, ["Settings"])


def _document(ident: str, title: str, root: dict[str, Any], start: list[str]) -> dict[str, Any]:
    defs = {name: shape_schema(SHAPES[name]) for name in sorted(_reachable(start))}
    if "Segment" in defs:
        defs["Segment"]["oneOf"] = [{"required": [form]} for form in FORMS]
        # target: customer-profiles selects ProfilesSegment; the validator reads it that way
        defs["Segment"]["properties"]["target"]["enum"] = ["pinpoint"]
    if "ProfilesSegment" in defs:
        defs["ProfilesSegment"]["properties"]["target"]["enum"] = [PROFILES]
        defs["ProfilesSegment"]["oneOf"] = [{"required": [form]} for form in PROFILES_FORMS]
    return {"$schema": DIALECT, "$id": ident, "title": title, **root, "$defs": defs}


def _reachable(start: list[str]) -> set[str]:
    seen: set[str] = set()
    pending = list(start)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(_refs(SHAPES[name]))
    return seen


def _refs(shape: Shape) -> list[str]:
    if isinstance(shape, Ref):
        return [shape.name]
    if isinstance(shape, Obj):
        return [name for member in shape.members.values() for name in _refs(member.shape)]
    if isinstance(shape, MapOf):
        return _refs(shape.value)
    if isinstance(shape, ListOf):
        return _refs(shape.item)
    if isinstance(shape, Union):
        return [name for option in shape.options for name in _refs(option)]
    return []


def shape_schema(shape: Shape) -> dict[str, Any]:
    if isinstance(shape, Ref):
        return {"$ref": f"#/$defs/{shape.name}"}
    if isinstance(shape, Scalar):
        out: dict[str, Any] = {"type": ["string", "number"] if shape.kind == "scalar"
                               else shape.kind}
        if shape.pattern:
            out["pattern"] = shape.pattern
        if shape.doc:
            out["description"] = shape.doc
        return out
    if isinstance(shape, Enum):
        return _enum(shape)
    if isinstance(shape, Obj):
        return _object(shape)
    if isinstance(shape, MapOf):
        return {"type": "object", "description": shape.what, "minProperties": shape.min_items,
                "additionalProperties": shape_schema(shape.value)}
    if isinstance(shape, ListOf):
        return {"type": "array", "description": shape.what, "minItems": shape.min_items,
                "items": shape_schema(shape.item)}
    out = {"anyOf": [shape_schema(option) for option in shape.options]}
    if shape.what:
        out["description"] = shape.what
    return out


def _enum(shape: Enum) -> dict[str, Any]:
    exact = {"enum": list(shape.values)}
    if not shape.ignore_case:
        return {**exact, "description": f"{shape.what}: {', '.join(shape.values)}"}
    either = "|".join("".join(_both_cases(c) for c in value) for value in shape.values)
    return {"anyOf": [exact, {"type": "string", "pattern": f"^(?:{either})$"}],
            "description": f"{shape.what}: {', '.join(shape.values)} (any case)"}


def _both_cases(char: str) -> str:
    if char.lower() != char.upper():
        return f"[{char.lower()}{char.upper()}]"
    return "\\" + char if not char.isalnum() and char not in "_- " else char


def _object(shape: Obj) -> dict[str, Any]:
    properties = {}
    for name, member in shape.members.items():
        schema = shape_schema(member.shape)
        if member.doc:
            schema = {**schema, "description": member.doc}
        properties[name] = schema
    what = f"{shape.what}, for example {shape.example}" if shape.example else shape.what
    out: dict[str, Any] = {"type": "object", "description": what,
                           "properties": properties, "additionalProperties": False}
    required = [name for name, member in shape.members.items() if member.required]
    if required:
        out["required"] = required
    if shape.exactly_one:
        out["minProperties"] = 1
        out["maxProperties"] = 1
    return out
