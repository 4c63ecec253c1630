"""Plan: the stacks of a project to output files.

Input: the validated project and its stacks (one per spec file and environment). Output:
the files to write (templates in canonical JSON or YAML, the deploy artifacts next to them,
and ``manifest.json`` listing the stacks in deploy order), compile diagnostics, and the
template texts to lint. Per-environment segment overrides are applied first. Base segments
in another stack of the same environment become an Export there and ``Fn::ImportValue``
here; an application created by the build lives in the environment's first stack and the
others import its id. CloudFormation's limits are checked before a template is built (SG302).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from troposphere import Export, Output, Ref

from segmentgen import limits
from segmentgen.cache import StackCache
from segmentgen.compile import CompileContext, compiler, logical_id
from segmentgen.deploy import paths_of, stack_artifacts
from segmentgen.diagnostics import Diagnostic
from segmentgen.model import Application, Project
from segmentgen.overrides import apply_overrides

MANIFEST_VERSION = 1
APP_OUTPUT = "PinpointAppId"


@dataclass(slots=True)
class Plan:
    """What a build writes: the files, the compile diagnostics, the templates to lint, and
    for each file the spec file that builds it (where a problem with its path is shown)."""

    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    templates: list[tuple[str, bytes]]
    origin: dict[str, str]


def export_name(environment: str, key: str) -> str:
    prefix = f"segmentgen-{environment}" if environment else "segmentgen"
    return f"{prefix}-{logical_id(key, 'SegmentId')}"


def app_export_name(environment: str) -> str:
    prefix = f"segmentgen-{environment}" if environment else "segmentgen"
    return f"{prefix}-{APP_OUTPUT}"


def render(data: Any, output_format: str) -> bytes:
    if output_format == "yaml":
        text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False,
                              width=100)
        return text.encode("utf-8")
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _app_owners(stacks: Sequence[Any]) -> dict[str, Any]:
    """Environment name -> the stack that creates the application, when it spans stacks."""
    owners: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for stack in stacks:
        env = stack.environment
        if env.application.kind == "create":
            counts[env.name] = counts.get(env.name, 0) + 1
            owners.setdefault(env.name, stack)
    return {env: stack for env, stack in owners.items() if counts[env] > 1}


def _name_collisions(stacks: Sequence[Any]) -> list[Diagnostic]:
    seen: dict[str, Any] = {}
    found = []
    for stack in stacks:
        other = seen.setdefault(stack.name, stack)
        if other is not stack:
            found.append(Diagnostic(
                spec_file(stack), 1, 1, "SG401", f"stack name {stack.name!r} of {stack.spec!r} "
                f"is also the name of {other.spec!r}", hint="CloudFormation stack names keep "
                "letters, digits and '-' only: rename one of the spec files"))
    return found


def _compile_stack(stack: Any, context: CompileContext, owns_app: bool, path: str,
                   depends: list[Any]) -> tuple[list[Diagnostic], dict[str, Any],
                                                dict[str, bytes]]:
    """One stack to its template and artifact files, manifest entry and diagnostics."""
    environment = context.environment
    settings = context.settings
    diagnostics: list[Diagnostic] = []
    result = compiler(environment.target)(stack.segments, context)
    if owns_app:
        result.template.add_output(Output(APP_OUTPUT, Value=Ref("PinpointApp"),
                                          Export=Export(app_export_name(environment.name))))
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
             "depends_on": [other.name for other in depends]}
    artifacts = stack_artifacts(stack, path, template, settings, depends)
    entry.update(artifacts.entry)
    if "terraform-awscc" in settings.artifacts and environment.target == "customer-profiles":
        from segmentgen.compile.terraform_awscc import render_terraform

        # Native awscc resources, the alternative to wrapping the template in a stack; the
        # compile above already reported what cannot be carried over.
        native = paths_of(stack, path).terraform_awscc
        artifacts.files[native] = render_terraform(stack.segments, context).text.encode("utf-8")
        entry["terraform_awscc"] = native
    return diagnostics, entry, {path: content, **artifacts.files}


def spec_file(stack: Any) -> str:
    """The spec file of a stack as diagnostics show it (every stack has a segment)."""
    return str(stack.segments[0].file)


def _merge(files: dict[str, bytes], origin: dict[str, str], stack: Any,
           stack_files: dict[str, bytes]) -> list[Diagnostic]:
    """A stack's files added to the plan; SG401 for a path planned with other content."""
    found = []
    for artifact_path, data in stack_files.items():
        if artifact_path in files and files[artifact_path] != data:
            found.append(Diagnostic(
                spec_file(stack), 1, 1, "SG401",
                f"output path {artifact_path!r} is written twice with different content",
                hint="rename the spec file or the environment"))
        files[artifact_path] = data
        origin.setdefault(artifact_path, spec_file(stack))
    return found


def compile_stacks(
    project: Project, stacks: Sequence[Any], cache_dir: Path | None = None
) -> Plan:
    settings = project.settings
    suffix = ".yaml" if settings.output_format == "yaml" else ".json"
    store = StackCache(cache_dir) if cache_dir is not None else None
    stacks, diagnostics = apply_overrides(project, stacks)
    diagnostics.extend(_name_collisions(stacks))
    home: dict[tuple[str, str], Any] = {}
    by_name = {stack.name: stack for stack in stacks}
    for stack in stacks:
        for segment in stack.segments:
            home[(stack.environment.name, segment.key)] = stack
    owners = _app_owners(stacks)
    # Segments that a segment of another stack of the same environment uses as a base.
    exported = {
        (stack.environment.name, base)
        for stack in stacks
        for segment in stack.segments
        for base in segment.base_keys()
        if home.get((stack.environment.name, base)) not in (None, stack)
    }
    files: dict[str, bytes] = {}
    origin: dict[str, str] = {}
    texts: list[tuple[str, bytes]] = []
    entries = []
    for stack in stacks:
        env = stack.environment.name
        imports, depends = {}, set()
        for segment in stack.segments:
            for base in segment.base_keys():
                owner = home.get((env, base))
                if owner is not None and owner is not stack:
                    imports[base] = export_name(env, base)
                    depends.add(owner.name)
        exports = {
            segment.key: export_name(env, segment.key)
            for segment in stack.segments
            if (env, segment.key) in exported
        }
        environment = stack.environment
        app_owner = owners.get(env)
        if app_owner is not None and app_owner is not stack:
            environment = replace(environment, application=Application(
                "import", app_export_name(env)))
            depends.add(app_owner.name)
        context = CompileContext(environment, settings, imports, exports,
                                 f"Segments of {stack.spec} (segmentgen)", stack.spec)
        problems = limits.check_counts(stack, context, int(app_owner is stack))
        if problems:
            diagnostics.extend(problems)
            continue
        path = stack.path + suffix
        # The stacks it deploys after, by name; their paths are what its artifacts name.
        after = [by_name[name] for name in sorted(depends)]
        key = store.key(repr(context), repr(stack), path,
                        repr([(other.name, other.path) for other in after]),
                        str(app_owner is stack)) if store else ""
        cached = store.get(key) if store else None
        if cached is None:
            found, entry, stack_files = _compile_stack(stack, context, app_owner is stack, path,
                                                       after)
            diagnostics.extend(found)
            if store and not found:
                store.put(key, stack_files, entry)
        else:
            stack_files, entry = cached
        content = stack_files[path]
        diagnostics.extend(_merge(files, origin, stack, stack_files))
        texts.append((path, content))
        entries.append(entry)
    from segmentgen.import_jobs import import_job_files

    by_key = project.by_key()
    for path, body in import_job_files(project, [s.environment for s in stacks], stacks).items():
        spec = by_key[path.rsplit("/", 1)[-1].removesuffix(".json")].file
        if files.setdefault(path, body) != body:
            diagnostics.append(Diagnostic(
                spec, 1, 1, "SG401", f"output path {path!r} of an import-job request is also "
                f"the template of {origin[path]!r}", hint="rename the spec file or its directory"))
        origin.setdefault(path, spec)
    if "manifest.json" in files:
        diagnostics.append(Diagnostic(
            origin.get("manifest.json", "manifest.json"), 1, 1, "SG401", "output path "
            "'manifest.json' is the manifest "
            "segmentgen writes", hint="rename the spec file manifest.yaml"))
    files["manifest.json"] = render(_manifest(entries, files), "json")
    return Plan(files, diagnostics, texts, origin)


def _manifest(entries: list[dict[str, Any]], files: dict[str, bytes]) -> dict[str, Any]:
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()
    remaining = sorted(entries, key=lambda e: e["name"])
    while remaining:
        ready = [e for e in remaining if set(e["depends_on"]) <= placed] or remaining[:1]
        for entry in ready:
            ordered.append(entry)
            placed.add(entry["name"])
        remaining = [e for e in remaining if e["name"] not in placed]
    return {"version": MANIFEST_VERSION, "stacks": ordered,
            "files": sorted([*files, "manifest.json"])}


def keep_other_environments(files: dict[str, bytes], out_dir: Path,
                            built: set[str]) -> dict[str, bytes]:
    """A build of some environments keeps the others' files as they are in ``out/``.

    Their current bytes join the plan unchanged and their stacks stay in the manifest, so
    ``build --env prod`` neither removes nor reports dev's files. The previous manifest is
    read by the one manifest reader: a damaged one is absent, and only files it lists that
    lie inside ``out/`` are read.
    """
    from segmentgen.manifest import load_manifest, read_listed

    previous = load_manifest(out_dir)
    if previous is None:
        return files
    kept = dict(files)
    current = json.loads(files["manifest.json"])
    others = [stack for stack in previous.stacks if stack["environment"] not in built]
    for path in previous.files:
        if path in kept or path.split("/", 1)[0] in built:
            continue
        content = read_listed(out_dir, path)
        if content is not None:
            kept[path] = content
    del kept["manifest.json"]
    kept["manifest.json"] = render(_manifest([*others, *current["stacks"]], kept), "json")
    return kept
