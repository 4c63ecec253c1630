"""Deploy artifacts: what deploy tools read next to each generated template.

Input: one stack, its template path and data, the project settings and the stacks it depends
on. Output: ``Artifacts``: files by output path and the keys they add to the stack's manifest
entry. Which artifacts are written is the ``artifacts:`` setting (default ``[parameters]``):

- ``parameters``: ``<stack>.parameters.json`` in CodePipeline's template-configuration format,
  ``{"Parameters": {...}, "Tags": {...}}``, read as-is by CodePipeline, rain and
  ``aws cloudformation deploy --parameter-overrides file://...`` (AWS CLI v2).
- ``sceptre``: ``sceptre/config/<env>/<stack>.yaml`` plus ``sceptre/config/config.yaml``, a
  Sceptre project whose templates are the generated ones, escaped for the Jinja2 pass Sceptre
  makes over every config file (``segmentgen.compile.plan.sceptre``).
- ``terraform``: ``<env>/<stack>.tf`` with one ``aws_cloudformation_stack``, rendered from
  ``templates/cloudformation-stack.tf.j2``; every string passes the ``hcl`` filter.

Parameter values come only from the ``parameters:`` settings; a parameter without a value is
left out of the parameters file and the Sceptre config (the deploy asks for it) and becomes
a Terraform ``variable``. Every path one file names in another (templates, dependencies) is
made by ``artifact_paths`` from the planned stack paths, relative to where the consumer
resolves it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from segmentgen.compile.plan.sceptre import (
    CONFIG_DIR,
    PROJECT_CONFIG,
    TEMPLATES_DIR,
    config_text,
    project_config,
)
from segmentgen.compile.registry import target_artifacts
from segmentgen.compile.terraform_awscc import hcl_string
from segmentgen.core.jsonfile import canonical_bytes
from segmentgen.core.model import Settings, Stack
from segmentgen.core.tags import merge_tags
from segmentgen.core.templating import environment

if TYPE_CHECKING:
    import jinja2

TERRAFORM_TEMPLATE = "cloudformation-stack.tf.j2"


@dataclass(slots=True)
class Artifacts:
    files: dict[str, bytes] = field(default_factory=dict)
    entry: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ArtifactPaths:
    """The files of one stack, relative to ``out/``."""

    template: str
    parameters: str
    sceptre: str
    terraform: str
    # target-only artifacts (``compile.registry.target_artifacts``): name -> path
    target_only: tuple[tuple[str, str], ...]
    suffix: str  # of the templates: .json or .yaml

    def artifact(self, name: str) -> str:
        """The path of a target-only artifact (``terraform-awscc``)."""
        return dict(self.target_only)[name]

    def of(self, other: Stack) -> ArtifactPaths:
        """The paths of another stack of the same build."""
        return artifact_paths(other.path, other.environment.name, self.suffix)


def stack_tags(stack: Stack, settings: Settings) -> dict[str, str]:
    """Stack tags: the project default tags, overridden by the environment's tags."""
    return merge_tags(default=settings.tags, environment=stack.environment.tags)


def parameter_values(stack: Stack, template: dict[str, Any]) -> dict[str, str]:
    """Values from the settings for the parameters the template declares; nothing invented."""
    declared = template.get("Parameters", {})
    return {name: value for name, value in stack.environment.parameters if name in declared}


def capabilities(template: dict[str, Any]) -> list[str]:
    types = {resource.get("Type") for resource in template.get("Resources", {}).values()}
    return ["CAPABILITY_IAM"] if "AWS::IAM::Role" in types else []


def artifact_paths(stack_path: str, environment: str, suffix: str) -> ArtifactPaths:
    """Every file a stack can write, from its stack path (``prod/team/a``), the environment
    and the template suffix; every reference between files is made from these."""
    relative = stack_path[len(environment) + 1:] if environment else stack_path
    # One .tf per environment folder, named after the spec file (its folders joined by '-').
    tf_name = relative.replace("/", "-") + ".tf"
    return ArtifactPaths(
        template=stack_path + suffix,
        parameters=stack_path + ".parameters.json",
        sceptre=f"{CONFIG_DIR}/{sceptre_stack_path(stack_path)}.yaml",
        terraform=f"{environment}/{tf_name}" if environment else tf_name,
        target_only=tuple((a.name, stack_path + a.suffix) for a in target_artifacts()),
        suffix=suffix,
    )


def sceptre_stack_path(stack_path: str) -> str:
    """Sceptre reads ``config.*`` files as stack group config, never as a stack, so a spec file
    named ``config`` gets its stack config as ``stack-config``."""
    folder, name = posixpath.split(stack_path)
    if name == "config" or name.startswith("config."):
        return posixpath.join(folder, f"stack-{name}")
    return stack_path


def paths_of(stack: Stack, template_path: str) -> ArtifactPaths:
    """The paths of a stack whose template is planned at ``template_path``."""
    if not template_path.startswith(stack.path):
        raise ValueError(f"template {template_path!r} is not at stack path {stack.path!r}")
    suffix = template_path[len(stack.path):]
    return artifact_paths(stack.path, stack.environment.name, suffix)


def reference(target: str, directory: str) -> str:
    """``target`` as a path relative to ``directory`` (both relative to ``out/``)."""
    return posixpath.relpath(target, directory or ".")


def stack_artifacts(stack: Stack, path: str, template: dict[str, Any], settings: Settings,
                    depends_on: Sequence[Stack]) -> Artifacts:
    """The artifact files of a stack whose template is at ``path``; ``depends_on`` are the
    stacks it deploys after."""
    result = Artifacts()
    paths = paths_of(stack, path)
    caps = capabilities(template)
    if caps:
        result.entry["capabilities"] = caps
    if "parameters" in settings.artifacts:
        config = {"Parameters": parameter_values(stack, template),
                  "Tags": stack_tags(stack, settings)}
        result.files[paths.parameters] = _json(config)
        result.entry["parameters"] = paths.parameters
    if "sceptre" in settings.artifacts:
        result.files[paths.sceptre] = _sceptre(stack, paths, template, settings, depends_on)
        result.files[PROJECT_CONFIG] = project_config(settings.regions[0], settings.prefix)
        result.entry["sceptre"] = paths.sceptre
    if "terraform" in settings.artifacts:
        tf_path, text = terraform_file(stack, path, template, settings, depends_on)
        result.files[tf_path] = text.encode("utf-8")
        result.entry["terraform"] = tf_path
    return result


def _json(data: Any) -> bytes:
    return canonical_bytes(data)


def _sceptre(stack: Stack, paths: ArtifactPaths, template: dict[str, Any],
             settings: Settings, depends_on: Sequence[Stack]) -> bytes:
    config: dict[str, Any] = {
        "stack_name": stack.name,
        "template": {"type": "file", "path": reference(paths.template, TEMPLATES_DIR)},
        "parameters": parameter_values(stack, template),
        "stack_tags": stack_tags(stack, settings),
    }
    if depends_on:
        config["dependencies"] = [reference(paths.of(other).sceptre, CONFIG_DIR)
                                  for other in depends_on]
    caps = capabilities(template)
    if caps:
        config["capabilities"] = caps
    return config_text(config)


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


def terraform_file(stack: Stack, path: str, template: dict[str, Any], settings: Settings,
                   depends_on: Sequence[Stack]) -> tuple[str, str]:
    """(output path, HCL text) of the stack's ``aws_cloudformation_stack``."""
    paths = paths_of(stack, path)
    label = terraform_label(stack.name)
    values = parameter_values(stack, template)
    missing = sorted(set(template.get("Parameters", {})) - set(values))
    variables = [{"name": f"{label}_{terraform_label(name)}", "parameter": name,
                  "description": f"CloudFormation parameter {name} of stack {stack.name}"}
                 for name in missing]
    parameters = [(name, hcl_string(value)) for name, value in sorted(values.items())]
    parameters += [(v["parameter"], f"var.{v['name']}") for v in variables]
    text = _environment().get_template(TERRAFORM_TEMPLATE).render(
        label=label, name=stack.name,
        template=reference(paths.template, posixpath.dirname(paths.terraform)),
        variables=variables, parameters=_aligned(sorted(parameters)),
        tags=_aligned([(k, hcl_string(v)) for k, v in stack_tags(stack, settings).items()]),
        capabilities=capabilities(template),
        depends_on=[terraform_label(other.name) for other in depends_on])
    return paths.terraform, text.lstrip("\n")
