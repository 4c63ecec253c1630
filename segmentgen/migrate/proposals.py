"""Calculated attributes a migration proposes for Pinpoint criteria without an equivalent.

Input: a metric's carried criterion, or recency's SG301 message. Output: an SG301 finding
(metrics) or a hint (recency) holding a concrete ``calculated_attributes:`` entry for
``segmentgen.yaml`` in flow style, and what to write in the segment or ``attribute_map``
once it exists. A Pinpoint metric is one number per endpoint and recency counts sessions;
neither exists on a profile, so the entry computes the nearest fact from an object type the
domain ingests (``Engagement`` and ``Session`` stand for the domain's own object types).
"""

from __future__ import annotations

import re

from segmentgen.compile.customer_profiles_map import CarriedCriterion
from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding

OPERATORS = {"GREATER_THAN": ">", "GREATER_THAN_OR_EQUAL": ">=", "LESS_THAN": "<",
             "LESS_THAN_OR_EQUAL": "<=", "EQUAL": "=="}
DAYS = {"HR_24": 1, "DAY_7": 7, "DAY_14": 14, "DAY_30": 30}
SAFE_NAME = re.compile(r"[^a-zA-Z0-9_-]")


def metric_proposal(item: CarriedCriterion) -> Finding:
    """SG301 for a metric no ``attribute_map`` entry sends anywhere: Pinpoint's metric is a
    number per endpoint, a custom profile attribute holds text."""
    name = str(item.path[-1])
    attribute = SAFE_NAME.sub("_", name)
    operator_type = item.target.rsplit(" ", 1)[-1]
    operator = OPERATORS.get(operator_type, operator_type)
    values = ((item.dimension or {}).get("ProfileAttributes", {}).get("Attributes", {})
              .get(name, {}).get("Values", ["?"]))
    entry = (f"calculated_attributes: {{{attribute}: {{attributes: [Engagement.{attribute}], "
             f"expression: '{{Engagement.{attribute}}}', statistic: LAST_OCCURRENCE}}}}")
    return Finding(
        item.path, codes.SG301,
        f"{item.label} ({operator} {values[0]}) has no equivalent: a Pinpoint metric is a "
        "number per endpoint, a custom profile attribute holds text",
        f"define it in segmentgen.yaml, from the object type that carries it: {entry}; "
        f"then map it: attribute_map: {{metrics.{name}: CalculatedAttributes.{attribute}}} "
        f"and run segmentgen migrate again (the segment gets calculated: {{{attribute}: "
        f"{{'{operator}': {values[0]}}}}})")


def recency_hint(message: str) -> str:
    """A calculated attribute counting the domain's activity over recency's span."""
    found = re.search(r"\((active|inactive), (\w+)\)", message)
    state, duration = found.groups() if found else ("active", "DAY_30")
    days = DAYS.get(duration, 30)
    name = f"sessions_{days}d"
    entry = (f"calculated_attributes: {{{name}: {{attributes: [Session.id], expression: "
             f"'{{Session.id}}', statistic: COUNT, conditions: {{range: {{value: {days}, "
             "unit: DAYS}}}}")
    test = "{'>=': 1}" if state == "active" else "{'<': 1}"
    return (f"define it in segmentgen.yaml, from the object type that records activity: "
            f"{entry}; then write the segment as target: customer-profiles with where: "
            f"{{calculated: {{{name}: {test}}}}} (a profile without activity has no value, so "
            "'inactive' misses profiles never seen), or keep it on the pinpoint target")
