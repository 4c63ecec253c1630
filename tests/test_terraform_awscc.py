"""The awscc Terraform rendering: it parses as HCL, carries the same definitions as the
CloudFormation target, and no string in a spec can end a string literal or start a template."""

from __future__ import annotations

import re
from typing import Any

import hcl2
import pytest

from segmentgen.compile import CompileContext
from segmentgen.compile.customer_profiles import compile_template
from segmentgen.compile.terraform_awscc import (
    hcl_string,
    render_template,
    render_terraform,
    snake_case,
    terraform_type,
)
from segmentgen.core.diagnostics import Severity
from segmentgen.core.model import (
    AttributeCriterion,
    Dimensions,
    Environment,
    Group,
    Groups,
    Recency,
    Segment,
    SetCriterion,
    Settings,
    SourceRef,
)

RESOURCE = "awscc_customerprofiles_segment_definition"
OPTIONS = hcl2.SerializationOptions(strip_string_quotes=True)
HOSTILE = [
    'quote " and backslash \\ end',
    "${var.secret}",
    "%{ if true }x%{ endif }",
    "$${already} and %%{escaped}",
    'line\nbreak\r\n"} resource "x" "y" {',
    "tab\tbell\x07nul\x00del\x7f",
    "bidi \u202e override \u2028 separator",
    "emoji \U0001f600 and \\${half",
    "trailing backslash \\",
]
NORDIC = Dimensions(country=SetCriterion("INCLUSIVE", ("NO",)))


def parse(text: str) -> dict[str, Any]:
    return hcl2.loads(text, serialization_options=OPTIONS)


def resources(parsed: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for block in parsed.get("resource", []):
        found.update(block[RESOURCE])
    return found


@pytest.mark.parametrize("value", HOSTILE)
def test_hcl_string_reads_back_exactly(value: str) -> None:
    parsed = parse(f"x = {hcl_string(value)}\n")
    assert parsed["x"] == value
    assert not re.search(r"\$\{|%\{", hcl_string(value))


def test_snake_case_of_property_names() -> None:
    assert snake_case("SegmentDefinitionName") == "segment_definition_name"
    assert snake_case("PostalCode") == "postal_code"
    assert snake_case("Type") == "type"


def hostile_segments() -> list[Segment]:
    attributes = tuple(
        AttributeCriterion(f"a{i}", "INCLUSIVE", (value,)) for i, value in enumerate(HOSTILE)
    )
    return [
        Segment(
            "9-hostile",
            HOSTILE[4],
            "specs/t.yaml",
            1,
            description=" | ".join(HOSTILE),
            tags=tuple((f"k{i}", value) for i, value in enumerate(HOSTILE)),
            dimensions=Dimensions(attributes=attributes),
        ),
        Segment(
            "plain",
            "Plain ${x}",
            "specs/t.yaml",
            9,
            groups=Groups("ALL", (Group("ALL", "ANY", (NORDIC,), (SourceRef(key="9-hostile"),)),)),
        ),
    ]


def test_hostile_strings_parse_and_read_back() -> None:
    context = CompileContext(Environment("e", domain='dom"${x}'), Settings())
    result = render_terraform(hostile_segments(), context)
    assert [f for _, f in result.findings if f.severity is Severity.ERROR] == []
    found = resources(parse(result.text))
    assert sorted(found) == ["_9-hostile", "plain"]
    hostile = found["_9-hostile"]
    assert hostile["display_name"] == HOSTILE[4]
    assert hostile["description"] == " | ".join(HOSTILE)
    assert hostile["domain_name"] == 'dom"${x}'
    tags = {tag["key"]: tag["value"] for tag in hostile["tags"]}
    assert tags == {f"k{i}": value for i, value in enumerate(HOSTILE)}
    dimensions = hostile["segment_groups"]["groups"][0]["dimensions"]
    values = [
        d["profile_attributes"]["attributes"][f"a{i}"]["values"] for i, d in enumerate(dimensions)
    ]
    assert [v[0] for v in values] == HOSTILE
    assert not re.search(r"\$\{|%\{", result.text), "no interpolation or directive in the HCL"


def test_same_definitions_as_the_cloudformation_target() -> None:
    context = CompileContext(Environment("e"), Settings(tags=(("team", "crm"),)))
    segments = [
        Segment("base", "Base", "s.yaml", 1, dimensions=NORDIC),
        Segment(
            "derived",
            "Derived",
            "s.yaml",
            5,
            groups=Groups("ANY", (Group("ALL", "ANY", (NORDIC,), (SourceRef(key="base"),)),)),
        ),
    ]
    text = render_terraform(segments, context).text
    parsed = parse(text)
    assert "customer_profiles_domain_name" in parsed["variable"][0]
    found = resources(parsed)
    template = compile_template(segments, context).template.to_dict()["Resources"]
    for key, logical_id in (
        ("base", "BaseSegmentDefinition"),
        ("derived", "DerivedSegmentDefinition"),
    ):
        properties = template[logical_id]["Properties"]
        assert found[key]["segment_definition_name"] == properties["SegmentDefinitionName"]
        assert found[key]["domain_name"] == "${var.customer_profiles_domain_name}"
    groups = found["derived"]["segment_groups"]["groups"][0]
    assert groups["source_segments"] == [
        {"segment_definition_name": found["base"]["segment_definition_name"]}
    ]
    assert found["derived"]["depends_on"] == ["${awscc_customerprofiles_segment_definition.base}"]
    assert text.endswith("}\n") and not text.startswith("\n")


def test_blocked_segments_are_left_out_with_their_findings() -> None:
    blocked = Segment(
        "old", "Old", "s.yaml", 1, dimensions=Dimensions(recency=Recency("DAY_7", "ACTIVE"))
    )
    result = render_terraform([blocked], CompileContext(Environment("e", domain="d"), Settings()))
    assert [finding.code for _, finding in result.findings] == ["SG301"]
    assert "resource" not in parse(result.text)


def hcl_resources(text: str, kind: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for block in parse(text).get("resource", []):
        found.update(block.get(kind, {}))
    return found


def test_every_property_is_carried_generically() -> None:
    sql = "SELECT * FROM _profile\nWHERE Attributes.tier = '${gold}' -- %{x}"
    template = {
        "Parameters": {"CustomerProfilesDomainName": {"Description": "the domain"}},
        "Resources": {
            "SpendCalculatedAttribute": {
                "Type": "AWS::CustomerProfiles::CalculatedAttributeDefinition",
                "Properties": {
                    "DomainName": {"Ref": "CustomerProfilesDomainName"},
                    "CalculatedAttributeName": "spend", "Statistic": "SUM",
                    "AttributeDetails": {"Attributes": [{"Name": "Order.total"}],
                                         "Expression": "{Order.total}"},
                    "Conditions": {"Range": {"Value": 90, "Unit": "DAYS"}},
                    "UseHistoricalData": True}},
            "SqlSegmentDefinition": {
                "Type": "AWS::CustomerProfiles::SegmentDefinition",
                "DependsOn": ["SpendCalculatedAttribute"],
                "Properties": {
                    "DomainName": {"Ref": "CustomerProfilesDomainName"},
                    "SegmentDefinitionName": "big-spenders", "DisplayName": "Big spenders",
                    "SegmentSqlQuery": sql,
                    "SegmentSort": {"Attributes": [{"Name": "spend", "Order": "DESC",
                                                    "Type": "CALCULATED"}]},
                    "Tags": [{"Key": "team", "Value": "crm"}]}},
        },
    }
    text = render_template(template, {"SqlSegmentDefinition": "sql"})
    [variable] = parse(text)["variable"]
    assert variable["customer_profiles_domain_name"]["description"] == "the domain"
    [calculated] = hcl_resources(text, "awscc_customerprofiles_calculated_attribute_definition"
                                 ).values()
    assert calculated["calculated_attribute_name"] == "spend"
    assert calculated["conditions"] == {"range": {"value": 90, "unit": "DAYS"}}
    assert calculated["use_historical_data"] is True
    assert calculated["attribute_details"]["expression"] == "{Order.total}"
    segment = hcl_resources(text, RESOURCE)["sql"]
    assert segment["segment_sql_query"] == sql
    assert segment["segment_sort"] == {"attributes": [
        {"name": "spend", "order": "DESC", "type": "CALCULATED"}]}
    assert segment["depends_on"] == [
        "${awscc_customerprofiles_calculated_attribute_definition.spend}"]
    assert "lifecycle" not in segment, "a name that does not rotate cannot be created first"
    assert not re.search(r"\$\{|%\{", text.replace("${var.", ""))


def test_terraform_types_and_arguments_are_snake_case_of_cloudformation() -> None:
    assert terraform_type("AWS::CustomerProfiles::CalculatedAttributeDefinition") == (
        "awscc_customerprofiles_calculated_attribute_definition")
    assert snake_case("SegmentSqlQuery") == "segment_sql_query"
    assert snake_case("ConditionOverrides") == "condition_overrides"
