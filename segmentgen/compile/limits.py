"""CloudFormation's template limits, checked before a template is built or deployed.

Input: the segments of one stack with its ``CompileContext``, or a rendered template.
Output: SG302 diagnostics: more than 500 resources, 200 parameters or 200 outputs (counted
before troposphere would raise while adding them), a body over 1,000,000 bytes (the limit for
a template uploaded to S3), and, as a warning, a body over 51,200 bytes (the limit for a
template passed directly, as ``aws cloudformation deploy`` without ``--s3-bucket`` and
Terraform's ``template_body`` do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segmentgen.compile import CompileContext
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from segmentgen.core.model import Segment, Stack

MAX_RESOURCES = 500
MAX_PARAMETERS = 200
MAX_OUTPUTS = 200
MAX_BODY_S3 = 1_000_000
MAX_BODY_DIRECT = 51_200


def check_counts(stack: Stack, context: CompileContext, extra_outputs: int = 0) -> list[Diagnostic]:
    """SG302 at the first segment that takes the stack past a count limit; the counts of
    each part of the template are the target's (``Target.template_counts``)."""
    from segmentgen.compile.registry import target

    fixed, added = target(context.environment.target).template_counts(stack.segments, context)
    resources, parameters, outputs = fixed[0], fixed[1], fixed[2] + extra_outputs
    for segment, (more_resources, more_parameters, more_outputs) in zip(stack.segments, added,
                                                                        strict=True):
        resources, parameters, outputs = (resources + more_resources,
                                          parameters + more_parameters, outputs + more_outputs)
        for what, count, limit in (("resources", resources, MAX_RESOURCES),
                                   ("parameters", parameters, MAX_PARAMETERS),
                                   ("outputs", outputs, MAX_OUTPUTS)):
            if count > limit:
                return [_at(segment, stack, f"stack {stack.name!r} would hold more than {limit} "
                            f"{what}; CloudFormation allows {limit} per template, and segment "
                            f"{segment.key!r} is number {count}")]
    return []


def _at(segment: Segment | None, stack: Stack, message: str, severity: Severity = Severity.ERROR,
        hint: str | None = None) -> Diagnostic:
    hint = hint or (f"split {stack.spec} into several spec files: each spec file is its own "
                    "stack, and base segments in another file are exported and imported")
    line = segment.line if segment is not None else 1
    return Diagnostic(segment.file if segment is not None else stack.spec, line, 1, codes.SG302,
                      message, severity, hint)


def check_size(content: bytes, stack: Stack) -> list[Diagnostic]:
    size = len(content)
    first = stack.segments[0] if stack.segments else None
    if size > MAX_BODY_S3:
        return [_at(first, stack, f"the template of stack {stack.name!r} is {size:,} bytes; "
                    f"CloudFormation accepts at most {MAX_BODY_S3:,} bytes")]
    if size > MAX_BODY_DIRECT:
        return [_at(first, stack, f"the template of stack {stack.name!r} is {size:,} bytes, over "
                    f"the {MAX_BODY_DIRECT:,} bytes CloudFormation accepts in a request",
                    Severity.WARNING, "deploy it through S3 (aws cloudformation deploy "
                    "--s3-bucket ...; in Terraform, template_url), or split the spec file")]
    return []
