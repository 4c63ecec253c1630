"""Environment overrides: each environment's per-segment name, tags, application and skip
applied.

Input: the validated project and its stacks (one per spec file and environment). Output:
the stacks with each environment's overrides applied (a stack left without segments is
dropped) and SG223 diagnostics at the override in ``segmentgen.yaml``: an override of a
key no spec defines, a skipped segment that another segment uses as a base segment. Names
that overrides make meet in one application are SG207 while validating
(``validate.environments``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import replace

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.model import Environment, Project, Segment, SegmentOverride, Stack
from segmentgen.core.tags import merge_tags


def apply_overrides(project: Project,
                    stacks: Sequence[Stack]) -> tuple[list[Stack], list[Diagnostic]]:
    """Each environment's segment overrides applied; stacks left without segments dropped."""
    diagnostics = override_problems(project, [stack.environment for stack in stacks])
    result = []
    for stack in stacks:
        overrides = {o.key: o for o in stack.environment.segments}
        segments = tuple(_override(s, overrides.get(s.key)) for s in stack.segments
                         if not (s.key in overrides and overrides[s.key].skip))
        if segments:
            result.append(replace(stack, segments=segments))
    return result, diagnostics


def override_problems(project: Project, environments: Iterable[Environment]) -> list[Diagnostic]:
    """SG223 for the overrides of each environment (once per name), with or without stacks."""
    known = project.by_key()
    settings_file = project.settings.file or "segmentgen.yaml"
    found: list[Diagnostic] = []
    checked: set[str] = set()
    for env in environments:
        if env.name not in checked:
            checked.add(env.name)
            overrides = {o.key: o for o in env.segments}
            found.extend(_check_overrides(env.name, overrides, known, settings_file))
    return found


def _override(segment: Segment, override: SegmentOverride | None) -> Segment:
    if override is None:
        return segment
    tags = merge_tags(segment.tags, override=override.tags)
    return replace(segment, name=override.name or segment.name, tags=tuple(tags.items()),
                   application=override.application or segment.application)


def _check_overrides(env: str, overrides: dict[str, SegmentOverride], known: dict[str, Segment],
                     settings_file: str) -> list[Diagnostic]:
    found = []
    for key, override in sorted(overrides.items()):
        if key not in known:
            guess = next(iter(difflib.get_close_matches(key, sorted(known), n=1)), None)
            found.append(Diagnostic(
                settings_file, override.line, override.col, codes.SG223,
                f"environment {env!r} overrides segment {key!r}, which no spec defines",
                hint=f"did you mean {guess!r}?" if guess else "use a segment key from specs/"))
            continue
        if not override.skip:
            continue
        users = sorted(s.key for s in known.values() if key in s.base_keys()
                       and not (s.key in overrides and overrides[s.key].skip))
        if users:
            found.append(Diagnostic(
                settings_file, override.line, override.col, codes.SG223,
                f"environment {env!r} skips segment {key!r}, which {users[0]!r} uses as a base "
                "segment", hint=f"skip {users[0]!r} in {env!r} too, or keep {key!r}"))
    return found
