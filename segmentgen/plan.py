"""Plan: the stacks of a project to output files.

Input: the validated project and its stacks (one per spec file and environment). Output:
the files to write (templates in canonical JSON or YAML, and ``manifest.json`` listing the
stacks in deploy order), compile diagnostics, and the template texts to lint. Base segments
in another stack of the same environment become an Export there and ``Fn::ImportValue``
here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import yaml

from segmentgen.compile import CompileContext, compiler, logical_id
from segmentgen.diagnostics import Diagnostic
from segmentgen.model import Project

MANIFEST_VERSION = 1
MANIFEST_FILE = "manifest.json"


def export_name(environment: str, key: str) -> str:
    prefix = f"segmentgen-{environment}" if environment else "segmentgen"
    return f"{prefix}-{logical_id(key, 'SegmentId')}"


def render(data: Any, output_format: str) -> bytes:
    if output_format == "yaml":
        text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False,
                              width=100)
        return text.encode("utf-8")
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def compile_stacks(
    project: Project, stacks: Sequence[Any]
) -> tuple[dict[str, bytes], list[Diagnostic], list[tuple[str, str]]]:
    settings = project.settings
    suffix = ".yaml" if settings.output_format == "yaml" else ".json"
    home: dict[tuple[str, str], Any] = {}
    for stack in stacks:
        for segment in stack.segments:
            home[(stack.environment.name, segment.key)] = stack
    files: dict[str, bytes] = {}
    diagnostics: list[Diagnostic] = []
    texts: list[tuple[str, str]] = []
    sources: dict[str, str] = {}
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
            if segment.imported is None and any(
                segment.key in other.base_keys()
                for other_stack in stacks
                if other_stack is not stack and other_stack.environment.name == env
                for other in other_stack.segments
            )
        }
        context = CompileContext(stack.environment, settings, imports, exports,
                                 f"Segments of {stack.spec} (segmentgen)", stack.spec)
        result = compiler(stack.environment.target)(stack.segments, context)
        by_key = {s.key: s for s in stack.segments}
        for key, finding in result.findings:
            locator = by_key[key].locator
            if locator is not None:
                diagnostics.append(locator.diagnostic(finding))
        path = stack.path + suffix
        if path in files or path == MANIFEST_FILE:
            other = sources.get(path, "the manifest segmentgen writes")
            diagnostics.append(_collision(path, stack.segments[0].file, other))
            continue
        sources[path] = repr(stack.segments[0].file)
        content = render(result.template.to_dict(), settings.output_format)
        files[path] = content
        texts.append((path, content.decode("utf-8")))
        entries.append({"name": stack.name, "environment": env, "template": path,
                        "spec": stack.spec, "target": stack.environment.target,
                        "depends_on": sorted(depends)})
    from segmentgen.import_jobs import import_job_files

    for path, body in import_job_files(project, [s.environment for s in stacks], stacks).items():
        files.setdefault(path, body)
    files[MANIFEST_FILE] = render(_manifest(entries, files), "json")
    return files, diagnostics, texts


def _collision(path: str, spec: str, other: str) -> Diagnostic:
    return Diagnostic(spec, 1, 1, "SG401", f"output path {path!r} is already the output of "
                      f"{other}", hint="rename the spec file")


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
