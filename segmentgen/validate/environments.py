"""Applications per environment: what a segment's application means when there are several.

Input: the raw segments of every file, the segments that passed their own checks and the
project settings. Output: diagnostics:

- SG222 at a segment's own literal ``application:`` when the project has several
  environments and the settings do not say they share it (``shared_application: true``):
  a segment-level application applies in every environment, so staging and prod would
  deploy into one Pinpoint project; the hint names the per-environment override;
- SG207 for two segments whose names are one (``vocabulary.name_identity``, with each
  environment's name overrides and ``name_suffix``) in the same application: across
  environments when both are the same literal project id (a Parameter whose value the
  settings give counts as that id, ``applications.application_in``), and within one
  environment when an override (name or application) makes them meet. It stands at the
  later one (environments in settings-file order, then keys; within one environment, the
  one with the override): at its override in ``segmentgen.yaml``, else at the
  environment's application (or its key), and names the other.

The Customer Profiles target has no applications and is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from segmentgen.compile.registry import target
from segmentgen.core import codes, model
from segmentgen.core.diagnostics import Diagnostic, Finding
from segmentgen.core.vocabulary import name_identity
from segmentgen.validate.applications import application_in

if TYPE_CHECKING:
    from segmentgen.validate import RawSegment


def check_environments(raw: Sequence[RawSegment], segments: Sequence[model.Segment],
                       settings: model.Settings) -> list[Diagnostic]:
    return [*_literal_applications(raw, settings), *_shared_names(segments, settings)]


def _literal_applications(raw: Sequence[RawSegment],
                          settings: model.Settings) -> Iterator[Diagnostic]:
    envs = [env.name for env in settings.environments]
    if len(envs) < 2 or settings.shared_application:
        return
    for segment in raw:
        value = segment.data.get("application") if isinstance(segment.data, dict) else None
        if not isinstance(value, str):
            continue
        yield segment.loaded.diagnostic(Finding(
            (*segment.path, "application"), codes.SG222, f"segment {segment.key!r} names the "
            f"application {value!r} for every environment ({', '.join(envs)}), so they would "
            "deploy it into one Pinpoint project", "set it per environment: "
            f"environments.<env>.segments.{segment.key}.application in segmentgen.yaml, or "
            "'shared_application: true' there when the environments share the application"))


@dataclass(frozen=True, slots=True)
class _Placed:
    """One segment as one environment deploys it."""

    env: model.Environment
    key: str
    name: str  # as deployed: override or spec name, then the environment's suffix
    application: model.Application
    override: model.SegmentOverride | None
    literal: bool  # the application is the segment's own, for every environment


def _placed(segments: Sequence[model.Segment],
            settings: model.Settings) -> Iterator[_Placed]:
    """Every segment in every Pinpoint environment that has it, environments in the order
    the settings file writes them."""
    for env in sorted(settings.environments, key=lambda e: (e.line, e.col, e.name)):
        if not target(env.target).application:
            continue
        overrides = {override.key: override for override in env.segments}
        for segment in segments:
            override = overrides.get(segment.key)
            if override is not None and override.skip:
                continue
            name = (override.name if override is not None and override.name else segment.name)
            own = override is None or override.application is None
            yield _Placed(env, segment.key, name + env.name_suffix,
                          application_in(segment, env), override,
                          own and segment.application is not None)


def _shared_names(segments: Sequence[model.Segment],
                  settings: model.Settings) -> Iterator[Diagnostic]:
    # A segment's own application in several environments is SG222 already, unless shared.
    unshared = len(settings.environments) > 1 and not settings.shared_application
    seen: dict[tuple[str, ...], _Placed] = {}
    for placed in _placed(sorted(segments, key=lambda s: s.key), settings):
        name, app = name_identity(placed.name), placed.application
        within = (placed.env.name, app.kind, app.value, name)
        first = seen.setdefault(within, placed)
        if first is not placed and (first.override or placed.override):
            # Shown at the override that makes them meet, the later one's if both have one.
            yield (_same_name(placed, first, settings) if placed.override
                   else _same_name(first, placed, settings))
            continue
        if app.kind != "id" or (unshared and placed.literal):
            continue
        first = seen.setdefault(("id", app.value, name), placed)
        if first.env.name != placed.env.name:
            yield _same_name(placed, first, settings)


def _same_name(placed: _Placed, first: _Placed, settings: model.Settings) -> Diagnostic:
    env, override = placed.env, placed.override
    if override is not None and (override.name or override.application):
        line, col = override.line, override.col
    else:
        line, col = env.application.line, env.application.col
        if (line, col) == (1, 1):
            line, col = env.line, env.col
    where = (f"segment {first.key!r}" if first.env.name == env.name else
             f"segment {first.key!r} in environment {first.env.name!r}")
    return Diagnostic(
        settings.file or "segmentgen.yaml", line, col, codes.SG207,
        f"segment {placed.key!r} is named {placed.name!r} in environment {env.name!r}, as is "
        f"{where}, in the same application {_shown(placed.application)}",
        hint="segment names must be unique within an application: give each environment its "
        "own application (environments.<env>.application), a name_suffix, or another name "
        "(environments.<env>.segments.<key>.name)")


def _shown(app: model.Application) -> str:
    return repr(app.value) if app.kind == "id" else f"({app.kind} {app.value!r})"

