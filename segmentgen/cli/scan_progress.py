"""A progress bar on stderr for a long DuckDB scan of an endpoint export.

Input: the output format. Output: a context manager yielding the callback
``estimate.session`` calls with the fraction of the scan done (0.0 to 1.0), or None when no
one watches: stderr is not a terminal, the output is for a machine (json, markdown), the
``CI`` variable is set, or ``NO_PROGRESS`` is. The bar appears only once a scan has run for
``DELAY`` seconds, so short scans print nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import click

DELAY = 2.0
STEPS = 1000


def watched(output_format: str) -> bool:
    """Whether a person watches stderr: a terminal, human output, not CI."""
    quiet = any(os.environ.get(name) for name in ("CI", "NO_PROGRESS"))
    return output_format == "human" and sys.stderr.isatty() and not quiet


@contextlib.contextmanager
def scan_progress(output_format: str, label: str = "scanning endpoints"
                  ) -> Iterator[Callable[[float], None] | None]:
    if not watched(output_format):
        yield None
        return
    started = time.monotonic()
    bars: list[Any] = []

    def update(done: float) -> None:
        if not bars and time.monotonic() - started < DELAY:
            return
        if not bars:
            bars.append(click.progressbar(length=STEPS, label=label, file=sys.stderr))
            bars[0].__enter__()
        bar = bars[0]
        bar.update(max(0, round(done * STEPS) - bar.pos))

    try:
        yield update
    finally:
        if bars:
            bars[0].__exit__(None, None, None)
