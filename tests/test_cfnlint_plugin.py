"""The cfn-lint plug-ins: a strict AWS::Pinpoint::Segment schema and the E9xxx/W9xxx rules.

Each row is a segment's properties (lines 7 on of the template), the rule id expected and
its line. Every row runs through the cfn-lint command line and through ``cfnlint.api``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from cfnlint.api import ManualArgs, lint
from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER

from segmentgen.lint.plugin import load_into_cfnlint, rules_dir, schema, schema_dir

ROOT = Path(__file__).resolve().parent.parent
HEADER = """\
Resources:
  Segment:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: app-123456
      Name: test
"""
SUNSET = "W3696"


def template(body: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(body), " " * 6)


def flow(values: list[str]) -> str:
    return json.dumps(values)


MANY_ATTRIBUTES = "".join(
    f"    a{n}: {{AttributeType: INCLUSIVE, Values: [x]}}\n" for n in range(101)
)
MANY_VALUES = [f"v{n}" for n in range(50)]
MANY_TAGS = "".join(f"  k{n}: v\n" for n in range(51))

INVALID = [
    # The three mistakes of the Alchemy example, in CloudFormation form.
    ("seed-metric-as-set-dimension", """\
     Dimensions:
       Metrics:
         sessionCount:
           DimensionType: INCLUSIVE
           Values: ["5"]
     """, "E3002", 10),
    ("seed-attribute-greater-than", """\
     Dimensions:
       Attributes:
         lastPurchaseDate:
           AttributeType: GREATER_THAN
           Values: ["2023-11-01"]
     """, "E3030", 10),
    ("seed-group-dimensions-object", """\
     SegmentGroups:
       Groups:
         - SourceSegments: []
           Dimensions:
             Attributes:
               customerType:
                 AttributeType: EXCLUSIVE
                 Values: [loyal]
     """, "E3012", 10),
    ("metric-missing-operator", """\
     Dimensions:
       Metrics:
         score: {Value: 3}
     """, "E3003", 9),
    ("metric-value-not-number", """\
     Dimensions:
       Metrics:
         score: {ComparisonOperator: GREATER_THAN, Value: five}
     """, "E3012", 9),
    ("metric-operator-shorthand", """\
     Dimensions:
       Metrics:
         score: {ComparisonOperator: GT, Value: 5}
     """, "E3030", 9),
    ("attribute-without-values", """\
     Dimensions:
       Attributes:
         plan: {AttributeType: INCLUSIVE}
     """, "E3003", 9),
    ("attribute-values-not-list", """\
     Dimensions:
       UserAttributes:
         plan: {AttributeType: INCLUSIVE, Values: gold}
     """, "E3012", 9),
    ("attribute-unknown-member", """\
     Dimensions:
       Attributes:
         plan: {AttributeType: INCLUSIVE, Values: [gold], Negate: true}
     """, "E3002", 9),
    ("set-dimension-type", """\
     Dimensions:
       Location:
         Country: {DimensionType: INCLUDE, Values: [US]}
     """, "E3030", 9),
    ("set-dimension-without-values", """\
     Dimensions:
       Demographic:
         Platform: {DimensionType: INCLUSIVE}
     """, "E3003", 9),
    ("recency-duration", """\
     Dimensions:
       Behavior:
         Recency: {Duration: DAY_3, RecencyType: ACTIVE}
     """, "E3030", 9),
    ("recency-type", """\
     Dimensions:
       Behavior:
         Recency: {Duration: DAY_7, RecencyType: active}
     """, "E3030", 9),
    ("latitude-beyond-pole", """\
     Dimensions:
       Location:
         GPSPoint:
           Coordinates: {Latitude: 90.5, Longitude: 10}
           RangeInKilometers: 5
     """, "E3034", 10),
    ("longitude-beyond-antimeridian", """\
     Dimensions:
       Location:
         GPSPoint:
           Coordinates: {Latitude: 0, Longitude: -180.5}
           RangeInKilometers: 5
     """, "E3034", 10),
    ("gps-without-range", """\
     Dimensions:
       Location:
         GPSPoint:
           Coordinates: {Latitude: 0, Longitude: 0}
     """, "E3003", 9),
    ("group-include", """\
     SegmentGroups:
       Include: OR
       Groups: [{Type: ALL, SourceType: ANY}]
     """, "E3030", 8),
    ("group-type", """\
     SegmentGroups:
       Groups:
         - Type: AND
     """, "E3030", 9),
    ("group-source-type", """\
     SegmentGroups:
       Groups:
         - SourceType: EVERY
     """, "E3030", 9),
    ("source-segment-without-id", """\
     SegmentGroups:
       Groups:
         - SourceSegments: [{Version: 1}]
     """, "E3003", 9),
    ("dimensions-and-groups", """\
     Dimensions:
       Location: {Country: {Values: [US]}}
     SegmentGroups:
       Groups: [{Type: ALL}]
     """, "E9001", 9),
    ("three-groups", """\
     SegmentGroups:
       Groups:
         - Type: ALL
         - Type: ANY
         - Type: NONE
     """, "E9002", 11),
    ("between-one-value", """\
     Dimensions:
       Attributes:
         signup: {AttributeType: BETWEEN, Values: ["2024-01-01"]}
     """, "E9003", 9),
    ("between-reversed", """\
     Dimensions:
       UserAttributes:
         signup:
           AttributeType: BETWEEN
           Values: ["2024-03-01T00:00:00Z", "2024-01-01T00:00:00Z"]
     """, "E9003", 11),
    ("between-not-a-date", """\
     Dimensions:
       Attributes:
         signup:
           AttributeType: BETWEEN
           Values: ["2024-01-01", "next week"]
     """, "E9004", 11),
    ("before-not-a-date", """\
     Dimensions:
       Attributes:
         lastSeen: {AttributeType: BEFORE, Values: [yesterday]}
     """, "E9004", 9),
    ("on-impossible-month", """\
     Dimensions:
       Attributes:
         birthday: {AttributeType: "ON", Values: ["2024-13-01"]}
     """, "E9004", 9),
    ("after-us-date", """\
     Dimensions:
       Attributes:
         lastSeen:
           AttributeType: AFTER
           Values:
             - 11/01/2023
     """, "E9004", 12),
    ("norway-unquoted-is-a-boolean", """\
     Dimensions:
       Location:
         Country: {Values: [NO]}
     """, "E9005", 9),
    ("on-unquoted-is-a-boolean", """\
     Dimensions:
       Attributes:
         birthday: {AttributeType: ON, Values: ["2024-01-01"]}
     """, "E3030", 9),
    ("country-uk", """\
     Dimensions:
       Location:
         Country:
           Values: [UK]
     """, "E9005", 10),
    ("country-alpha-3", """\
     Dimensions:
       Location:
         Country: {DimensionType: EXCLUSIVE, Values: [US, USA]}
     """, "E9005", 9),
    ("country-in-group", """\
     SegmentGroups:
       Groups:
         - Dimensions:
             - Location:
                 Country: {Values: [de]}
     """, "E9005", 11),
    ("channel-lowercase", """\
     Dimensions:
       Demographic:
         Channel: {Values: [sms]}
     """, "E9006", 9),
    ("channel-unknown", """\
     Dimensions:
       Demographic:
         Channel:
           Values:
             - EMAIL
             - WHATSAPP
     """, "E9006", 12),
    ("attribute-name-too-long", f"""\
     Dimensions:
       Attributes:
         {"n" * 51}: {{AttributeType: INCLUSIVE, Values: [x]}}
     """, "E9007", 9),
    ("attribute-too-many-values", f"""\
     Dimensions:
       Attributes:
         plan: {{AttributeType: INCLUSIVE, Values: {flow([*MANY_VALUES, "v50"])}}}
     """, "E9007", 9),
    ("too-many-dimensions", "Dimensions:\n  Attributes:\n" + MANY_ATTRIBUTES, "E9008", 7),
    ("value-too-long-for-console", f"""\
     Dimensions:
       Attributes:
         note: {{AttributeType: CONTAINS, Values: [{"x" * 101}]}}
     """, "W9009", 9),
    ("too-many-values-for-console", f"""\
     Dimensions:
       Attributes:
         a: {{AttributeType: INCLUSIVE, Values: {flow(MANY_VALUES)}}}
         b: {{AttributeType: INCLUSIVE, Values: {flow(MANY_VALUES)}}}
         c: {{AttributeType: INCLUSIVE, Values: [last]}}
     """, "W9009", 7),
    ("tag-aws-prefix", """\
     Tags:
       "aws:team": growth
     """, "E9010", 8),
    ("too-many-tags", "Tags:\n" + MANY_TAGS, "E9010", 7),
    ("tag-key-too-long", f"""\
     Tags:
       {"k" * 129}: v
     """, "E9010", 8),
    ("tag-value-too-long", f"""\
     Tags:
       team: {"v" * 257}
     """, "E9010", 8),
]

VALID = [
    ("norway-as-string", """\
     Dimensions:
       Location:
         Country: {DimensionType: INCLUSIVE, Values: ["NO", "US", "GB"]}
     """),
    ("between-dates", """\
     Dimensions:
       Attributes:
         signup:
           AttributeType: BETWEEN
           Values: ["2024-01-01", "2024-01-31T23:59:59Z"]
         lastSeen: {AttributeType: "ON", Values: ["2024-06-01T00:00:00+02:00"]}
         plan: {AttributeType: CONTAINS, Values: [gold]}
       Metrics:
         score: {ComparisonOperator: GREATER_THAN_OR_EQUAL, Value: 7.5}
     """),
    ("gps-poles-and-antimeridian", """\
     SegmentGroups:
       Include: ANY
       Groups:
         - Type: ANY
           Dimensions:
             - Location:
                 GPSPoint:
                   Coordinates: {Latitude: 90, Longitude: 180}
                   RangeInKilometers: 10
             - Location:
                 GPSPoint:
                   Coordinates: {Latitude: -90, Longitude: -180}
                   RangeInKilometers: 0
     """),
    ("every-part", """\
     SegmentGroups:
       Include: ALL
       Groups:
         - Type: ALL
           SourceType: ANY
           SourceSegments:
             - Id: !GetAtt Base.SegmentId
               Version: 2
             - Id: !ImportValue shared-segment-id
             - Id: !Sub "${Base.SegmentId}"
           Dimensions:
             - Behavior:
                 Recency: {Duration: DAY_30, RecencyType: INACTIVE}
               Demographic:
                 Channel: {DimensionType: EXCLUSIVE, Values: [SMS, EMAIL, !Ref Channel]}
                 Platform: {Values: [ios]}
               UserAttributes:
                 tier: {AttributeType: !Ref Operator, Values: [gold]}
         - Type: NONE
           Dimensions:
             - Attributes:
                 optedOut: {AttributeType: INCLUSIVE, Values: ["true"]}
     Tags:
       team: growth
       cost-center: !Ref AWS::StackName
     """),
]
VALID_PARAMETERS = """\
Parameters:
  Channel: {Type: String, Default: PUSH}
  Operator: {Type: String, Default: INCLUSIVE, AllowedValues: [INCLUSIVE, EXCLUSIVE]}
"""


BASE_SEGMENT = """\
  Base:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: !Sub "${AWS::StackName}-app"
      Name: base
      Dimensions:
        Demographic: {Channel: {Values: [!Ref Channel]}}
        UserAttributes: {tier: {AttributeType: !Ref Operator, Values: [gold]}}
"""


def valid_template(body: str) -> str:
    text = template(body).replace("app-123456", "!ImportValue app-id", 1)
    return VALID_PARAMETERS + text + BASE_SEGMENT


def case_texts() -> dict[str, str]:
    texts = {name: template(body) for name, body, _, _ in INVALID}
    texts.update({name: valid_template(body) for name, body in VALID})
    return texts


@pytest.fixture(scope="module")
def cli_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[str, int]]]:
    """Every case through one run of the cfn-lint command line with both plug-in flags."""
    folder = tmp_path_factory.mktemp("templates")
    for name, text in case_texts().items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    command = [str(Path(sys.executable).with_name("cfn-lint")), "--format", "json",
               "--registry-schemas", schema_dir(), "--append-rules", rules_dir(),
               "--", *sorted(str(p) for p in folder.glob("*.yaml"))]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode in (0, 2, 4, 6), done.stderr
    found: dict[str, set[tuple[str, int]]] = {name: set() for name in case_texts()}
    for match in json.loads(done.stdout):
        name = Path(match["Filename"]).stem
        found[name].add((match["Rule"]["Id"], match["Location"]["Start"]["LineNumber"]))
    return found


@pytest.fixture(scope="module")
def plugin_schemas() -> Iterator[None]:
    """Load the strict schema in-process, and leave no trace for other tests."""
    PROVIDER_SCHEMA_MANAGER.reset()
    yield
    PROVIDER_SCHEMA_MANAGER._registry_schemas.pop(schema.RESOURCE_TYPE, None)
    PROVIDER_SCHEMA_MANAGER.reset()


def api_findings(text: str) -> set[tuple[str, int]]:
    config = ManualArgs(
        registry_schemas=[schema_dir()], append_rules=[rules_dir()], regions=["us-east-1"]
    )
    return {(m.rule.id, m.linenumber) for m in lint(text, config=config)}


@pytest.mark.parametrize(("body", "code", "line"), [c[1:] for c in INVALID],
                         ids=[c[0] for c in INVALID])
def test_invalid_through_api(plugin_schemas: None, body: str, code: str, line: int) -> None:
    found = api_findings(template(body))
    assert (code, line) in found, f"{found}\n{template(body)}"


@pytest.mark.parametrize("name", [c[0] for c in INVALID])
def test_invalid_through_cli(cli_findings: dict[str, set[tuple[str, int]]], name: str) -> None:
    _, body, code, line = next(c for c in INVALID if c[0] == name)
    assert (code, line) in cli_findings[name], f"{cli_findings[name]}\n{template(body)}"


@pytest.mark.parametrize("body", [c[1] for c in VALID], ids=[c[0] for c in VALID])
def test_valid_through_api(plugin_schemas: None, body: str) -> None:
    assert {code for code, _ in api_findings(valid_template(body))} == {SUNSET}


@pytest.mark.parametrize("name", [c[0] for c in VALID])
def test_valid_through_cli(cli_findings: dict[str, set[tuple[str, int]]], name: str) -> None:
    assert {code for code, _ in cli_findings[name]} == {SUNSET}


def test_committed_schema_is_current() -> None:
    committed = schema.SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema.render(schema.build_schema()), (
        "the committed schema is stale; run: python -m segmentgen.lint.plugin.schema"
    )


def test_schema_keeps_the_bundled_schema() -> None:
    bundled, strict = schema.bundled_schema(), schema.build_schema()
    for key in ("lifecycle", "typeName", "primaryIdentifier", "createOnlyProperties",
                "readOnlyProperties", "required", "additionalProperties"):
        assert strict[key] == bundled[key]
    assert set(bundled["definitions"]) < set(strict["definitions"])


def test_directories_are_absolute_and_filled() -> None:
    assert Path(schema_dir()).is_absolute()
    assert Path(schema_dir(), schema.SCHEMA_FILE.name).is_file()
    assert Path(rules_dir()).is_absolute()
    assert sorted(p.name for p in Path(rules_dir()).glob("[a-z]*.py"))


def test_main_prints_both_flags() -> None:
    done = subprocess.run([sys.executable, "-m", "segmentgen.lint.plugin"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.splitlines() == [f"--registry-schemas {schema_dir()}",
                                        f"--append-rules {rules_dir()}"]


def test_load_into_cfnlint_replaces_a_cached_schema(plugin_schemas: None) -> None:
    text = template("""\
     Dimensions:
       Metrics:
         score: {Values: ["5"]}
     """)
    plain = ManualArgs(regions=["us-east-1"])
    PROVIDER_SCHEMA_MANAGER._registry_schemas.pop(schema.RESOURCE_TYPE, None)
    PROVIDER_SCHEMA_MANAGER.reset()
    assert {m.rule.id for m in lint(text, config=plain)} == {SUNSET}
    load_into_cfnlint()
    assert ("E3002", 9) in api_findings(text)
