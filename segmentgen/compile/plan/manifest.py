"""The manifest a build writes, and the stacks of environments a build leaves alone.

Input: the manifest entries of the stacks planned, the planned files and, for a build of
some environments, the previous output (``emit.output.Output``). Output: canonical bytes
(``render``), the manifest data with the stacks in deploy order (every stack after those
it depends on, by name otherwise), and the plan's files completed with the other
environments' files and stacks as the previous manifest lists them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import yaml

from segmentgen.core.jsonfile import canonical_bytes
from segmentgen.emit.manifest import MAX_BYTES, VERSION

if TYPE_CHECKING:
    from segmentgen.emit.output import Output


def render(data: Any, output_format: str) -> bytes:
    if output_format == "yaml":
        text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False,
                              width=100)
        return text.encode("utf-8")
    return canonical_bytes(data)


def manifest_data(entries: list[dict[str, Any]], files: dict[str, bytes]) -> dict[str, Any]:
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()
    remaining = sorted(entries, key=lambda e: e["name"])
    while remaining:
        ready = [e for e in remaining if set(e["depends_on"]) <= placed] or remaining[:1]
        for entry in ready:
            ordered.append(entry)
            placed.add(entry["name"])
        remaining = [e for e in remaining if e["name"] not in placed]
    return {"version": VERSION, "stacks": ordered,
            "files": sorted([*files, "manifest.json"])}


def keep_other_environments(files: dict[str, bytes], output: Output,
                            built: set[str]) -> dict[str, bytes]:
    """A build of some environments keeps the others' files as they are in ``out/``.

    Their current bytes join the plan unchanged and their stacks stay in the manifest, so
    ``build --env prod`` neither removes nor reports dev's files. The previous manifest is
    read by the one manifest reader: a damaged one is absent, and only files it lists that
    lie inside ``out/`` are read.
    """
    previous = output.manifest
    if previous is None:
        return files
    kept = dict(files)
    current = json.loads(files["manifest.json"])
    others = [stack for stack in previous.stacks if stack["environment"] not in built]
    for path in previous.files:
        if path in kept or path.split("/", 1)[0] in built:
            continue
        content = output.get(path, MAX_BYTES)
        if content is not None:
            kept[path] = content
    del kept["manifest.json"]
    kept["manifest.json"] = render(manifest_data([*others, *current["stacks"]], kept), "json")
    return kept
