"""The one reader of ``manifest.json``, the list of what a build wrote to ``out/``.

Input: a manifest's bytes (``emit.output.Output`` reads them from the output directory or a
git ref). Output: ``Manifest`` (the files segmentgen wrote and the stacks in deploy order), or
None when it is absent or damaged (``from_bytes`` also says why a damaged one was ignored).
A manifest is validated before anything uses it: version 1, only known keys, every path a
safe relative path inside ``out/`` (no ``..``, nothing absolute), every stack entry of the
shape a build writes (``exports`` and ``imports`` lists of export names and ``application``,
the name of a created application, where present). Anything wrong makes the whole manifest
absent, so nothing it lists wrongly is ever removed, read or copied. The same check guards
cached stack entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from segmentgen.compile.registry import target_artifacts
from segmentgen.core.jsonfile import DamagedFile, decode, is_text
from segmentgen.emit.paths import check_path, is_output_path

NAME = "manifest.json"
VERSION = 1
MAX_BYTES = 32 * 1024 * 1024
KEYS = frozenset({"version", "stacks", "files"})
STACK_TEXT = ("name", "environment", "spec", "target")
STACK_PATHS = ("parameters", "sceptre", "terraform")  # and each target-only artifact's field
# Lists of export names a stack writes and reads (absent in manifests of older builds).
STACK_LISTS = ("exports", "imports")


def stack_paths() -> tuple[str, ...]:
    """The keys of a stack's manifest entry that name one of its files besides the template:
    the artifacts every target writes, then each target-only artifact
    (``compile.registry.target_artifacts``)."""
    return (*STACK_PATHS, *(artifact.field for artifact in target_artifacts()))


@dataclass(frozen=True, slots=True)
class Manifest:
    files: tuple[str, ...]
    stacks: tuple[dict[str, Any], ...]

    def environments(self) -> dict[str, str]:
        """Template path -> the environment of its stack."""
        return {stack["template"]: stack["environment"] for stack in self.stacks}


def parse_manifest(data: bytes | None) -> Manifest | None:
    """A manifest from its bytes; None when there are none or they are damaged. The planned
    manifest of a build is read by planning and by each review, so the last few answers are
    kept by their bytes and the artifact fields the registered targets write (which decide
    what is valid; a manifest is read, never changed: its stacks are not copied)."""
    if data is None or len(data) > MAX_BYTES:
        return None
    key = (stack_paths(), data)
    if key not in _PARSED:
        if len(_PARSED) >= 4:
            _PARSED.clear()
        _PARSED[key] = from_bytes(data)[0]
    return _PARSED[key]


_PARSED: dict[tuple[tuple[str, ...], bytes], Manifest | None] = {}


def from_bytes(data: bytes) -> tuple[Manifest | None, str | None]:
    """The manifest in data and, when it is damaged, why (then no manifest)."""
    try:
        return validate(decode(data)), None
    except DamagedFile as error:
        return None, str(error)


def validate(value: object) -> Manifest:
    """The manifest in decoded JSON, or DamagedFile saying what is wrong with it."""
    if not isinstance(value, dict) or set(value) != KEYS:
        raise DamagedFile(f"not a manifest: the keys must be {', '.join(sorted(KEYS))}")
    if type(value["version"]) is not int or value["version"] != VERSION:
        raise DamagedFile(f"version {value['version']!r}; this segmentgen reads {VERSION}")
    files = _paths(value["files"])
    stacks = value["stacks"]
    if not isinstance(stacks, list):
        raise DamagedFile("'stacks' is not a list")
    for index, stack in enumerate(stacks):
        problem = check_stack(stack)
        if problem is None and stack["template"] not in files:
            problem = "its template is not among the files"
        if problem:
            raise DamagedFile(f"stack {index + 1}: {problem}")
    return Manifest(files, tuple(stacks))


def _paths(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise DamagedFile("'files' is not a list")
    for path in value:
        if not isinstance(path, str):
            raise DamagedFile(f"file {path!r} is not a path")
        reason = check_path(path)
        if reason:
            raise DamagedFile(f"file {path!r}: {reason}")
    if len(set(value)) != len(value):
        raise DamagedFile("a file is listed twice")
    return tuple(value)


def check_stack(entry: object) -> str | None:
    """Why a stack entry (of a manifest or the stack cache) is not one a build writes."""
    if not isinstance(entry, Mapping):
        return "not a mapping"
    for key in STACK_TEXT:
        if not is_text(entry.get(key)):
            return f"{key!r} is not text"
    for key in ("template", *stack_paths()):
        if (key == "template" or key in entry) and not is_output_path(entry.get(key)):
            return f"{key!r} is not a path inside the output directory"
    for key, item in entry.items():
        if not is_text(key) or not _plain(item):
            return f"{key!r} holds a value a build does not write"
    for key in ("depends_on", *(key for key in STACK_LISTS if key in entry)):
        if not isinstance(entry.get(key), list):
            return f"{key!r} is not a list"
    if "application" in entry and not is_text(entry["application"]):
        return "'application' is not text"
    return None


def _plain(value: object) -> bool:
    """Text, or a list of text: what every manifest entry of a stack holds."""
    return is_text(value) or (isinstance(value, list) and all(is_text(item) for item in value))
