"""The cfn-lint plug-in's Customer Profiles rules on hand-written SegmentDefinition templates.

Each row is a resource's properties after the required ones (lines 8 on of the template),
the plug-in rule expected and its line; the same functions give the validator's SG codes
(tests/test_profiles_rules.py). Generated templates of the golden cases draw no plug-in
finding at all.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint

from segmentgen.core import codes
from segmentgen.lint.plugin import checks, rules_dir

CASES = Path(__file__).parent / "cases"
HEADER = """\
Resources:
  Segment:
    Type: AWS::CustomerProfiles::SegmentDefinition
    Properties:
      DomainName: crm
      SegmentDefinitionName: vip
      DisplayName: VIP
"""
RULES = ("E9231", "E9232", "E9234", "E9236")


def findings(template: str) -> list[tuple[str, int, str]]:
    config = ManualArgs(append_rules=[rules_dir()], regions=["us-east-1"])
    return sorted((m.rule.id, m.linenumber, m.message) for m in lint(template, config=config)
                  if m.rule.id in RULES)


def template(body: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(body), " " * 6)


SIX_SOURCES = "".join(f"             - SegmentDefinitionName: s{n}\n" for n in range(6))
ROWS = [
    ("six-starting-audiences", f"""\
     SegmentGroups:
       Groups:
         - SourceSegments:
{SIX_SOURCES}""", "E9231", 16),
    ("sql-syntax", """\
     SegmentSqlQuery: SELECT * FROM _profile WHERE
     """, "E9232", 8),
    ("sql-two-statements", """\
     SegmentSqlQuery: "SELECT 1; SELECT 2"
     """, "E9232", 8),
    ("birth-date", """\
     SegmentGroups:
       Groups:
         - Dimensions:
             - ProfileAttributes:
                 BirthDate: {DimensionType: AFTER, Values: [tomorrow]}
     """, "E9234", 12),
    ("between-reversed", """\
     SegmentGroups:
       Groups:
         - Dimensions:
             - CalculatedAttributes:
                 spend:
                   DimensionType: BETWEEN
                   Values: ["500", "100"]
     """, "E9234", 14),
    ("attribute-name-length", f"""\
     SegmentGroups:
       Groups:
         - Dimensions:
             - ProfileAttributes:
                 Attributes:
                   {"a" * 256}: {{DimensionType: INCLUSIVE, Values: [x]}}
     """, "E9236", 13),
    ("sort-name-length", f"""\
     SegmentSort:
       Attributes:
         - {{Name: {"n" * 65}, Order: ASC}}
     """, "E9236", 10),
]


@pytest.mark.parametrize(("body", "rule", "line"), [row[1:] for row in ROWS],
                         ids=[row[0] for row in ROWS])
def test_rule(body: str, rule: str, line: int) -> None:
    found = findings(template(body))
    assert [(rule_id, number) for rule_id, number, _ in found] == [(rule, line)], found
    assert found[0][2] and ";" in found[0][2]  # the validator's message and its hint


def test_clean_definition_draws_nothing() -> None:
    assert findings(template("""\
     SegmentSqlQuery: SELECT * FROM _profile WHERE FirstName = 'Ada'
     SegmentSort:
       Attributes: [{Name: LastName, Order: ASC}]
     """)) == []


def test_rules_are_the_validators_codes() -> None:
    assert {str(code.plugin_rule) for code in (codes.SG231, codes.SG232, codes.SG234,
                                               codes.SG236)} == set(RULES)
    assert set(RULES) <= checks.rule_ids()


def _generated() -> list[tuple[str, str]]:
    found = []
    for path in sorted(CASES.glob("*/expected/**/*.json")):
        text = path.read_text("utf-8")
        if "AWS::CustomerProfiles::SegmentDefinition" in text:
            found.append((path.relative_to(CASES).as_posix(), text))
    return found


@pytest.mark.parametrize("text", [text for _, text in _generated()],
                         ids=[name for name, _ in _generated()])
def test_generated_templates_draw_no_plugin_finding(text: str) -> None:
    data: Any = json.loads(text)
    assert isinstance(data, dict)
    assert findings(text) == []
