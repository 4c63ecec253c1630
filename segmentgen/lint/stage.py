"""The lint stage of a build: the planned templates through cfn-lint with the project's lint
settings, by the fastest way at hand.

Input: the templates to lint (paths relative to out/ and bytes), the project's settings,
out/ as diagnostics show it and a ``LintRun`` (the cache directory, a worker pool started
early, a progress callback). Output: ``cfn-lint:<rule>`` diagnostics, end-of-support notices
folded into one (SG501). Findings come from the lint cache, the opt-in lint server (started
for next time when it does not answer) or the worker pool.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmentgen.core.diagnostics import Diagnostic
    from segmentgen.core.model import Settings


@dataclass(frozen=True, slots=True)
class LintRun:
    """How one build lints: its cache directory (None: no cache, no server), the worker
    pool started while the specs compiled, the progress callback (linted, total)."""

    cache_dir: Path | None = None
    pool: Any = None
    progress: Callable[[int, int], None] | None = None


def lint_templates(templates: Sequence[tuple[str, bytes]], settings: Settings, out: str,
                   run: LintRun | None = None) -> list[Diagnostic]:
    """cfn-lint's findings on each template, shown at ``<out>/<path>``."""
    from segmentgen.emit.cache import LintCache
    from segmentgen.lint import client as lint_server
    from segmentgen.lint.runner import fold_sunset, lint_batch

    run = run or LintRun()
    regions, ignore = settings.regions, settings.ignore_checks
    server = None
    if run.cache_dir is not None and lint_server.enabled(settings.lint_server):
        server = functools.partial(_served, run.cache_dir)
    found = lint_batch(
        [(f"{out}/{path}", text) for path, text in templates], regions, ignore,
        cache=LintCache(run.cache_dir, regions, ignore) if run.cache_dir else None,
        pool=run.pool, progress=run.progress, server=server)
    return fold_sunset(found)


def _served(cache_dir: Path, work: Sequence[tuple[str, str | bytes]], regions: tuple[str, ...],
            ignore: tuple[str, ...]) -> list[list[Diagnostic]] | None:
    """Findings from the lint server; when it does not answer, start it for next time."""
    from segmentgen.lint import client as lint_server

    found = lint_server.lint_remote(cache_dir, work, regions, ignore)
    if found is None:
        lint_server.start(cache_dir)
    return found
