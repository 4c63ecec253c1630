"""cfn-lint's findings on the compiled templates, each given to the segment it is about.

Input: the build's files (path relative to the output directory -> bytes, with the
manifest), the segment resources read from them, the project's settings and the output
directory as diagnostics name it. Output: per segment key the findings inside its resource,
and the findings that lie outside every segment resource (a parameter, an output) or
speak of all of them (SG501, the end-of-support notice folded into one). A
finding belongs to the resource whose block in the template holds its line: templates are
written canonically (JSON: resources at four spaces under ``"Resources"``; YAML: at two
spaces under ``Resources:``), so the block starts are found line by line, without a parser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from segmentgen.compile.plan.resources import StackResource
    from segmentgen.core.model import Settings

JSON_RESOURCE = re.compile(r'^    "([A-Za-z0-9]+)": \{$')
YAML_RESOURCE = re.compile(r"^  ([A-Za-z0-9]+):\s*$")
JSON_SECTION = re.compile(r'^  "([A-Za-z]+)": ')
YAML_SECTION = re.compile(r"^([A-Za-z]+):")

Found = tuple[dict[str, list[Diagnostic]], list[Diagnostic]]


def resource_starts(text: str) -> list[tuple[int, str | None]]:
    """(line, logical ID) where each resource block starts, and (line, None) where the
    ``Resources`` section ends; lines are 1-based."""
    starts: list[tuple[int, str | None]] = []
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        section = JSON_SECTION.match(line) or YAML_SECTION.match(line)
        if section:
            if inside:
                starts.append((number, None))
            inside = section.group(1) == "Resources"
            continue
        resource = (JSON_RESOURCE.match(line) or YAML_RESOURCE.match(line)) if inside else None
        if resource:
            starts.append((number, resource.group(1)))
    return starts


def owner(starts: Sequence[tuple[int, str | None]], line: int) -> str | None:
    """The logical ID of the resource block that holds ``line``."""
    found: str | None = None
    for start, logical in starts:
        if start > line:
            break
        found = logical
    return found


def lint_findings(files: Mapping[str, bytes], resources: Sequence[StackResource],
                  settings: Settings, out_dir: Path) -> Found:
    """Lint every template of the build and give each finding to its segment."""
    from segmentgen.lint.stage import lint_templates
    from segmentgen.load.discover import display_path

    stacks = json.loads(files["manifest.json"])["stacks"]
    templates = [(stack["template"], files[stack["template"]]) for stack in stacks]
    label = display_path(out_dir)
    found = lint_templates(templates, settings, label)
    return assign(found, dict(templates), resources, label)


def assign(found: Sequence[Diagnostic], templates: Mapping[str, bytes],
           resources: Sequence[StackResource], label: str) -> Found:
    """Per segment key its findings; the rest apart (both in the order given)."""
    keys = {(r.template, r.logical_id): r.key for r in resources}
    starts = {path: resource_starts(text.decode("utf-8", "replace"))
              for path, text in templates.items()}
    per_key: dict[str, list[Diagnostic]] = {}
    loose: list[Diagnostic] = []
    for finding in found:
        path = finding.file.removeprefix(f"{label}/")
        logical = owner(starts.get(path, []), finding.line)
        key = keys.get((path, logical)) if logical and finding.code != codes.SG501 else None
        if key is None:
            loose.append(finding)
        else:
            per_key.setdefault(key, []).append(finding)
    return per_key, loose
