"""Recency: ``active: 30d`` / ``inactive: 7d`` is ``Behavior.Recency`` (ACTIVE or INACTIVE
over HR_24, DAY_7, DAY_14 or DAY_30).

Input: a criteria block in either form, or its ``model.Recency``. Output: the kind's shapes,
native data, the Pinpoint ``Behavior``, SG301 on Customer Profiles (profiles record no
sessions), the words ``active in the last 30 days``, an endpoint test (``EffectiveDate`` at or
after the as-of time minus the duration; a missing date is inactive) and the key back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core import vocabulary
from segmentgen.core.dates import parse_clamped, to_utc
from segmentgen.core.diagnostics import Path
from segmentgen.core.model import Dimensions, Recency, Segment
from segmentgen.core.shape_types import Enum, Member, Obj, Ref, Shape
from segmentgen.criteria import endpoint
from segmentgen.criteria.kind import CriterionKind, NativePath, Predicate

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.compile.customer_profiles_map import Outcome
    from segmentgen.estimate.match import Compiler
    from segmentgen.estimate.sql import SqlCompiler
    from segmentgen.validate.desugar import Native

NATIVE: NativePath = ("Behavior",)
DURATION = Enum(tuple(vocabulary.DURATION_WORDS), "recency durations are", ignore_case=True)
SPANS: dict[str, timedelta] = {
    "HR_24": timedelta(hours=24),
    "DAY_7": timedelta(days=7),
    "DAY_14": timedelta(days=14),
    "DAY_30": timedelta(days=30),
}
WORDS = {"HR_24": "24 hours", "DAY_7": "7 days", "DAY_14": "14 days", "DAY_30": "30 days"}
# Pinpoint duration -> its spec spelling; where several exist, the first listed.
KEYS = {value: word for word, value in reversed(list(vocabulary.DURATION_WORDS.items()))}


def _enum(values: tuple[str, ...]) -> dict[str, Any]:
    return {"enum": list(values), "type": "string"}


class RecencyKind(CriterionKind):
    name: ClassVar[str] = "recency"
    keys: ClassVar[Mapping[str, Member]] = {"active": Member(DURATION),
                                            "inactive": Member(DURATION)}
    native: ClassVar[Mapping[NativePath, Member]] = {NATIVE: Member(Obj(
        {"Recency": Member(Ref("Recency"), True)},
        "Behavior",
        example="{Recency: {Duration: DAY_30, RecencyType: ACTIVE}}",
    ))}
    shapes: ClassVar[Mapping[str, Shape]] = {"Recency": Obj(
        {
            "Duration": Member(Enum(vocabulary.DURATIONS, "Duration takes"), True),
            "RecencyType": Member(Enum(vocabulary.RECENCY_TYPES, "RecencyType takes"), True),
        },
        "Recency",
        example="{Duration: DAY_30, RecencyType: ACTIVE}",
    )}
    # A deployed segment may hold an empty Behavior (no recency); the spec form may not.
    imported: ClassVar[Mapping[NativePath, Member] | None] = {NATIVE: Member(Obj(
        {"Recency": Member(Ref("Recency"))}, "Behavior"))}

    def desugar(self, where: Mapping[str, Any], path: Path, source: Path,
                native: Native) -> Iterator[tuple[NativePath, object]]:
        for word in ("active", "inactive"):
            if word in where:
                duration = vocabulary.DURATION_WORDS[str(where[word]).lower()]
                native.origin[(*path, *NATIVE)] = (*source, word)
                yield NATIVE, {"Recency": {"Duration": duration, "RecencyType": word.upper()}}

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        recency = (block.get("Behavior") or {}).get("Recency")
        return {"recency": Recency(recency["Duration"], recency["RecencyType"])
                if recency else None}

    def pinpoint(self, dims: Dimensions) -> Iterator[tuple[NativePath, Any]]:
        from troposphere import pinpoint as pp

        if dims.recency:
            yield NATIVE, pp.Behavior(Recency=pp.Recency(
                Duration=dims.recency.duration, RecencyType=dims.recency.type))

    def profiles(self, out: Outcome, dims: Dimensions, prefix: Path,
                 attribute_map: Mapping[str, str]) -> list[Any]:
        from segmentgen.compile.customer_profiles_map import KEEP_ON_PINPOINT

        if dims.recency is not None:
            state = "active" if dims.recency.type == "ACTIVE" else "inactive"
            out.block(
                (*prefix, *NATIVE, "Recency"),
                f"recency ({state}, {dims.recency.duration}) has no equivalent: Customer "
                "Profiles records no endpoint sessions",
                "replace it with a metric on a calculated attribute such as days since the last "
                "order and map that metric to CalculatedAttributes.<name> in attribute_map, "
                + KEEP_ON_PINPOINT,
            )
        return []

    def count(self, dims: Dimensions) -> int:
        return int(dims.recency is not None)

    def describe(self, dims: Dimensions) -> list[str]:
        if dims.recency is None:
            return []
        activity = "active" if dims.recency.type == "ACTIVE" else "not active"
        span = WORDS.get(dims.recency.duration, dims.recency.duration)
        return [f"{activity} in the last {span}"]

    def predicates(self, compiler: Compiler, segment: Segment, dims: Dimensions,
                   path: Path) -> list[Predicate]:
        from segmentgen.estimate.match import earlier

        if dims.recency is None:
            return []
        since = earlier(to_utc(compiler.as_of), SPANS[dims.recency.duration])
        active = dims.recency.type == "ACTIVE"

        def test(ep: Mapping[str, object]) -> bool:
            text = endpoint.string(ep.get("EffectiveDate"))
            instant = parse_clamped(text) if text is not None else None
            return (instant is not None and instant >= since) == active

        return [test]

    def sql(self, compiler: SqlCompiler, segment: Segment, dims: Dimensions,
            path: Path) -> list[exp.Expr]:
        from segmentgen.estimate import expressions as sql
        from segmentgen.estimate.match import earlier

        if dims.recency is None:
            return []
        since = earlier(to_utc(compiler.as_of), SPANS[dims.recency.duration])
        active = sql.instant(sql.field("EffectiveDate"))
        condition = "COALESCE(:active >= :since, FALSE)"
        if dims.recency.type != "ACTIVE":
            condition = f"NOT {condition}"
        return [sql.template(condition, active=active, since=sql.moment(since))]

    def to_high_level(self, block: Mapping[str, Any], path: Path) -> dict[str, Any]:
        from segmentgen.importer.criteria import Unexpressible

        recency = (block.get("Behavior") or {}).get("Recency")
        if recency is None:
            return {}
        duration, kind = recency["Duration"], recency["RecencyType"]
        if duration not in KEYS or kind not in vocabulary.RECENCY_TYPES:
            raise Unexpressible((*path, *NATIVE, "Recency"), "Recency is not a known "
                                "Duration and RecencyType")
        return {kind.lower(): KEYS[duration]}

    def tighten(self, definitions: dict[str, Any]) -> None:
        recency = definitions["Recency"]["properties"]
        recency["Duration"] = _enum(vocabulary.DURATIONS)
        recency["RecencyType"] = _enum(vocabulary.RECENCY_TYPES)


KIND = RecencyKind()
