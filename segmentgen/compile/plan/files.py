"""Plan: the stacks of a project to output files.

Input: the validated project and its stacks (one per spec file and environment). Output:
the files to write (templates in canonical JSON or YAML, the deploy artifacts next to them,
and ``manifest.json`` listing the stacks in deploy order), compile diagnostics, and the
template texts to lint. Per-environment segment overrides are applied first. Base segments
in another stack of the same environment become an Export there and ``Fn::ImportValue``
here; an application created by the build lives in the environment's application stack
(``app_stack``), which every segment stack of the environment imports and deploys after; the
calculated attributes the settings define live in the environment's domain stack
(``plan.calculated``), which the segment stacks that name one deploy after.
Each manifest entry names the exports and imports of its stack and the application it
creates (``stack_links``). CloudFormation's limits are checked before a template is built
(SG302).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segmentgen.compile import CompileContext, limits, logical_id
from segmentgen.compile.plan.application import application_stacks, application_template, importing
from segmentgen.compile.plan.calculated import (
    CALCULATED_STACK,
    calculated_stacks,
    calculated_template,
    uses_calculated,
)
from segmentgen.compile.plan.definition_names import definition_name_collisions
from segmentgen.compile.plan.deploy import paths_of, stack_artifacts
from segmentgen.compile.plan.links import links
from segmentgen.compile.plan.manifest import keep_other_environments as keep_other_environments
from segmentgen.compile.plan.manifest import manifest_data, render
from segmentgen.compile.plan.overrides import apply_overrides
from segmentgen.compile.plan.stacks import export_prefix
from segmentgen.compile.registry import target
from segmentgen.compile.target import resolve
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.model import Environment, Project, Settings, Stack
from segmentgen.emit.cache import StackCache
from segmentgen.load.discover import SETTINGS_FILE


@dataclass(slots=True)
class Plan:
    """What a build writes: the files, the compile diagnostics, the templates to lint, and
    for each file the spec file that builds it (where a problem with its path is shown);
    the stack of each (environment, segment key) and where each stack is shown."""

    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    templates: list[tuple[str, bytes]]
    origin: dict[str, str]
    homes: dict[tuple[str, str], str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


def export_name(prefix: str | None, environment: str, key: str) -> str:
    """The export of a segment's id: ``segmentgen-<env>-<LogicalId>SegmentId``."""
    return f"{export_prefix(prefix, environment)}-{logical_id(key, 'SegmentId')}"


@dataclass(frozen=True, slots=True)
class _Links:
    """Who holds what in each environment: segment homes, the segments other stacks of the
    environment use as a base (exported), the application stacks, the domain stacks (the
    calculated attributes), every stack by name."""

    home: dict[tuple[str, str], Stack]
    exported: set[tuple[str, str]]
    apps: dict[str, Stack]
    by_name: dict[str, Stack]
    domains: dict[str, Stack] = field(default_factory=dict)


def _links(stacks: Sequence[Stack], apps: Sequence[Stack],
           domains: Sequence[Stack] = ()) -> _Links:
    home = {(stack.environment.name, segment.key): stack
            for stack in stacks for segment in stack.segments}
    exported = {
        (stack.environment.name, base)
        for stack in stacks
        for segment in stack.segments
        for base in segment.base_keys()
        if home.get((stack.environment.name, base)) not in (None, stack)
    }
    return _Links(home, exported, {app.environment.name: app for app in apps},
                  {stack.name: stack for stack in [*apps, *domains, *stacks]},
                  {domain.environment.name: domain for domain in domains})


def _context(stack: Stack, links: _Links,
             settings: Settings) -> tuple[CompileContext, list[Stack]]:
    """What a stack imports, exports and deploys after; its environment as it sees it."""
    env, prefix = stack.environment.name, settings.prefix
    imports, depends, names = {}, set(), {}
    for segment in stack.segments:
        for base in segment.base_keys():
            owner = links.home.get((env, base))
            if owner is not None and owner is not stack:
                imports[base] = export_name(prefix, env, base)
                depends.add(owner.name)
                names.update(_definition_name(owner, base))
    exports = {segment.key: export_name(prefix, env, segment.key) for segment in stack.segments
               if (env, segment.key) in links.exported}
    environment = stack.environment
    app = links.apps.get(env)
    if app is not None:
        environment = importing(environment, prefix)
        depends.add(app.name)
    domain = links.domains.get(env)
    if domain is not None and uses_calculated(stack, settings):
        depends.add(domain.name)
    context = CompileContext(environment, settings, imports, exports,
                             f"Segments of {stack.spec} (segmentgen)", stack.spec, names)
    return context, [links.by_name[name] for name in sorted(depends)]


def _definition_name(owner: Stack, key: str) -> dict[str, str]:
    """``{key: name}`` when the segment ``key`` of ``owner`` has an explicit definition name
    (stable, so another stack may refer to it by that name); else {}."""
    for segment in owner.segments:
        if segment.key == key and segment.profiles is not None:
            name = segment.profiles.definition_name
            return {key: name} if name else {}
    return {}


def _name_collisions(stacks: Sequence[Stack], settings_file: str) -> list[Diagnostic]:
    seen: dict[str, Stack] = {}
    found = []
    for stack in stacks:
        other = seen.setdefault(stack.name, stack)
        if other is not stack:
            what = (f"the {_settings_stack(other)} of {other.environment.name or 'the project'}"
                    if not other.segments else repr(other.spec))
            found.append(Diagnostic(
                _origin(stack, settings_file), 1, 1, codes.SG401, f"stack name {stack.name!r} of "
                f"{stack.spec!r} is also the name of {what}", hint="CloudFormation stack names "
                "keep letters, digits and '-' only: rename the spec file or the environment"))
    return found


def _compile_stack(stack: Stack, context: CompileContext, path: str,
                   depends: list[Stack]) -> tuple[list[Diagnostic], dict[str, Any],
                                                dict[str, bytes]]:
    """One stack to its template and artifact files, manifest entry and diagnostics."""
    environment = context.environment
    settings = context.settings
    diagnostics: list[Diagnostic] = []
    from segmentgen.compile.customer_profiles_native import compile_stack

    result = compile_stack(environment.target, stack.segments, context)
    by_key = {s.key: s for s in stack.segments}
    for key, finding in result.findings:
        locator = by_key[key].locator
        if locator is not None:
            diagnostics.append(locator.diagnostic(finding))
    template = result.template.to_dict()
    content = render(template, settings.output_format)
    diagnostics.extend(limits.check_size(content, stack))
    entry = {"name": stack.name, "environment": environment.name, "template": path,
             "spec": stack.spec, "target": environment.target,
             "depends_on": [other.name for other in depends], **links(template)}
    artifacts = stack_artifacts(stack, path, template, settings, depends)
    entry.update(artifacts.entry)
    for artifact in target(environment.target).artifacts:
        if artifact.name in settings.artifacts:
            # Such as native awscc resources, the alternative to wrapping the template in a
            # stack; the compile above already reported what cannot be carried over.
            native = paths_of(stack, path).artifact(artifact.name)
            text = resolve(artifact.renderer)(stack.segments, context).text
            artifacts.files[native] = text.encode("utf-8")
            entry[artifact.field] = native
    return diagnostics, entry, {path: content, **artifacts.files}


def _settings_stack(stack: Stack) -> str:
    """What a stack the settings alone make holds, in words."""
    if stack.path.rsplit("/", 1)[-1] == CALCULATED_STACK:
        return "calculated attributes stack"
    return "application stack"


def _compile_application(stack: Stack, settings: Settings,
                         path: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """An application or domain stack's manifest entry and files (template and artifacts)."""
    kind = stack.environment.target
    if _settings_stack(stack) == "application stack":
        template = application_template(stack, settings.prefix)
    else:
        template, kind = calculated_template(stack, settings), "customer-profiles"
    entry = {"name": stack.name, "environment": stack.environment.name, "template": path,
             "spec": stack.spec, "target": kind, "depends_on": [],
             **links(template)}
    artifacts = stack_artifacts(stack, path, template, settings, [])
    entry.update(artifacts.entry)
    if kind == "customer-profiles" and "terraform-awscc" in settings.artifacts:
        from segmentgen.compile.terraform_awscc import render_template

        native = paths_of(stack, path).artifact("terraform-awscc")  # the calculated attributes
        artifacts.files[native] = render_template(template).encode("utf-8")
        entry["terraform_awscc"] = native
    return entry, {path: render(template, settings.output_format), **artifacts.files}


def spec_file(stack: Stack) -> str:
    """The spec file of a segment stack as diagnostics show it (it has a segment)."""
    return str(stack.segments[0].file)


def _origin(stack: Stack, settings_file: str) -> str:
    """Where a stack's problems are shown: its spec file, or the settings for an
    application stack."""
    return spec_file(stack) if stack.segments else settings_file


def _merge(plan: Plan, source: str, stack_files: dict[str, bytes]) -> None:
    """A stack's files added to the plan; SG401 for a path planned with other content."""
    for artifact_path, data in stack_files.items():
        if artifact_path in plan.files and plan.files[artifact_path] != data:
            plan.diagnostics.append(Diagnostic(
                source, 1, 1, codes.SG401,
                f"output path {artifact_path!r} is written twice with different content",
                hint="rename the spec file or the environment"))
        plan.files[artifact_path] = data
        plan.origin.setdefault(artifact_path, source)


def _plan_stack(plan: Plan, stack: Stack, context: CompileContext, after: list[Stack],
                path: str, store: StackCache | None) -> dict[str, Any] | None:
    """A segment stack's files into the plan (from the stack cache when it has them); its
    manifest entry, or None when it is past a CloudFormation limit (a cached stack was
    within them: only a stack compiled without problems is cached)."""
    key = store.key(repr(context), repr(stack), path,
                    repr([(other.name, other.path) for other in after])) if store else ""
    cached = store.get(key, path) if store else None
    if cached is None:
        problems = limits.check_counts(stack, context)
        if problems:
            plan.diagnostics.extend(problems)
            return None
        found, entry, stack_files = _compile_stack(stack, context, path, after)
        plan.diagnostics.extend(found)
        if store and not found:
            store.put(key, stack_files, entry)
    else:
        stack_files, entry = cached
    _merge(plan, spec_file(stack), stack_files)
    plan.templates.append((path, stack_files[path]))
    return entry


def _import_jobs(plan: Plan, project: Project, stacks: Sequence[Stack]) -> None:
    from segmentgen.compile.plan.import_jobs import import_job_files

    by_key = project.by_key()
    for path, body in import_job_files(project, [s.environment for s in stacks], stacks).items():
        spec = by_key[path.rsplit("/", 1)[-1].removesuffix(".json")].file
        if plan.files.setdefault(path, body) != body:
            plan.diagnostics.append(Diagnostic(
                spec, 1, 1, codes.SG401, f"output path {path!r} of an import-job request is also "
                f"the template of {plan.origin[path]!r}", hint="rename the spec file or its "
                "directory"))
        plan.origin.setdefault(path, spec)


def compile_stacks(project: Project, stacks: Sequence[Stack], cache_dir: Path | None = None,
                   environments: Sequence[Environment] | None = None) -> Plan:
    """The plan of the segment stacks and of the application stack of every environment
    built (``environments``, by default those of ``stacks``)."""
    settings = project.settings
    suffix = ".yaml" if settings.output_format == "yaml" else ".json"
    settings_file = settings.file or SETTINGS_FILE
    store = StackCache(cache_dir) if cache_dir is not None else None
    stacks, diagnostics = apply_overrides(project, stacks)
    if environments is None:
        environments = list({stack.environment.name: stack.environment
                             for stack in stacks}.values())
    apps = application_stacks(environments, settings)
    domains = calculated_stacks(environments, settings)
    diagnostics.extend(_name_collisions([*apps, *domains, *stacks], settings_file))
    plan = Plan({}, diagnostics, [], {})
    for stack in [*apps, *domains, *stacks]:
        plan.sources[stack.name] = _origin(stack, settings_file)
        plan.homes.update({(stack.environment.name, s.key): stack.name for s in stack.segments})
    entries = []
    for app in [*apps, *domains]:
        entry, app_files = _compile_application(app, settings, app.path + suffix)
        _merge(plan, settings_file, app_files)
        plan.templates.append((entry["template"], app_files[entry["template"]]))
        entries.append(entry)
    links = _links(stacks, apps, domains)
    for stack in stacks:
        context, after = _context(stack, links, settings)
        planned = _plan_stack(plan, stack, context, after, stack.path + suffix, store)
        if planned is not None:
            entries.append(planned)
    _import_jobs(plan, project, stacks)
    plan.diagnostics.extend(definition_name_collisions(project, entries, plan.files))
    if "manifest.json" in plan.files:
        plan.diagnostics.append(Diagnostic(
            plan.origin.get("manifest.json", "manifest.json"), 1, 1, codes.SG401, "output path "
            "'manifest.json' is the manifest segmentgen writes",
            hint="rename the spec file manifest.yaml"))
    plan.files["manifest.json"] = render(manifest_data(entries, plan.files), "json")
    return plan
