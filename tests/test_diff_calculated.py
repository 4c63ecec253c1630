"""Calculated attributes in ``diff``: each definition is described in words, a change of a
create-only property (read from cfn-lint's schema of the resource type) REPLACES it, and the
words name every statistic and threshold operator the schema allows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from segmentgen import api
from segmentgen.compile.calculated_attributes import RESOURCE_TYPE
from segmentgen.review.calculated import OPERATORS, STATISTICS, describe_calculated
from segmentgen.review.create_only import create_only_properties, resource_schema
from segmentgen.review.diff import read_directory, summarize

CASE = Path(__file__).parent / "cases" / "diff-calculated-attributes"
DOMAIN = "segmentgen-calculated-attributes.json"


def _before(tmp_path: Path) -> dict[str, bytes]:
    shutil.copytree(CASE / "before", tmp_path / "before")
    result = api.build(api.BuildOptions(tmp_path / "before" / "specs",
                                        tmp_path / "before" / "out", lint=False))
    assert result.ok, result.diagnostics
    return read_directory(tmp_path / "before" / "out")


def _with(files: dict[str, bytes], name: str, **changes: object) -> dict[str, bytes]:
    template = json.loads(files[DOMAIN])
    for body in template["Resources"].values():
        if body["Properties"]["CalculatedAttributeName"] == name:
            body["Properties"].update(changes)
    return {**files, DOMAIN: json.dumps(template).encode()}


def test_a_create_only_change_replaces_the_attribute(tmp_path: Path) -> None:
    assert ("UseHistoricalData",) in create_only_properties(RESOURCE_TYPE)
    before = _before(tmp_path)
    summary = summarize(before, _with(before, "orders", UseHistoricalData=True))
    (change,) = summary.segments
    assert change.key == "calculated:orders" and change.replacement
    assert change.replaces == ["UseHistoricalData changes from null to true (create-only)"]
    assert "historical data: included" in change.criteria_after


def test_an_update_in_place_is_described_and_replaces_nothing(tmp_path: Path) -> None:
    before = _before(tmp_path)
    summary = summarize(before, _with(before, "lifetime_spend", Statistic="MINIMUM",
                                      DisplayName="Spend"))
    (change,) = summary.segments
    assert not change.replacement and "renamed" in change.aspects
    assert "criteria" in change.aspects
    assert change.criteria_after[0] == "statistic: the minimum (MINIMUM) of the expression"


def test_attributes_are_keyed_apart_from_segments(tmp_path: Path) -> None:
    before = _before(tmp_path)
    summary = summarize(before, before)
    assert summary.segments == [] and summary.unchanged == 4
    assert sorted(key for _, key in summary.names) == [
        "calculated:lifetime_spend", "calculated:orders", "calculated:visits", "spenders"]


def test_the_words_cover_the_schema_s_statistics_and_operators() -> None:
    definitions = (resource_schema(RESOURCE_TYPE) or {})["definitions"]
    assert set(STATISTICS) == set(definitions["Statistic"]["enum"])
    assert set(OPERATORS) == set(definitions["ThresholdOperator"]["enum"])


def test_the_words_of_every_part() -> None:
    lines = describe_calculated({
        "AttributeDetails": {"Attributes": [{"Name": "Order.total"}, {"Name": "Order.tax"}],
                             "Expression": "{Order.total} + {Order.tax}"},
        "Statistic": "SUM", "UseHistoricalData": False,
        "Conditions": {"Range": {"ValueRange": {"Start": 90, "End": 0}, "Unit": "DAYS",
                                 "TimestampSource": "{Order.date}"},
                       "ObjectCount": 5, "Threshold": {"Operator": "LESS_THAN", "Value": "7"}}})
    assert lines == ["statistic: the sum (SUM) of the expression",
                     "expression: {Order.total} + {Order.tax}",
                     "attributes: Order.total, Order.tax",
                     "condition: from 90 to 0 days ago, timed by {Order.date}",
                     "condition: over at most 5 objects",
                     "condition: only when the value is < 7",
                     "historical data: not included"]
