"""Each criteria rule is one function with two faces: the validator reports its SG code, the
cfn-lint plug-in its E9xxx/W9xxx rule id. Every row of one table runs through both faces
(the validator's ``check_criteria``/``check_tags`` and cfn-lint with the plug-in rules); they
find the same mistakes with the same words, positions aside."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint
from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER

from segmentgen.core import codes
from segmentgen.core import vocabulary as v
from segmentgen.lint.plugin import checks, rules_dir, schema, schema_dir
from segmentgen.validate import rules


def attribute(kind: str, *values: object) -> dict[str, Any]:
    return {"Dimensions": {"Attributes": {"day": {"AttributeType": kind, "Values": list(values)}}}}


def many(count: int) -> dict[str, Any]:
    return {f"a{n}": {"AttributeType": "INCLUSIVE", "Values": ["x"]} for n in range(count)}


ROWS: list[tuple[str, dict[str, Any]]] = [
    ("between-reversed", attribute("BETWEEN", "2024-03-01", "2024-01-01")),
    ("between-three", attribute("BETWEEN", "2024-01-01", "2024-02-01", "2024-03-01")),
    ("date-basic-form", attribute("AFTER", "20240101")),
    ("date-space", attribute("BEFORE", "2024-01-01 12:00")),
    ("on-two-dates", attribute("ON", "2024-01-01", "2024-01-02")),
    ("country", {"Dimensions": {"Location": {"Country": {"Values": ["XX", "NO"]}}}}),
    ("channel", {"Dimensions": {"Demographic": {"Channel": {"Values": ["SMSS"]}}}}),
    ("attribute-name", {"Dimensions": {"Attributes": {"n" * 51: {"Values": ["x"]}}}}),
    ("attribute-values", {"Dimensions": {"Attributes": {"plan": {
        "Values": [f"v{n}" for n in range(v.MAX_ATTRIBUTE_VALUES + 1)]}}}}),
    ("dimension-count", {"Dimensions": {"Attributes": many(v.MAX_DIMENSIONS + 1)}}),
    ("value-length", {"Dimensions": {"Attributes": {"plan": {"Values": ["x" * 101]}}}}),
    ("group-count", {"SegmentGroups": {"Groups": [{"Type": "ALL"}] * 3}}),
    ("both-forms", {"Dimensions": {"Attributes": {"plan": {"Values": ["x"]}}},
                    "SegmentGroups": {"Groups": [{"Type": "ALL"}]}}),
    ("tags", {"Tags": {"aws:team": "growth", "k" * 129: "v", "long": "v" * 257}}),
    ("clean", attribute("AFTER", "2024-01-01T12:00:00Z")),
]


@pytest.fixture(scope="module")
def plugin_schemas() -> Iterator[None]:
    PROVIDER_SCHEMA_MANAGER.reset()
    yield
    PROVIDER_SCHEMA_MANAGER._registry_schemas.pop(schema.RESOURCE_TYPE, None)
    PROVIDER_SCHEMA_MANAGER.reset()


def validator_face(properties: dict[str, Any]) -> set[tuple[str, str]]:
    """(plug-in rule id of the rule that found it, message) of every validator finding that
    has a plug-in face; and the validator reports exactly what its rules find."""
    by_rule = {(rule_id, checks.message(f)) for check, rule_id in rules.criteria_rules()
               for f in check(properties) if rule_id is not None}
    criteria = {k: properties[k] for k in ("Dimensions", "SegmentGroups") if k in properties}
    reported = list(rules.check_criteria(criteria))
    assert reported == [f for check, _ in rules.criteria_rules() for f in check(criteria)]
    tags = list(rules.check_tags(properties.get("Tags") or {}, ("Tags",)))
    assert all(f.code == codes.SG218 for f in tags)
    return by_rule | {(str(codes.SG218.plugin_rule), checks.message(f)) for f in tags}


def plugin_face(properties: dict[str, Any]) -> set[tuple[str, str]]:
    template = {"Resources": {"Segment": {"Type": "AWS::Pinpoint::Segment", "Properties": {
        "ApplicationId": "app-123456", "Name": "test", **properties}}}}
    config = ManualArgs(registry_schemas=[schema_dir()], append_rules=[rules_dir()],
                        regions=["us-east-1"])
    found = lint(json.dumps(template, indent=2), config=config)
    return {(m.rule.id, m.message) for m in found if m.rule.id[1:2] == "9"}


@pytest.mark.parametrize(("name", "properties"), ROWS, ids=[row[0] for row in ROWS])
def test_validator_and_plugin_agree(plugin_schemas: None, name: str,
                                    properties: dict[str, Any]) -> None:
    expected = validator_face(properties)
    assert plugin_face(properties) == expected
    assert bool(expected) == (name != "clean")


def test_codes_name_the_plugin_rules_that_report_them() -> None:
    for code in codes.ALL:
        if code.plugin_rule is not None:
            assert code.plugin_rule in checks.rule_ids() and checks.checks(code.plugin_rule), code
    for check, rule_id in rules.criteria_rules():
        assert rule_id is None or check in checks.checks(rule_id)
