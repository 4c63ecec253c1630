"""Domain stacks: the calculated attributes a project defines, in a stack of their own.

Input: the environments being built, the project settings and the segment stacks. Output:
for each environment, when the settings define calculated attributes that are not
``external``, a ``Stack`` at ``[<env>/]segmentgen-calculated-attributes`` named like every
other stack (the settings file as its spec, no segments) and its template
(``compile.calculated_attributes``); and which segment stacks use one of them, so that they
depend on the domain stack in the manifest's deploy order, the Sceptre ``dependencies`` and
the Terraform ``depends_on``. A segment names a calculated attribute by its name (map keys of
``CalculatedAttributes``, a ``SegmentSort`` attribute of ``Type: CALCULATED``, or, in the
Pinpoint form compiled for Customer Profiles, an ``attribute_map`` target
``CalculatedAttributes.<name>``), never by an export, so the order is all that joins them.
Like the application stack, the domain stack depends on the settings only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from segmentgen.compile.calculated_attributes import (
    compile_template,
    defined,
    mapped_references,
    names_used,
)
from segmentgen.core.model import Environment, Settings, Stack
from segmentgen.load.discover import SETTINGS_FILE
from segmentgen.plan.stacks import stack_name

CALCULATED_STACK = "segmentgen-calculated-attributes"
PROFILES = "customer-profiles"


def calculated_stacks(environments: Sequence[Environment], settings: Settings) -> list[Stack]:
    """One domain stack per environment when the project defines calculated attributes."""
    if not defined(settings):
        return []
    stacks = []
    for env in environments:
        path = f"{env.name}/{CALCULATED_STACK}" if env.name else CALCULATED_STACK
        stacks.append(Stack(stack_name(path, settings.prefix), path, env, SETTINGS_FILE, ()))
    return stacks


def uses_calculated(stack: Stack, settings: Settings) -> bool:
    """Whether a segment stack's segments name a calculated attribute the project defines,
    in their own Customer Profiles terms or, compiled for Customer Profiles from the
    Pinpoint form, through ``attribute_map``."""
    names = {attribute.name for attribute in defined(settings)}
    used = names_used(stack.segments)
    attribute_map = dict(settings.attribute_map)
    for segment in stack.segments:
        target = segment.target or stack.environment.target
        if segment.profiles is None and target == PROFILES and attribute_map:
            used |= mapped_references(segment, attribute_map)
    return bool(names & used)


def calculated_template(stack: Stack, settings: Settings) -> dict[str, Any]:
    """The domain stack's template as plain data."""
    env = stack.environment
    where = f"environment {env.name}" if env.name else "the project"
    description = f"The Customer Profiles calculated attributes of {where} (segmentgen)"
    return compile_template(env, settings, description).to_dict()  # type: ignore[no-any-return]
