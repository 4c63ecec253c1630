"""DuckDB counts a segment over an endpoint export.

Input: a segment, the project's segments by key, the export (a JSON-lines file, optionally
gzipped, a directory of them or a glob pattern), an as-of time and ``EstimateOptions``.
Output: an ``estimate.count.Estimate`` with the counts of ``estimate.sql``'s query, run by
DuckDB in one pass over an ``endpoints`` view that reads each field the way
``criteria.endpoint`` does (``estimate.view``; ``estimate.session``: memory bound, progress). An
export DuckDB cannot read whole as one endpoint object per line is counted by the Python
evaluator instead, which reports each malformed line (SG601); so is an imported segment
(SG605), which has no criteria.
``estimate_all_with_duckdb`` gives the estimates of many segments from one query
(``estimate.batch``), that is one pass over the export.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from segmentgen.core import codes
from segmentgen.core.dates import to_utc
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.core.model import Segment
from segmentgen.estimate.batch import Worlds
from segmentgen.estimate.count import GZIP_MAGIC, Estimate, estimate_segment
from segmentgen.estimate.match import EstimateOptions
from segmentgen.estimate.rewrite import for_engine
from segmentgen.estimate.session import Progress, run
from segmentgen.estimate.sql import DEFAULT_OPTIONS, segment_query

if TYPE_CHECKING:
    from segmentgen.estimate.batch import Batch


def export_files(export: str | os.PathLike[str]) -> list[str]:
    """The files of an export: the file itself, a directory's files, or a glob's matches."""
    path = Path(export)
    if path.is_dir():
        return sorted(str(p) for p in path.iterdir() if p.is_file())
    if path.exists():
        return [str(path)]
    return sorted(p for p in glob.glob(str(export)) if os.path.isfile(p))


def estimate_with_duckdb(segment: Segment, export: str | os.PathLike[str], *,
                         as_of: datetime, segments: Mapping[str, Segment] | None = None,
                         options: EstimateOptions = DEFAULT_OPTIONS,
                         progress: Progress | None = None) -> Estimate:
    """``estimate.count.estimate_segment``'s result, counted by DuckDB (``progress`` hears
    how far the scan is, see ``estimate.session``)."""
    as_of = to_utc(as_of)
    files = export_files(export)
    if segment.imported is not None or not _many(export, files):
        return estimate_segment(segment, files[0] if files else export, as_of=as_of,
                                segments=segments, options=options)
    if not files:
        return _unreadable(segment, as_of, str(export), "no file matches")
    query = segment_query(segment, segments or {}, as_of=as_of, options=options,
                          transform=for_engine)
    counts = run(files, query.text, progress)
    if counts is None:
        if len(files) > 1:
            return _unreadable(segment, as_of, str(export), "a part holds a line that is not "
                               "one endpoint object; estimate each part with --engine python")
        return estimate_segment(segment, files[0], as_of=as_of, segments=segments,
                                options=options)
    return Estimate(segment.key, as_of, counts[0], counts[1], counts[2], tuple(counts[3:]), 0,
                    query.diagnostics)


def estimate_all_with_duckdb(counted: Sequence[Segment], export: str | os.PathLike[str], *,
                             as_of: datetime, segments: Mapping[str, Segment] | Worlds,
                             options: EstimateOptions = DEFAULT_OPTIONS,
                             progress: Progress | None = None) -> list[Estimate]:
    """The estimate of every segment of ``counted``, in order, from one pass over the export
    (imported segments get SG605 as with ``estimate_with_duckdb``); the Python evaluator's
    per segment, up to the first incomplete one, where a single file is not DuckDB's.
    Base segments resolve in ``segments``, or per segment in ``Worlds`` (``estimate.batch``)."""
    as_of = to_utc(as_of)
    files = export_files(export)
    worlds = segments if isinstance(segments, Worlds) else Worlds([segments] * len(counted))
    local = [segment for segment in counted if segment.imported is None]
    if not local or not _many(export, files):
        return _each(counted, files[0] if files else export, as_of, worlds, options)
    if not files:
        return [_unreadable(local[0], as_of, str(export), "no file matches")]
    from segmentgen.estimate.batch import batch_query

    local_worlds = Worlds(w for s, w in zip(counted, worlds, strict=True) if s.imported is None)
    batch = batch_query(local, local_worlds, as_of=as_of, options=options,
                        transform=for_engine)
    row = run(files, batch.text, progress)
    if row is None and len(files) > 1:
        return [_unreadable(local[0], as_of, str(export), "a part holds a line that is not "
                            "one endpoint object; estimate each part with --engine python")]
    if row is None:
        return _each(counted, files[0], as_of, worlds, options)
    found = iter(_batch_estimates(local, batch, row, as_of))
    return [next(found) if segment.imported is None else
            estimate_segment(segment, export, as_of=as_of) for segment in counted]


def _batch_estimates(local: Sequence[Segment], batch: Batch, row: tuple[int, ...],
                     as_of: datetime) -> Iterator[Estimate]:
    """Each segment's ``Estimate`` from the batch query's row."""
    position = 1
    for segment, groups, diagnostics in zip(local, batch.groups, batch.diagnostics,
                                            strict=True):
        counts = row[position:position + 2 + groups]
        position += 2 + groups
        yield Estimate(segment.key, as_of, row[0], counts[0], counts[1], tuple(counts[2:]), 0,
                       diagnostics)


def _each(counted: Sequence[Segment], export: str | os.PathLike[str], as_of: datetime,
          worlds: Worlds, options: EstimateOptions) -> list[Estimate]:
    """The Python evaluator's estimate per segment, stopping after an incomplete one."""
    estimates = []
    for segment, world in zip(counted, worlds, strict=True):
        estimates.append(estimate_segment(segment, export, as_of=as_of, segments=world,
                                          options=options))
        if not estimates[-1].complete:
            break
    return estimates


def _many(export: str | os.PathLike[str], files: list[str]) -> bool:
    """Whether DuckDB reads the export: parts of a directory or a glob, or one readable file
    (a path that names no file and is no pattern is the Python evaluator's, whose SG604 says
    why, in the same words for both engines)."""
    if not files:
        return glob.has_magic(str(export))
    return len(files) > 1 or _plain_parts(files)


def _plain_parts(files: list[str]) -> bool:
    """Whether every file is readable (DuckDB's errors about a file are not positioned)."""
    try:
        for file in files:
            with open(file, "rb") as stream:
                stream.read(len(GZIP_MAGIC))
    except OSError:
        return False
    return True


def _unreadable(segment: Segment, as_of: datetime, export: str, why: str) -> Estimate:
    return Estimate(segment.key, as_of, 0, 0, 0, (), 0, tuple(sort_diagnostics([Diagnostic(
        export, 1, 1, codes.SG604, f"endpoint export cannot be read: {why}", Severity.ERROR,
        "pass a Pinpoint endpoint export: JSON lines, optionally gzipped, a directory or "
        "a glob of them")])))
