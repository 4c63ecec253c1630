"""Terraform target: the Customer Profiles resources of a stack as native awscc resources.

Input: the segments of one stack and a ``CompileContext`` (``render_terraform``), or any
CloudFormation template as plain data (``render_template``: a domain stack's calculated
attributes too). Output: a ``TerraformResult`` with HCL text holding one awscc resource per
``AWS::CustomerProfiles::SegmentDefinition`` (``awscc_customerprofiles_segment_definition``)
and ``CalculatedAttributeDefinition`` (``..._calculated_attribute_definition``) of the
CloudFormation target's template, so both carry the same names, criteria, SQL queries,
sorts and SG301 findings; rendered from ``templates/awscc-segment-definition.tf.j2``.
The conversion reads no property by name: every property becomes the argument of the same
name in snake_case (``SegmentSqlQuery`` -> ``segment_sql_query``), numbers and booleans as
HCL literals, a ``Ref`` of a template parameter as the variable of its snake_case name
(declared with the parameter's description), ``DependsOn`` as ``depends_on`` (with the
calculated attributes of the domain stack a segment names: ``calculated_dependencies``, so
Terraform creates them first); the keys of
custom and calculated attribute maps are kept as written. Resources are labelled by segment
key (a calculated attribute by its name). A segment definition whose name is generated
(rotated on each create-only change) is created before the old one is destroyed.
Every string, map key and label passes through the ``hcl`` filter, which quotes it and
escapes backslashes, quotes and control characters, and writes the ``$`` of ``${`` and the
``%`` of ``%{`` as ``\\u0024`` and ``\\u0025``, so no spec text can end a string or start an
interpolation or directive. (HCL's own ``$${`` escape reads the same in Terraform, but
python-hcl2 rejects it before a missing ``}`` or after a ``$``; the ``\\u`` form is read
alike by both.) Without a domain the output declares ``variable
"customer_profiles_domain_name"``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from segmentgen.compile import CompileContext, logical_id
from segmentgen.compile.registry import target
from segmentgen.core import templating
from segmentgen.core.diagnostics import Finding
from segmentgen.core.model import Segment

if TYPE_CHECKING:
    import jinja2

TEMPLATE_NAME = "awscc-segment-definition.tf.j2"
RESOURCE_TYPE = "awscc_customerprofiles_segment_definition"
SEGMENT_TYPE = "AWS::CustomerProfiles::SegmentDefinition"
# The CloudFormation types written, with the property that labels a resource without a key.
TYPES = {SEGMENT_TYPE: "SegmentDefinitionName",
         "AWS::CustomerProfiles::CalculatedAttributeDefinition": "CalculatedAttributeName"}
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


def terraform_type(resource_type: str) -> str:
    """``AWS::CustomerProfiles::SegmentDefinition`` ->
    ``awscc_customerprofiles_segment_definition``."""
    _, service, name = resource_type.split("::")
    return f"awscc_{service.lower()}_{snake_case(name)}"


def hcl_node(value: object, user_keyed: bool = False,
             parameters: Mapping[str, str] | None = None) -> object:
    """CloudFormation-shaped data as the template's nodes: strings, lists, ``{"entries"}``,
    ``{"literal"}`` (a number, a boolean or a variable reference)."""
    if isinstance(value, dict) and list(value) == ["Ref"] and value["Ref"] in (parameters or {}):
        return {"literal": f"var.{(parameters or {})[value['Ref']]}"}
    if isinstance(value, dict):
        entries = [
            {
                "key": key if user_keyed else snake_case(key),
                "quoted": user_keyed,
                "value": hcl_node(item, not user_keyed and key in USER_KEYED, parameters),
            }
            for key, item in sorted(value.items())
        ]
        return {"entries": entries}
    if isinstance(value, list):
        return [hcl_node(item, parameters=parameters) for item in value]
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return {"literal": "true" if value else "false"}
    if isinstance(value, int | float):
        return {"literal": repr(value)}
    raise TypeError(f"no HCL form for {type(value).__name__}")


def resource_label(key: str) -> str:
    """A Terraform identifier for a segment key; keys starting with a digit get a ``_``."""
    return key if key[:1].isalpha() else f"_{key}"


def _labels(resources: Mapping[str, Any], keys: Mapping[str, str]) -> dict[str, str]:
    """Logical ID -> Terraform label of every resource written."""
    found = {}
    for logical, resource in resources.items():
        if resource.get("Type") in TYPES:
            fallback = resource["Properties"].get(TYPES[resource["Type"]], logical)
            found[logical] = resource_label(keys.get(logical, str(fallback)))
    return found


def _resource(logical: str, resource: Mapping[str, Any], labels: Mapping[str, str],
              types: Mapping[str, str], parameters: Mapping[str, str],
              rotated: bool, after: Sequence[str] = ()) -> dict[str, Any]:
    properties = resource["Properties"]
    depends = resource.get("DependsOn") or []
    listed = [depends] if isinstance(depends, str) else list(depends)
    return {
        "type": terraform_type(resource["Type"]),
        "label": labels[logical],
        "arguments": [{"name": snake_case(name),
                       "value": hcl_node(properties[name], parameters=parameters)}
                      for name in _ordered(properties)],
        "depends_on": sorted({*(f"{terraform_type(types[other])}.{labels[other]}"
                               for other in listed if other in labels), *after}),
        "create_before_destroy": rotated,
    }


def _ordered(properties: Mapping[str, Any]) -> list[str]:
    """Properties in the order a reader looks for them: the domain and the names first, then
    the rest by name, tags last."""
    first = [name for name in ("DomainName", "SegmentDefinitionName", "CalculatedAttributeName",
                               "DisplayName", "Description") if name in properties]
    rest = sorted(name for name in properties if name not in first and name != "Tags")
    return [*first, *rest, *(["Tags"] if "Tags" in properties else [])]


def environment() -> jinja2.Environment:
    return templating.environment(hcl=hcl_string)


def render_template(template: Mapping[str, Any], keys: Mapping[str, str] | None = None,
                    generated: frozenset[str] = frozenset(),
                    after: Mapping[str, Sequence[str]] | None = None) -> str:
    """HCL for the Customer Profiles resources of a CloudFormation template (plain data):
    ``keys`` labels them (logical ID -> segment key), ``generated`` holds the logical IDs of
    segment definitions whose names rotate, ``after`` the Terraform addresses each logical ID
    depends on beyond its ``DependsOn`` (resources of another file of the same module)."""
    resources = template.get("Resources") or {}
    labels = _labels(resources, keys or {})
    types = {logical: resources[logical]["Type"] for logical in labels}
    parameters = {name: snake_case(name) for name in template.get("Parameters") or {}}
    written = [_resource(logical, resources[logical], labels, types, parameters,
                         logical in generated, (after or {}).get(logical, ()))
               for logical in sorted(labels, key=lambda lid: (labels[lid], lid))]
    used = {name for name in parameters if _refers(resources, name)}
    variables = [{"name": parameters[name], "description": str(
        template["Parameters"][name].get("Description", name))} for name in sorted(used)]
    text = environment().get_template(TEMPLATE_NAME).render(variables=variables,
                                                            resources=written)
    return text.strip("\n") + "\n"


def _refers(value: object, parameter: str) -> bool:
    if isinstance(value, dict):
        return value == {"Ref": parameter} or any(_refers(v, parameter) for v in value.values())
    if isinstance(value, list):
        return any(_refers(item, parameter) for item in value)
    return False


def render_terraform(segments: Sequence[Segment], context: CompileContext) -> TerraformResult:
    """The stack's segment definitions as awscc resources, from the Customer Profiles
    target's own template (its SG301 findings with it)."""
    from segmentgen.compile.customer_profiles import compile_template

    result = compile_template(segments, context)
    suffix = target("customer-profiles").logical_id_suffix
    keys = {logical_id(segment.key, suffix): segment.key for segment in segments}
    generated = frozenset(logical_id(segment.key, suffix) for segment in segments
                          if segment.profiles is None or segment.profiles.definition_name is None)
    after = {logical_id(segment.key, suffix): calculated_dependencies(segment, context)
             for segment in segments}
    text = render_template(result.template.to_dict(), keys, generated, after)
    return TerraformResult(text, list(result.findings))


def calculated_dependencies(segment: Segment, context: CompileContext) -> list[str]:
    """The awscc calculated attribute definitions of the domain stack (its own ``.awscc.tf``
    beside this one) that a segment names, as Terraform addresses: Terraform creates them
    first, as CloudFormation deploys the domain stack first."""
    from segmentgen.compile.calculated_attributes import defined, mapped_references, names_used

    used = names_used([segment])
    if segment.profiles is None and context.settings.attribute_map:
        used |= mapped_references(segment, dict(context.settings.attribute_map))
    deployed = {attribute.name for attribute in defined(context.settings)}
    kind = terraform_type("AWS::CustomerProfiles::CalculatedAttributeDefinition")
    return sorted(f"{kind}.{resource_label(name)}" for name in used & deployed)
