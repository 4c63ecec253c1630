"""The library API: what the command line calls. Never prints, never exits.

Input: one ``BuildOptions`` (specs directory, output directory, mode and the rest). Output:
``BuildResult`` (the planned files, the comparison with ``out/``, every diagnostic sorted)
and, in write mode, the files written. Stages: load -> validate (``load_project``) -> plan
and compile (``compile.plan.project``) -> lint (``lint.stage``) -> emit (``emit.apply``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity, has_errors, sort_diagnostics
from segmentgen.core.jsonfile import canonical_bytes
from segmentgen.core.options import BuildOptions as BuildOptions
from segmentgen.emit import write as emit
from segmentgen.load.discover import SETTINGS_FILE as SETTINGS_FILE
from segmentgen.load.discover import display_path as display_path
from segmentgen.load.discover import find_specs as find_specs
from segmentgen.load.discover import outside_links, refuse_names

if TYPE_CHECKING:
    from segmentgen.compile.plan.files import Plan
    from segmentgen.core.model import Environment, Project
    from segmentgen.emit.cache import Inputs
    from segmentgen.lint.stage import LintRun
    from segmentgen.load.document import Loaded

# The stages are imported where they are used: a no-op build, answered from the build
# record, must not pay for loading the validator, troposphere or cfn-lint.


@dataclass(slots=True)
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    changes: emit.Changes | None = None
    diff: str = ""
    project: Project | None = None
    written: bool = False

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def load_project(specs_dir: Path, edited: Path | None = None
                 ) -> tuple[Project | None, list[Diagnostic], list[Loaded]]:
    """Load and validate every spec file; the project holds the segments without errors.
    ``edited``: a spec file an edit changes, whose clashes with other files are shown in it."""
    from segmentgen.validate import validate_project
    from segmentgen.validate.settings import read_settings

    if not specs_dir.is_dir():
        state = "is not a directory" if specs_dir.exists() else "does not exist"
        message = f"specs directory {display_path(specs_dir)!r} {state}"
        hint = "pass the directory that holds the spec files with --specs (default: specs)"
        problem = Diagnostic(display_path(specs_dir), 1, 1, codes.SG101, message, hint=hint)
        return None, [problem], []
    paths, settings_path = find_specs(specs_dir)
    paths, refused = refuse_names(paths, specs_dir)
    diagnostics: list[Diagnostic] = [*outside_links(specs_dir), *refused]
    settings_loaded = None
    if settings_path is not None:
        settings_loaded, problems = _load(settings_path)
        diagnostics.extend(problems)
    settings, problems = read_settings(settings_loaded)
    diagnostics.extend(problems)
    loaded_files = []
    for path in paths:
        loaded, problems = _load(path)
        diagnostics.extend(problems)
        if loaded is not None:
            loaded_files.append(loaded)
    project, problems = validate_project(loaded_files, settings,
                                         display_path(edited) if edited else None)
    diagnostics.extend(problems)
    return project, sort_diagnostics(diagnostics), loaded_files


def _load(path: Path) -> tuple[Loaded | None, list[Diagnostic]]:
    from segmentgen.load.document import load_file

    return load_file(path, display_path(path))


def build(options: BuildOptions, *,
          progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Build ``options.specs_dir`` into ``options.out_dir``. With a cache directory, lint
    findings are cached and a build whose inputs and out/ match the last recorded one returns
    without parsing; ``progress`` is called with (templates linted, templates) as linting
    goes. An output or cache directory that overlaps the specs directory (or each other), a
    root or a home directory is SG401 before anything is read. A change that destroys a
    deployed resource others use (compared with the manifest in out/) is SG304, a warning
    with ``allow_destroy``."""
    from segmentgen.emit import cache
    from segmentgen.emit.locations import check_directories

    if options.mode != "validate":  # before anything is read: out/ or the cache may not overlap
        misplaced = check_directories(options.specs_dir, options.out_dir, options.cache_dir)
        if misplaced:
            return BuildResult(misplaced)
    cache_dir = options.cache_dir if options.uses_cache else None
    inputs = cache.build_inputs(options) if cache_dir else None
    replayed = cache.replay(cache_dir, options.out_dir, inputs) if cache_dir and inputs else None
    if replayed is not None:
        files, found = replayed
        return BuildResult(found, files, emit.Changes(unchanged=sorted(files)),
                           written=options.mode == "write")
    pool = _early_pool(options, inputs)
    try:
        from segmentgen.lint.stage import LintRun

        result = _build(options, LintRun(cache_dir, pool, progress))
    finally:
        if pool is not None:
            from segmentgen.lint import runner as lint_stage

            lint_stage.close_pool(pool)
    if cache_dir and inputs and result.ok and result.changes is not None and (
            result.written or not result.changes.stale):
        cache.record(cache_dir, options.out_dir, inputs, result.files, result.diagnostics)
    return result


def _early_pool(options: BuildOptions, inputs: Inputs | None) -> Any:
    """cfn-lint workers started while the specs compile, unless the lint server answers."""
    from segmentgen.lint import client as lint_server

    cache_dir = options.cache_dir if options.uses_cache else None
    if not options.lint or options.mode == "validate" or (
            cache_dir and lint_server.reachable(cache_dir)):
        return None
    from segmentgen.emit import cache
    from segmentgen.lint import runner as lint_stage

    changed = (cache.changed_specs(cache_dir, options.out_dir, inputs, SETTINGS_FILE)
               if cache_dir and inputs else None)
    return lint_stage.early_pool(changed, cache_dir)


def _build(options: BuildOptions, run: LintRun) -> BuildResult:
    specs_dir, out_dir, env = options.specs_dir, options.out_dir, options.env
    project, diagnostics, loaded_files = load_project(specs_dir)
    result = BuildResult(list(diagnostics), project=project)
    if project is None or has_errors(diagnostics):
        return result
    from segmentgen.compile.plan.stacks import environments

    if options.mode == "validate":  # the settings' overrides too, as build checks them
        from segmentgen.compile.plan.overrides import override_problems

        result.diagnostics.extend(override_problems(project, environments(project.settings)))
        return result
    for loaded in loaded_files:
        loaded.release()
    settings = project.settings
    envs = environments(settings, env, options.target)
    if env is not None and not envs:
        result.diagnostics.append(Diagnostic(
            settings.file or SETTINGS_FILE, 1, 1, codes.SG223, f"no environment named {env!r}",
            hint="environments: " + ", ".join(e.name for e in settings.environments)))
        return result
    plan = _plan_and_review(project, options, envs, run.cache_dir, result.diagnostics)
    files, templates = plan.files, plan.templates
    if options.lint and not has_errors(result.diagnostics):
        from segmentgen.lint.stage import lint_templates

        result.diagnostics.extend(lint_templates(templates, settings, display_path(out_dir), run))
    fail_on_warnings = (settings.warnings_fail if options.warnings_fail is None
                        else options.warnings_fail)
    if fail_on_warnings:
        result.diagnostics = [
            replace(d, severity=Severity.ERROR) if d.severity is Severity.WARNING else d
            for d in result.diagnostics
        ]
    result.diagnostics = sort_diagnostics(result.diagnostics)
    if has_errors(result.diagnostics):
        return result
    result.files = files
    return _apply(result, options)


def _plan_and_review(project: Project, options: BuildOptions, envs: Sequence[Environment],
                     cache_dir: Path | None, diagnostics: list[Diagnostic]) -> Plan:
    """The plan, its diagnostics and the review of what it replaces or destroys added to
    ``diagnostics``; the previous out/ is read once for both (and let go before linting)."""
    from segmentgen.compile.plan.project import plan_project
    from segmentgen.emit.output import Output
    from segmentgen.review.destructive import destructive_changes
    from segmentgen.review.replacement import replacement_notices

    previous = Output.directory(options.out_dir)
    plan = plan_project(project, options.specs_dir, previous, envs, options.env is not None,
                        cache_dir)
    diagnostics.extend(plan.diagnostics)
    diagnostics.extend(replacement_notices(plan.files, previous, project))
    diagnostics.extend(destructive_changes(plan, previous, project, options.allow_destroy))
    return plan


def _apply(result: BuildResult, options: BuildOptions) -> BuildResult:
    """The files written as out/, or compared with it (``emit.apply``)."""
    from segmentgen.emit.apply import apply_files

    applied = apply_files(result.files, options.out_dir, options.mode, options.diff)
    result.diagnostics.extend(applied.diagnostics)
    result.changes, result.diff, result.written = applied.changes, applied.diff, applied.written
    return result


def render_json(data: Any) -> bytes:
    """Canonical JSON: sorted keys, two-space indent, UTF-8, LF, trailing newline."""
    return canonical_bytes(data)


_LAZY = {"Stack": "segmentgen.core.model", "environments": "segmentgen.compile.plan.stacks",
         "plan_stacks": "segmentgen.compile.plan.stacks",
         "stack_name": "segmentgen.compile.plan.stacks"}


def __getattr__(name: str) -> Any:
    """The model and planning names the front door re-exports, imported on first use: a
    no-op build never needs them (``tests/test_lazy_imports.py``)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)
