"""Estimate stage: a segment's approximate endpoint count over a local endpoint export.

Input: a ``model.Segment``, the project's segments by key (to resolve base segments), the path
of an endpoint export (newline-delimited JSON, one Pinpoint endpoint object per line,
optionally gzip-compressed) and an explicit as-of time. Output: an ``Estimate`` with the
endpoints read, the matched and matched-and-sendable counts, per-group counts and diagnostics
(SG6xx). The export is streamed line by line; malformed lines are reported and skipped. An
estimate whose export could not be read to its end (SG604) is not ``complete``: its counts are
partial and not to be shown.
``record_count`` counts the records of an imported segment's local CSV or JSON-lines file.
Whether one endpoint matches, and the choices made where the documentation is silent, live in
``estimate_match`` (criteria) and ``estimate_plan`` (segment groups and base segments).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from segmentgen.core import codes
from segmentgen.core.dates import format_instant, to_utc
from segmentgen.core.dates import parse_clamped as parse_instant
from segmentgen.core.diagnostics import CODES as ALL_CODES
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.core.model import Segment
from segmentgen.estimate.match import Compiler, Endpoint, EstimateOptions
from segmentgen.estimate.plan import Plan, build_plan

CODES: dict[str, str] = {code: text for code, text in ALL_CODES.items() if code.startswith("SG6")}

MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_LINE_DIAGNOSTICS = 100
PROGRESS_STEP = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
SENDABLE_STATUSES = ("ACTIVE", None)
OPTED_OUT = "ALL"
__all__ = ["CODES", "Estimate", "EstimateOptions", "RecordCount", "estimate_segment",
           "format_instant", "is_sendable", "open_stream", "parse_instant",
           "record_count"]
DEFAULT_OPTIONS = EstimateOptions()

Progress = Callable[[int], None]
ByteStream = io.BufferedReader | gzip.GzipFile


@dataclass(frozen=True, slots=True)
class Estimate:
    segment: str
    as_of: datetime
    endpoints: int  # endpoint objects read
    matched: int
    sendable: int  # matched, not opted out, status ACTIVE or absent
    groups: tuple[int, ...]  # matched per segment group, in order; () for Dimensions
    skipped_lines: int
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """Whether the whole export was read (no SG604), so the counts describe it."""
        return not any(d.code == codes.SG604 for d in self.diagnostics)

    def as_dict(self) -> dict[str, object]:
        return {
            "segment": self.segment,
            "as_of": format_instant(to_utc(self.as_of).replace(microsecond=0)),
            "endpoints": self.endpoints,
            "matched": self.matched,
            "sendable": self.sendable,
            "groups": list(self.groups),
            "skipped_lines": self.skipped_lines,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


@dataclass(frozen=True, slots=True)
class RecordCount:
    records: int
    diagnostics: tuple[Diagnostic, ...] = ()



def is_sendable(endpoint: Endpoint) -> bool:
    status = endpoint.get("EndpointStatus")
    return endpoint.get("OptOut") != OPTED_OUT and status in SENDABLE_STATUSES


@contextmanager
def open_stream(path: str | os.PathLike[str]) -> Iterator[tuple[ByteStream, Callable[[], int]]]:
    """The file's bytes, gunzipped when it starts with gzip's magic, and its read position."""
    with open(path, "rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        if compressed:
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped, raw.tell
        else:
            yield raw, raw.tell


def _lines(stream: ByteStream) -> Iterator[bytes | None]:
    """Each line's bytes; None for a line longer than MAX_LINE_BYTES (its rest is consumed)."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def first_of_each(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose key named twice keeps its first value (as DuckDB reads it)."""
    found: dict[str, object] = {}
    for key, value in pairs:
        found.setdefault(key, value)
    return found


def _parse(line: bytes | None) -> tuple[Endpoint | None, str | None]:
    if line is None:
        return None, f"line longer than {MAX_LINE_BYTES} bytes"
    try:
        value = json.loads(line, object_pairs_hook=first_of_each)
    except (ValueError, RecursionError) as error:
        return None, f"not valid JSON ({str(error).splitlines()[0][:120]})"
    if not isinstance(value, dict):
        return None, f"a JSON {type(value).__name__}, not an endpoint object"
    return value, None


@dataclass
class _Tally:
    endpoints: int = 0
    matched: int = 0
    sendable: int = 0
    skipped: int = 0
    unreported_line: int = 0
    groups: list[int] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def skip(self, file: str, number: int, why: str) -> None:
        self.skipped += 1
        if self.skipped == MAX_LINE_DIAGNOSTICS + 1:
            self.unreported_line = number
        if self.skipped <= MAX_LINE_DIAGNOSTICS:
            self.diagnostics.append(Diagnostic(
                file, number, 1, codes.SG601, f"line {number} skipped: {why}", Severity.WARNING,
                "each line must hold one endpoint object, as Pinpoint's export writes it"))


def estimate_segment(
    segment: Segment,
    export: str | os.PathLike[str],
    *,
    as_of: datetime,
    segments: Mapping[str, Segment] | None = None,
    options: EstimateOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
) -> Estimate:
    """Evaluate ``segment`` over every endpoint of the export at ``export``."""
    as_of = to_utc(as_of)
    compiler = Compiler(as_of, options)
    tally = _Tally()
    if segment.imported is not None:
        compiler.report(segment, (), codes.SG605,
                        f"segment {segment.key!r} is imported: it has no criteria to evaluate",
                        severity=Severity.NOTICE,
                        hint="its size is the record count of its import file")
        return _result(segment, as_of, tally, compiler.diagnostics)
    plan = build_plan(segment, segments or {}, compiler)
    tally.groups = [0] * plan.group_count
    _stream(str(export), tally, progress, plan)
    return _result(segment, as_of, tally, compiler.diagnostics)


def _stream(file: str, tally: _Tally, progress: Progress | None, plan: Plan) -> None:
    number, reported = 0, 0
    try:
        with open_stream(file) as (stream, position):
            for number, line in enumerate(_lines(stream), 1):
                if progress is not None and position() - reported >= PROGRESS_STEP:
                    reported = position()
                    progress(reported)
                if line is not None and not line.strip():
                    continue
                endpoint, why = _parse(line)
                if endpoint is None:
                    tally.skip(file, number, why or "unreadable")
                    continue
                tally.endpoints += 1
                hit, hits = plan.evaluate(endpoint)
                for index, group_hit in enumerate(hits):
                    tally.groups[index] += group_hit
                if hit:
                    tally.matched += 1
                    tally.sendable += is_sendable(endpoint)
            if progress is not None:
                progress(position())
    except (OSError, EOFError, zlib.error) as error:
        tally.diagnostics.append(Diagnostic(
            file, max(number, 1), 1, codes.SG604, f"endpoint export cannot be read: {error}",
            Severity.ERROR, "pass a Pinpoint endpoint export: JSON lines, optionally gzipped"))


def _result(segment: Segment, as_of: datetime, tally: _Tally,
            criteria: list[Diagnostic]) -> Estimate:
    if tally.skipped > MAX_LINE_DIAGNOSTICS:
        tally.diagnostics.append(Diagnostic(
            tally.diagnostics[0].file, tally.unreported_line, 1, codes.SG601,
            f"{tally.skipped - MAX_LINE_DIAGNOSTICS} more malformed lines skipped from line "
            f"{tally.unreported_line} on",
            Severity.WARNING, "each line of an endpoint export is one endpoint as a JSON object; "
            "check how the export was made"))
    return Estimate(
        segment=segment.key,
        as_of=as_of,
        endpoints=tally.endpoints,
        matched=tally.matched,
        sendable=tally.sendable,
        groups=tuple(tally.groups),
        skipped_lines=tally.skipped,
        diagnostics=tuple(sort_diagnostics([*criteria, *tally.diagnostics])),
    )


def record_count(path: str | os.PathLike[str], format: str | None = None) -> RecordCount:
    """Records of an imported segment's local file: CSV rows minus the header, or JSON lines.

    ``format`` is CSV or JSON; without it the file name's suffix decides (.csv is CSV).
    """
    name = str(path)
    kind = (format or ("CSV" if name.lower().removesuffix(".gz").endswith(".csv") else "JSON"))
    try:
        with open_stream(path) as (stream, _):
            if kind.upper() == "CSV":
                text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
                rows = sum(1 for row in csv.reader(text) if row)
                return RecordCount(max(rows - 1, 0))
            return RecordCount(sum(1 for line in _lines(stream) if line is None or line.strip()))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as error:
        return RecordCount(0, (Diagnostic(
            name, 1, 1, codes.SG604, f"import file cannot be read: {error}", Severity.ERROR,
            "pass the local copy of the import file, CSV with a header row or JSON lines"),))
