"""A strict CloudFormation registry schema for ``AWS::Pinpoint::Segment``.

Input: the schema cfn-lint bundles for the type and the enums of ``segmentgen.core.vocabulary``.
Output: the same schema (lifecycle, identifiers, create-only properties kept) with the parts
CloudFormation types as free JSON or plain strings typed after the botocore pinpoint model:
attribute, metric and set dimensions, enums, coordinate ranges, unknown members rejected.
``python -m segmentgen.lint.plugin.schema`` rewrites the committed file from this module.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from segmentgen import criteria
from segmentgen.core import vocabulary
from segmentgen.core.jsonfile import canonical_text

RESOURCE_TYPE = "AWS::Pinpoint::Segment"
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "core" / "data" / "schemas"
SCHEMA_FILE = SCHEMA_DIR / "aws-pinpoint-segment.json"

Schema = dict[str, Any]


def bundled_schema() -> Schema:
    """cfn-lint's own registry schema for the type, as shipped for us-east-1."""
    import cfnlint.data.schemas

    root = Path(cfnlint.data.schemas.__file__).resolve().parent
    providers = json.loads((root / "providers" / "us-east-1.json").read_text("utf-8"))
    schema_hash = providers[RESOURCE_TYPE]
    loaded: Schema = json.loads((root / "resources" / f"{schema_hash}.json").read_text("utf-8"))
    return loaded


def _enum(values: tuple[str, ...]) -> Schema:
    return {"enum": list(values), "type": "string"}


def _tighten(definitions: dict[str, Schema]) -> None:
    """Enums, ranges and required members the botocore model states; edits in place."""
    groups = definitions["Groups"]["properties"]
    groups["Type"] = _enum(vocabulary.GROUP_TYPES)
    groups["SourceType"] = _enum(vocabulary.SOURCE_TYPES)
    definitions["SegmentGroups"]["properties"]["Include"] = _enum(vocabulary.INCLUDE_TYPES)
    definitions["SourceSegments"]["properties"]["Version"] = {"minimum": 1, "type": "integer"}
    for kind in criteria.kinds():
        kind.tighten(definitions)


def build_schema(bundled: Schema | None = None) -> Schema:
    """The strict schema: a deep copy of ``bundled`` with the opaque parts typed."""
    schema = copy.deepcopy(bundled if bundled is not None else bundled_schema())
    _tighten(schema["definitions"])
    schema["properties"]["Tags"] = {"additionalProperties": {"type": "string"}, "type": "object"}
    schema["description"] = (
        f"Resource Type definition for {RESOURCE_TYPE}, criteria typed after the Amazon "
        "Pinpoint API (segmentgen)"
    )
    return schema


def render(schema: Schema) -> str:
    """Canonical bytes: sorted keys, two-space indent, trailing newline."""
    return canonical_text(schema)


def main() -> int:
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    text = render(build_schema())
    temporary = SCHEMA_FILE.with_suffix(".json.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(SCHEMA_FILE)
    print(SCHEMA_FILE, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
