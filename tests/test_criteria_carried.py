"""A criterion kind without a field of its own in ``model.Dimensions``: its ``to_model`` value
is carried in ``Dimensions.kinds`` (sorted by kind name, None left out) and read back with
``CriterionKind.value``, so adding a kind does not change the model."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import pytest

from segmentgen import criteria
from segmentgen.core.model import Dimensions
from segmentgen.criteria.kind import CriterionKind
from segmentgen.review.describe import describe_dimensions
from segmentgen.validate.to_model import dimensions as to_model


class Tier(CriterionKind):
    name: ClassVar[str] = "tier"

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        return {self.name: block.get("Tier")}

    def describe(self, dims: Dimensions) -> list[str]:
        tier = self.value(dims)
        return [f"{self.name} is {tier}"] if tier is not None else []


class Band(Tier):
    name: ClassVar[str] = "band"

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        return {self.name: block.get("Band")}


@pytest.fixture
def tiers() -> Iterator[None]:
    criteria.register(Tier())
    criteria.register(Band())
    yield
    criteria.unregister("tier")
    criteria.unregister("band")


def test_a_kind_without_a_field_is_carried_and_read_back(tiers: None) -> None:
    dims = to_model({"Tier": "gold", "Band": "b2"})
    assert dims.kinds == (("band", "b2"), ("tier", "gold"))
    assert dims.value("tier") == "gold" and not dims.is_empty()
    assert describe_dimensions(dims) == ["tier is gold", "band is b2"]


def test_an_absent_value_is_not_carried(tiers: None) -> None:
    dims = to_model({})
    assert dims == Dimensions() and dims.is_empty()
    assert dims.value("tier") is None


def test_the_builtin_kinds_keep_their_fields() -> None:
    dims = to_model({"Location": {"Country": {"Values": ["NO"]}}})
    assert dims.kinds == () and dims.country is not None
