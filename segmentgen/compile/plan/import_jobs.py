"""Import-job request files: one ready ``create-import-job`` body per imported segment.

Input: the validated project, the environments being built and, optionally, the planned
stacks (to name the stack whose output carries a created role's ARN). Output: files for
``out/``: ``[<env>/]import-jobs/<key>.json``, each the JSON body of
``aws pinpoint create-import-job --application-id APP --import-job-request file://FILE``:
``S3Url``, ``RoleArn``, ``Format``, ``DefineSegment: true``, ``SegmentName``,
``RegisterEndpoints``. A role the stack creates is not known before deployment; its
``RoleArn`` is a placeholder that names the stack output to copy it from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from segmentgen.compile import logical_id
from segmentgen.compile.registry import target
from segmentgen.core.jsonfile import canonical_bytes
from segmentgen.core.model import Environment, Project, Segment, Stack

DIRECTORY = "import-jobs"


def role_placeholder(segment: Segment, stack: str | None) -> str:
    output = logical_id(segment.key, "ImportRoleArn")
    where = f"of the stack {stack}" if stack else "of the segment's stack"
    return f"REPLACE-WITH-OUTPUT {output} {where}"


def import_job_request(segment: Segment, environment: Environment,
                       stack: str | None = None) -> dict[str, Any]:
    """The ImportJobRequest body for one imported segment in one environment."""
    source = segment.imported
    assert source is not None
    return {
        "DefineSegment": True,
        "Format": source.format,
        "RegisterEndpoints": source.register_endpoints,
        "RoleArn": source.role_arn or role_placeholder(segment, stack),
        "S3Url": source.s3_url,
        "SegmentName": segment.name + environment.name_suffix,
    }


def import_job_files(project: Project, environments: Iterable[Environment],
                     stacks: Sequence[Stack] = ()) -> dict[str, bytes]:
    """``[<env>/]import-jobs/<key>.json`` for every imported segment and environment whose
    target has applications (Pinpoint)."""
    homes = {(stack.environment.name, segment.key): stack.name
             for stack in stacks for segment in stack.segments}
    files: dict[str, bytes] = {}
    seen: set[str] = set()
    for environment in environments:
        if environment.name in seen or not target(environment.target).application:
            continue
        seen.add(environment.name)
        prefix = f"{environment.name}/{DIRECTORY}" if environment.name else DIRECTORY
        for segment in project.segments:
            if segment.imported is None:
                continue
            stack = homes.get((environment.name, segment.key))
            body = import_job_request(segment, environment, stack)
            files[f"{prefix}/{segment.key}.json"] = canonical_bytes(body)
    return files
