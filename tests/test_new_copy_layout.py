"""`segmentgen new KEY --from SOURCE` copies the source segment as written: its own
indentation (4-space specs stay 4-space), the comment lines directly above its key, its
quoting and flow collections; only the key and the name change."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen.api import load_project
from segmentgen.cli import main
from segmentgen.lifecycle.segment_copy import render_name

FOUR = """\
segments:
    # Loyal customers, in step with the CRM.
    # Owner: growth.
    loyal:
        name: Loyal
        groups:
            list:
              - where:
                    attributes:
                        tier: [gold]   # top tier
    plain:
        name: 'Plain, quoted'
        where: {active: 7d}
"""

LOYAL = FOUR[FOUR.index("    # Loyal"):FOUR.index("    plain:")]


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs/four.yaml").write_text(FOUR, "utf-8")
    return Path("specs")


def new(*args: str) -> str:
    result = CliRunner().invoke(main, ["new", *args])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_a_copy_keeps_the_sources_indentation_and_the_comments_above(specs: Path) -> None:
    new("loyal-2", "--from", "loyal")
    text = (specs / "four.yaml").read_text("utf-8")
    assert text.startswith(FOUR)
    expected = LOYAL.replace("    loyal:\n        name: Loyal\n",
                             "    loyal-2:\n        name: Loyal (copy)\n")
    assert text[len(FOUR):] == expected
    project, problems, _ = load_project(specs)
    assert problems == [] and project is not None
    segments = project.by_key()
    assert segments["loyal-2"].groups == segments["loyal"].groups


def test_a_copy_into_a_new_file_keeps_the_sources_indentation(specs: Path) -> None:
    new("gold", "--from", "loyal", "--file", "specs/gold.yaml", "--name", "Gold")
    assert (specs / "gold.yaml").read_text("utf-8") == "segments:\n" + LOYAL.replace(
        "    loyal:\n        name: Loyal\n", "    gold:\n        name: Gold\n")


def test_a_copy_into_a_two_space_file_moves_only_the_key(specs: Path) -> None:
    (specs / "two.yaml").write_text("segments:\n  other:\n    name: Other\n"
                                    "    where: {active: 7d}\n", "utf-8")
    new("gold", "--from", "loyal", "--file", "specs/two.yaml", "--name", "Gold")
    added = (specs / "two.yaml").read_text("utf-8").split("{active: 7d}\n", 1)[1]
    shifted = "".join(line[2:] for line in LOYAL.splitlines(keepends=True))
    assert added == shifted.replace("  loyal:\n      name: Loyal\n", "  gold:\n      name: Gold\n")


def test_a_copy_keeps_the_quoting_of_the_name(specs: Path) -> None:
    new("plain-2", "--from", "plain")
    text = (specs / "four.yaml").read_text("utf-8")
    assert text.endswith("    plain-2:\n        name: 'Plain, quoted (copy)'\n"
                         "        where: {active: 7d}\n")


def test_a_copy_of_a_segment_in_flow_style(specs: Path) -> None:
    (specs / "flow.yaml").write_text("segments:\n  f: {name: F, where: {active: 7d}}\n", "utf-8")
    new("g", "--from", "f", "--name", "G, with a comma")
    assert (specs / "flow.yaml").read_text("utf-8") == (
        'segments:\n  f: {name: F, where: {active: 7d}}\n'
        '  g: {name: "G, with a comma", where: {active: 7d}}\n')


@pytest.mark.parametrize("name", ["Loyal (copy)", "a: b", "# x", "yes", "12", "- dash",
                                  "tab\there", "it's", "ends:", "x #y", "{x}"])
@pytest.mark.parametrize("style", [None, "'", '"'])
def test_a_rendered_name_reads_back_as_the_same_string(name: str, style: str | None) -> None:
    import yaml

    for flow in (False, True):
        rendered = render_name(name, style, flow)
        document = f"{{k: {rendered}}}" if flow else f"k: {rendered}"
        assert yaml.safe_load(document) == {"k": name}
