"""Same-named Pinpoint criteria that would become one profile attribute.

Input: carried criteria (``customer_profiles_map.CarriedCriterion``) with the key of the
segment each belongs to, and ``settings.attribute_map``. Output: ``collapsed``, one SG306
finding per criterion that shares its profile attribute with a criterion of another section
(an endpoint attribute, a user attribute and a metric of one name all default to
``Attributes.<name>``), unless ``attribute_map`` sends each by its section's key
(``attributes.<name>``, ``user_attributes.<name>``, ``metrics.<name>``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from segmentgen.compile.customer_profiles_map import CarriedCriterion
from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding

# The section of a named criterion's data path -> its attribute_map prefix and its words.
SECTIONS = {"Attributes": ("attributes", "endpoint attribute"),
            "UserAttributes": ("user_attributes", "user attribute"),
            "Metrics": ("metrics", "metric")}


def collapsed(carried: Sequence[tuple[str, CarriedCriterion]],
              attribute_map: Mapping[str, str]) -> list[tuple[str, Finding]]:
    """SG306 (segment key, finding) for every named criterion that shares its profile
    attribute with a criterion of another section (an endpoint attribute, a user attribute
    and a metric of one name) unless ``attribute_map`` sends both by their section's key."""
    by_target: dict[str, list[tuple[str, CarriedCriterion, str]]] = {}
    for key, item in carried:
        section = _section(item)
        if section is not None:
            target = item.target.rsplit(" ", 1)[0]
            by_target.setdefault(target, []).append((key, item, section))
    found = []
    for target, items in sorted(by_target.items()):
        sections = {section for _, _, section in items}
        if len(sections) < 2 or all(_qualified(item, attribute_map) for _, item, _ in items):
            continue
        for key, item, _ in items:
            others = sorted({f"{SECTIONS[s][1]} {str(other.path[-1])!r}" + (
                "" if k == key else f" of segment {k!r}") for k, other, s in items
                if other is not item and s != _section(item)})
            found.append((key, _finding(item, others, target)))
    return found


def _finding(item: CarriedCriterion, others: list[str], target: str) -> Finding:
    prefix, name = SECTIONS[str(item.path[-2])][0], item.path[-1]
    return Finding(
        item.path, codes.SG306,
        f"{item.label} and {', '.join(others)} would all become {target}: Pinpoint keeps "
        "them apart, one profile attribute cannot",
        f"separate them in attribute_map by their section, such as '{prefix}.{name}: "
        f"Attributes.{prefix}_{name}'")


def _section(item: CarriedCriterion) -> str | None:
    if len(item.path) < 2 or not isinstance(item.path[-1], str):
        return None
    section = item.path[-2]
    return section if isinstance(section, str) and section in SECTIONS else None


def _qualified(item: CarriedCriterion, attribute_map: Mapping[str, str]) -> bool:
    return f"{SECTIONS[str(item.path[-2])][0]}.{item.path[-1]}" in attribute_map
