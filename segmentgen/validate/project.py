"""Cross-segment rules: what no single segment can show.

Input: the raw segments of every file, the segments that passed their own checks and the
project settings.
Output: the segments sorted by key (those in a cycle or with dangling references dropped)
and diagnostics: duplicate keys and logical IDs (SG206), duplicate names within one
application, compared by ``vocabulary.name_identity`` (SG207), reference cycles (SG220),
imported base segments that do not stand alone (SG216), base segments in another
application (SG225, ``applications``), applications and names across environments (SG222,
SG207, ``environments``), application Parameters named like a segment's part (SG223,
``template_names``), calculated attributes no settings entry names (SG238,
``calculated``), and the rules of Customer Profiles segments across the project (SG226,
SG228, SG229, ``profiles_project``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from segmentgen.compile import logical_id
from segmentgen.core import codes, model
from segmentgen.core.diagnostics import Diagnostic, Finding
from segmentgen.core.vocabulary import name_identity
from segmentgen.validate.applications import check_applications
from segmentgen.validate.calculated import check_calculated_references
from segmentgen.validate.environments import check_environments
from segmentgen.validate.profiles_project import check_profiles_project
from segmentgen.validate.template_names import check_parameter_clashes

if TYPE_CHECKING:
    from segmentgen.validate import RawSegment


def check_project(
    raw: Sequence[RawSegment], segments: Sequence[model.Segment], settings: model.Settings
) -> tuple[list[model.Segment], list[Diagnostic]]:
    diagnostics = list(_duplicates(raw))
    by_key = {segment.key: segment for segment in segments}
    broken: set[str] = set()
    for segment in sorted(segments, key=lambda s: s.key):
        found = list(_references(segment, by_key))
        if found:
            broken.add(segment.key)
        diagnostics.extend(found)
    for key, diagnostic in check_applications(segments, settings):
        broken.add(key)
        diagnostics.append(diagnostic)
    for key, diagnostic in check_profiles_project(segments, settings):
        broken.add(key)
        diagnostics.append(diagnostic)
    diagnostics.extend(check_calculated_references(model.Project(tuple(segments), settings)))
    diagnostics.extend(_names(raw))
    diagnostics.extend(check_environments(raw, segments, settings))
    diagnostics.extend(check_parameter_clashes([segment.key for segment in raw], settings))
    for members, diagnostic in _cycles(by_key):
        broken.update(members)
        diagnostics.append(diagnostic)
    kept = [s for s in segments if s.key not in broken]
    return sorted(kept, key=lambda s: s.key), diagnostics


def _duplicates(raw: Sequence[RawSegment]) -> Iterator[Diagnostic]:
    """SG206 at the later of two segments (in file and line order) with one key or one
    logical ID, naming the first by file and line."""
    seen: dict[str, RawSegment] = {}
    ids: dict[str, RawSegment] = {}
    for segment in raw:
        if segment.key in seen:
            yield segment.loaded.diagnostic(Finding(
                segment.path, codes.SG206, f"segment key {segment.key!r} is defined twice; the "
                f"first is at {_place(seen[segment.key])}", "keys are unique across all spec "
                "files: rename this one or remove it", at_key=True))
            continue
        seen[segment.key] = segment
        lid = logical_id(segment.key)
        if lid in ids:
            other = ids[lid]
            yield segment.loaded.diagnostic(Finding(
                segment.path, codes.SG206, f"segment keys {other.key!r} ({_place(other)}) and "
                f"{segment.key!r} both become the logical ID {lid!r}", "rename one of them: a "
                "logical ID drops '-' and '_' and capitalises the first letter of each part",
                at_key=True))
        ids.setdefault(lid, segment)


def _place(segment: RawSegment) -> str:
    """``file:line`` of a segment's key."""
    return f"{segment.loaded.file}:{segment.loaded.position(segment.path, key=True)[0]}"


def _names(raw: Sequence[RawSegment]) -> Iterator[Diagnostic]:
    """Duplicate names over every segment as written, errors or not (a key defined twice
    among them), so one run says all. Names are compared as people read them
    (``name_identity``): invisible characters, spacing and Unicode forms do not make two
    names distinct."""
    seen: dict[tuple[str, str], RawSegment] = {}
    for segment in raw:
        data = segment.data
        if not isinstance(data, dict):
            continue
        name, application = data.get("name"), data.get("application")
        if not isinstance(name, str) or not name_identity(name):
            continue
        found = seen.setdefault((application if isinstance(application, str) else "",
                                 name_identity(name)), segment)
        if found is not segment:
            yield segment.loaded.diagnostic(_same_name(segment, found))


def _same_name(segment: RawSegment, first: RawSegment) -> Finding:
    name, written = segment.data["name"], first.data["name"]  # type: ignore[index]
    hint = "segment names must be unique within an application; campaigns pick by name"
    if name != written:
        hint += (f"; {first.key!r} writes it {written!r}, and invisible characters, spacing "
                 "and Unicode forms do not make names distinct")
    return Finding((*segment.path, "name"), codes.SG207, f"segment name {name!r} is also used by "
                   f"{first.key!r} ({_place(first)}) in the same application", hint)


def _references(segment: model.Segment, by_key: dict[str, model.Segment]) -> Iterator[Diagnostic]:
    """SG216: an imported base segment beside another base segment or a second group.
    References that point at nothing are SG219 of the segment itself (``references``)."""
    if segment.groups is None or segment.locator is None:
        return
    groups = segment.groups.groups
    for g, group in enumerate(groups):
        for s, ref in enumerate(group.sources):
            base = by_key.get(ref.key) if ref.key is not None else None
            if base is not None and base.imported and (len(groups) > 1 or len(group.sources) > 1):
                yield segment.locator.diagnostic(Finding(
                    ("SegmentGroups", "Groups", g, "SourceSegments", s), codes.SG216,
                    f"segment {segment.key!r}: imported base segment {ref.key!r} must be the "
                    "only base segment of a single group",
                    "Pinpoint takes one imported segment as the base, with no second group"))


def _cycles(by_key: dict[str, model.Segment]) -> Iterator[tuple[frozenset[str], Diagnostic]]:
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(key: str, trail: list[str]) -> Iterator[tuple[frozenset[str], Diagnostic]]:
        state[key] = 1
        for base in by_key[key].base_keys():
            if base not in by_key:
                continue
            if state.get(base) == 1:
                cycle = [*trail[trail.index(base):], base] if base in trail else [key, base]
                members = frozenset(cycle)
                if members not in reported:
                    reported.add(members)
                    segment = by_key[key]
                    if segment.locator:
                        yield members, segment.locator.diagnostic(Finding(
                            _reference_path(segment, base), codes.SG220,
                            f"segment {key!r}: base segments form a cycle: {' -> '.join(cycle)}",
                            "remove one of the references"))
            elif base not in state:
                yield from visit(base, [*trail, base])
        state[key] = 2

    for key in sorted(by_key):
        if key not in state:
            yield from visit(key, [key])


def _reference_path(segment: model.Segment, base: str) -> tuple[str | int, ...]:
    """The data path of the first reference from ``segment`` to ``base``."""
    for g, group in enumerate(segment.groups.groups if segment.groups else ()):
        for s, ref in enumerate(group.sources):
            if ref.key == base:
                return ("SegmentGroups", "Groups", g, "SourceSegments", s, "Id")
    return ("SegmentGroups",)
