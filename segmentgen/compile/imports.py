"""Imported segments in a Pinpoint template.

Input: an imported segment. Output: template parts: a Parameter that carries the segment id
the import job returns (so that dynamic segments can use it as a base segment), and, when the
spec asks for it, the IAM role the import job assumes (trusting pinpoint.amazonaws.com,
read-only on the S3 prefix).
"""

from __future__ import annotations

from troposphere import GetAtt, Output, Parameter, Template, iam

from segmentgen import model
from segmentgen.compile import logical_id


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
