"""CloudFormation's template limits, checked before a template is built or deployed.

Input: the segments of one stack with its ``CompileContext``, or a rendered template.
Output: SG302 diagnostics: more than 500 resources, 200 parameters or 200 outputs (counted
before troposphere would raise while adding them), a body over 1,000,000 bytes (the limit for
a template uploaded to S3), and, as a warning, a body over 51,200 bytes (the limit for a
template passed directly, as ``aws cloudformation deploy`` without ``--s3-bucket`` and
Terraform's ``template_body`` do).
"""

from __future__ import annotations

from typing import Any

from segmentgen.compile import CompileContext
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity

MAX_RESOURCES = 500
MAX_PARAMETERS = 200
MAX_OUTPUTS = 200
MAX_BODY_S3 = 1_000_000
MAX_BODY_DIRECT = 51_200


def _costs(segment: Any, context: CompileContext,
           referenced: frozenset[str]) -> tuple[int, int, int]:
    """(resources, parameters, outputs) one segment adds to its template; an imported
    segment's id Parameter counts when the template uses it (``referenced``)."""
    if context.environment.target != "pinpoint":
        return 1, 0, 0
    exported = int(segment.key in context.exports)
    if segment.imported is None:
        return 1, 0, exported
    creates_role = int(segment.imported.role_arn is None)
    return creates_role, int(segment.key in referenced), creates_role + exported


def check_counts(stack: Any, context: CompileContext, extra_outputs: int = 0) -> list[Diagnostic]:
    """SG302 at the first segment that takes the stack past a count limit."""
    from segmentgen.compile.customer_profiles import domain_name
    from segmentgen.compile.imports import referenced_imports
    from segmentgen.compile.pinpoint import uses_application

    referenced = referenced_imports(stack.segments, context)
    app = context.environment.application.kind
    pinpoint = context.environment.target == "pinpoint"
    uses = uses_application(stack.segments, context.environment)
    resources = int(uses and app == "create")
    parameters = int(uses and app == "parameter" if pinpoint else domain_name(context) is None)
    outputs = extra_outputs
    for segment in stack.segments:
        added = _costs(segment, context, referenced)
        resources, parameters, outputs = (resources + added[0], parameters + added[1],
                                          outputs + added[2])
        for what, count, limit in (("resources", resources, MAX_RESOURCES),
                                   ("parameters", parameters, MAX_PARAMETERS),
                                   ("outputs", outputs, MAX_OUTPUTS)):
            if count > limit:
                return [_at(segment, stack, f"stack {stack.name!r} would hold more than {limit} "
                            f"{what}; CloudFormation allows {limit} per template, and segment "
                            f"{segment.key!r} is number {count}")]
    return []


def _at(segment: Any, stack: Any, message: str, severity: Severity = Severity.ERROR,
        hint: str | None = None) -> Diagnostic:
    hint = hint or (f"split {stack.spec} into several spec files: each spec file is its own "
                    "stack, and base segments in another file are exported and imported")
    line = segment.line if segment is not None else 1
    return Diagnostic(segment.file if segment is not None else stack.spec, line, 1, codes.SG302,
                      message, severity, hint)


def check_size(content: bytes, stack: Any) -> list[Diagnostic]:
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
