"""Create-only properties of CloudFormation resource types, from cfn-lint's resource schemas.

Input: a resource type such as ``AWS::Pinpoint::Segment``. Output: its
``createOnlyProperties`` (a change to any of them makes CloudFormation replace the resource)
as property paths, ``("ApplicationId",)``. They are read from the resource provider schemas
bundled with the installed cfn-lint, the primary source, so that no table of them is kept
here: ``data/schemas/providers/us-east-1.json`` (the region file cfn-lint falls back to)
names each type's schema file under ``data/schemas/resources/``. The files are found without
importing cfn-lint and read once per type, only when a resource is compared; when they are
not where this cfn-lint version keeps them, cfn-lint's own schema manager reads them.
A type no schema knows (an import job is no resource) has no create-only properties.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

REGION = "us-east-1"
PREFIX = "/properties/"


def create_only_properties(resource_type: str) -> tuple[tuple[str, ...], ...]:
    """The create-only property paths of ``resource_type``, sorted; () when unknown."""
    return _create_only(resource_type)


@functools.cache
def resource_schema(resource_type: str) -> dict[str, Any] | None:
    """cfn-lint's registry schema of ``resource_type`` (read once; do not change it)."""
    providers = _providers()
    if providers is None:
        return _managed_schema(resource_type)
    return _bundled_schema(providers, resource_type)


@functools.cache
def _create_only(resource_type: str) -> tuple[tuple[str, ...], ...]:
    schema = resource_schema(resource_type)
    pointers = schema.get("createOnlyProperties") if schema else None
    if not isinstance(pointers, list):
        return ()
    return tuple(sorted({tuple(p.removeprefix(PREFIX).split("/")) for p in pointers
                         if isinstance(p, str) and p.startswith(PREFIX)}))


def schemas_directory() -> Path | None:
    """cfn-lint's bundled ``data/schemas`` directory, found without importing cfn-lint."""
    spec = importlib.util.find_spec("cfnlint")
    locations = list(spec.submodule_search_locations or ()) if spec else []
    return Path(locations[0]) / "data" / "schemas" if locations else None


@functools.cache
def _providers() -> dict[str, Any] | None:
    root = schemas_directory()
    data = _read_json(root / "providers" / f"{REGION}.json") if root else None
    return data if isinstance(data, dict) else None


def _bundled_schema(providers: dict[str, Any], resource_type: str) -> dict[str, Any] | None:
    root = schemas_directory()
    digest = providers.get(resource_type)
    if root is None or not isinstance(digest, str) or not digest.isalnum():
        return None
    schema = _read_json(root / "resources" / f"{digest}.json")
    return schema if isinstance(schema, dict) else None


def _managed_schema(resource_type: str) -> dict[str, Any] | None:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER, ResourceNotFoundError

    try:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, resource_type).schema
    except ResourceNotFoundError:
        return None
    return schema if isinstance(schema, dict) else None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
