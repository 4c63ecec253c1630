"""The segment resources of a build's output, each named by its stack identity.

Input: output files (path relative to ``out/`` -> bytes): a committed ``out/``, the current
one or what the specs build now, with their manifest. Output: ``StackResource`` records, one
per segment resource (the resource type of a target in ``segmentgen.compile.registry``,
such as ``AWS::Pinpoint::Segment``) of every stack template, each identified as
CloudFormation knows it: environment, stack name and logical ID. File names do not enter
the identity, so the template of stack ``a`` that moved from ``a.json`` to ``a.yaml`` holds
the same resources. Stack names and environments
come from the manifest's stack entries; without a valid manifest, from the template paths
(``prod/a.json`` is stack ``prod-a`` of environment ``prod``). The segment key is the
resource's ``Metadata.segmentgen.key``, else the ``SegmentDefinitionName`` without its
rotation hash, else the logical ID.

``match`` pairs the resources of two outputs: the same identity; else the same key in the
same environment (moved to another stack, or compiled for another target under another
logical ID); else, for a renamed key, the same environment, type, display name and criteria.
Templates and manifests are untrusted: values of the wrong shape are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Generic, TypeVar

import yaml

from segmentgen.compile.plan.stacks import stack_name
from segmentgen.compile.registry import name_property, of_resource_type
from segmentgen.emit.manifest import NAME as MANIFEST
from segmentgen.emit.manifest import Manifest, parse_manifest

CRITERIA_PROPERTIES = ("Dimensions", "SegmentGroups", "SegmentSqlQuery")
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml")
ROTATION = re.compile(r"-[0-9a-f]{8}$")  # the hash a Customer Profiles definition name ends in


@dataclass(frozen=True, slots=True)
class StackResource:
    """One segment resource of one stack."""

    environment: str
    stack: str  # the CloudFormation stack name
    template: str  # the template's path relative to the output directory
    logical_id: str
    key: str
    type: str
    properties: Mapping[str, Any]
    body: Mapping[str, Any]

    @property
    def identity(self) -> tuple[str, str, str]:
        return self.environment, self.stack, self.logical_id

    @property
    def name(self) -> str:
        value = self.properties.get(name_property(self.type), "")
        return value if isinstance(value, str) else json.dumps(value, sort_keys=True)

    @property
    def metadata(self) -> Mapping[str, Any]:
        """The resource's ``Metadata.segmentgen`` ({} when absent or not a mapping)."""
        return _mapping(_mapping(self.body.get("Metadata")).get("segmentgen"))

    def criteria_properties(self) -> dict[str, Any]:
        return {name: self.properties.get(name) for name in CRITERIA_PROPERTIES}


R = TypeVar("R", bound=StackResource)


@dataclass(slots=True)
class Matches(Generic[R]):
    """Resources of two outputs: pairs (before, after), and those only in one of them."""

    pairs: list[tuple[R, R]] = field(default_factory=list)
    removed: list[R] = field(default_factory=list)
    added: list[R] = field(default_factory=list)


def output_resources(files: Mapping[str, bytes]) -> list[StackResource]:
    """The segment resources of output files that include their ``manifest.json``."""
    return read_resources(files, parse_manifest(files.get(MANIFEST)))


def read_resources(files: Mapping[str, bytes], manifest: Manifest | None) -> list[StackResource]:
    """The segment resources of the stack templates among ``files``."""
    found: list[StackResource] = []
    for template, stack, environment in _stacks(files, manifest):
        data = parse_template(files[template], template)
        if data is not None:
            found.extend(_segment_resources(data, template, stack, environment))
    return found


def parse_template(content: bytes, path: str) -> Mapping[str, Any] | None:
    """A template written by segmentgen (JSON or plain YAML), or None when unreadable."""
    try:
        is_yaml = path.endswith((".yaml", ".yml"))
        data = yaml.safe_load(content) if is_yaml else json.loads(content)
    except (ValueError, yaml.YAMLError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _stacks(files: Mapping[str, bytes],
            manifest: Manifest | None) -> Iterator[tuple[str, str, str]]:
    """(template path, stack name, environment) of every stack template among files."""
    if manifest is not None:
        for entry in manifest.stacks:
            if entry["template"] in files:
                yield entry["template"], entry["name"], entry["environment"]
        return
    for path in sorted(files):
        parts = path.split("/")
        if path != MANIFEST and "import-jobs" not in parts and path.endswith(TEMPLATE_SUFFIXES):
            yield path, stack_name(str(PurePosixPath(path).with_suffix(""))), (
                parts[0] if len(parts) > 1 else "")


def _segment_resources(template: Mapping[str, Any], path: str, stack: str,
                       environment: str) -> Iterator[StackResource]:
    resources = _mapping(template.get("Resources"))
    for logical, body in sorted(resources.items(), key=lambda item: str(item[0])):
        if not isinstance(body, dict) or of_resource_type(body.get("Type")) is None:
            continue
        properties = _mapping(body.get("Properties"))
        resource = StackResource(environment, stack, path, str(logical), str(logical),
                                 body["Type"], properties, body)
        yield _with_key(resource)


def _with_key(resource: StackResource) -> StackResource:
    key = resource.metadata.get("key")
    definition = resource.properties.get("SegmentDefinitionName")
    if not isinstance(key, str) and isinstance(definition, str):
        key = ROTATION.sub("", definition)
    if not isinstance(key, str) or not key:
        return resource
    return StackResource(resource.environment, resource.stack, resource.template,
                         resource.logical_id, key, resource.type, resource.properties,
                         resource.body)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


# ---- pairing the resources of two outputs ----

def match(before: Sequence[R], after: Sequence[R]) -> Matches[R]:
    """Pairs by identity, then by environment and key, then by a renamed key."""
    matches = Matches(removed=list(before), added=list(after))
    _pair(matches, lambda r: r.identity)
    _pair(matches, lambda r: (r.environment, r.key))
    _pair(matches, lambda r: (r.environment, r.type, r.name,
                              json.dumps(r.criteria_properties(), sort_keys=True, default=str)))
    matches.pairs.sort(key=lambda pair: pair[1].identity)
    return matches


def _pair(matches: Matches[R], same: Callable[[R], object]) -> None:
    """Moves each added resource with a removed one of the same ``same`` into the pairs."""
    waiting: dict[object, int] = {}
    for index, resource in enumerate(matches.removed):
        waiting.setdefault(same(resource), index)
    paired: set[int] = set()
    unpaired: list[R] = []
    for resource in matches.added:
        index = waiting.pop(same(resource), -1)
        if index < 0:
            unpaired.append(resource)
            continue
        paired.add(index)
        matches.pairs.append((matches.removed[index], resource))
    matches.removed = [r for i, r in enumerate(matches.removed) if i not in paired]
    matches.added = unpaired
