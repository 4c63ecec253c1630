"""Estimate stage: a segment's approximate endpoint count over a local endpoint export.

Input: a ``model.Segment``, the project's segments by key (to resolve base segments), the path
of an endpoint export (newline-delimited JSON, one Pinpoint endpoint object per line,
optionally gzip-compressed) and an explicit as-of time. Output: an ``Estimate`` with the
endpoints read, the matched and matched-and-sendable counts, per-group counts and diagnostics
(SG6xx). The export is streamed line by line; malformed lines are reported and skipped.
``record_count`` counts the records of an imported segment's local CSV or JSON-lines file.

Where the Pinpoint documentation is silent the evaluation makes a choice, and says which:
``EstimateOptions`` holds the switches; the rest is listed here. Attribute and demographic
values match case-sensitively. ON compares UTC calendar dates. Recency reads ``EffectiveDate``
(no export field records sessions): an endpoint is active when its ``EffectiveDate`` is at or
after ``as_of`` minus the duration; a missing or unreadable date counts as inactive. Channel
compares ``ChannelType``; DeviceType has no endpoint field and never matches. GPS distance is
the haversine great-circle distance, range inclusive. A group without base segments starts
from all endpoints; NONE is the complement within the base. A base segment that cannot be
evaluated locally (given by id only, imported, unknown or cyclic) is left out of its group.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from segmentgen.diagnostics import Diagnostic, Path, Severity, sort_diagnostics
from segmentgen.model import (
    AttributeCriterion,
    Dimensions,
    Group,
    MetricCriterion,
    Segment,
    SetCriterion,
    SourceRef,
)

CODES: dict[str, str] = {
    "SG601": "endpoint export line is not a JSON object; skipped",
    "SG602": "criterion has no endpoint field in an export; never matches",
    "SG603": "base segment cannot be evaluated locally; left out",
    "SG604": "file cannot be read",
    "SG605": "imported segment has no criteria; count its records instead",
    "SG606": "criterion value cannot be evaluated; never matches",
}

DURATION_SPANS: dict[str, timedelta] = {
    "HR_24": timedelta(hours=24),
    "DAY_7": timedelta(days=7),
    "DAY_14": timedelta(days=14),
    "DAY_30": timedelta(days=30),
}
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_LINE_DIAGNOSTICS = 100
PROGRESS_STEP = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
SENDABLE_STATUSES = ("ACTIVE", None)
OPTED_OUT = "ALL"

Endpoint = Mapping[str, object]
Predicate = Callable[[Endpoint], bool]
Progress = Callable[[int], None]
ByteStream = io.BufferedReader | gzip.GzipFile


@dataclass(frozen=True, slots=True)
class EstimateOptions:
    """Choices the documentation leaves open; each default is an inference."""

    exclusive_matches_missing: bool = True  # EXCLUSIVE holds for an endpoint without the field
    between_inclusive: bool = True  # BETWEEN includes its end points


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

    def as_dict(self) -> dict[str, object]:
        return {
            "segment": self.segment,
            "as_of": self.as_of.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
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


def parse_instant(text: str) -> datetime | None:
    """An ISO-8601 date or instant as an aware datetime (naive means UTC), or None."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _combine(mode: str, results: Iterable[bool]) -> bool:
    if mode == "ALL":
        return all(results)
    if mode == "ANY":
        return any(results)
    if mode == "NONE":
        return not any(results)
    raise ValueError(f"combination mode {mode!r} is not ALL, ANY or NONE")


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


ValuesTest = Callable[[tuple[str, ...] | None], bool]


def _date_test(kind: str, bounds: list[datetime], options: EstimateOptions) -> ValuesTest:
    def holds(instant: datetime) -> bool:
        if kind == "BEFORE":
            return instant < bounds[0]
        if kind == "AFTER":
            return instant > bounds[0]
        if kind == "ON":
            return instant.astimezone(UTC).date() == bounds[0].astimezone(UTC).date()
        if options.between_inclusive:
            return bounds[0] <= instant <= bounds[1]
        return bounds[0] < instant < bounds[1]

    def test(values: tuple[str, ...] | None) -> bool:
        instants = (parse_instant(v) for v in values or ())
        return any(instant is not None and holds(instant) for instant in instants)

    return test


def _set_test(kind: str, wanted: tuple[str, ...], options: EstimateOptions) -> ValuesTest:
    chosen = frozenset(wanted)
    if kind == "INCLUSIVE":
        return lambda values: values is not None and not chosen.isdisjoint(values)
    if kind == "EXCLUSIVE":
        missing = options.exclusive_matches_missing
        return lambda values: missing if values is None else chosen.isdisjoint(values)
    if kind == "CONTAINS":
        return lambda values: any(part in value for value in values or () for part in wanted)
    raise ValueError(f"set criterion type {kind!r} is not INCLUSIVE, EXCLUSIVE or CONTAINS")


def _never(endpoint: Endpoint) -> bool:
    return False


def _always(endpoint: Endpoint) -> bool:
    return True


@dataclass
class _Compiler:
    """Turns a segment's criteria into predicates, collecting diagnostics once per criterion."""

    segments: Mapping[str, Segment]
    as_of: datetime
    options: EstimateOptions
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)

    def report(self, segment: Segment, path: Path, code: str, message: str, *,
               severity: Severity = Severity.WARNING, hint: str | None = None) -> None:
        line, col = segment.line, 1
        if segment.locator is not None:
            line, col = segment.locator.position(path)
        self.diagnostics.append(Diagnostic(segment.file, line, col, code, message, severity, hint))

    def segment(self, segment: Segment) -> Predicate:
        if segment.groups is not None:
            groups = self.groups(segment)
            include = segment.groups.include
            return lambda ep: _combine(include, (group(ep) for group in groups))
        if segment.dimensions is not None:
            return self.dimensions(segment, segment.dimensions, ("Dimensions",))
        return _always

    def groups(self, segment: Segment) -> tuple[Predicate, ...]:
        assert segment.groups is not None
        return tuple(
            self.group(segment, group, ("SegmentGroups", "Groups", index))
            for index, group in enumerate(segment.groups.groups)
        )

    def group(self, segment: Segment, group: Group, path: Path) -> Predicate:
        bases = [
            base
            for index, ref in enumerate(group.sources)
            if (base := self.source(segment, ref, (*path, "SourceSegments", index))) is not None
        ]
        blocks = [
            self.dimensions(segment, dims, (*path, "Dimensions", index))
            for index, dims in enumerate(group.dimensions)
        ]
        source_type, group_type = group.source_type, group.type

        def matches(ep: Endpoint) -> bool:
            if bases and not _combine(source_type, (base(ep) for base in bases)):
                return False
            return not blocks or _combine(group_type, (block(ep) for block in blocks))

        return matches

    def source(self, segment: Segment, ref: SourceRef, path: Path) -> Predicate | None:
        name = ref.key if ref.key is not None else f"id {ref.id}"
        base = self.segments.get(ref.key) if ref.key is not None else None
        if base is None:
            why = "unknown segment key" if ref.key is not None else "deployed segment given by id"
            severity = Severity.WARNING if ref.key is not None else Severity.NOTICE
        elif base.imported is not None:
            why, severity = "imported segment", Severity.NOTICE
        elif base.key in self.stack or base.key == segment.key:
            why, severity = "cycle of base segments", Severity.WARNING
        else:
            self.stack.append(segment.key)
            try:
                return self.segment(base)
            finally:
                self.stack.pop()
        self.report(segment, (*path, "Id"), "SG603",
                    f"base segment {name} cannot be evaluated locally ({why}); left out of "
                    "the estimate", severity=severity,
                    hint="give base segments by key to a segment of this project")
        return None

    def dimensions(self, segment: Segment, dims: Dimensions, path: Path) -> Predicate:
        tests: list[Predicate] = []
        for criterion in dims.attributes:
            tests.append(self.attribute(segment, criterion, (*path, "Attributes"), "Attributes"))
        for criterion in dims.user_attributes:
            tests.append(self.attribute(segment, criterion, (*path, "UserAttributes"), "User"))
        tests.extend(self.metric(criterion) for criterion in dims.metrics)
        if dims.recency is not None:
            tests.append(self.recency(dims.recency.duration, dims.recency.type))
        for name, demographic in dims.demographic:
            tests.append(self.demographic(segment, name, demographic, (*path, "Demographic")))
        if dims.country is not None:
            in_country = _set_test(dims.country.type, dims.country.values, self.options)
            tests.append(
                lambda ep: in_country(_strings(_mapping(ep.get("Location")).get("Country")))
            )
        if dims.gps is not None:
            tests.append(self.gps(dims.gps.latitude, dims.gps.longitude, dims.gps.range_km))
        return lambda ep: all(criterion(ep) for criterion in tests)

    def attribute(self, segment: Segment, criterion: AttributeCriterion, path: Path,
                  source: str) -> Predicate:
        name = criterion.name
        if source == "User":
            def values(ep: Endpoint) -> tuple[str, ...] | None:
                user = _mapping(ep.get("User"))
                return _strings(_mapping(user.get("UserAttributes")).get(name))
        else:
            def values(ep: Endpoint) -> tuple[str, ...] | None:
                return _strings(_mapping(ep.get("Attributes")).get(name))
        if criterion.type not in ("BEFORE", "AFTER", "ON", "BETWEEN"):
            test = _set_test(criterion.type, criterion.values, self.options)
            return lambda ep: test(values(ep))
        bounds = [parse_instant(value) for value in criterion.values]
        needed = 2 if criterion.type == "BETWEEN" else 1
        if len(bounds) != needed or any(bound is None for bound in bounds):
            self.report(segment, (*path, name, "Values"), "SG606",
                        f"{criterion.type} needs {needed} ISO-8601 value(s), got "
                        f"{list(criterion.values)!r}; the criterion never matches",
                        hint="write dates as 2024-01-01 or instants as 2024-01-01T12:00:00Z")
            return _never
        date_test = _date_test(criterion.type, [b for b in bounds if b is not None], self.options)
        return lambda ep: date_test(values(ep))

    def metric(self, criterion: MetricCriterion) -> Predicate:
        name, target, operator = criterion.name, criterion.value, criterion.operator
        compare: dict[str, Callable[[float], bool]] = {
            "GREATER_THAN": lambda v: v > target,
            "LESS_THAN": lambda v: v < target,
            "GREATER_THAN_OR_EQUAL": lambda v: v >= target,
            "LESS_THAN_OR_EQUAL": lambda v: v <= target,
            "EQUAL": lambda v: v == target,
        }
        if operator not in compare:
            raise ValueError(f"metric operator {operator!r} is not a Pinpoint operator")
        holds = compare[operator]

        def test(ep: Endpoint) -> bool:
            value = _number(_mapping(ep.get("Metrics")).get(name))
            return value is not None and holds(value)

        return test

    def recency(self, duration: str, kind: str) -> Predicate:
        since = self.as_of - DURATION_SPANS[duration]
        active = kind == "ACTIVE"

        def test(ep: Endpoint) -> bool:
            text = _string(ep.get("EffectiveDate"))
            instant = parse_instant(text) if text is not None else None
            return (instant is not None and instant >= since) == active

        return test

    def demographic(self, segment: Segment, name: str, criterion: SetCriterion,
                    path: Path) -> Predicate:
        if name == "DeviceType":
            self.report(segment, (*path, name), "SG602",
                        "DeviceType has no field in an endpoint export; the criterion never "
                        "matches, so the estimate counts no endpoint for it",
                        hint="estimate without the device type, or use platform, make or model")
            return _never
        test = _set_test(criterion.type, criterion.values, self.options)
        if name == "Channel":
            return lambda ep: test(_strings(ep.get("ChannelType")))
        return lambda ep: test(_strings(_mapping(ep.get("Demographic")).get(name)))

    def gps(self, latitude: float, longitude: float, range_km: float) -> Predicate:
        def test(ep: Endpoint) -> bool:
            location = _mapping(ep.get("Location"))
            lat, lon = _number(location.get("Latitude")), _number(location.get("Longitude"))
            if lat is None or lon is None:
                return False
            return haversine_km(latitude, longitude, lat, lon) <= range_km

        return test


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


def _parse(line: bytes | None) -> tuple[Endpoint | None, str | None]:
    if line is None:
        return None, f"line longer than {MAX_LINE_BYTES} bytes"
    try:
        value = json.loads(line)
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
                file, number, 1, "SG601", f"line {number} skipped: {why}", Severity.WARNING,
                "each line must hold one endpoint object, as Pinpoint's export writes it"))


def estimate_segment(
    segment: Segment,
    export: str | os.PathLike[str],
    *,
    as_of: datetime,
    segments: Mapping[str, Segment] | None = None,
    options: EstimateOptions = EstimateOptions(),
    progress: Progress | None = None,
) -> Estimate:
    """Evaluate ``segment`` over every endpoint of the export at ``export``."""
    as_of = as_of.replace(tzinfo=UTC) if as_of.tzinfo is None else as_of
    compiler = _Compiler(dict(segments or {}), as_of, options)
    tally = _Tally()
    if segment.imported is not None:
        compiler.report(segment, (), "SG605",
                        f"segment {segment.key!r} is imported: it has no criteria to evaluate",
                        severity=Severity.NOTICE,
                        hint="its size is the record count of its import file")
        return _result(segment, as_of, tally, compiler.diagnostics)
    groups = compiler.groups(segment) if segment.groups is not None else ()
    whole = compiler.segment(segment) if segment.groups is None else None
    include = segment.groups.include if segment.groups is not None else "ALL"
    tally.groups = [0] * len(groups)
    _stream(str(export), tally, progress, groups, whole, include)
    return _result(segment, as_of, tally, compiler.diagnostics)


def _stream(file: str, tally: _Tally, progress: Progress | None, groups: tuple[Predicate, ...],
            whole: Predicate | None, include: str) -> None:
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
                if whole is not None:
                    hit = whole(endpoint)
                else:
                    hits = [group(endpoint) for group in groups]
                    for index, group_hit in enumerate(hits):
                        tally.groups[index] += group_hit
                    hit = _combine(include, hits)
                if hit:
                    tally.matched += 1
                    tally.sendable += is_sendable(endpoint)
            if progress is not None:
                progress(position())
    except (OSError, EOFError, zlib.error) as error:
        tally.diagnostics.append(Diagnostic(
            file, max(number, 1), 1, "SG604", f"endpoint export cannot be read: {error}",
            Severity.ERROR, "pass a Pinpoint endpoint export: JSON lines, optionally gzipped"))


def _result(segment: Segment, as_of: datetime, tally: _Tally,
            criteria: list[Diagnostic]) -> Estimate:
    if tally.skipped > MAX_LINE_DIAGNOSTICS:
        tally.diagnostics.append(Diagnostic(
            tally.diagnostics[0].file, tally.unreported_line, 1, "SG601",
            f"{tally.skipped - MAX_LINE_DIAGNOSTICS} more malformed lines skipped from line "
            f"{tally.unreported_line} on",
            Severity.WARNING))
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
            name, 1, 1, "SG604", f"import file cannot be read: {error}", Severity.ERROR,
            "pass the local copy of the import file, CSV with a header row or JSON lines"),))
