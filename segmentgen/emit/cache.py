"""Build cache: content hashes that let a build skip work it has already done.

Input: the build options (``BuildOptions``), template bytes and diagnostics. Output: a
lint cache (diagnostics of one template, keyed by its bytes, the cfn-lint version, the
segmentgen plug-in files and the lint settings) and a build record (a hash of every input
and of every output file) that proves a build would change nothing without parsing a spec
or importing troposphere or cfn-lint. Entries live in ``.segmentgen-cache/`` beside the
specs directory (``--cache-dir``, ``SEGMENTGEN_CACHE_DIR``). A cache directory that
segmentgen creates is tagged (``CACHEDIR.TAG``) and git-ignored; one that exists already,
untagged, is used as it is and never gets a ``.gitignore``. Every entry is validated on
reading (one reader per kind: lint findings, build record, compiled stack); a damaged,
oversized or missing entry, or one that names a path outside ``out/``, is a miss, never an
error. A build record is never replayed while a write of ``out/`` is unfinished.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from segmentgen.core.diagnostics import Diagnostic
from segmentgen.emit.cache_entries import (
    FORMAT,
    diagnostics_from_data,
    diagnostics_to_data,
    prepare_dir,
    read_entry,
    read_record,
    read_stack,
    write_entry,
)
from segmentgen.emit.manifest import MAX_BYTES
from segmentgen.emit.output import Output
from segmentgen.emit.transaction import interrupted

if TYPE_CHECKING:
    from segmentgen.core.options import BuildOptions

__all__ = ["LintCache", "StackCache", "diagnostics_from_data", "diagnostics_to_data",
           "prepare_dir"]

CACHE_DIR = ".segmentgen-cache"
ENV_VAR = "SEGMENTGEN_CACHE_DIR"
LAST_SETTINGS = "last-settings.json"
SPEC_SUFFIXES = (".yaml", ".yml")
OUT_DEPENDENT = frozenset({"SG303"})  # findings that compare with what out/ held before
_PACKAGE = Path(__file__).resolve().parent.parent  # segmentgen/


def default_dir(specs_dir: Path) -> Path:
    """The cache directory for a project: the option or env var, else beside specs' parent."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    try:
        resolved = specs_dir.resolve()
    except (OSError, RuntimeError):  # a symlink loop: placed without following links
        resolved = Path(os.path.abspath(specs_dir))
    return resolved.parent / CACHE_DIR


def digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A hash of segmentgen's own files (code, plug-in rules and schemas) and version."""
    files = sorted(p for p in _PACKAGE.rglob("*")
                   if p.is_file() and p.suffix in (".py", ".json") and "__pycache__" not in p.parts)
    parts = [_version("segmentgen").encode()]
    for path in files:
        parts += [path.relative_to(_PACKAGE).as_posix().encode(), path.read_bytes()]
    templates = _PACKAGE.parent / "templates"
    for path in sorted(templates.glob("*.j2")) if templates.is_dir() else ():
        parts += [path.name.encode(), path.read_bytes()]
    return digest(*parts)


@functools.cache
def plugin_fingerprint() -> str:
    """A hash of what turns a template into cfn-lint diagnostics: the lint package (the plug-in
    rules and the translation of cfn-lint's matches into diagnostics), the checks the plug-in
    runs (each criterion kind's value rules and schema in ``criteria``, the shared rules in
    ``validate``) and ``core`` (codes, dates, the registry schemas), so cached findings never
    outlive the code that made them."""
    roots = [_PACKAGE / name for name in ("lint", "criteria", "validate", "core")]
    parts = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(_PACKAGE).as_posix().encode(), path.read_bytes()]
    return digest(*parts)


@functools.cache
def _version(distribution: str) -> str:
    """A package's version without importing it: segmentgen's own, or cfn-lint's file."""
    if distribution == "segmentgen":
        text = (_PACKAGE.parent / "pyproject.toml")
        return digest(text.read_bytes()) if text.is_file() else _metadata_version(distribution)
    import importlib.util

    spec = importlib.util.find_spec("cfnlint")
    if spec is None or spec.origin is None:
        return "missing"
    try:
        return (Path(spec.origin).parent / "version.py").read_text("utf-8")
    except OSError:
        return _metadata_version(distribution)


def _metadata_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def lint_settings_key(regions: Sequence[str], ignore: Sequence[str]) -> str:
    """What besides a template's bytes decides cfn-lint's findings on it."""
    settings = json.dumps([FORMAT, _version("cfn-lint"), plugin_fingerprint(),
                           sorted(regions), sorted(ignore)])
    return digest(settings.encode())


class LintCache:
    """cfn-lint diagnostics of templates by content; the file name is put back on reading."""

    def __init__(self, root: Path, regions: Sequence[str], ignore: Sequence[str]) -> None:
        self.root = root
        self.settings = lint_settings_key(regions, ignore)
        last = [list(regions), sorted(ignore)]
        if read_entry(root / "lint" / LAST_SETTINGS) != last:
            write_entry(root, root / "lint" / LAST_SETTINGS, last)

    def _path(self, text: str | bytes) -> Path:
        body = text if isinstance(text, bytes) else text.encode("utf-8")
        key = digest(self.settings.encode(), body)
        return self.root / "lint" / key[:2] / f"{key}.json"

    def get(self, text: str | bytes, file: str) -> list[Diagnostic] | None:
        return diagnostics_from_data(read_entry(self._path(text)), file)

    def put(self, text: str | bytes, diagnostics: Sequence[Diagnostic]) -> None:
        write_entry(self.root, self._path(text), diagnostics_to_data(diagnostics))


def last_settings(root: Path) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The (regions, ignored checks) a lint cache was last used with, if any."""
    data = read_entry(root / "lint" / LAST_SETTINGS)
    if not (isinstance(data, list) and len(data) == 2 and all(_texts(x) for x in data)):
        return None
    return tuple(data[0]), tuple(data[1])


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def input_files(specs_dir: Path) -> list[Path]:
    """Every YAML file under specs_dir: a superset of what a build reads, settings included."""
    return sorted(p for p in specs_dir.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())


def build_inputs(options: BuildOptions) -> Inputs | None:
    """One hash of everything a build reads (spec bytes and names, code, the options'
    cache key, cwd), and the hash of each spec file."""
    specs_dir = options.specs_dir
    if not specs_dir.is_dir():
        return None
    context = json.dumps([options.cache_key(), os.getcwd()])
    parts = [code_fingerprint().encode(), context.encode()]
    if options.lint:
        parts.append(lint_settings_key((), ()).encode())
    per_file = {}
    try:
        for path in input_files(specs_dir):
            name = path.relative_to(specs_dir).as_posix()
            per_file[name] = digest(path.read_bytes())
    except OSError:
        return None
    parts.append(json.dumps(per_file, sort_keys=True).encode())
    return Inputs(digest(*parts), per_file)


@dataclass(frozen=True, slots=True)
class Inputs:
    key: str
    files: dict[str, str]


def _record_path(root: Path, out_dir: Path) -> Path:
    return root / "builds" / f"{digest(str(out_dir.resolve()).encode())[:32]}.json"


def replay(root: Path, out_dir: Path, inputs: Inputs) -> tuple[dict[str, bytes],
                                                                list[Diagnostic]] | None:
    """The files and diagnostics of the recorded build, if its inputs and out/ are unchanged
    and no write of out/ was left unfinished."""
    record = read_record(_record_path(root, out_dir))
    if record is None or record.inputs != inputs.key or interrupted(out_dir):
        return None
    files: dict[str, bytes] = {}
    output = Output.directory(out_dir)
    for relative, expected in record.outputs.items():
        content = output.get(relative, MAX_BYTES)
        if content is None or digest(content) != expected:
            return None
        files[relative] = content
    return files, record.diagnostics


def changed_specs(root: Path, out_dir: Path, inputs: Inputs, settings: str) -> int | None:
    """How many spec files differ from the last recorded build; None when there is no record
    or the settings file changed (everything may change)."""
    record = read_record(_record_path(root, out_dir))
    if record is None or record.specs.get(settings) != inputs.files.get(settings):
        return None
    names = set(record.specs) | set(inputs.files)
    return sum(1 for name in names if record.specs.get(name) != inputs.files.get(name))


def record(root: Path, out_dir: Path, inputs: Inputs, files: Mapping[str, bytes],
           diagnostics: Sequence[Diagnostic]) -> None:
    """Remember a build whose out/ now holds exactly ``files``."""
    write_entry(root, _record_path(root, out_dir), {
        "format": FORMAT, "inputs": inputs.key, "specs": inputs.files,
        "outputs": {path: digest(content) for path, content in sorted(files.items())},
        "diagnostics": diagnostics_to_data(
            d for d in diagnostics if d.code not in OUT_DEPENDENT)})


def forget(root: Path, out_dir: Path) -> None:
    """Drop the build record, so that the next build runs in full."""
    with contextlib.suppress(OSError):
        _record_path(root, out_dir).unlink(missing_ok=True)


class StackCache:
    """Compiled stacks (template and artifact files, manifest entry) by everything that
    decides them: segmentgen's code, the settings, the environment and the stack's segments
    with their references. Only stacks that compiled without findings are kept, so every
    diagnostic still comes from a real compile."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def key(self, *parts: str) -> str:
        return digest(code_fingerprint().encode(), *(part.encode("utf-8") for part in parts))

    def _path(self, key: str) -> Path:
        return self.root / "stacks" / key[:2] / f"{key}.json"

    def get(self, key: str, template: str | None = None) -> tuple[dict[str, bytes],
                                                                  dict[str, object]] | None:
        """The files and manifest entry stored under key (for ``template``, when given);
        None when missing or damaged in any way."""
        return read_stack(self._path(key), key, template)

    def put(self, key: str, files: Mapping[str, bytes], entry: Mapping[str, object]) -> None:
        write_entry(self.root, self._path(key), {
            "key": key, "files": {path: body.decode("utf-8") for path, body in files.items()},
            "entry": dict(entry)})

