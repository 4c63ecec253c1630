"""The validator's rules as the checks of the cfn-lint plug-in rules, by rule id.

Input: the properties of one ``AWS::Pinpoint::Segment`` or
``AWS::CustomerProfiles::SegmentDefinition`` as cfn-lint decodes them (intrinsic functions
left in place). Output: ``checks(rule_id)``, for a plug-in rule id (``E9003``, ``E9231``) the
functions of a criterion kind's ``value_rules``, ``segmentgen.validate.rules`` or
``validate.profiles_rules`` that the validator runs for the same mistake (SG209, SG231), yielding
``Finding`` objects (path inside the properties, code, message, hint). One function per rule:
the validator reports the SG code, the plug-in the rule id recorded beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding
from segmentgen.validate import profiles_rules, rules

Check = Callable[[Mapping[str, Any]], Iterator[Finding]]


def segment_tags(properties: Mapping[str, Any]) -> Iterator[Finding]:
    """SG218 over a template's ``Tags`` (a JSON object of key to value)."""
    tags = properties.get("Tags")
    if isinstance(tags, Mapping):
        yield from rules.check_tags(tags, ("Tags",))


def checks(rule_id: str) -> tuple[Check, ...]:
    """The functions plug-in rule ``rule_id`` runs: the criteria rules of every registered
    kind and of the criteria as a whole that name it (several kinds may share one, as the
    attribute and metric name limits do), tags, Customer Profiles definitions."""
    found = tuple(check for check, rule in rules.criteria_rules() if rule == rule_id)
    if rule_id == codes.SG218.plugin_rule:
        found += (segment_tags,)
    return found + tuple(check for check, rule in profiles_rules.DEFINITION_RULES
                         if rule == rule_id)


def rule_ids() -> frozenset[str]:
    """Every plug-in rule id some check reports under."""
    return frozenset(rule for _, rule in (*rules.criteria_rules(), *profiles_rules.DEFINITION_RULES)
                     if rule is not None) | {str(codes.SG218.plugin_rule)}


def message(finding: Finding) -> str:
    """The plug-in's one-line message: the validator's message and its hint."""
    return f"{finding.message}; {finding.hint}" if finding.hint else finding.message
