"""``segmentgen import --help`` names every input the importer reads: both resource types of a
template, Pinpoint's get-segments / get-segment JSON and Customer Profiles'
get-segment-definition JSON."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from segmentgen.cli import main
from segmentgen.compile.registry import TARGETS


@pytest.fixture(scope="module")
def help_text() -> str:
    result = CliRunner().invoke(main, ["import", "--help"], terminal_width=10_000)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_the_help_names_each_target_s_resource_type(help_text: str) -> None:
    for target in TARGETS.values():
        assert target.resource_type in help_text


@pytest.mark.parametrize("command", ["aws pinpoint get-segments", "get-segment ",
                                     "aws customer-profiles get-segment-definition"])
def test_the_help_names_each_api_output(help_text: str, command: str) -> None:
    assert command in help_text


def test_the_help_says_templates_may_be_json_or_yaml(help_text: str) -> None:
    assert "CloudFormation templates (JSON or YAML)" in help_text
