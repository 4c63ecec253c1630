"""Value rules: what a shape cannot say about a segment in CloudFormation's shape.

Input: one segment's native criteria (``{"Dimensions": ...}`` or ``{"SegmentGroups": ...}``,
already shape-checked) and its tags. Output: findings addressed by native data path. The
rules of one kind's values (dates SG208, BETWEEN SG209, countries SG210, coordinates SG211,
finite numbers SG212, names SG217, channels SG204) live with the kind
(``CriterionKind.value_rules``); this module adds the rules of the criteria as a whole
(empty criteria SG214, group count SG215, dimension and value quotas SG217, both forms
SG213), tags (SG218) and dynamic references (SG224). Each rule is a small generator over the
criteria as CloudFormation holds them, tolerant of any JSON (intrinsic functions are
skipped), so the cfn-lint plug-in runs the same function on hand-written templates:
``criteria_rules()`` pairs each with its plug-in rule id. Adding one is a function, a table
entry and a test row.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from segmentgen.core import codes
from segmentgen.core import vocabulary as v
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.criteria import generation, kinds, native_walk
from segmentgen.criteria.kind import ValueRule
from segmentgen.criteria.native_walk import (
    count_dimensions,
    dimension_blocks,
    iter_values,
    listed,
    mapping,
)


def _whole(criteria: Mapping[str, Any]) -> Path:
    """The key of the segment's criteria: where a finding about all of them stands."""
    return ("SegmentGroups",) if "SegmentGroups" in criteria else ("Dimensions",)


def dimension_count(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG217: more dimensions in the segment than Pinpoint allows."""
    total = sum(count_dimensions(block) for _, block in dimension_blocks(criteria))
    if total > v.MAX_DIMENSIONS:
        yield Finding(_whole(criteria), codes.SG217, f"{total} dimensions; a segment takes at "
                      f"most {v.MAX_DIMENSIONS}", "split the segment", at_key=True)


def console_limits(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG217: values longer than the console compares, more values than it allows."""
    total = 0
    for path, block in dimension_blocks(criteria):
        for value_path, value in iter_values(block, path):
            total += 1
            if isinstance(value, str) and len(value) > v.MAX_VALUE_LENGTH:
                yield Finding(value_path, codes.SG217, f"value of {len(value)} characters; "
                              f"at most {v.MAX_VALUE_LENGTH}", "shorten the value; Pinpoint "
                              f"compares values of up to {v.MAX_VALUE_LENGTH} characters")
    if total > v.MAX_TOTAL_VALUES:
        yield Finding(_whole(criteria), codes.SG217, f"{total} values in all criteria; the "
                      f"console allows at most {v.MAX_TOTAL_VALUES}",
                      "split the segment or use fewer values", at_key=True)


def group_count(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG215: more segment groups than Pinpoint allows."""
    groups = listed(mapping(criteria.get("SegmentGroups")).get("Groups"))
    if len(groups) > v.MAX_GROUPS:
        yield Finding(("SegmentGroups", "Groups", v.MAX_GROUPS), codes.SG215,
                      f"{len(groups)} segment groups; a segment takes at most {v.MAX_GROUPS}",
                      "combine criteria within a group, or build an intermediate segment")


def empty_criteria(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG214: a criteria block without criteria, a group without criteria or base segments."""
    for path, block in dimension_blocks(criteria):
        if count_dimensions(block) == 0:
            yield Finding(path, codes.SG214, "criteria block is empty",
                          "add a criterion, or remove the block")
    groups = listed(mapping(criteria.get("SegmentGroups")).get("Groups"))
    for g, group in enumerate(groups):
        if not mapping(group).get("Dimensions") and not mapping(group).get("SourceSegments"):
            yield Finding(("SegmentGroups", "Groups", g), codes.SG214,
                          "segment group has neither criteria nor base segments",
                          "add 'where' or 'base', or remove the group")


def both_forms(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG213: Dimensions and SegmentGroups on one segment (the spec form's own check names
    the spec keys; this one is the template's)."""
    if "Dimensions" in criteria and "SegmentGroups" in criteria:
        yield Finding(("SegmentGroups",), codes.SG213, "a segment takes either 'Dimensions' or "
                      "'SegmentGroups', not both", "move the dimensions into a group")


# The rules of a segment's criteria as a whole, each with the cfn-lint plug-in rule that
# reports it in hand-written templates (None: the validator's alone).
WHOLE_RULES: tuple[ValueRule, ...] = (
    (dimension_count, "E9008"),
    (console_limits, "W9009"),
    (group_count, codes.SG215.plugin_rule),
    (both_forms, codes.SG213.plugin_rule),
    (empty_criteria, None),
)


def criteria_rules() -> tuple[ValueRule, ...]:
    """Every rule of a segment's criteria: each registered kind's ``value_rules`` in registry
    order, then the rules of the criteria as a whole. The plug-in's rule classes read this."""
    return _criteria_rules(generation())


@functools.lru_cache(maxsize=4)
def _criteria_rules(generation: int) -> tuple[ValueRule, ...]:
    del generation  # the cache key: the registry as it is now
    return (*(rule for kind in kinds() for rule in kind.value_rules()), *WHOLE_RULES)


def check_criteria(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    with native_walk.walking(criteria):
        findings = [finding for rule, _ in criteria_rules() for finding in rule(criteria)]
    yield from findings


def check_tags(tags: Mapping[Any, object], path: Path) -> Iterator[Finding]:
    if len(tags) > v.MAX_TAGS:
        yield Finding(path, codes.SG218, f"{len(tags)} tags; AWS allows at most {v.MAX_TAGS}",
                      "keep the tags your cost reports and policies need; move the rest to "
                      "'description'")
    for key, value in tags.items():
        if not isinstance(key, str):
            continue
        if not 1 <= len(key) <= v.MAX_TAG_KEY_LENGTH:
            yield Finding((*path, key), codes.SG218, f"tag key of {len(key)} characters; keys are "
                          f"1..{v.MAX_TAG_KEY_LENGTH}", "shorten the key", at_key=True)
        if key.lower().startswith("aws:"):
            yield Finding((*path, key), codes.SG218, f"tag key {key!r} uses the reserved 'aws:' "
                          "prefix", "choose another key", at_key=True)
        if isinstance(value, str) and len(value) > v.MAX_TAG_VALUE_LENGTH:
            yield Finding((*path, key), codes.SG218, f"tag value of {len(value)} characters; "
                          f"values are at most {v.MAX_TAG_VALUE_LENGTH}", "shorten the value")


DYNAMIC_REFERENCE = "{{resolve:"


def check_dynamic_references(data: object, path: Path) -> Iterator[Finding]:
    """CloudFormation resolves '{{resolve:...}}' in any string at deploy time: refuse it."""
    if isinstance(data, str) and DYNAMIC_REFERENCE in data.replace(" ", "").lower():
        yield Finding(path, codes.SG224, f"{data[:60]!r} holds a CloudFormation dynamic reference",
                      "specs hold literal text; CloudFormation would replace '{{resolve:...}}' "
                      "with a secret or parameter value at deploy time")
    elif isinstance(data, dict):
        for key, value in data.items():
            if DYNAMIC_REFERENCE in str(key).replace(" ", "").lower():
                yield from (Finding((*path, key), f.code, f.message, f.hint, at_key=True)
                            for f in check_dynamic_references(str(key), (*path, key)))
            yield from check_dynamic_references(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from check_dynamic_references(item, (*path, index))
