"""A compile target as data: the one record every stage reads about a target.

Input: nothing. Output: ``Target``, a frozen record naming a target's resource type,
logical-ID suffix and name property, whether its segments live in a Pinpoint-style
application, the deploy artifacts only it supports, and where its code lives: the module
that compiles (``compile_template(segments, context)``, and optionally
``template_counts(segments, context)`` for the CloudFormation limits) and the function that
describes a compiled resource in words. Code is named by ``"module"`` or ``"module:function"``
and imported only when it is called, so that reading the registry (the CLI's choices, the
settings shape) never imports troposphere or cfn-lint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from segmentgen.compile import CompileContext, CompileResult
    from segmentgen.core.model import Segment

Counts = tuple[int, int, int]  # resources, parameters, outputs
Describer = Callable[[Mapping[str, Any], Mapping[str, str]], list[str]]


@dataclass(frozen=True, slots=True)
class TargetArtifact:
    """A deploy artifact only one target supports: its name in the settings' ``artifacts:``,
    the ``"module:function"`` that renders one stack's file from (segments, context) as an
    object with ``text``, and the suffix of that file after the stack's path."""

    name: str  # terraform-awscc
    renderer: str
    suffix: str  # .awscc.tf

    @property
    def field(self) -> str:
        """Its key in a stack's manifest entry (``terraform_awscc``)."""
        return self.name.replace("-", "_")


@dataclass(frozen=True, slots=True)
class Target:
    """One compile target; ``module`` holds its ``compile_template``."""

    name: str  # as written in segmentgen.yaml and --target
    resource_type: str  # the CloudFormation type of one segment
    logical_id_suffix: str  # winter-sale -> WinterSale<suffix>
    name_property: str  # the property holding the segment's display name
    module: str
    describer: str = ""  # "module:function" (properties, keys) -> lines; "" for raw JSON
    # Deploy artifacts only this target supports; a stack's file is its path + the suffix.
    artifacts: tuple[TargetArtifact, ...] = ()
    # Segments belong to a Pinpoint application: the build may create it in an application
    # stack, and imported segments get import-job request files.
    application: bool = False

    def compile(self, segments: Sequence[Segment], context: CompileContext) -> CompileResult:
        """The target's template of one stack."""
        return cast("CompileResult", _load(self.module).compile_template(segments, context))

    def template_counts(self, segments: Sequence[Segment],
                        context: CompileContext) -> tuple[Counts, list[Counts]]:
        """What the stack's template holds besides its segments, and what each segment adds
        (resources, parameters, outputs); one resource per segment when the module says
        nothing."""
        counts = getattr(_load(self.module), "template_counts", None)
        if counts is None:
            return (0, 0, 0), [(1, 0, 0) for _ in segments]
        return cast("tuple[Counts, list[Counts]]", counts(segments, context))

    def describe(self, properties: Mapping[str, Any], keys: Mapping[str, str]) -> list[str]:
        """A compiled resource's criteria in plain words."""
        if not self.describer:
            return [json_line(properties)]
        return cast("Describer", resolve(self.describer))(properties, keys)

    def create_only_properties(self) -> tuple[tuple[str, ...], ...]:
        """Property paths whose change replaces the resource, from cfn-lint's schemas."""
        from segmentgen.review.create_only import create_only_properties

        return create_only_properties(self.resource_type)

    def artifact(self, name: str) -> str | None:
        """The renderer of one target-only artifact, or None when the target has none."""
        return next((a.renderer for a in self.artifacts if a.name == name), None)


def resolve(reference: str) -> Any:
    """The object a ``"module:attribute"`` reference names, imported now."""
    module, _, attribute = reference.partition(":")
    return getattr(_load(module), attribute)


def _load(module: str) -> Any:
    return importlib.import_module(module)


def json_line(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
