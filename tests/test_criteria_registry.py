"""A criterion kind registered in ``segmentgen.criteria`` reaches every stage that reads the
registry: the shape table the validator walks, the editor JSON Schema, ``describe``, the lint
plug-in schema, the native walk (dimension count, per-value rules), the partial validation
and the importer's shape table; unregistered, it is gone again."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from segmentgen import criteria
from segmentgen.core import codes
from segmentgen.core import vocabulary as v
from segmentgen.core.diagnostics import Finding
from segmentgen.core.model import Dimensions
from segmentgen.core.shape_types import STRING, STRINGS, MapOf, Member, Obj, Ref, Shape
from segmentgen.criteria.kind import CriterionKind, NativePath, ValueRule
from segmentgen.criteria.native_walk import count_dimensions, dimension_blocks, iter_values
from segmentgen.importer import shapes as import_shapes
from segmentgen.review.describe import describe_dimensions
from segmentgen.validate import partial, rules
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

    def value_rules(self) -> tuple[ValueRule, ...]:
        return ((lowercase_tenant, codes.SG210.plugin_rule),)


def lowercase_tenant(native: Mapping[str, Any]) -> Iterator[Finding]:
    """A value rule of the throwaway kind: a tenant name is lower case (reported as SG210)."""
    for path, block in dimension_blocks(native):
        name = block.get("Location", {}).get("Tenant", {}).get("Name")
        if isinstance(name, str) and name != name.lower():
            yield Finding((*path, "Location", "Tenant", "Name"), codes.SG210,
                          f"tenant {name!r} is not lower case", "write it in lower case")


class Regions(CriterionKind):
    """A map of named sets: each member one criterion, its values read by the value rules."""

    name: ClassVar[str] = "regions"
    keys: ClassVar[Mapping[str, Member]] = {"regions": Member(MapOf(STRINGS, "regions"))}
    native: ClassVar[Mapping[NativePath, Member]] = {
        ("Regions",): Member(MapOf(Ref("RegionDimension"), "Regions"))}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "RegionDimension": Obj({"Values": Member(STRINGS, True)}, "a region dimension")}
    per_member: ClassVar[bool] = True
    holds_sets: ClassVar[bool] = True


@pytest.fixture
def tenant() -> Iterator[Tenant]:
    kind = criteria.register(Tenant())
    assert isinstance(kind, Tenant)
    yield kind
    criteria.unregister(kind.name)


@pytest.fixture
def regions(tenant: Tenant) -> Iterator[Regions]:
    kind = criteria.register(Regions())
    assert isinstance(kind, Regions)
    yield kind
    criteria.unregister(kind.name)


BLOCK = {"Regions": {"north": {"Values": ["oslo", "bergen"]},
                     "south": {"Values": ["kristiansand"]}},
         "Location": {"Tenant": {"Name": "acme"}}}


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


def test_a_registered_kind_is_counted_per_member(regions: Regions) -> None:
    assert count_dimensions(BLOCK) == 3  # two named regions, one Location member


def test_a_registered_set_kind_is_walked_for_values(regions: Regions) -> None:
    walked = list(iter_values(BLOCK, ("Dimensions",)))
    assert walked == [(("Dimensions", "Regions", "north", "Values", 0), "oslo"),
                      (("Dimensions", "Regions", "north", "Values", 1), "bergen"),
                      (("Dimensions", "Regions", "south", "Values", 0), "kristiansand")]


def test_the_value_rules_read_a_registered_set_kind(regions: Regions) -> None:
    long = "x" * (v.MAX_VALUE_LENGTH + 1)
    found = rules.check_criteria({"Dimensions": {"Regions": {"north": {"Values": [long]}}}})
    assert [(f.code, f.path) for f in found] == [
        (codes.SG217, ("Dimensions", "Regions", "north", "Values", 0))]


def test_partial_validation_sets_aside_one_member_of_a_registered_kind(
        regions: Regions) -> None:
    dimensions = {"Regions": {"north": {"Values": "oslo"}, "south": {"Values": ["a"]}}}
    assert partial._cut(("Regions", "north", "Values")) == ("Regions", "north")
    partial._remove(dimensions, ("Regions", "north"))
    assert dimensions == {"Regions": {"south": {"Values": ["a"]}}}
    partial._remove(dimensions, ("Regions", "south"))
    assert dimensions == {}


def test_the_importer_accepts_a_registered_kind(regions: Regions) -> None:
    issues = list(import_shapes.check(BLOCK, import_shapes.DIMENSIONS, ("Dimensions",)))
    assert issues == []
    wrong = {"Regions": {"north": {"Values": "oslo"}}, "Location": {"Tenant": {}}}
    found = [(i.code, i.path) for i in
             import_shapes.check(wrong, import_shapes.DIMENSIONS, ("Dimensions",))]
    assert found == [(codes.SG203, ("Dimensions", "Regions", "north", "Values")),
                     (codes.SG202, ("Dimensions", "Location", "Tenant"))]


def test_the_importer_forgets_an_unregistered_kind(regions: Regions) -> None:
    criteria.unregister(regions.name)
    issues = list(import_shapes.check(BLOCK, import_shapes.DIMENSIONS, ("Dimensions",)))
    assert [(i.code, i.path) for i in issues] == [(codes.SG705, ("Dimensions", "Regions"))]


def test_a_registered_kind_s_value_rules_run_in_the_validator_and_the_plugin(
        tenant: Tenant) -> None:
    from segmentgen.lint.plugin import checks

    native = {"Dimensions": {"Location": {"Tenant": {"Name": "ACME"}}}}
    found = list(rules.check_criteria(native))
    assert [(f.code, f.path) for f in found] == [
        (codes.SG210, ("Dimensions", "Location", "Tenant", "Name"))]
    assert codes.SG210.plugin_rule is not None
    assert lowercase_tenant in checks.checks(codes.SG210.plugin_rule)
    criteria.unregister(tenant.name)
    assert list(rules.check_criteria(native)) == []
    assert lowercase_tenant not in checks.checks(codes.SG210.plugin_rule)
