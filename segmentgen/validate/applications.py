"""Base segments in another Pinpoint application than the segment that uses them.

Input: the segments that passed their own checks and the project settings. Output: SG225
at every base segment reference by key whose segment lives in another application than the
segment using it in some environment the project builds. A segment lives in its own literal
``application:``, else in its environment's application. Two applications differ when both
are known and not the same: literal project ids (a template Parameter whose value the
settings give counts as that id) and an application the build creates. A Parameter without
a value or an ``Fn::ImportValue`` could hold any id, so it differs from nothing. The
Customer Profiles target has no applications and is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from segmentgen.compile.registry import target
from segmentgen.core import codes, model
from segmentgen.core.diagnostics import Diagnostic, Finding

KNOWN = frozenset({"id", "create"})
HINT = ("a segment and its base segments must be in one Pinpoint application: give both the "
        "same 'application:', or neither, so that both follow the environment's")


def check_applications(segments: Sequence[model.Segment],
                       settings: model.Settings) -> Iterator[tuple[str, Diagnostic]]:
    """(key of the using segment, SG225) for each base segment in another application."""
    by_key = {segment.key: segment for segment in segments}
    environments = [env for env in _environments(settings) if target(env.target).application]
    for segment in segments:
        if segment.groups is None or segment.locator is None:
            continue
        for path, base in _bases(segment, by_key):
            finding = _first_difference(segment, base, environments, path)
            if finding is not None:
                yield segment.key, segment.locator.diagnostic(finding)


def _environments(settings: model.Settings) -> tuple[model.Environment, ...]:
    """The environments a build builds: those of the settings, else the project itself."""
    return settings.environments or (model.Environment(
        "", settings.application, target=settings.target, parameters=settings.parameters),)


def _bases(segment: model.Segment, by_key: dict[str, model.Segment]
           ) -> Iterator[tuple[tuple[str | int, ...], model.Segment]]:
    """Every base segment by key of ``segment`` that is in the project, with the path of
    its reference."""
    for g, group in enumerate(segment.groups.groups if segment.groups else ()):
        for s, ref in enumerate(group.sources):
            base = by_key.get(ref.key) if ref.key is not None else None
            if base is not None:
                yield ("SegmentGroups", "Groups", g, "SourceSegments", s, "Id"), base


def _first_difference(segment: model.Segment, base: model.Segment,
                      environments: Sequence[model.Environment],
                      path: tuple[str | int, ...]) -> Finding | None:
    for env in environments:
        if _skipped(segment.key, env) or _skipped(base.key, env):
            continue
        own, other = application_in(segment, env), application_in(base, env)
        if own != other and own.kind in KNOWN and other.kind in KNOWN:
            where = f" in environment {env.name!r}" if env.name else ""
            return Finding(path, codes.SG225, f"segment {segment.key!r} is in application "
                           f"{describe(own)}{where}, its base segment {base.key!r} in "
                           f"{describe(other)}", HINT)
    return None


def _skipped(key: str, env: model.Environment) -> bool:
    return any(override.key == key and override.skip for override in env.segments)


def application_in(segment: model.Segment, env: model.Environment) -> model.Application:
    """The application ``segment`` lives in when ``env`` is built: the environment's override
    of its application, its own, else the environment's; a Parameter whose value the
    environment gives is that literal id."""
    own = next((o.application for o in env.segments if o.key == segment.key and o.application),
               segment.application)
    if own is not None:
        return model.Application("id", own)
    app = env.application
    value = dict(env.parameters).get(app.value) if app.kind == "parameter" else None
    return model.Application("id", value) if value else model.Application(app.kind, app.value)


def describe(app: model.Application) -> str:
    if app.kind == "id":
        return repr(app.value)
    if app.kind == "create":
        return f"{app.value!r} (created by the build)"
    if app.kind == "import":
        return f"the export {app.value!r}"
    return f"the parameter {app.value!r}"
