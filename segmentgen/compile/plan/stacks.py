"""Stacks: the segments of a project grouped into one template per spec file and environment.

Input: the validated project, the specs directory and the environments to build. Output:
``Stack`` records (``segmentgen.core.model``: CloudFormation stack name, output path without
suffix, environment, spec file relative to the specs directory, segments), in environment
and file order; the names
of stacks and exports, both scoped by the project's ``prefix``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from segmentgen.core.model import Stack

if TYPE_CHECKING:
    from segmentgen.core.model import Environment, Project, Segment, Settings

MAX_STACK_NAME = 128


def environments(settings: Settings, only: str | None = None,
                 target: str | None = None) -> list[Environment]:
    from segmentgen.core.model import Environment

    envs = list(settings.environments) or [Environment(
        "", settings.application, (), "", settings.target, settings.domain, settings.parameters)]
    if only is not None:
        envs = [env for env in envs if env.name == only]
    if target is not None:
        envs = [replace(env, target=target) for env in envs]
    return envs


def plan_stacks(project: Project, specs_dir: Path, envs: Sequence[Environment]) -> list[Stack]:
    by_file: dict[str, list[Segment]] = {}
    for segment in project.segments:
        by_file.setdefault(segment.file, []).append(segment)
    stacks = []
    for env in envs:
        for file, segments in sorted(by_file.items()):
            relative = _relative_spec(file, specs_dir)
            stem = str(PurePosixPath(relative).with_suffix(""))
            path = f"{env.name}/{stem}" if env.name else stem
            stacks.append(Stack(stack_name(path, project.settings.prefix), path, env, relative,
                                tuple(segments)))
    return stacks


def stack_name(path: str, prefix: str | None = None) -> str:
    """A CloudFormation stack name (``[a-zA-Z][-a-zA-Z0-9]*``, at most 128) for an output
    path: ``prod/team_a/seed`` -> ``prod-team-a-seed``; with the project's prefix
    ``growth``: ``growth-prod-team-a-seed``."""
    if prefix:
        path = f"{prefix}/{path}"
    name = re.sub(r"[^A-Za-z0-9-]+", "-", path).strip("-") or "stack"
    if not name[0].isalpha():
        name = f"s-{name}"
    if len(name) > MAX_STACK_NAME:
        digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]
        name = f"{name[:MAX_STACK_NAME - 9]}-{digest}"
    return name


def export_prefix(prefix: str | None, environment: str) -> str:
    """The start of an environment's export names: ``segmentgen-prod`` by default, the
    project's prefix instead of ``segmentgen`` when it sets one."""
    start = prefix or "segmentgen"
    return f"{start}-{environment}" if environment else start


def _relative_spec(file: str, specs_dir: Path) -> str:
    try:
        return Path(file).resolve().relative_to(specs_dir.resolve()).as_posix()
    except ValueError:
        return PurePosixPath(file).name
