"""Everything the site shows, gathered once: the ``collect`` stage of ``segmentgen docs``.

Input: ``SiteOptions``. Output: a ``Catalog`` (one mapping per segment in key order, the
base-segment links of the compiled output, lint findings outside every segment, the
endpoint estimate's as-of and export, the profile export) and the diagnostics of loading
and building (errors mean no catalog). The build runs in memory through the api
(``mode="check"``: ``out/`` is read to compare, never written); lint, examples
(``estimate.examples``), estimates (``catalog.estimates``: one pass over each export) and
history (``lifecycle.show``) follow.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, has_errors, sort_diagnostics
from segmentgen.review.catalog import pages
from segmentgen.review.catalog.estimates import cell, endpoint_estimates, profile_estimates

PROFILES = "customer-profiles"

if TYPE_CHECKING:
    from segmentgen.compile.plan.resources import StackResource
    from segmentgen.core.model import Project
    from segmentgen.review.catalog.graph import Place
    from segmentgen.review.users import Link


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """What ``segmentgen docs`` is asked: ``out_dir`` is the build's output (read only),
    ``site_dir`` where the site goes; ``as_of`` None is now (estimates and examples);
    ``profiles`` a profile export, counting the ``target: customer-profiles`` segments."""

    specs_dir: Path
    out_dir: Path
    site_dir: Path
    endpoints: Path | None = None
    as_of: datetime | None = None
    lint: bool = True
    profiles: Path | None = None


@dataclass(slots=True)
class Catalog:
    segments: list[dict[str, Any]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    places: dict[tuple[str, str], Place] = field(default_factory=dict)
    loose_findings: list[dict[str, str]] = field(default_factory=list)
    estimate: dict[str, Any] | None = None
    profile_export: dict[str, Any] | None = None

    @property
    def counted(self) -> bool:
        """Whether the index has count columns: an endpoint or a profile export was given."""
        return self.estimate is not None or self.profile_export is not None


def collect(options: SiteOptions) -> tuple[Catalog | None, list[Diagnostic]]:
    """The catalog of the project in ``options.specs_dir``, or None and why not."""
    from segmentgen.api import BuildOptions, build
    from segmentgen.review.diff import resources as read_resources
    from segmentgen.review.users import base_links

    result = build(BuildOptions(options.specs_dir, options.out_dir, mode="check", lint=False,
                                allow_destroy=True))
    project = result.project
    if not result.ok or project is None:
        return None, result.diagnostics
    diagnostics = list(result.diagnostics)
    found = read_resources(result.files)
    per_key: dict[str, list[Diagnostic]] = {}
    loose: list[Diagnostic] = []
    if options.lint:
        from segmentgen.review.catalog.findings import lint_findings

        per_key, loose = lint_findings(result.files, found, project.settings, options.out_dir)
    as_of = options.as_of or datetime.now(UTC).replace(microsecond=0)
    estimates, problems = endpoint_estimates(project, options.endpoints, as_of)
    diagnostics.extend(problems)
    measured, problems = profile_estimates(project, options.profiles)
    diagnostics.extend(problems)
    if has_errors(diagnostics):
        return None, sort_diagnostics(diagnostics)
    git = shutil.which("git") is not None
    if not git:
        diagnostics.append(_no_git(options.specs_dir))
    paths = pages.page_paths(sorted(project.by_key()))
    catalog = Catalog(links=base_links(found), places=_places(project, found),
                      loose_findings=pages.findings(loose))
    if options.endpoints is not None:
        catalog.estimate = {"file": options.endpoints.as_posix(), "as_of": _instant(as_of)}
    if options.profiles is not None:
        catalog.profile_export = {"file": options.profiles.as_posix()}
    for key in sorted(paths):
        catalog.segments.append(_segment(
            project, key, paths, [r for r in found if r.key == key], per_key.get(key, []),
            (estimates.get(key), measured.get(key)), as_of, git))
    return catalog, sort_diagnostics(diagnostics)


def _no_git(specs_dir: Path) -> Diagnostic:
    from segmentgen.load.discover import display_path

    return Diagnostic(display_path(specs_dir), 1, 1, codes.SG409,
                      "no 'git' command on the PATH: the segment pages cannot say when each "
                      "segment was created and last changed", codes.SG409.severity,
                      hint="install git (and commit the specs) for the history")


def _segment(project: Project, key: str, paths: Mapping[str, str], resources: Sequence[Any],
             findings: Sequence[Diagnostic],
             counts: tuple[dict[str, Any] | None, dict[str, Any] | None],
             as_of: datetime, git: bool) -> dict[str, Any]:
    from segmentgen.estimate.examples import check_examples
    from segmentgen.lifecycle.show import show_segment

    segment = project.by_key()[key]
    shown = show_segment(project, key, history=git).data
    placed = pages.placements(segment, project)
    return {
        **{name: shown[name] for name in ("key", "name", "type", "description", "criteria",
                                          "application", "retain")},
        "history": pages.history(shown["history"], git),
        "page": paths[key],
        "spec": shown["spec"],
        "environments": [env for env, _ in placed],
        "targets": sorted({target for _, target in placed}),
        "tags": pages.tag_rows(shown["tags"]),
        "tag_words": pages.tag_words(shown["tags"]),
        "bases": pages.bases(segment, project, paths),
        "users": [{"key": user, "page": paths[user], "name": project.by_key()[user].name}
                  for user in shown["base_segment_of"]],
        "overrides": pages.overrides(segment, project),
        "native": pages.native(resources),
        "lint": pages.findings(findings),
        "examples": pages.examples(segment, check_examples(segment, project.by_key(), as_of)),
        "estimate": counts[0],
        "profile_estimate": counts[1],
        "count": cell(*counts),
        "profiles": segment.target == PROFILES,
    }


def _places(project: Project, found: Sequence[StackResource]) -> dict[tuple[str, str], Place]:
    """(environment, key) -> the stack, spec file and display name of its resource there."""
    from segmentgen.review.catalog.graph import Place

    by_key = project.by_key()
    return {(r.environment, r.key): Place(r.stack, by_key[r.key].file, r.name)
            for r in sorted(found, key=lambda r: r.identity) if r.key in by_key}


def _instant(value: datetime) -> str:
    from segmentgen.core.dates import format_instant, to_utc

    return format_instant(to_utc(value).replace(microsecond=0))
