"""The plan of one build: the validated project to the files out/ should hold, checked as
one tree.

Input: the project, the specs directory, the previous output (``emit.output.Output`` of out/,
read once), the environments to build (``some``: only
those asked for, so the other environments' files in out/ are kept) and the stack cache
directory. Output: the ``Plan`` (files, compile diagnostics, templates to lint), with SG401
for paths that cannot coexist and SG237 for a deployed calculated attribute changed in a way
CloudFormation cannot deploy (``calculated``), before anything is linted or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from segmentgen.compile.plan.files import Plan
    from segmentgen.core.model import Environment, Project
    from segmentgen.emit.output import Output


def plan_project(project: Project, specs_dir: Path, previous: Output,
                 envs: Sequence[Environment], some: bool, cache_dir: Path | None) -> Plan:
    """The files to write and the templates to lint; their paths checked as one tree
    (``plan.tree.check_tree``)."""
    from segmentgen.compile.plan.calculated import fixed_name_replacements
    from segmentgen.compile.plan.files import compile_stacks, keep_other_environments
    from segmentgen.compile.plan.stacks import plan_stacks
    from segmentgen.compile.plan.tree import check_tree

    plan = compile_stacks(project, plan_stacks(project, specs_dir, envs), cache_dir, envs)
    if some and project.settings.environments:
        plan.files = keep_other_environments(plan.files, previous, {e.name for e in envs})
    plan.diagnostics.extend(check_tree(plan.files, plan.origin, previous))
    plan.diagnostics.extend(fixed_name_replacements(plan.files, previous, project.settings))
    return plan
