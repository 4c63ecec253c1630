"""Country: ``country: [NO, SE]`` is ``Location.Country``, a set of ISO 3166-1 alpha-2 codes.

Input: a criteria block in either form, or its ``model.SetCriterion``. Output: the kind's
shapes, native data, the Pinpoint ``SetDimension``, the Customer Profiles ``Address.Country``
dimension, the words ``country is one of NO, SE``, an endpoint test on ``Location.Country``
and the ``country:`` value back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core import codes, vocabulary
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Dimensions, Segment
from segmentgen.core.shape_types import Member, Ref, Shape
from segmentgen.criteria import endpoint, sets
from segmentgen.criteria.kind import CriterionKind, NativePath, Predicate, ValueRule
from segmentgen.criteria.native_walk import dimension_blocks, listed, mapping

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.compile.customer_profiles_map import Outcome
    from segmentgen.estimate.match import Compiler
    from segmentgen.estimate.sql import SqlCompiler
    from segmentgen.validate.desugar import Native

NATIVE: NativePath = ("Location", "Country")


class Country(CriterionKind):
    name: ClassVar[str] = "country"
    keys: ClassVar[Mapping[str, Member]] = {"country": Member(sets.set_shape("country"))}
    native: ClassVar[Mapping[NativePath, Member]] = {NATIVE: Member(Ref("SetDimension"))}
    shapes: ClassVar[Mapping[str, Shape]] = {"SetDimension": sets.SET_DIMENSION}
    holds_sets: ClassVar[bool] = True

    def desugar(self, where: Mapping[str, Any], path: Path, source: Path,
                native: Native) -> Iterator[tuple[NativePath, object]]:
        if "country" in where:
            yield NATIVE, sets.to_native(where["country"], (*path, *NATIVE),
                                         (*source, "country"), native)

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        location = block.get("Location") or {}
        return {"country": sets.to_model(location["Country"]) if "Country" in location else None}

    def pinpoint(self, dims: Dimensions) -> Iterator[tuple[NativePath, Any]]:
        if dims.country:
            yield NATIVE, sets.pinpoint(dims.country)

    def profiles(self, out: Outcome, dims: Dimensions, prefix: Path,
                 attribute_map: Mapping[str, str]) -> list[Any]:
        from segmentgen.compile.customer_profiles_map import mapped

        if dims.country is None:
            return []
        target = ("Address.Country", False)
        return [mapped(out, (*prefix, *NATIVE), "country", target, dims.country.type,
                       dims.country.values)]

    def count(self, dims: Dimensions) -> int:
        return int(dims.country is not None)

    def describe(self, dims: Dimensions) -> list[str]:
        return [sets.describe("country", dims.country)] if dims.country is not None else []

    def predicates(self, compiler: Compiler, segment: Segment, dims: Dimensions,
                   path: Path) -> list[Predicate]:
        if dims.country is None:
            return []
        test = sets.values_test(dims.country.type, dims.country.values, compiler.options)
        return [lambda ep: test(endpoint.strings(endpoint.mapping(ep.get("Location"))
                                                 .get("Country")))]

    def sql(self, compiler: SqlCompiler, segment: Segment, dims: Dimensions,
            path: Path) -> list[exp.Expr]:
        from segmentgen.estimate import expressions as sql

        if dims.country is None:
            return []
        return [sql.set_test(sql.field("Location", "Country"), dims.country.type,
                             dims.country.values, compiler.options)]

    def to_high_level(self, block: Mapping[str, Any], path: Path) -> dict[str, Any]:
        location = block.get("Location") or {}
        if "Country" not in location:
            return {}
        return {"country": sets.to_high_level(location["Country"], (*path, *NATIVE))}

    def value_rules(self) -> tuple[ValueRule, ...]:
        return ((countries, codes.SG210.plugin_rule),)

    def tighten(self, definitions: dict[str, Any]) -> None:
        sets.tighten(definitions)



def countries(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG210: Location.Country values that are not ISO 3166-1 alpha-2 codes (a YAML boolean
    among them is an unquoted NO)."""
    for path, block in dimension_blocks(criteria):
        country = mapping(mapping(block.get("Location")).get("Country"))
        for i, value in enumerate(listed(country.get("Values"))):
            here = (*path, "Location", "Country", "Values", i)
            if isinstance(value, bool):
                yield Finding(here, codes.SG210, f"{str(value).lower()} is a boolean, not a "
                              "country code", 'YAML 1.1 reads an unquoted NO (Norway) as false: '
                              'write "NO"')
            elif isinstance(value, str) and value not in vocabulary.COUNTRIES:
                guess = vocabulary.closest(value, sorted(vocabulary.COUNTRIES))
                hint = f"did you mean {guess!r}? " if guess else ""
                yield Finding(here, codes.SG210,
                              f"{value!r} is not an ISO 3166-1 alpha-2 country code",
                              hint + "countries are two capital letters, such as US, GB, NO")

KIND = Country()
