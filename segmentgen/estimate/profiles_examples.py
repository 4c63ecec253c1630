"""A Customer Profiles segment's ``examples:`` checked by the query that counts it.

Input: a ``ProfilesSegment`` with the segment's ``examples`` rows (profile objects in the
shape of a profile export line) and the project's Customer Profiles segments by key. Output:
an ``estimate.examples.ExampleCheck``: one SG607 error at each example that does not match as
declared, naming the criterion that decided (the first criterion a ``match:`` profile fails,
the criteria a ``no_match:`` profile meets, criteria of groups that decided the result first),
and the query's warnings once. Each example is one row of a ``profiles`` table read as an
export is (``profiles_export``), and one DuckDB query gives its result, each group's, each
base segment's and each criterion's: the same conditions ``estimate --profiles`` counts with.
A SQL segment's examples are checked by its query alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.model import Segment
from segmentgen.estimate.examples import KINDS, ExampleCheck
from segmentgen.estimate.profiles_sql import (
    Criterion,
    ProfilesCompiler,
    ProfilesSegment,
    combine,
)

if TYPE_CHECKING:
    import duckdb
    from sqlglot import exp

    from segmentgen.estimate.profiles_plan import Plan


def check_profile_examples(segment: Segment, profiles: ProfilesSegment,
                           segments: Mapping[str, ProfilesSegment]) -> ExampleCheck:
    rows = [row for row in segment.examples if row[0] in KINDS]
    if not rows:
        return ExampleCheck(0, ())
    compiler = ProfilesCompiler()
    text, labels, groups = _row_query(profiles, segments, compiler)
    found = list(compiler.diagnostics)
    if text is None:
        return ExampleCheck(0, tuple(found))
    import duckdb

    from segmentgen.estimate.profiles_export import MACROS

    connection = duckdb.connect(":memory:")
    try:
        connection.execute("SET TimeZone = 'UTC'")
        for macro in MACROS:
            connection.execute(macro)
        for kind, example, line, col in rows:
            result = _evaluate(connection, example, text)
            matched, hits, tests = result[0], result[1:1 + groups], result[1 + groups:]
            if matched != (kind == "match"):
                message, hint = _explain(segment.key, kind, hits, list(zip(labels, tests,
                                                                           strict=True)))
                found.append(Diagnostic(segment.file, line, col, codes.SG607, message,
                                        Severity.ERROR, hint))
    finally:
        connection.close()
    return ExampleCheck(len(rows), tuple(found))


Label = tuple[str, "int | None"]  # words and group (None: the segment as a whole)


def _row_query(profiles: ProfilesSegment, segments: Mapping[str, ProfilesSegment],
               compiler: ProfilesCompiler) -> tuple[str | None, list[Label], int]:
    """The query of one row: matched, each group, then each labelled test."""
    from sqlglot import exp

    from segmentgen.estimate import profiles_plan

    if profiles.sql is not None:
        from segmentgen.estimate.profiles_sql import segment_query

        query = segment_query(profiles, segments)
        compiler.diagnostics.extend(query.diagnostics)
        if not query.answerable:
            return None, [], 0
        return f"SELECT q.matched > 0 FROM ({query.text}) AS q", [], 0
    plan = profiles_plan.build(profiles, segments, compiler)
    step = plan.steps[-1]
    groups = [exp.column(f"group_{n}", table="p") for n in range(1, len(step.groups) + 1)]
    labels, tests = _labelled(plan)
    columns = [combine(step.include, groups), *groups, *tests]
    tree = profiles_plan.query(plan, "profiles").select(*columns, append=False)
    return tree.sql(dialect="duckdb"), labels, len(groups)


def _labelled(plan: Plan) -> tuple[list[Label], list[exp.Expr]]:
    """Each group's base segments, then each criterion, with its words and group."""
    from segmentgen.estimate.profiles_plan import step_column

    labels: list[Label] = []
    tests: list[exp.Expr] = []
    step = plan.steps[-1]
    for g, group in enumerate(step.groups):
        for base in group.bases:
            labels.append((f"group {g + 1}: base segment {plan.steps[base].key}", g))
            tests.append(step_column(base))
    for g, group in enumerate(step.groups):
        for d, block in enumerate(group.blocks):
            where = f", dimension {d + 1}" if len(group.blocks) > 1 else ""
            for criterion in block:
                labels.append((f"group {g + 1}{where}: {_words(criterion)}", g))
                tests.append(criterion.condition)
    return labels, tests


def _words(criterion: Criterion) -> str:
    return criterion.words or criterion.label


def _evaluate(connection: duckdb.DuckDBPyConnection, example: str,
              text: str) -> tuple[bool, ...]:
    from segmentgen.estimate.profiles_export import view_sql

    connection.execute("DROP TABLE IF EXISTS profiles")
    connection.execute("DROP TABLE IF EXISTS objects")
    connection.execute("CREATE TEMP TABLE objects AS SELECT CAST(? AS JSON) AS j", [example])
    connection.execute(view_sql(kind="TEMP TABLE"))
    row = connection.execute(text).fetchone() or ()
    return tuple(bool(value) for value in row)


def _explain(key: str, kind: str, hits: Sequence[bool],
             tests: list[tuple[Label, bool]]) -> tuple[str, str]:
    wanted = kind == "no_match"
    deciding = [(label, hit) for (label, group), hit in tests
                if group is None or hits[group] == wanted]
    found = [label for label, hit in deciding if hit == wanted]
    if kind == "match":
        why = f"{found[0]!r} does not hold" if found else \
            "its groups and base segments exclude it"
        return (f"profile listed under match: does not match segment {key}: {why}",
                "fix the profile, or the criterion if the example is right")
    verb = " holds" if len(found) == 1 else " hold"
    why = ", ".join(repr(label) for label in found) + verb if found else \
        "no criterion excludes it"
    return (f"profile listed under no_match: matches segment {key}: {why}",
            "fix the profile, or narrow the criteria if the example is right")
