"""Stack links: what one template shares with the other stacks of its environment.

Input: a template as plain data (one a build compiles, or one read back from ``out/``, which
is untrusted). Output: the manifest fields of its stack: ``exports`` (the export names of its
Outputs), ``imports`` (the export names it reads with ``Fn::ImportValue`` of a literal name)
and, when it creates one, ``application`` (the name of its ``AWS::Pinpoint::App``). One
function serves both: the manifest a build writes and the reading of an older manifest
whose entries lack the fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

APP_TYPE = "AWS::Pinpoint::App"
MAX_NODES = 1_000_000  # a template read back from out/ is untrusted: walk at most this much


def links(template: Mapping[str, Any]) -> dict[str, Any]:
    """``exports`` and ``imports`` (sorted lists) and ``application`` when there is one."""
    found: dict[str, Any] = {"exports": sorted(set(_exports(template.get("Outputs")))),
                             "imports": sorted(set(_imports(template.get("Resources"))))}
    apps = sorted(set(_applications(template.get("Resources"))))
    if apps:
        found["application"] = apps[0]
    return found


def _exports(outputs: object) -> Iterator[str]:
    for output in outputs.values() if isinstance(outputs, Mapping) else ():
        export = output.get("Export") if isinstance(output, Mapping) else None
        name = export.get("Name") if isinstance(export, Mapping) else None
        if isinstance(name, str):
            yield name


def _imports(resources: object) -> Iterator[str]:
    """Every ``{"Fn::ImportValue": "<name>"}`` anywhere below, walked without recursion."""
    pending = [resources]
    seen = 0
    while pending and seen < MAX_NODES:
        node = pending.pop()
        seen += 1
        if isinstance(node, Mapping):
            value = node.get("Fn::ImportValue") if len(node) == 1 else None
            if isinstance(value, str):
                yield value
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)


def _applications(resources: object) -> Iterator[str]:
    for resource in resources.values() if isinstance(resources, Mapping) else ():
        if isinstance(resource, Mapping) and resource.get("Type") == APP_TYPE:
            props = resource.get("Properties")
            name = props.get("Name") if isinstance(props, Mapping) else None
            if isinstance(name, str):
                yield name
