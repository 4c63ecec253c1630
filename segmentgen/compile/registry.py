"""The compile targets, one entry each: what every stage knows about a target comes from here.

Input: a target name (``pinpoint``) or a resource type (``AWS::Pinpoint::Segment``).
Output: its ``Target``. ``TARGETS`` is read each time it is asked, so the CLI's
``--target`` choices, the settings shape (and so the JSON Schema), planning, limits, diff and
replacement follow it: a new target is a module with ``compile_template`` plus one entry
below. Importing this module imports no target code.
"""

from __future__ import annotations

from segmentgen.compile.target import Target, TargetArtifact

TARGETS: dict[str, Target] = {entry.name: entry for entry in (
    Target("pinpoint", "AWS::Pinpoint::Segment", "Segment", "Name",
           "segmentgen.compile.pinpoint", "segmentgen.review.criteria:describe_pinpoint",
           application=True),
    Target("customer-profiles", "AWS::CustomerProfiles::SegmentDefinition",
           "SegmentDefinition", "DisplayName", "segmentgen.compile.customer_profiles",
           "segmentgen.review.criteria:describe_profiles",
           artifacts=(TargetArtifact("terraform-awscc", "segmentgen.compile.terraform_awscc:"
                                     "render_terraform", ".awscc.tf"),)),
)}


DEFAULT_TARGET = "pinpoint"  # when neither the settings nor --target name one


def target(name: str) -> Target:
    """The target of a name that validation accepted (a KeyError for any other)."""
    return TARGETS[name]


def target_names() -> tuple[str, ...]:
    """The names of every target, in registry order."""
    return tuple(TARGETS)


def artifact_names() -> tuple[str, ...]:
    """The deploy artifacts that belong to a target (``terraform-awscc``), in registry order."""
    return tuple(artifact.name for artifact in target_artifacts())


def target_artifacts() -> tuple[TargetArtifact, ...]:
    """Every target's own deploy artifacts, in registry order (each name once)."""
    found: dict[str, TargetArtifact] = {}
    for entry in TARGETS.values():
        for artifact in entry.artifacts:
            found.setdefault(artifact.name, artifact)
    return tuple(found.values())


def of_resource_type(resource_type: object) -> Target | None:
    """The target whose segments are resources of this type; None for any other value
    (templates are untrusted: the type may be no string at all)."""
    if not isinstance(resource_type, str):
        return None
    return next((t for t in TARGETS.values() if t.resource_type == resource_type), None)


def name_property(resource_type: object) -> str:
    """The property holding a segment resource's display name (``Name`` when unknown)."""
    found = of_resource_type(resource_type)
    return found.name_property if found is not None else "Name"
