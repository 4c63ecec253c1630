"""Deploy artifacts: what deploy tools read next to each generated template.

Input: one stack, its template path and data, the project settings and the stacks it depends
on. Output: ``Artifacts``: files by output path and the keys they add to the stack's manifest
entry. Which artifacts are written is the ``artifacts:`` setting (default ``[parameters]``):

- ``parameters``: ``<stack>.parameters.json`` in CodePipeline's template-configuration format,
  ``{"Parameters": {...}, "Tags": {...}}``, read as-is by CodePipeline, rain and
  ``aws cloudformation deploy --parameter-overrides file://...`` (AWS CLI v2).
- ``sceptre``: ``sceptre/config/<env>/<stack>.yaml`` plus ``sceptre/config/config.yaml``, a
  Sceptre project whose templates are the generated ones, escaped for the Jinja2 pass Sceptre
  makes over every config file (``segmentgen.deploy_sceptre``).
- ``terraform``: ``<env>/<stack>.tf`` with one ``aws_cloudformation_stack``, rendered from
  ``templates/cloudformation-stack.tf.j2``; every string passes the ``hcl`` filter.

Parameter values come only from the ``parameters:`` settings; a parameter without a value is
left out of the parameters file and the Sceptre config (the deploy asks for it) and becomes
a Terraform ``variable``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import jinja2

from segmentgen.compile.terraform_awscc import hcl_string
from segmentgen.deploy_sceptre import PROJECT_CONFIG, config_text, project_config
from segmentgen.model import Settings
from segmentgen.templating import environment

TERRAFORM_TEMPLATE = "cloudformation-stack.tf.j2"


@dataclass(slots=True)
class Artifacts:
    files: dict[str, bytes] = field(default_factory=dict)
    entry: dict[str, Any] = field(default_factory=dict)


def stack_tags(stack: Any, settings: Settings) -> dict[str, str]:
    """Stack tags: the project default tags, overridden by the environment's tags."""
    tags = dict(settings.tags)
    tags.update(stack.environment.tags)
    return dict(sorted(tags.items()))


def parameter_values(stack: Any, template: dict[str, Any]) -> dict[str, str]:
    """Values from the settings for the parameters the template declares; nothing invented."""
    declared = template.get("Parameters", {})
    return {name: value for name, value in stack.environment.parameters if name in declared}


def capabilities(template: dict[str, Any]) -> list[str]:
    types = {resource.get("Type") for resource in template.get("Resources", {}).values()}
    return ["CAPABILITY_IAM"] if "AWS::IAM::Role" in types else []


def stack_artifacts(stack: Any, path: str, template: dict[str, Any], settings: Settings,
                    depends_on: list[str]) -> Artifacts:
    result = Artifacts()
    base = str(PurePosixPath(path).with_suffix(""))
    caps = capabilities(template)
    if caps:
        result.entry["capabilities"] = caps
    if "parameters" in settings.artifacts:
        parameters_path = base + ".parameters.json"
        config = {"Parameters": parameter_values(stack, template),
                  "Tags": stack_tags(stack, settings)}
        result.files[parameters_path] = _json(config)
        result.entry["parameters"] = parameters_path
    if "sceptre" in settings.artifacts:
        result.files.update(_sceptre(stack, path, template, settings, depends_on))
        result.entry["sceptre"] = _sceptre_path(stack)
    if "terraform" in settings.artifacts:
        tf_path, text = terraform_file(stack, path, template, settings, depends_on)
        result.files[tf_path] = text.encode("utf-8")
        result.entry["terraform"] = tf_path
    return result


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _sceptre_path(stack: Any) -> str:
    return f"sceptre/config/{stack.path}.yaml"


def _sceptre(stack: Any, path: str, template: dict[str, Any], settings: Settings,
             depends_on: list[str]) -> dict[str, bytes]:
    depth = len(PurePosixPath("sceptre/templates").parts)
    config: dict[str, Any] = {
        "stack_name": stack.name,
        "template": {"type": "file", "path": "../" * depth + path},
        "parameters": parameter_values(stack, template),
        "stack_tags": stack_tags(stack, settings),
    }
    if depends_on:
        config["dependencies"] = [f"{_path_of(stack, name)}.yaml" for name in depends_on]
    caps = capabilities(template)
    if caps:
        config["capabilities"] = caps
    return {_sceptre_path(stack): config_text(config),
            PROJECT_CONFIG: project_config(settings.regions[0])}


def _path_of(stack: Any, name: str) -> str:
    """The stack path of a stack in the same environment, from its name."""
    env = stack.environment.name
    rest = name[len(env) + 1:] if env else name
    return f"{env}/{rest}" if env else rest


def terraform_label(name: str) -> str:
    """A Terraform identifier for a stack name: letters, digits and underscores."""
    label = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return label if label[:1].isalpha() or label[:1] == "_" else f"_{label}"


def _environment() -> jinja2.Environment:
    return environment(hcl=hcl_string)


def _aligned(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Map entries with their keys padded as ``terraform fmt`` aligns the ``=`` signs."""
    quoted = [(hcl_string(key), value) for key, value in pairs]
    width = max((len(key) for key, _ in quoted), default=0)
    return [{"key": key.ljust(width), "value": value} for key, value in quoted]


def terraform_file(stack: Any, path: str, template: dict[str, Any], settings: Settings,
                   depends_on: list[str]) -> tuple[str, str]:
    """(output path, HCL text) of the stack's ``aws_cloudformation_stack``."""
    env = stack.environment.name
    label = terraform_label(stack.name)
    values = parameter_values(stack, template)
    missing = sorted(set(template.get("Parameters", {})) - set(values))
    variables = [{"name": f"{label}_{terraform_label(name)}", "parameter": name,
                  "description": f"CloudFormation parameter {name} of stack {stack.name}"}
                 for name in missing]
    parameters = [(name, hcl_string(value)) for name, value in sorted(values.items())]
    parameters += [(v["parameter"], f"var.{v['name']}") for v in variables]
    relative = path[len(env) + 1:] if env else path
    text = _environment().get_template(TERRAFORM_TEMPLATE).render(
        label=label, name=stack.name, template=relative, variables=variables,
        parameters=_aligned(sorted(parameters)),
        tags=_aligned([(k, hcl_string(v)) for k, v in stack_tags(stack, settings).items()]),
        capabilities=capabilities(template),
        depends_on=[terraform_label(name) for name in depends_on])
    # One .tf per environment folder, named after the spec file (its folders joined by '-').
    tf_name = (stack.path[len(env) + 1:] if env else stack.path).replace("/", "-")
    return (f"{env}/{tf_name}.tf" if env else f"{tf_name}.tf"), text.lstrip("\n")
