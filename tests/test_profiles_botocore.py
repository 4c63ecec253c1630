"""Generated Customer Profiles resources are valid for the service, not only for the linter.

Every ``AWS::CustomerProfiles::SegmentDefinition`` and ``CalculatedAttributeDefinition`` in
the golden cases' expected templates (tests/cases/*/expected) becomes the request of
``CreateSegmentDefinition`` / ``CreateCalculatedAttributeDefinition`` (intrinsic functions
resolved: a parameter to a valid name, ``Fn::GetAtt`` to the other resource's property, tags
from CloudFormation's list to the API's map) and must pass botocore's parameter validation
(``botocore.validate.validate_parameters``) and a walk of the model's rules that botocore
does not check on the client (enums, maximum lengths and counts, patterns). The committed API
schema (``segmentgen/core/data/customer-profiles-api.json``) must match the installed model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from botocore.model import Shape
from botocore.session import get_session
from botocore.validate import validate_parameters

from segmentgen.validate import profiles_api

CASES = Path(__file__).parent / "cases"
OPERATIONS = {"AWS::CustomerProfiles::SegmentDefinition": "CreateSegmentDefinition",
              "AWS::CustomerProfiles::CalculatedAttributeDefinition":
                  "CreateCalculatedAttributeDefinition"}
PLACEHOLDER = "example-domain"


def _model() -> Any:
    return get_session().get_service_model("customer-profiles")


def generated() -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(test id, resource type, properties, template) of every generated resource."""
    for path in sorted(CASES.glob("*/expected/**/*.json")):
        try:
            template = json.loads(path.read_text("utf-8"))
        except ValueError:
            continue
        resources = template.get("Resources") if isinstance(template, dict) else None
        for logical, resource in sorted((resources or {}).items()):
            if isinstance(resource, dict) and resource.get("Type") in OPERATIONS:
                name = f"{path.relative_to(CASES).as_posix()}:{logical}"
                yield name, resource["Type"], resource.get("Properties", {}), template


def resolve(value: Any, template: dict[str, Any]) -> Any:
    """``value`` with CloudFormation's intrinsic functions replaced by what they give."""
    if isinstance(value, list):
        return [resolve(item, template) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        parameter = template.get("Parameters", {}).get(value["Ref"], {})
        return parameter.get("Default", PLACEHOLDER)
    if set(value) == {"Fn::GetAtt"}:
        logical, attribute = value["Fn::GetAtt"]
        return resolve(template["Resources"][logical]["Properties"][attribute], template)
    if set(value) == {"Fn::ImportValue"}:
        return "imported-definition"
    return {key: resolve(item, template) for key, item in value.items()}


def request(properties: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    params = resolve(properties, template)
    if "Tags" in params:
        params["Tags"] = {tag["Key"]: tag["Value"] for tag in params["Tags"]}
    return dict(params)


def model_rules(value: Any, shape: Shape, path: str = "") -> Iterator[str]:
    """What the service model says that botocore's client-side validation does not check."""
    meta = shape.metadata
    if shape.type_name == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            yield f"{path}: {value!r} not in {shape.enum}"
        if "max" in meta and len(value) > meta["max"]:
            yield f"{path}: {len(value)} characters, max {meta['max']}"
        if "pattern" in meta and not re.search(meta["pattern"].replace("$", r"\Z"), value):
            yield f"{path}: {value!r} does not match {meta['pattern']}"
    elif shape.type_name in ("integer", "long") and isinstance(value, int):
        if "max" in meta and value > meta["max"]:
            yield f"{path}: {value} above {meta['max']}"
    elif shape.type_name == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            yield f"{path}: {len(value)} items, max {meta['max']}"
        for index, item in enumerate(value):
            yield from model_rules(item, shape.member, f"{path}[{index}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        if "max" in meta and len(value) > meta["max"]:
            yield f"{path}: {len(value)} entries, max {meta['max']}"
        for key, item in value.items():
            yield from model_rules(key, shape.key, f"{path}.<key {key}>")
            yield from model_rules(item, shape.value, f"{path}.{key}")
    elif shape.type_name == "structure" and isinstance(value, dict):
        for key, item in value.items():
            if key in shape.members:
                yield from model_rules(item, shape.members[key], f"{path}.{key}")


def problems(operation: str, params: dict[str, Any]) -> list[str]:
    shape = _model().operation_model(operation).input_shape
    found = []
    try:
        validate_parameters(params, shape)
    except ParamValidationError as error:
        found.append(str(error))
    return found + list(model_rules(params, shape))


GENERATED = list(generated())


def test_golden_cases_hold_customer_profiles_resources() -> None:
    kinds = {resource_type for _, resource_type, _, _ in GENERATED}
    assert kinds == set(OPERATIONS), kinds
    assert len(GENERATED) >= 10


@pytest.mark.parametrize(("resource_type", "properties", "template"),
                         [row[1:] for row in GENERATED], ids=[row[0] for row in GENERATED])
def test_generated_resource_is_a_valid_request(resource_type: str, properties: dict[str, Any],
                                               template: dict[str, Any]) -> None:
    operation = OPERATIONS[resource_type]
    assert problems(operation, request(properties, template)) == []


GOOD = {"DomainName": "crm", "SegmentDefinitionName": "vip", "DisplayName": "VIP",
        "SegmentGroups": {"Include": "ALL", "Groups": [{"Type": "ALL", "Dimensions": [
            {"ProfileAttributes": {"FirstName": {"DimensionType": "INCLUSIVE",
                                                 "Values": ["Ada"]}}}]}]}}
BAD = [
    ("missing display name", {k: v for k, v in GOOD.items() if k != "DisplayName"},
     "DisplayName"),
    ("numeric type on a string field", {**GOOD, "SegmentGroups": {"Groups": [{"Dimensions": [
        {"ProfileAttributes": {"FirstName": {"DimensionType": "GREATER_THAN",
                                             "Values": ["5"]}}}]}]}}, "GREATER_THAN"),
    ("value of 256 characters", {**GOOD, "SegmentGroups": {"Groups": [{"Dimensions": [
        {"ProfileAttributes": {"FirstName": {"DimensionType": "INCLUSIVE",
                                             "Values": ["x" * 256]}}}]}]}}, "max 255"),
    ("sort name of 65 characters", {**GOOD, "SegmentSort": {"Attributes": [
        {"Name": "n" * 65, "Order": "ASC"}]}}, "max 64"),
    ("definition name with a space", {**GOOD, "SegmentDefinitionName": "v i p"}, "match"),
    ("number as a value", {**GOOD, "SegmentGroups": {"Groups": [{"Dimensions": [
        {"ProfileAttributes": {"FirstName": {"DimensionType": "INCLUSIVE",
                                             "Values": [5]}}}]}]}}, "Invalid type"),
]


def test_the_check_accepts_a_good_request() -> None:
    assert problems("CreateSegmentDefinition", GOOD) == []


@pytest.mark.parametrize(("params", "word"), [row[1:] for row in BAD],
                         ids=[row[0] for row in BAD])
def test_the_check_catches_a_bad_request(params: dict[str, Any], word: str) -> None:
    found = problems("CreateSegmentDefinition", params)
    assert found and any(word in text for text in found), found


def test_template_intrinsics_are_resolved() -> None:
    template = {"Parameters": {"Domain": {"Type": "String"}}, "Resources": {"A": {
        "Properties": {"SegmentDefinitionName": "base-a"}}}}
    properties = {"DomainName": {"Ref": "Domain"}, "SegmentGroups": {"Groups": [
        {"SourceSegments": [{"SegmentDefinitionName": {
            "Fn::GetAtt": ["A", "SegmentDefinitionName"]}}]}]},
        "Tags": [{"Key": "team", "Value": "crm"}]}
    assert request(properties, template) == {
        "DomainName": PLACEHOLDER, "Tags": {"team": "crm"}, "SegmentGroups": {"Groups": [
            {"SourceSegments": [{"SegmentDefinitionName": "base-a"}]}]}}


def test_committed_api_schema_matches_botocore() -> None:
    built = profiles_api.render(profiles_api.build(profiles_api.service_model()))
    committed = profiles_api.API_FILE.read_text("utf-8")
    assert built == committed, "run: python -m segmentgen.validate.profiles_api"


def test_api_schema_states_what_cloudformation_does_not() -> None:
    definitions = profiles_api.api_schema()["definitions"]
    assert "LIST_CONTAINS" in definitions["AttributeDimensionType"]["enum"]
    assert definitions["fieldName"]["maxLength"] == 64
    assert definitions["CustomAttributes"]["propertyNames"] == {
        "$ref": "#/definitions/string1To255"}
