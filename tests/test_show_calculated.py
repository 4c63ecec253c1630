"""``show`` of a Customer Profiles segment lists the calculated attributes it uses, each with
its definition in words; an external one says it is defined outside the project."""

from __future__ import annotations

from spec_files import SpecWriter

from segmentgen.api import load_project
from segmentgen.lifecycle.show import render_human, show_segment

SETTINGS = """calculated_attributes:
  lifetime_spend: {attributes: [Order.total], expression: "{Order.total}", statistic: SUM,
                   conditions: {range: {value: 30, unit: DAYS}}}
  churn_score: {external: true}
  unused: {attributes: [Order.id], statistic: COUNT}
"""
SPECS = """segments:
  big:
    target: customer-profiles
    name: Big
    where:
      calculated:
        lifetime_spend: {">": 500}
        churn_score: {">": 0.5}
  plain: {name: Plain, where: {country: [NO]}}
"""


def test_show_names_each_used_attribute_with_its_definition(write_specs: SpecWriter) -> None:
    project, diagnostics, _ = load_project(write_specs(SPECS, SETTINGS))
    assert project is not None, [d.render() for d in diagnostics]
    details = show_segment(project, "big", history=False)
    assert details.data["calculated_attributes"] == [
        {"name": "churn_score", "external": True,
         "definition": ["defined outside the project (external: true)"]},
        {"name": "lifetime_spend", "external": False,
         "definition": ["statistic: the sum (SUM) of the expression",
                        "expression: {Order.total}", "attributes: Order.total",
                        "condition: over the last 30 days"]}]
    text = render_human(details)
    assert "  calculated attribute lifetime_spend:\n    statistic: the sum (SUM)" in text
    assert "calculated attribute unused" not in text


def test_a_segment_without_one_has_no_entry(write_specs: SpecWriter) -> None:
    project, _, _ = load_project(write_specs(SPECS, SETTINGS))
    assert project is not None
    details = show_segment(project, "plain", history=False)
    assert "calculated_attributes" not in details.data
    assert "calculated attribute" not in render_human(details)
