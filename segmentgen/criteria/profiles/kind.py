"""The interface of one Customer Profiles criterion kind, in one class.

Input: nothing. Output: ``ProfileKind``, the base class every kind module subclasses, and
``Dimension`` (one CloudFormation ``Dimension``: ``{"ProfileAttributes": {...}}`` or
``{"CalculatedAttributes": {...}}``). A kind declares where its criteria are written in
both forms: ``section`` (``profile``, ``attributes`` or ``calculated`` under a
customer-profiles ``where:``) with ``keys`` (its high-level keys in that section and their
shapes; empty: the whole section, whose shape is ``section_shape``), ``container`` (the
``Dimension`` member it lives under) with ``native`` (its members there and their shapes;
empty: the whole container, whose shape is ``container_shape``), and ``shapes`` (the named
table entries they refer to). Its methods each take one criterion: ``claims``
(whether a dimension is this kind's), ``desugar`` (a high-level key and value to
dimensions, one per criterion), ``check_high_level`` (rules of the high-level form beyond
its shape; what a dimension may hold is ``validate.profiles_rules``', shared with the cfn-lint
plug-in), ``describe`` (words), ``sql`` (a condition over a ``profiles`` row)
and ``to_high_level`` (the ``where:`` keys back). Every method has a
do-nothing default, so a kind states only what it has.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.shape_types import Member, Shape

if TYPE_CHECKING:
    from segmentgen.validate.desugar import Native

Dimension = Mapping[str, Any]


class ProfileKind:
    """One kind of Customer Profiles criterion; subclasses fill in what they have."""

    name: ClassVar[str] = ""
    section: ClassVar[str] = ""  # profile | attributes | calculated (under where:)
    keys: ClassVar[Mapping[str, Member]] = {}  # its keys in the section; {}: the whole section
    section_shape: ClassVar[Member | None] = None  # the section's shape when keys is {}
    container: ClassVar[str] = "ProfileAttributes"  # ProfileAttributes | CalculatedAttributes
    native: ClassVar[Mapping[str, Member]] = {}  # its members in the container; {}: all of it
    container_shape: ClassVar[Member | None] = None  # the container's shape when native is {}
    shapes: ClassVar[Mapping[str, Shape]] = {}  # named shapes the members refer to

    def claims_key(self, section: str, key: str) -> bool:
        """Whether ``key`` under ``where: {section: ...}`` is this kind's."""
        return section == self.section and (not self.keys or key in self.keys)

    def claims(self, dimension: Dimension) -> bool:
        """Whether this CloudFormation dimension is this kind's."""
        members = dimension.get(self.container) if isinstance(dimension, Mapping) else None
        if not isinstance(members, Mapping):
            return False
        return not self.native or any(name in self.native for name in members)

    def desugar(self, key: str, value: Any, path: Path, source: Path,
                native: Native) -> list[Dimension]:
        """The dimensions of the high-level ``key: value`` (written at ``source``), one per
        criterion, the first landing at ``path`` (its place in ``Dimensions``) and the
        others after it; records the origins in ``native``."""
        return []

    def check_high_level(self, key: str, value: Any, source: Path) -> Iterator[Finding]:
        """Rules of the high-level ``key: value`` (written at ``source``) that its shape
        cannot say."""
        return iter(())

    def describe(self, dimension: Dimension) -> list[str]:
        """One line of words per criterion in ``dimension``."""
        return []

    def sql(self, dimension: Dimension, compiler: Any) -> Any:
        """A SQL condition (sqlglot) over a ``profiles`` row meaning ``dimension``, or None."""
        return None

    def to_high_level(self, dimension: Dimension) -> dict[str, dict[str, Any]]:
        """``{section: {key: value}}``: the high-level form of ``dimension`` (empty when it
        has none)."""
        return {}
