"""What the Customer Profiles API accepts in a segment definition, as a JSON Schema.

Input: botocore's ``customer-profiles`` service model (only when the table is regenerated:
``python -m segmentgen.validate.profiles_api``). Output: ``api_schema()``, the committed
``segmentgen/core/data/customer-profiles-api.json``: the input shapes ``SegmentGroup`` and
``SegmentSort`` of ``CreateSegmentDefinition`` written in the JSON Schema dialect of
CloudFormation's registry schemas (``definitions`` by botocore shape name, ``$ref``, enums,
lengths, patterns, item counts, map keys as ``propertyNames``, a union as ``x-union``), so
``validate.profiles_schema`` walks the API's rules and CloudFormation's with one walker.
botocore is a development dependency; the generated file is the API's facts at run time, and
``tests/test_profiles_botocore.py`` fails when it no longer matches the installed model.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from segmentgen.core.jsonfile import canonical_text

SERVICE = "customer-profiles"
ROOTS = ("SegmentGroup", "SegmentSort")
API_FILE = Path(__file__).resolve().parents[1] / "core" / "data" / "customer-profiles-api.json"

Schema = dict[str, Any]


@functools.cache
def api_schema() -> Schema:
    """The committed API schema (read once; do not change it)."""
    loaded: Schema = json.loads(API_FILE.read_text("utf-8"))
    return loaded


def service_model() -> Schema:
    """botocore's newest ``customer-profiles`` service model, found without importing it."""
    spec = importlib.util.find_spec("botocore")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("botocore is not installed (pip install boto3)")
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / SERVICE
    newest = sorted(path for path in root.iterdir() if path.is_dir())[-1]
    plain, packed = newest / "service-2.json", newest / "service-2.json.gz"
    raw = plain.read_bytes() if plain.exists() else gzip.decompress(packed.read_bytes())
    model: Schema = json.loads(raw)
    return model


def _reference(name: str) -> Schema:
    return {"$ref": f"#/definitions/{name}"}


_LIMITS = {"string": (("min", "minLength"), ("max", "maxLength")),
           "list": (("min", "minItems"), ("max", "maxItems")),
           "map": (("min", "minProperties"), ("max", "maxProperties")),
           "integer": (("min", "minimum"), ("max", "maximum")),
           "long": (("min", "minimum"), ("max", "maximum"))}


def _convert(shape: Schema) -> Schema:
    kind = shape["type"]
    out: Schema = {}
    if kind == "structure":
        out = {"type": "object", "additionalProperties": False,
               "properties": {name: _reference(member["shape"])
                              for name, member in shape.get("members", {}).items()}}
        if shape.get("required"):
            out["required"] = list(shape["required"])
        if shape.get("union"):
            out["x-union"] = True
    elif kind == "list":
        out = {"type": "array", "items": _reference(shape["member"]["shape"])}
    elif kind == "map":
        out = {"type": "object", "propertyNames": _reference(shape["key"]["shape"]),
               "additionalProperties": _reference(shape["value"]["shape"])}
    elif kind in ("integer", "long"):
        out = {"type": "integer"}
    else:
        out = {"type": kind}
    for source, target in _LIMITS.get(kind, ()):
        if source in shape:
            out[target] = shape[source]
    for word in ("pattern", "enum"):
        if word in shape:
            out[word] = shape[word]
    return out


def build(model: Schema) -> Schema:
    """The API schema of ``ROOTS`` and every shape they reach, from a botocore model."""
    shapes = model["shapes"]
    definitions: dict[str, Schema] = {}
    pending = list(ROOTS)
    while pending:
        name = pending.pop()
        if name in definitions:
            continue
        definitions[name] = _convert(shapes[name])
        pending.extend(_references(definitions[name]))
    return {"description": f"The input shapes {', '.join(ROOTS)} of the {SERVICE} API "
                           f"({model['metadata']['apiVersion']}), from botocore's model "
                           "(python -m segmentgen.validate.profiles_api)",
            "definitions": dict(sorted(definitions.items()))}


def _references(schema: Schema) -> list[str]:
    found = []
    for value in schema.values():
        if isinstance(value, dict):
            if "$ref" in value:
                found.append(value["$ref"].rsplit("/", 1)[-1])
            found.extend(_references(value))
    return found


def render(schema: Schema) -> str:
    return canonical_text(schema)


def main() -> int:
    API_FILE.write_text(render(build(service_model())), encoding="utf-8", newline="\n")
    print(API_FILE, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
