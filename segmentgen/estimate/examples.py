"""A segment's ``examples:`` checked with the Python evaluator.

Input: a ``model.Segment`` (its ``examples`` rows), the project's segments by key (base
segments) and the instant to judge recency at when the examples give no ``as_of``. Output:
an ``ExampleCheck``: how many examples were checked and the diagnostics, one SG607 error at
each example that does not match as declared, naming the criterion that decided: the first
criterion the endpoint fails for a ``match:`` example, the criteria it meets for a
``no_match:`` one (criteria of groups that decided the result come first). The evaluator's
own warnings (SG602, SG603, SG606) come along once per segment; an imported segment has no
criteria and its examples are reported (SG605) instead of checked.

Matching is ``estimate.plan`` (groups, base segments) over ``estimate.match`` predicates:
the same evaluation ``segmentgen estimate --engine python`` counts with.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from segmentgen import criteria
from segmentgen.core import codes
from segmentgen.core.dates import parse_clamped
from segmentgen.core.diagnostics import Diagnostic, Path, Severity
from segmentgen.core.model import Dimensions, Segment
from segmentgen.estimate.match import Compiler, Endpoint, EstimateOptions, Predicate
from segmentgen.estimate.plan import Plan, build_plan

KINDS = ("match", "no_match")


@dataclass(frozen=True, slots=True)
class Labelled:
    """One criterion's endpoint test, its words and its group (None without groups)."""

    label: str
    test: Predicate
    group: int | None


@dataclass(frozen=True, slots=True)
class ExampleCheck:
    checked: int
    diagnostics: tuple[Diagnostic, ...]

    @property
    def failed(self) -> int:
        return sum(1 for d in self.diagnostics if d.code == codes.SG607)


def as_of(segment: Segment, now: datetime) -> datetime:
    """The examples' ``as_of`` (checked by the validator), or ``now``."""
    for kind, text, _, _ in segment.examples:
        if kind == "as_of":
            return parse_clamped(json.loads(text)) or now
    return now


def check_examples(segment: Segment, segments: Mapping[str, Segment],
                   now: datetime) -> ExampleCheck:
    rows = [row for row in segment.examples if row[0] in KINDS]
    if not rows:
        return ExampleCheck(0, ())
    if segment.imported is not None:
        return ExampleCheck(0, (_imported(segment, rows[0][2], rows[0][3]),))
    instant = as_of(segment, now)
    compiler = Compiler(instant, EstimateOptions())
    plan = build_plan(segment, segments, compiler)
    labelled = list(_labelled(segment, segments, Compiler(instant, EstimateOptions())))
    found = list(compiler.diagnostics)
    for kind, text, line, col in rows:
        endpoint = json.loads(text)
        matched, hits = plan.evaluate(endpoint)
        if matched != (kind == "match"):
            message, hint = _explain(segment.key, kind, endpoint, hits, labelled)
            found.append(Diagnostic(segment.file, line, col, codes.SG607, message,
                                    Severity.ERROR, hint))
    return ExampleCheck(len(rows), tuple(found))


def _imported(segment: Segment, line: int, col: int) -> Diagnostic:
    return Diagnostic(segment.file, line, col, codes.SG605,
                      f"imported segment {segment.key} has no criteria; its examples are not "
                      "checked", Severity.WARNING,
                      "give examples to a dynamic segment that uses it as a base segment")


def _blocks(segment: Segment) -> Iterator[tuple[str, Dimensions, Path, int | None]]:
    """Every criteria block of the segment: its prefix in words, path and group."""
    if segment.groups is None:
        if segment.dimensions is not None:
            yield "", segment.dimensions, ("Dimensions",), None
        return
    for g, group in enumerate(segment.groups.groups):
        for d, dims in enumerate(group.dimensions):
            block = f", block {d + 1}" if len(group.dimensions) > 1 else ""
            yield (f"group {g + 1}{block}: ", dims,
                   ("SegmentGroups", "Groups", g, "Dimensions", d), g)


def _labelled(segment: Segment, segments: Mapping[str, Segment],
              compiler: Compiler) -> Iterator[Labelled]:
    """Each group's local base segments, then each criterion's test with the words ``show``
    uses for it (the kind's name when the kind's words and tests do not pair up)."""
    for g, each in enumerate(segment.groups.groups if segment.groups is not None else ()):
        for ref in each.sources:
            base = segments.get(ref.key) if ref.key is not None else None
            if base is not None and base.imported is None:
                yield Labelled(f"group {g + 1}: base segment {base.key}",
                               _matches(build_plan(base, segments, compiler)), g)
    for prefix, dims, path, group in _blocks(segment):
        for kind in criteria.kinds():
            tests = kind.predicates(compiler, segment, dims, path)
            words = kind.describe(dims)
            for index, test in enumerate(tests):
                label = words[index] if len(words) == len(tests) else kind.name
                yield Labelled(prefix + label, test, group)


def _matches(plan: Plan) -> Predicate:
    return lambda endpoint: plan.evaluate(endpoint)[0]


def _explain(key: str, kind: str, endpoint: Endpoint, hits: tuple[bool, ...],
             labelled: list[Labelled]) -> tuple[str, str]:
    """The message and hint of a failed example."""
    wanted = kind == "no_match"  # what the deciding criteria did
    deciding = [c for c in labelled if c.group is None or hits[c.group] == wanted]
    found = [c.label for c in deciding if c.test(endpoint) == wanted]
    if kind == "match":
        why = f"{found[0]!r} does not hold" if found else "its groups and base segments exclude it"
        return (f"endpoint listed under match: does not match segment {key}: {why}",
                "fix the endpoint, or the criterion if the example is right")
    verb = " holds" if len(found) == 1 else " hold"
    why = ", ".join(repr(label) for label in found) + verb if found else \
        "no criterion excludes it"
    return (f"endpoint listed under no_match: matches segment {key}: {why}",
            "fix the endpoint, or narrow the criteria if the example is right")
