"""A Customer Profiles segment as one SQL query over a table of profiles.

Input: a ``ProfilesSegment`` (a segment's native ``SegmentGroups`` as plain CloudFormation data,
or its ``SegmentSqlQuery``), the project's Customer Profiles segments by key (base segments:
a ``SourceSegments`` name that is a key), ``EstimateOptions``, a dialect (duckdb, athena,
trino, spark) and the table's name. Output: ``ProfilesQuery``: the text of one query returning
one row (``profiles``, ``matched`` and ``group_1`` ... per segment group; with ``checks``
also ``check_1`` ... per data check, see ``ProfilesCompiler.checks``), the diagnostics of
criteria an export cannot answer (SG602, SG603, SG606, SG612: warnings) and the checks.

Each ``Dimension`` is split into its criteria, one member each (``split``), and each
criterion's condition comes from the kind that claims it (``criteria.profiles``; its ``sql``).
The plan is ``estimate.plan``'s for Pinpoint segments: base segments first, each one common
table expression adding its result as a column; within a group the base segments combine by
``SourceType`` and the dimensions by ``Type``, both of which must hold; the groups combine
by ``Include``; a group with neither holds for every profile. ALL: all of them, ANY: one of
them, NONE: none of them (the complement); a missing ``Include`` or ``SourceType`` is ANY (the
guide OR-s filter groups and starting audiences), a missing ``Type`` is ALL (the guide AND-s
the filters of a group). These readings of NONE and ``SourceType: ALL`` are inferred: the
guide does not describe them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Path, Severity, sort_diagnostics
from segmentgen.estimate import expressions as sql
from segmentgen.estimate import profiles_expressions as px
from segmentgen.estimate.match import EstimateOptions

if TYPE_CHECKING:
    from sqlglot import exp

DEFAULT_OPTIONS = EstimateOptions()
Locate = Callable[[Path], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class ProfilesSegment:
    """What the estimate reads of one Customer Profiles segment (plain CloudFormation data)."""

    key: str
    segment_groups: Mapping[str, Any] | None = None
    sql: str | None = None
    file: str = "<segment>"
    line: int = 1
    locate: Locate | None = field(default=None, compare=False)

    def position(self, path: Path) -> tuple[int, int]:
        return self.locate(path) if self.locate is not None else (self.line, 1)


@dataclass(frozen=True, slots=True)
class Check:
    """A count over the export that turns into a warning: ``diagnostic`` (its message holds
    ``{count}``) is reported when the count is above zero (or, ``when_none``, is zero)."""

    condition: exp.Expr
    diagnostic: Diagnostic
    when_none: bool = False

    def finding(self, count: int) -> Diagnostic | None:
        if (count == 0) != self.when_none:
            return None
        d = self.diagnostic
        return Diagnostic(d.file, d.line, d.col, d.code, d.message.format(count=count),
                          d.severity, d.hint)


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion of a block: its words, condition and the path of its dimension."""

    label: str
    condition: exp.Expr
    path: Path
    words: str = ""  # its kind's words (``describe``), where it has them


@dataclass
class ProfilesCompiler:
    """Turns criteria into conditions (``profiles_expressions.Context``), collecting
    diagnostics and data checks; ``segment`` and ``path`` are the criterion being compiled."""

    options: EstimateOptions = DEFAULT_OPTIONS
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    segment: ProfilesSegment = ProfilesSegment("")
    path: Path = ()

    def diagnostic(self, path: Path, code: str, message: str, hint: str,
                   severity: Severity = Severity.WARNING) -> Diagnostic:
        line, col = self.segment.position(path)
        return Diagnostic(self.segment.file, line, col, code, message, severity, hint)

    def warn(self, path: Path, code: str, message: str, hint: str,
             severity: Severity = Severity.WARNING) -> None:
        self.diagnostics.append(self.diagnostic(path, code, message, hint, severity))

    def unreadable(self, path: Path, label: str, condition: exp.Expr, form: str) -> None:
        self.checks.append(Check(condition, self.diagnostic(
            path, codes.SG611, f"segment {self.segment.key}: {{count}} profiles hold a value "
            f"of {label} that is not {form}; they do not match {label}",
            "fix those profiles' values, or compare them as strings")))

    def absent(self, path: Path, label: str, condition: exp.Expr) -> None:
        self.checks.append(Check(condition, self.diagnostic(
            path, codes.SG602, f"segment {self.segment.key}: no profile of the export holds "
            f"{label}; the criterion never matches",
            "export the calculated attribute's values under CalculatedAttributes (README: "
            "Customer Profiles exports)"), when_none=True))

    def criteria(self, dimension: object, path: Path) -> list[Criterion]:
        """The criteria of one ``Dimension`` at ``path``, each with its condition."""
        found = []
        for single, where, label in split(dimension, path):
            self.path = where
            found.append(Criterion(label, condition_of(single, self, label), where,
                                   words_of(single)))
        return found


def split(dimension: object, path: Path) -> Iterator[tuple[dict[str, Any], Path, str]]:
    """One single-member dimension per criterion in ``dimension``, its path and its words:
    ``{ProfileAttributes: {FirstName: ...}}``, one per address part, attribute and
    calculated attribute."""
    if not isinstance(dimension, Mapping):
        return
    for container, members in sorted(dimension.items()):
        if not isinstance(members, Mapping):
            continue
        for name, value in members.items():
            where = (*path, container, name)
            if container == "CalculatedAttributes":
                yield {container: {name: value}}, where, f"CalculatedAttributes.{name}"
            elif name == "Attributes" or name in px.ADDRESSES:
                for inner, criterion in (value.items() if isinstance(value, Mapping) else ()):
                    yield ({container: {name: {inner: criterion}}}, (*where, inner),
                           f"{name}.{inner}")
            else:
                yield {container: {name: value}}, where, name


def words_of(single: Mapping[str, Any]) -> str:
    """The words its kind gives one single-member dimension (``describe``), or ''."""
    from segmentgen.criteria.profiles import kind_of

    kind = kind_of(single)
    words = kind.describe(single) if kind is not None else []
    return words[0] if len(words) == 1 else ""


def condition_of(single: Mapping[str, Any], compiler: ProfilesCompiler,
                 label: str) -> exp.Expr:
    """The condition of one single-member dimension: its kind's ``sql``."""
    from segmentgen.criteria.profiles import kind_of

    kind = kind_of(single)
    condition = kind.sql(single, compiler) if kind is not None else None
    if condition is None:
        condition = local_condition(single, compiler, label)
    return condition if condition is not None else sql.truth(False)


def local_condition(single: Mapping[str, Any], compiler: ProfilesCompiler,
                    label: str) -> exp.Expr | None:
    """A criterion no kind answers: a member that is no field of a profile (SG602)."""
    compiler.warn(compiler.path, codes.SG602, f"{label} is no field of a profile; the "
                  "criterion never matches",
                  "see README: Customer Profiles exports for the fields an export holds")
    return None


@dataclass(frozen=True, slots=True)
class ProfilesQuery:
    text: str
    groups: int  # how many group_N columns the row has
    diagnostics: tuple[Diagnostic, ...]
    checks: tuple[Check, ...] = ()
    answerable: bool = True  # False: a SQL segment the export cannot answer (SG612)


def segment_query(segment: ProfilesSegment, segments: Mapping[str, ProfilesSegment], *,
                  options: EstimateOptions = DEFAULT_OPTIONS, dialect: str = "duckdb",
                  table: str = px.TABLE, checks: bool = False) -> ProfilesQuery:
    """The query counting ``segment`` over ``table`` in ``dialect`` (with the data checks'
    counts when ``checks``)."""
    from segmentgen.estimate import profiles_plan

    compiler = ProfilesCompiler(options)
    if segment.sql is not None:
        from segmentgen.estimate.profiles_sql_segment import sql_segment_query

        return sql_segment_query(segment, compiler, dialect, table)
    plan = profiles_plan.build(segment, segments, compiler)
    tree = profiles_plan.query(plan, table, compiler.checks if checks else [])
    text = sql.for_dialect(tree, dialect).sql(dialect=dialect, pretty=True) + "\n"
    return ProfilesQuery(text, plan.group_count, tuple(sort_diagnostics(compiler.diagnostics)),
                         tuple(compiler.checks) if checks else ())


def combine(mode: str, conditions: Sequence[exp.Expr]) -> exp.Expr:
    """ALL, ANY or NONE of ``conditions``."""
    from sqlglot import exp

    if mode == "ALL":
        return exp.and_(*conditions) if conditions else sql.truth(True)
    either = exp.or_(*conditions) if conditions else sql.truth(False)
    return either if mode == "ANY" else exp.not_(either)
