"""Terraform target: the Customer Profiles segment definitions as native awscc resources.

Input: the segments of one stack and a ``CompileContext``. Output: a ``TerraformResult`` with
HCL text holding one ``awscc_customerprofiles_segment_definition`` per segment that Customer
Profiles can express (the same plans as the CloudFormation target: same rotated names, same
criteria, same SG301 findings), rendered from ``templates/awscc-segment-definition.tf.j2``.
Argument names are the CloudFormation property names in snake_case; the keys of custom and
calculated attribute maps are kept as written. Every string, map key and label passes through
the ``hcl`` filter, which quotes it and escapes backslashes, quotes and control characters,
and writes the ``$`` of ``${`` and the ``%`` of ``%{`` as ``\\u0024`` and ``\\u0025``, so no
spec text can end a string or start an interpolation or directive. (HCL's own ``$${`` escape
reads the same in Terraform, but python-hcl2 rejects it before a missing ``}`` or after a
``$``; the ``\\u`` form is read alike by both.)
Without a domain the output declares ``variable "customer_profiles_domain_name"``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import jinja2

from segmentgen.compile import CompileContext
from segmentgen.compile.customer_profiles import Definition, domain_name, plan_definitions
from segmentgen.core import templating
from segmentgen.core.diagnostics import Finding
from segmentgen.core.model import Segment

TEMPLATE_NAME = "awscc-segment-definition.tf.j2"
RESOURCE_TYPE = "awscc_customerprofiles_segment_definition"
# Dictionaries whose keys are names chosen by the user, not schema properties.
USER_KEYED = frozenset({"Attributes", "CalculatedAttributes"})
SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


@dataclass(slots=True)
class TerraformResult:
    text: str
    findings: list[tuple[str, Finding]] = field(default_factory=list)


def _escape_character(character: str) -> str:
    if character in SIMPLE_ESCAPES:
        return SIMPLE_ESCAPES[character]
    if unicodedata.category(character) in ESCAPED_CATEGORIES:
        code = ord(character)
        return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
    return character


def hcl_string(value: object) -> str:
    """A quoted HCL string literal that reads back as exactly ``value``, with no templates."""
    if not isinstance(value, str):
        raise TypeError(f"hcl filter takes strings, not {type(value).__name__}")
    text = "".join(_escape_character(character) for character in value)
    return '"' + text.replace("${", "\\u0024{").replace("%{", "\\u0025{") + '"'


def snake_case(name: str) -> str:
    """``SegmentDefinitionName`` -> ``segment_definition_name``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def hcl_node(value: object, user_keyed: bool = False) -> object:
    """CloudFormation-shaped data as the template's nodes: strings, lists, ``{"entries"}``."""
    if isinstance(value, dict):
        entries = [
            {
                "key": key if user_keyed else snake_case(key),
                "quoted": user_keyed,
                "value": hcl_node(item, not user_keyed and key in USER_KEYED),
            }
            for key, item in sorted(value.items())
        ]
        return {"entries": entries}
    if isinstance(value, list):
        return [hcl_node(item) for item in value]
    if isinstance(value, str):
        return value
    raise TypeError(f"no HCL form for {type(value).__name__}")


def resource_label(key: str) -> str:
    """A Terraform identifier for a segment key; keys starting with a digit get a ``_``."""
    return key if key[:1].isalpha() else f"_{key}"


def _resource(definition: Definition, by_key: dict[str, Definition]) -> dict[str, object]:
    groups = definition.segment_groups
    tags = [{"Key": key, "Value": value} for key, value in definition.tags]
    return {
        "label": resource_label(definition.segment.key),
        "name": definition.name,
        "display_name": definition.display_name,
        "description": definition.segment.description or None,
        "segment_groups": None if groups is None else hcl_node(groups.to_dict()),
        "tags": hcl_node(tags),
        "depends_on": sorted(
            resource_label(by_key[key].segment.key) for key in definition.base_keys
        ),
    }


def environment() -> jinja2.Environment:
    return templating.environment(hcl=hcl_string)


def render_terraform(segments: Sequence[Segment], context: CompileContext) -> TerraformResult:
    definitions = plan_definitions(segments, context)
    by_key = {definition.segment.key: definition for definition in definitions}
    resources = [_resource(d, by_key) for d in definitions if not d.blocked]
    template = environment().get_template(TEMPLATE_NAME)
    text = template.render(domain=domain_name(context), resources=resources)
    findings = [(d.segment.key, finding) for d in definitions for finding in d.findings]
    return TerraformResult(text.strip("\n") + "\n", findings)
