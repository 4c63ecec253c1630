"""A criterion kind registered in ``segmentgen.criteria`` reaches every stage that reads the
registry: the shape table the validator walks, the editor JSON Schema, ``describe`` and the
lint plug-in schema; unregistered, it is gone again."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from segmentgen import criteria
from segmentgen.core.model import Dimensions
from segmentgen.core.shape_types import STRING, Member, Obj, Ref, Shape
from segmentgen.criteria.kind import CriterionKind, NativePath
from segmentgen.review.describe import describe_dimensions
from segmentgen.validate.editor_schema import spec_schema
from segmentgen.validate.shapes import SHAPES


@dataclass(frozen=True, slots=True)
class TenantDimensions(Dimensions):
    tenant: str | None = None


class Tenant(CriterionKind):
    name: ClassVar[str] = "tenant"
    keys: ClassVar[Mapping[str, Member]] = {"tenant": Member(Ref("Tenant"))}
    native: ClassVar[Mapping[NativePath, Member]] = {
        ("Location", "Tenant"): Member(Ref("TenantDimension"))}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "Tenant": STRING,
        "TenantDimension": Obj({"Name": Member(STRING, True)}, "a tenant dimension"),
    }

    def describe(self, dims: Dimensions) -> list[str]:
        tenant = getattr(dims, "tenant", None)
        return [f"tenant is {tenant}"] if tenant else []

    def desugar(self, where: Mapping[str, Any], path: tuple[str | int, ...], source: Any,
                native: Any) -> Iterator[tuple[NativePath, object]]:
        if "tenant" in where:
            yield ("Location", "Tenant"), {"Name": where["tenant"]}


@pytest.fixture
def tenant() -> Iterator[Tenant]:
    kind = criteria.register(Tenant())
    assert isinstance(kind, Tenant)
    yield kind
    criteria.unregister(kind.name)


def test_the_builtin_kinds_are_registered_in_order() -> None:
    names = [kind.name for kind in criteria.kinds()]
    assert names[-1] == "gps" and len(names) == len(set(names))


def test_a_registered_kind_is_in_the_shape_table(tenant: Tenant) -> None:
    where = SHAPES["Criteria"]
    dimensions = SHAPES["SegmentDimensions"]
    assert isinstance(where, Obj) and isinstance(dimensions, Obj)
    assert where.members["tenant"].shape == Ref("Tenant")
    location = dimensions.members["Location"].shape
    assert isinstance(location, Obj)
    assert list(location.members)[-1] == "Tenant"
    assert SHAPES["TenantDimension"] == Tenant.shapes["TenantDimension"]


def test_a_registered_kind_is_in_the_editor_schema(tenant: Tenant) -> None:
    defs = spec_schema()["$defs"]
    assert "tenant" in defs["Criteria"]["properties"]
    assert defs["TenantDimension"]["required"] == ["Name"]


def test_an_unregistered_kind_leaves_the_table(tenant: Tenant) -> None:
    criteria.unregister(tenant.name)
    where = SHAPES["Criteria"]
    assert isinstance(where, Obj) and "tenant" not in where.members
    assert "TenantDimension" not in SHAPES


def test_a_registered_kind_is_described(tenant: Tenant) -> None:
    lines = describe_dimensions(TenantDimensions(country=None, tenant="acme"))
    assert lines == ["tenant is acme"]


def test_a_registered_kind_desugars_into_its_native_path(tenant: Tenant) -> None:
    from segmentgen.validate.desugar import to_native

    segment = {"name": "n", "where": {"country": ["NO"], "tenant": "acme"}}
    native = to_native(segment, ("segments", "s"), frozenset())
    location = native.criteria["Dimensions"]["Location"]  # type: ignore[index]
    assert location == {"Country": {"DimensionType": "INCLUSIVE", "Values": ["NO"]},
                        "Tenant": {"Name": "acme"}}
