"""Device demographics: ``channel``, ``platform``, ``app_version``, ``device_type``, ``make``
and ``model`` are the sets of ``Demographic`` (``Channel``, ``Platform``, ...).

Input: a criteria block in either form, or its ``model.Dimensions.demographic``. Output: the
kind's shapes, native data, the Pinpoint ``Demographic``, SG301 on Customer Profiles
(profiles carry no device data), the words ``platform is one of ios, android``, endpoint tests
(Channel compares ``ChannelType``; DeviceType has no export field: SG602, never matches) and
the high-level keys back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core import codes, vocabulary
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Dimensions, Segment, SetCriterion
from segmentgen.core.shape_types import Member, Obj, Ref, Shape
from segmentgen.criteria import endpoint, sets
from segmentgen.criteria.kind import CriterionKind, NativePath, Predicate, ValueRule
from segmentgen.criteria.native_walk import dimension_blocks, mapping, strings

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.compile.customer_profiles_map import Outcome
    from segmentgen.estimate.match import Compiler
    from segmentgen.estimate.sql import SqlCompiler
    from segmentgen.validate.desugar import Native

NATIVE: NativePath = ("Demographic",)
# SegmentDemographics field -> the high-level key (vocabulary.DEMOGRAPHIC_WORDS inverted).
KEYS = {field: key for key, field in vocabulary.DEMOGRAPHIC_WORDS.items()}
# SegmentDemographics field -> words for describe.
WORDS = {
    "AppVersion": "app version",
    "Channel": "channel",
    "DeviceType": "device type",
    "Make": "make",
    "Model": "model",
    "Platform": "platform",
}


class Demographic(CriterionKind):
    name: ClassVar[str] = "demographic"
    keys: ClassVar[Mapping[str, Member]] = {
        key: Member(sets.set_shape(key.replace("_", " "))) for key in vocabulary.DEMOGRAPHIC_WORDS
    }
    native: ClassVar[Mapping[NativePath, Member]] = {NATIVE: Member(Obj(
        {field: Member(Ref("SetDimension")) for field in vocabulary.DEMOGRAPHIC_FIELDS},
        "Demographic"))}
    shapes: ClassVar[Mapping[str, Shape]] = {"SetDimension": sets.SET_DIMENSION}
    per_member: ClassVar[bool] = True
    holds_sets: ClassVar[bool] = True

    def desugar(self, where: Mapping[str, Any], path: Path, source: Path,
                native: Native) -> Iterator[tuple[NativePath, object]]:
        demographic = {
            field: sets.to_native(where[key], (*path, *NATIVE, field), (*source, key), native)
            for key, field in vocabulary.DEMOGRAPHIC_WORDS.items()
            if key in where
        }
        if demographic:
            yield NATIVE, demographic

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        demographic = block.get("Demographic") or {}
        return {"demographic": tuple(
            (field, sets.to_model(demographic[field]))
            for field in sorted(vocabulary.DEMOGRAPHIC_FIELDS) if field in demographic)}

    def pinpoint(self, dims: Dimensions) -> Iterator[tuple[NativePath, Any]]:
        from troposphere import pinpoint as pp

        if dims.demographic:
            yield NATIVE, pp.Demographic(
                **{field: sets.pinpoint(criterion) for field, criterion in dims.demographic})

    def profiles(self, out: Outcome, dims: Dimensions, prefix: Path,
                 attribute_map: Mapping[str, str]) -> list[Any]:
        from segmentgen.compile.customer_profiles_map import KEEP_ON_PINPOINT

        for field, criterion in dims.demographic:
            values = ", ".join(criterion.values)
            out.block(
                (*prefix, *NATIVE, field),
                f"device demographic {field} ({criterion.type} {values}) has no equivalent: "
                "profiles carry no device, app or channel data",
                "store the value on the profile as a custom attribute and select it under "
                f"attributes:, {KEEP_ON_PINPOINT}",
            )
        return []

    def count(self, dims: Dimensions) -> int:
        return len(dims.demographic)

    def describe(self, dims: Dimensions) -> list[str]:
        return [sets.describe(WORDS.get(field, field), criterion)
                for field, criterion in dims.demographic]

    def predicates(self, compiler: Compiler, segment: Segment, dims: Dimensions,
                   path: Path) -> list[Predicate]:
        return [_test(compiler, segment, field, criterion, (*path, *NATIVE))
                for field, criterion in dims.demographic]

    def sql(self, compiler: SqlCompiler, segment: Segment, dims: Dimensions,
            path: Path) -> list[exp.Expr]:
        from segmentgen.estimate import expressions as sql

        tests = []
        for field, criterion in dims.demographic:
            if field == "DeviceType":
                _no_device_type(compiler, segment, (*path, *NATIVE, field))
                tests.append(sql.truth(False))
                continue
            column = ("ChannelType",) if field == "Channel" else ("Demographic", field)
            tests.append(sql.set_test(sql.field(*column), criterion.type, criterion.values,
                                      compiler.options))
        return tests

    def to_high_level(self, block: Mapping[str, Any], path: Path) -> dict[str, Any]:
        return {KEYS[field]: sets.to_high_level(value, (*path, *NATIVE, field))
                for field, value in sorted((block.get("Demographic") or {}).items())}

    def value_rules(self) -> tuple[ValueRule, ...]:
        return ((channels, "E9006"),)

    def tighten(self, definitions: dict[str, Any]) -> None:
        sets.tighten(definitions)


def _never(ep: Mapping[str, object]) -> bool:
    return False


def _test(compiler: Compiler, segment: Segment, field: str, criterion: SetCriterion,
          path: Path) -> Predicate:
    if field == "DeviceType":
        _no_device_type(compiler, segment, (*path, field))
        return _never
    test = sets.values_test(criterion.type, criterion.values, compiler.options)
    if field == "Channel":
        return lambda ep: test(endpoint.strings(ep.get("ChannelType")))
    return lambda ep: test(endpoint.strings(endpoint.mapping(ep.get("Demographic")).get(field)))


def _no_device_type(compiler: Compiler, segment: Segment, path: Path) -> None:
    compiler.report(segment, path, codes.SG602,
                    "DeviceType has no field in an endpoint export; the criterion never "
                    "matches, so the estimate counts no endpoint for it",
                    hint="estimate without the device type, or use platform, make or model")



def channels(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG204: Demographic.Channel values that are not Pinpoint channel types."""
    for path, block in dimension_blocks(criteria):
        channel = mapping(mapping(block.get("Demographic")).get("Channel"))
        for i, value in strings(channel.get("Values")):
            if value not in vocabulary.CHANNELS:
                yield Finding((*path, "Demographic", "Channel", "Values", i), codes.SG204,
                              f"{value!r} is not a Pinpoint channel",
                              vocabulary.choice_hint(value, vocabulary.CHANNELS, "channels are"))

KIND = Demographic()
