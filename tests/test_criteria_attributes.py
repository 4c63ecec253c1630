"""Endpoint attributes, user attributes and metrics are criterion kinds like the others: the
stages hold no code of their own for them, so unregistering a kind removes it from the shape
table, the model, the Pinpoint compiler, describe, the estimate, Customer Profiles and the
importer; and each kind's parts agree with each other (desugar, model, import inverse)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from segmentgen import criteria
from segmentgen.compile.customer_profiles_map import Outcome, criterion_count, map_criteria
from segmentgen.core.model import AttributeCriterion, Dimensions, MetricCriterion, Segment
from segmentgen.criteria import attributes, metrics
from segmentgen.estimate.match import Compiler, EstimateOptions
from segmentgen.importer.criteria import criteria as to_where
from segmentgen.review.describe import describe_dimensions
from segmentgen.validate.desugar import Native
from segmentgen.validate.shapes import SHAPES, Obj
from segmentgen.validate.to_model import dimensions as to_model

DIMS = Dimensions(
    attributes=(AttributeCriterion("plan", "INCLUSIVE", ("pro",)),),
    user_attributes=(AttributeCriterion("tier", "EXCLUSIVE", ("free",)),),
    metrics=(MetricCriterion("score", "GREATER_THAN", 75.0),),
)
NATIVE = {
    "Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["pro"]}},
    "UserAttributes": {"tier": {"AttributeType": "EXCLUSIVE", "Values": ["free"]}},
    "Metrics": {"score": {"ComparisonOperator": "GREATER_THAN", "Value": 75}},
}
WHERE = {"attributes": {"plan": ["pro"]}, "user_attributes": {"tier": {"not": ["free"]}},
         "metrics": {"score": {">": 75}}}


@pytest.fixture
def without() -> Iterator[None]:
    """Unregisters the three kinds for one test, then restores the registry's order."""
    saved = criteria.kinds()
    for name in ("attributes", "user_attributes", "metrics"):
        criteria.unregister(name)
    yield
    for kind in saved:
        criteria.unregister(kind.name)
    for kind in saved:
        criteria.register(kind)


def _segment() -> Segment:
    return Segment("s", "S", "specs/s.yaml", 1, dimensions=DIMS)


def test_they_are_registered_first_in_the_order_the_stages_emitted_them() -> None:
    names = [kind.name for kind in criteria.kinds()][:3]
    assert names == ["attributes", "user_attributes", "metrics"]
    assert criteria.kinds()[:3] == (attributes.KIND, attributes.USER_KIND, metrics.KIND)


def test_every_stage_carries_them() -> None:
    where = SHAPES["Criteria"]
    assert isinstance(where, Obj) and {"attributes", "user_attributes", "metrics"} <= set(
        where.members)
    assert to_model(NATIVE) == DIMS
    assert describe_dimensions(DIMS) == [
        "attribute plan is pro", "user attribute tier is not free", "metric score > 75"]
    assert criterion_count(DIMS) == 3
    assert to_where(NATIVE, ("Dimensions",)) == WHERE


def test_unregistered_no_stage_knows_them(without: None) -> None:
    where = SHAPES["Criteria"]
    assert isinstance(where, Obj)
    assert not {"attributes", "user_attributes", "metrics"} & set(where.members)
    assert to_model(NATIVE) == Dimensions()
    assert describe_dimensions(DIMS) == ["all endpoints"]
    assert criterion_count(DIMS) == 0
    outcome = Outcome()
    assert map_criteria(outcome, DIMS, ("Dimensions",), {}) == []
    compiler = Compiler(datetime(2024, 1, 1, tzinfo=UTC), EstimateOptions())
    assert compiler.dimensions(_segment(), DIMS, ("Dimensions",))({}) is True


def test_desugar_model_and_import_inverse_agree() -> None:
    native = Native()
    placed = dict(pair for kind in criteria.kinds()[:3]
                  for pair in kind.desugar(WHERE, ("Dimensions",), ("where",), native))
    assert placed == {(key,): value for key, value in NATIVE.items()}
    assert native.source_path(("Dimensions", "Metrics", "score", "Value")) == (
        "where", "metrics", "score", ">")
    assert to_model(NATIVE) == DIMS


def test_a_metric_reaches_customer_profiles_in_the_one_number_format() -> None:
    outcome = Outcome()
    carried = map_criteria(outcome, Dimensions(metrics=DIMS.metrics), ("Dimensions",), {})
    assert len(carried) == 1 and carried[0] is not None and not outcome.findings
    dimension = carried[0].to_dict()
    assert dimension["ProfileAttributes"]["Attributes"]["score"]["Values"] == ["75"]
