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

``fixed_name_replacements`` compares the planned domain templates with those in ``out/``: a
calculated attribute keeps its name, so a change to another create-only property
(``UseHistoricalData``, the range's timestamp source or format, the domain) cannot be deployed
as CloudFormation's replacement (SG237 at the attribute in ``segmentgen.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from segmentgen.compile.calculated_attributes import (
    RESOURCE_TYPE,
    compile_template,
    defined,
    mapped_references,
    names_used,
)
from segmentgen.compile.plan.stacks import stack_name
from segmentgen.core import codes
from segmentgen.core.calculated import CalculatedAttribute
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.model import Environment, Settings, Stack
from segmentgen.load.discover import SETTINGS_FILE

if TYPE_CHECKING:
    from segmentgen.emit.output import Output

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


def fixed_name_replacements(files: Mapping[str, bytes], previous: Output,
                            settings: Settings) -> list[Diagnostic]:
    """SG237 for a deployed calculated attribute whose create-only property (other than its
    name) the planned files change: CloudFormation would replace it by creating one of the
    same name first, which Customer Profiles refuses while the old one exists."""
    from segmentgen.compile.plan.resources import parse_template
    from segmentgen.review.create_only import create_only_properties

    before = _domain_templates(previous)
    fixed = [p for p in create_only_properties(RESOURCE_TYPE) if p != ("CalculatedAttributeName",)]
    by_name = {attribute.name: attribute for attribute in settings.calculated_attributes}
    found = []
    for path, body in sorted(files.items()):
        if not _is_domain(path) or _stem(path) not in before:
            continue
        old = _resources(parse_template(before[_stem(path)][1], before[_stem(path)][0]))
        for logical, new in _resources(parse_template(body, path)).items():
            name = new.get("CalculatedAttributeName")
            changed = [".".join(p) for p in fixed if logical in old
                       and _at(old[logical], p) != _at(new, p)]
            attribute = by_name.get(name) if isinstance(name, str) else None
            if changed and attribute is not None:
                found.append(_replaced(attribute, changed, settings))
    return found


def _domain_templates(previous: Output) -> dict[str, tuple[str, bytes]]:
    """The previous domain stacks' templates (path, bytes) by path without suffix."""
    found = {}
    for stack in previous.manifest.stacks if previous.manifest else ():
        path = stack["template"]
        body = previous.get(path) if _is_domain(path) else None
        if body is not None:
            found[_stem(path)] = (path, body)
    return found


def _is_domain(path: str) -> bool:
    return _stem(path).rsplit("/", 1)[-1] == CALCULATED_STACK


def _stem(path: str) -> str:
    return path.rsplit(".", 1)[0]


def _resources(template: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """The Properties of each calculated attribute definition of a template, by logical ID."""
    resources = template.get("Resources") if template else None
    return {str(logical): body.get("Properties") or {}
            for logical, body in (resources.items() if isinstance(resources, Mapping) else ())
            if isinstance(body, Mapping) and body.get("Type") == RESOURCE_TYPE
            and isinstance(body.get("Properties") or {}, Mapping)}


def _at(properties: Mapping[str, Any], path: tuple[str, ...]) -> object:
    value: object = properties
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _replaced(attribute: CalculatedAttribute, changed: list[str],
              settings: Settings) -> Diagnostic:
    return Diagnostic(
        settings.file or SETTINGS_FILE, attribute.line, attribute.col, codes.SG237,
        f"calculated attribute {attribute.name!r}: {', '.join(changed)} cannot change once "
        "deployed (create-only): CloudFormation would create a replacement of the same name, "
        "which the domain refuses while the deployed one exists",
        hint="give it a new name (and the segments that use it), or remove it in one deploy "
             "and add it back in the next")
