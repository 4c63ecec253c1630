"""Compile stage: frozen model to a troposphere template, one module per target, and the
planning of a whole build around it (``plan``).

Input: the segments of one stack and a ``CompileContext``. Output: a ``CompileResult`` with
the troposphere ``Template`` and findings addressed by (segment key, data path). Targets are
siblings with one signature: ``compile_template(segments, context) -> CompileResult``; what
else each stage knows about a target is its entry in ``segmentgen.compile.registry``.

``plan`` (``segmentgen.compile.plan``) takes the validated project and returns the files of
the build: its stacks, each compiled through its target here and joined to its neighbours,
deploy artifacts, manifest entries and the SG3xx/SG401 findings of the whole tree. This
module imports none of it, so a target's importers do not load planning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from segmentgen.core.tags import merge_tags

if TYPE_CHECKING:  # types only: the registry's importers (the CLI) need no model at start-up
    from troposphere import Template

    from segmentgen.core.diagnostics import Finding
    from segmentgen.core.model import Environment, Segment, Settings

@dataclass(frozen=True, slots=True)
class CompileContext:
    environment: Environment
    settings: Settings
    # Segment key -> export name, for base segments that live in another stack.
    imports: Mapping[str, str] = field(default_factory=dict)
    # Segment keys whose id other stacks import: each gets an Output with an Export.
    exports: Mapping[str, str] = field(default_factory=dict)
    description: str | None = None
    spec: str = ""  # the spec file, relative to the specs directory
    # Segment key -> explicit SegmentDefinitionName, for base segments in another stack.
    definition_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class CompileResult:
    template: Template
    findings: list[tuple[str, Finding]] = field(default_factory=list)


def logical_id(key: str, suffix: str = "Segment") -> str:
    """CloudFormation logical ID of a segment key: ``winter-sale`` -> ``WinterSaleSegment``."""
    parts = [part for part in re.split(r"[^A-Za-z0-9]+", key) if part]
    return "".join(part[0].upper() + part[1:] for part in parts) + suffix


def merged_tags(segment: Segment, context: CompileContext) -> dict[str, str]:
    """Tags of a segment: segment tags, overridden by project default tags, overridden by
    environment tags, so that organisation-wide tags cannot be dropped by one spec."""
    return merge_tags(segment.tags, default=context.settings.tags,
                      environment=context.environment.tags)


def display_name(segment: Segment, context: CompileContext) -> str:
    return segment.name + context.environment.name_suffix
