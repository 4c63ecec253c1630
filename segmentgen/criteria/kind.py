"""The interface of one criterion kind: everything segmentgen knows about it, in one class.

Input: nothing. Output: ``CriterionKind``, the base class every kind module subclasses. A kind
declares its shapes in both forms (``keys``: high-level ``where:`` keys; ``native``: its paths
under CloudFormation's ``Dimensions``; ``shapes``: the named table entries they refer to) and
answers, for each stage, from one criteria block: ``desugar`` (high-level data to native
data), ``to_model`` (native data to the kind's model value), ``pinpoint`` (model to
troposphere properties), ``profiles`` (model to Customer Profiles dimensions, or SG301 with
the reason), ``describe`` (model to words), ``predicates`` (model to endpoint tests),
``sql`` (model to SQL conditions on an ``endpoints`` row), ``to_high_level`` (native data
back to ``where:`` keys), ``tighten`` (the cfn-lint plug-in schema) and ``value_rules`` (the
checks of its values in native form that a shape cannot state, each with the cfn-lint
plug-in rule that runs the same function on templates). Three flags tell
the generic walks how its native data is laid out: ``per_member``, ``holds_sets`` and
``imported`` (see ``criteria.layout``). Every method and flag has a
do-nothing default, so a kind states only what it has.

A new kind needs no field in ``model.Dimensions``: its ``to_model`` returns
``{self.name: value}`` (a frozen, hashable value; None when the block has none), which
``Dimensions.kinds`` carries, and its other methods read it back with ``self.value(dims)``.
The kinds that predate the registry keep their own fields (``attributes``, ``recency``, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Dimensions, Segment
from segmentgen.core.shape_types import Member, Shape

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.compile.customer_profiles_map import Outcome
    from segmentgen.estimate.match import Compiler
    from segmentgen.estimate.sql import SqlCompiler
    from segmentgen.validate.desugar import Native

Predicate = Callable[[Mapping[str, object]], bool]
# A value rule over a segment's native criteria ({"Dimensions": ...} or {"SegmentGroups": ...},
# any JSON: intrinsic functions and misspelt sections are skipped), and the plug-in rule id
# that reports its findings in templates (None: the validator's alone).
CriteriaRule = Callable[[Mapping[str, Any]], Iterator[Finding]]
ValueRule = tuple[CriteriaRule, str | None]
NativePath = tuple[str, ...]  # a path under Dimensions: ("Location", "GPSPoint")


class CriterionKind:
    """One kind of criterion; subclasses fill in the class attributes and the methods."""

    name: ClassVar[str] = ""
    keys: ClassVar[Mapping[str, Member]] = {}  # high-level key in where: -> its shape
    native: ClassVar[Mapping[NativePath, Member]] = {}  # under Dimensions (one or two keys)
    shapes: ClassVar[Mapping[str, Shape]] = {}  # named shapes the members refer to
    # Each member under its native key is a criterion of its own (named attributes, the
    # Demographic fields): counted one by one, and a shape error sets aside only that member.
    # A kind under a shared key (("Location", "GPSPoint")) is one member of that key anyway.
    per_member: ClassVar[bool] = False
    # Its native criteria are sets ({DimensionType, Values}): the per-value rules read them.
    holds_sets: ClassVar[bool] = False
    # The importer's shape of its native members, where a deployed segment may hold less than
    # the spec form needs; None: the same as ``native``.
    imported: ClassVar[Mapping[NativePath, Member] | None] = None

    def desugar(self, where: Mapping[str, Any], path: Path, source: Path,
                native: Native) -> Iterator[tuple[NativePath, object]]:
        """(path under Dimensions, native value) for this kind's keys in ``where``; records
        in ``native.origin`` which source path each native path came from."""
        return iter(())

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        """``model.Dimensions`` keyword arguments from one checked native block; a name that
        is not a field (``self.name``) is carried in ``Dimensions.kinds``."""
        return {}

    def value(self, dims: Dimensions) -> object | None:
        """This kind's value in ``dims.kinds`` (for a kind without a model field), or None."""
        return dims.value(self.name)

    def pinpoint(self, dims: Dimensions) -> Iterator[tuple[NativePath, Any]]:
        """(path under Dimensions, troposphere value) for ``AWS::Pinpoint::Segment``."""
        return iter(())

    def profiles(self, out: Outcome, dims: Dimensions, prefix: Path,
                 attribute_map: Mapping[str, str]) -> list[Any]:
        """Customer Profiles dimensions (None for one that cannot be carried); a criterion
        with no equivalent records SG301 in ``out`` with the reason."""
        return []

    def count(self, dims: Dimensions) -> int:
        """How many criteria of this kind ``dims`` holds."""
        return 0

    def describe(self, dims: Dimensions) -> list[str]:
        """One line of words per criterion of this kind."""
        return []

    def predicates(self, compiler: Compiler, segment: Segment, dims: Dimensions,
                   path: Path) -> list[Predicate]:
        """One endpoint test per criterion; ``compiler`` reports what cannot be evaluated."""
        return []

    def sql(self, compiler: SqlCompiler, segment: Segment, dims: Dimensions,
            path: Path) -> list[exp.Expr]:
        """One SQL condition per criterion, over a row of the ``endpoints`` table
        (``estimate.expressions``), meaning what ``predicates`` means; never NULL."""
        return []

    def to_high_level(self, block: Mapping[str, Any], path: Path) -> dict[str, Any]:
        """The ``where:`` keys of this kind from one native block (the import inverse);
        raises ``importer.criteria.Unexpressible`` for a part with no spec form."""
        return {}

    def tighten(self, definitions: dict[str, Any]) -> None:
        """Type this kind's parts of cfn-lint's ``AWS::Pinpoint::Segment`` schema, in place."""

    def value_rules(self) -> tuple[ValueRule, ...]:
        """The rules of this kind's values in native form (SG208 dates, SG210 countries),
        each the same function object on every call, with its plug-in rule id."""
        return ()
