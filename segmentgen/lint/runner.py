"""Lint stage: the cfn-lint adapter.

Input: generated template texts (with the output path each will have) and lint settings.
Output: diagnostics with code ``cfn-lint:<rule id>`` pointing at the generated file, in the
order of the templates given. One cfn-lint rule runner is built per process and settings
(building one costs far more than linting a template). Many templates are linted in a pool
of spawned processes sized to the machine, few in this process; findings already in the
lint cache are not linted again. Workers exit within a second of their build's end, even
a build killed with SIGKILL. The sunset warning W3696 is not repeated per segment: it
becomes one notice SG501 per build that names the migration path.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.machinery
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.emit.cache import (
    LintCache,
    diagnostics_from_data,
    diagnostics_to_data,
    last_settings,
)

SUNSET_RULE = "W3696"
SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING}
MIN_PARALLEL_RESOURCES = 24
PARENT_POLL_SECONDS = 0.5
Progress = Callable[[int, int], None]
# (output file, template): bytes as written to out/, so no second copy as text is kept.
Template = tuple[str, "str | bytes"]
Server = Callable[[Sequence[Template], tuple[str, ...], tuple[str, ...]],
                  "list[list[Diagnostic]] | None"]


@functools.lru_cache(maxsize=4)
def _runner(regions: tuple[str, ...], ignore: tuple[str, ...]) -> Any:
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    options: dict[str, Any] = {"regions": list(regions), "ignore_checks": list(ignore)}
    try:
        from segmentgen.lint import plugin as cfnlint_plugin

        options["registry_schemas"] = [cfnlint_plugin.schema_dir()]
        options["append_rules"] = [cfnlint_plugin.rules_dir()]
        # cfn-lint caches schemas per process: load the strict one before any lint runs.
        cfnlint_plugin.load_into_cfnlint()
    except (ImportError, AttributeError):
        pass
    return Runner(ConfigMixIn(cli_args=[], **options))


def lint_text(text: str | bytes, file: str, regions: Sequence[str],
              ignore: Sequence[str]) -> list[Diagnostic]:
    from cfnlint.decode.decode import decode_str

    if isinstance(text, bytes):
        text = text.decode("utf-8")

    template, errors = decode_str(text)
    matches = list(errors or [])
    if template is not None and not errors:
        matches = list(_runner(tuple(regions), tuple(sorted(ignore))).validate_template(template))
    return [_diagnostic(match, file) for match in matches]


def _diagnostic(match: Any, file: str) -> Diagnostic:
    rule_id = match.rule.id
    severity = SEVERITIES.get(match.rule.severity, Severity.NOTICE)
    url = getattr(match.rule, "source_url", "")
    hint = f"cfn-lint {rule_id}: {match.rule.shortdesc}" + (f"; see {url}" if url else "")
    return Diagnostic(file, match.linenumber, match.columnnumber, f"cfn-lint:{rule_id}",
                      match.message, severity, hint)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _warm(settings: tuple[tuple[str, ...], tuple[str, ...]] | None, parent: int) -> None:
    """Pool initializer: watch the parent, then build a rule runner while the main process
    compiles."""
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()
    import cfnlint.runner  # noqa: F401

    if settings is not None:
        _runner(*settings)


def _exit_with(parent: int) -> None:
    """End this worker once ``parent`` is gone (the build was killed, even with SIGKILL):
    a dead parent's children are handed to another process, so the parent pid changes.
    An orphaned worker would otherwise wait on its task queue forever."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def open_pool(workers: int, settings: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
              ) -> ProcessPoolExecutor | None:
    """A pool of ``workers`` spawned processes, already starting up; None for none."""
    if workers < 1:
        return None
    pool = ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"), initializer=_warm,
                               initargs=(settings, os.getpid()))
    with _lean_main():
        for _ in range(workers):
            pool.submit(int)
    return pool


@contextlib.contextmanager
def _lean_main() -> Iterator[None]:
    """Spawned workers run the parent's main script again unless it was started with ``-m``;
    for the console script that is the whole command line. They need only this module, so
    while they start, the main module is named as ``python -m`` would name it."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    main.__spec__ = importlib.machinery.ModuleSpec("segmentgen.__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


def early_pool(changed: int | None, cache_dir: Path | None = None) -> ProcessPoolExecutor | None:
    """A pool started before compiling, sized to the templates likely to need linting:
    ``changed`` spec files since the last build, or None when unknown (a cold build). Its
    workers build a runner for the lint settings last used with ``cache_dir``."""
    wanted = cpu_count() if changed is None else min(cpu_count(), changed)
    if wanted < 1 or (wanted == 1 and changed is None):
        return None
    return open_pool(wanted, last_settings(cache_dir) if cache_dir else None)


def close_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now: every result is in, and an idle worker takes a second to exit."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _lint_chunk(chunk: Sequence[Template], regions: tuple[str, ...],
                ignore: tuple[str, ...]) -> list[list[list[object]]]:
    return [diagnostics_to_data(lint_text(text, file, regions, ignore)) for file, text in chunk]


def _resources(text: str | bytes) -> int:
    if isinstance(text, bytes):
        return max(1, text.count(b"AWS::"))
    return max(1, text.count("AWS::"))


def lint_batch(templates: Sequence[Template], regions: Sequence[str],
               ignore: Sequence[str], *, cache: LintCache | None = None,
               pool: ProcessPoolExecutor | None = None, workers: int | None = None,
               progress: Progress | None = None,
               server: Server | None = None) -> list[Diagnostic]:
    """Lint (file, text) pairs; findings in template order, identical however they are run.

    Cached templates are not linted. The rest go to ``server`` when it answers, else to
    ``pool`` if given, else to a new pool of ``workers`` (default: the machine's cores) when
    there is enough work, else run here.
    """
    settings = (tuple(regions), tuple(sorted(ignore)))
    results: list[list[Diagnostic] | None] = [
        cache.get(text, file) if cache is not None else None for file, text in templates]
    missing = [i for i, found in enumerate(results) if found is None]
    work = [templates[i] for i in missing]
    step = _Step(len(templates), len(templates) - len(missing), progress)
    served = server(work, *settings) if server is not None and work else None
    if served is not None:
        pool, work, step.done = None, [], len(templates)
    size = workers if workers is not None else cpu_count()
    weight = sum(_resources(text) for _, text in work)
    if pool is not None and len(work) > getattr(pool, "_max_workers", 2) < size:
        pool = None
    own_pool = None
    if pool is None and size > 1 and len(work) > 1 and weight >= MIN_PARALLEL_RESOURCES:
        own_pool = pool = open_pool(min(size, len(work)))
    try:
        found = _in_pool(pool, work, settings, step) if pool is not None else None
    except BrokenProcessPool:  # a worker died, or __main__ cannot be imported again
        found = None
    finally:
        if own_pool is not None:
            close_pool(own_pool)
    if served is not None:
        found = served
    elif found is None:
        step.done = len(templates) - len(work)
        found = [step.after(lint_text(text, file, *settings), 1) for file, text in work]
    for index, diagnostics in zip(missing, found, strict=True):
        results[index] = diagnostics
        if cache is not None:
            cache.put(templates[index][1], diagnostics)
    return [d for found_here in results for d in found_here or ()]


class _Step:
    """Counts linted templates and reports them to the progress callback."""

    def __init__(self, total: int, done: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, done, progress
        self.after(None, 0)

    def after(self, value: Any, count: int) -> Any:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)
        return value


def _in_pool(pool: ProcessPoolExecutor, work: Sequence[Template],
             settings: tuple[tuple[str, ...], tuple[str, ...]],
             step: _Step) -> list[list[Diagnostic]]:
    """Lint in the pool in chunks; results are collected in submission order. Sixteen chunks
    per worker: a chunk is a few templates, so when the last ones finish no core waits long
    for another's (a template takes about 0.1 s)."""
    workers = getattr(pool, "_max_workers", 2)
    chunks = _chunks(work, len(work) // (workers * 16) or 1)
    futures: list[Future[list[list[list[object]]]]] = [
        pool.submit(_lint_chunk, chunk, *settings) for chunk in chunks]
    found: list[list[Diagnostic]] = []
    for future, chunk in zip(futures, chunks, strict=True):
        found.extend(diagnostics_from_data(data) or [] for data in future.result())
        step.after(None, len(chunk))
    return found


def _chunks(items: Sequence[Template], size: int) -> list[list[Template]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def fold_sunset(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Every W3696 of a build folded into one notice, at the first segment it names (never
    a template of other resources only, such as an import role's)."""
    sunset = [d for d in diagnostics if d.code == f"cfn-lint:{SUNSET_RULE}"]
    rest = [d for d in diagnostics if d.code != f"cfn-lint:{SUNSET_RULE}"]
    if not sunset:
        return rest
    segments = sorted(d for d in sunset if "'AWS::Pinpoint::Segment'" in d.message)
    count = len(segments) or len(sunset)
    first = (segments or sorted(sunset))[0]
    notice = Diagnostic(
        first.file, first.line, first.col, codes.SG501,
        f"Amazon Pinpoint reached end of support on 2026-10-30 (cfn-lint {SUNSET_RULE} on "
        f"{count} segment{'s' if count != 1 else ''})",
        Severity.NOTICE,
        "move the audiences to Amazon Connect Customer Profiles: segmentgen build --target "
        f"customer-profiles; segmentgen migrate-report lists what carries over; add "
        f"{SUNSET_RULE} to lint.ignore in segmentgen.yaml to silence this notice",
    )
    return [*rest, notice]
