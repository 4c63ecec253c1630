"""The validator's rules as the checks of the cfn-lint plug-in rules, by rule id.

Input: the properties of one ``AWS::Pinpoint::Segment`` or
``AWS::CustomerProfiles::SegmentDefinition`` as cfn-lint decodes them (intrinsic functions
left in place). Output: ``CHECKS``, plug-in rule id (``E9003``, ``E9231``) -> the function of
``segmentgen.validate.rules`` or ``validate.profiles_rules`` that the validator runs for the
same mistake (SG209, SG231), yielding
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


def _table() -> dict[str, Check]:
    table: dict[str, Check] = {rule_id: check for check, rule_id in rules.CRITERIA_RULES
                               if rule_id is not None}
    if codes.SG218.plugin_rule is not None:
        table[codes.SG218.plugin_rule] = segment_tags
    table.update({rule_id: check for check, rule_id in profiles_rules.DEFINITION_RULES
                  if rule_id is not None})
    return table


CHECKS: dict[str, Check] = _table()


def message(finding: Finding) -> str:
    """The plug-in's one-line message: the validator's message and its hint."""
    return f"{finding.message}; {finding.hint}" if finding.hint else finding.message
