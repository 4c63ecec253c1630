"""No deploy tool evaluates spec or settings text: one list of hostile strings goes through a
build into every artifact format, and each format's own consumer (Sceptre's Jinja2 pass and
YAML, Terraform's HCL, JSON, CommonMark) reads back exactly the original value."""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from consumers import hcl_document, markdown_text, sceptre_config
from hypothesis import given
from hypothesis import strategies as st

from segmentgen.api import BuildOptions, build
from segmentgen.compile.plan.sceptre import config_text, jinja_literal
from segmentgen.review.diff import summarize
from segmentgen.review.render import markdown

HOSTILE = [
    "{{ environment_variable.HOME }}",
    "{% if %}",
    "{#",
    "{{ '{' }}{%- raw %}{% endraw %}}}#}%}",
    "{{{{%{#",
    "${var.x}",
    "%{ if }",
    "$${",
    "$$${x}%%{y} trailing $ and %",
    "back\\slash \\n \\\\ \\u0041 \\${ trailing\\",
    "quote \" and ' apostrophe '' \"\"",
    "line one\nline two\n\n  indented",
    "</script><script>alert(1)</script>",
    "| pipe | and `code` and ```fence``` *stars* _under_ [link](x) ~strike~",
    "ünïcödé 😀 中文 עברית \u00a0nbsp e\u0301",
    "- not: a list",
    "!Ref Thing",
]
SETTINGS = """artifacts: [parameters, sceptre, terraform, terraform-awscc]
tags: {{hostile: {value}}}
environments:
  pp:
    parameters: {{PinpointApplicationId: {value}}}
    tags: {{{value}: key}}
  cp: {{target: customer-profiles, domain: d}}
"""
SPEC = """segments:
  hostile:
    name: {name}
    description: {value}
    where: {{country: [NO]}}
"""


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_project(root: Path, value: str, name: str) -> Path:
    specs = root / "specs"
    specs.mkdir(parents=True)
    (specs / "segmentgen.yaml").write_text(SETTINGS.format(value=quoted(value)), "utf-8")
    (specs / "segments.yaml").write_text(
        SPEC.format(name=quoted(name), value=quoted(value)), "utf-8")
    return specs


@functools.cache
def built(value: str, name: str | None = None) -> dict[str, bytes]:
    """Every file a build writes when ``value`` is in settings and spec text."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        specs = write_project(root, value, value if name is None else name)
        result = build(BuildOptions(specs, root / "out", lint=False))
        assert result.ok, [d.render() for d in result.diagnostics]
        return {p.relative_to(root / "out").as_posix(): p.read_bytes()
                for p in (root / "out").rglob("*")
                if p.is_file() and not p.name.startswith(".")}


def text(value: str, path: str) -> str:
    return built(value)[path].decode("utf-8")


def read_parameters(value: str) -> tuple[Any, Any]:
    config = json.loads(text(value, "pp/segments.parameters.json"))
    return config["Parameters"], config["Tags"]


def read_sceptre(value: str) -> tuple[Any, Any]:
    config = sceptre_config(text(value, "sceptre/config/pp/segments.yaml"))
    assert config["stack_name"] == "pp-segments"
    assert sceptre_config(text(value, "sceptre/config/config.yaml"), "config.yaml") == {
        "project_code": "segmentgen", "region": "us-east-1"}
    return config["parameters"], config["stack_tags"]


def read_terraform(value: str) -> tuple[Any, Any]:
    document = hcl_document(text(value, "pp/segments.tf"))
    stack = document["resource"][0]["aws_cloudformation_stack"]["pp_segments"]
    return stack["parameters"], stack["tags"]


def read_awscc(value: str) -> tuple[Any, Any]:
    document = hcl_document(text(value, "cp/segments.awscc.tf"))
    [body] = document["resource"][0]["awscc_customerprofiles_segment_definition"].values()
    tags = {tag["key"]: tag["value"] for tag in body["tags"]}
    return {"DisplayName": body["display_name"], "Description": body["description"]}, tags


READERS: dict[str, Callable[[str], tuple[Any, Any]]] = {
    "parameters-json": read_parameters,
    "sceptre-yaml": read_sceptre,
    "terraform-hcl": read_terraform,
    "terraform-awscc-hcl": read_awscc,
}
EXPECTED = {
    "parameters-json": lambda v: ({"PinpointApplicationId": v}, {"hostile": v, v: "key"}),
    "sceptre-yaml": lambda v: ({"PinpointApplicationId": v}, {"hostile": v, v: "key"}),
    "terraform-hcl": lambda v: ({"PinpointApplicationId": v}, {"hostile": v, v: "key"}),
    "terraform-awscc-hcl": lambda v: ({"DisplayName": v, "Description": v}, {"hostile": v}),
}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("artifact", sorted(READERS))
def test_consumer_reads_back_the_literal_value(artifact: str, value: str) -> None:
    assert READERS[artifact](value) == EXPECTED[artifact](value)


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_diff_comment_shows_the_literal_value(value: str) -> None:
    summary = summarize(built("plain", "Plain"), built(value), "base", "head")
    comment = markdown(summary)
    titles = [line for line in comment.splitlines() if line.startswith("#### ")]
    shown = " ".join(value.split())  # one line of inline text: line breaks read as spaces
    assert titles and all(markdown_text(title.split("** ", 1)[1]) == shown for title in titles)
    tags = [line for line in comment.splitlines() if line.startswith("- tag changed: hostile")]
    assert tags and all(markdown_text(line[2:]) == f"tag changed: hostile: plain -> {shown}"
                        for line in tags)


def test_sceptre_config_renders_every_delimiter_literally() -> None:
    config = {"k": "{{ x }}", "{% if %}": ["{#", "}}{{"], "n": "a\n{{b}}\n"}
    assert sceptre_config(config_text(config).decode("utf-8")) == config


@given(st.text(alphabet=st.sampled_from(list("{}%#-+'\" \n\tab$\\")) | st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=40))
def test_jinja_renders_the_escaped_text_back_to_itself(value: str) -> None:
    template = jinja2.Environment(keep_trailing_newline=True).from_string(jinja_literal(value))
    assert template.render() == value


def test_a_plain_value_is_written_as_plain_yaml() -> None:
    text = config_text({"stack_tags": {"team": "growth"}}).decode("utf-8")
    assert text == "stack_tags:\n  team: growth\n"
    assert yaml.safe_load(text) == {"stack_tags": {"team": "growth"}}
