"""Imported segments in a Pinpoint template.

Input: an imported segment and the stack's segments and ``CompileContext``. Output: template
parts: a Parameter that carries the segment id the import job returns, declared only when
the template uses it (a segment of the stack names the imported segment as its base segment,
or another stack imports its id), so no parameter is left unused; and, when the spec asks for
it, the IAM role the import job assumes (trusting pinpoint.amazonaws.com, read-only on the S3
prefix).
"""

from __future__ import annotations

from collections.abc import Sequence

from troposphere import GetAtt, Output, Parameter, Ref, Template, iam

from segmentgen.compile import CompileContext, logical_id
from segmentgen.core import model


def referenced_imports(segments: Sequence[model.Segment],
                       context: CompileContext) -> frozenset[str]:
    """Keys of the stack's imported segments whose id the template uses: a base segment of
    a segment of the stack, or exported to another stack."""
    imported = {segment.key for segment in segments if segment.imported is not None}
    used = {key for segment in segments for key in segment.base_keys()}
    return frozenset(imported & (used | set(context.exports)))


def add_imported(template: Template, segment: model.Segment, referenced: bool) -> None:
    """An imported segment's parts: its id Parameter when ``referenced``, its import role
    when the build creates it."""
    if referenced:
        imported_segment_parameter(template, segment)
    assert segment.imported is not None
    if segment.imported.role_arn is None:
        import_role(template, segment)


def imported_segment_id(key: str) -> Ref:
    """The id of an imported segment of this stack: its Parameter."""
    return Ref(logical_id(key, "SegmentId"))


def imported_segment_parameter(template: Template, segment: model.Segment) -> None:
    template.add_parameter(Parameter(
        logical_id(segment.key, "SegmentId"),
        Type="String",
        Description=f"Id of the imported segment {segment.key!r} (from its import job)",
    ))


def s3_parts(url: str) -> tuple[str, str]:
    """``s3://bucket/prefix/`` -> ("bucket", "prefix/")."""
    rest = url[len("s3://"):]
    bucket, _, prefix = rest.partition("/")
    return bucket, prefix


def import_role(template: Template, segment: model.Segment) -> None:
    assert segment.imported is not None
    bucket, prefix = s3_parts(segment.imported.s3_url)
    name = logical_id(segment.key, "ImportRole")
    role = iam.Role(
        name,
        AssumeRolePolicyDocument={
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "pinpoint.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }],
        },
        Policies=[iam.Policy(
            PolicyName="ReadImportPrefix",
            PolicyDocument={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
                    },
                    {
                        "Effect": "Allow",
                        "Action": "s3:ListBucket",
                        "Resource": f"arn:aws:s3:::{bucket}",
                        "Condition": {"StringLike": {"s3:prefix": [f"{prefix}*"]}},
                    },
                ],
            },
        )],
    )
    template.add_resource(role)
    template.add_output(Output(name + "Arn", Value=GetAtt(role, "Arn")))
