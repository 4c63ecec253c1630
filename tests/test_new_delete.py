"""`segmentgen new` and `delete`: edits keep every other byte, comments included; refusals
write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from spec_files import SpecWriter

from segmentgen.api import load_project
from segmentgen.cli import main
from segmentgen.lifecycle.scaffold import delete_segment, new_segment

SPEC = """\
# Shop segments, owned by growth.
segments:
  # Everyone new.
  new-customers:
    name: New Customers
    where:
      attributes:
        customerType: [new]   # as the CRM writes it

  # Loyal customers: those not marked loyal yet.
  loyal-customers:
    name: Loyal Customers
    groups:
      list:
        - combine: all
          where:
            attributes:
              customerType: {not: [loyal]}  # keep in sync with the CRM
    tags:
      project: marketing

  lapsed:
    name: Lapsed
    groups:
      list:
        - base: [new-customers]
          where: {inactive: 30d}
# end of file
"""


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_specs: SpecWriter) -> Path:
    monkeypatch.chdir(tmp_path)
    write_specs({"shop.yaml": SPEC})
    return Path("specs")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def test_new_from_scaffold_appends_and_keeps_the_rest(specs: Path) -> None:
    code, _ = run("new", "winter-sale", "--name", "Winter Sale")
    assert code == 0
    text = (specs / "shop.yaml").read_text()
    head, added = text[:len(SPEC) - len("# end of file\n")], text[len(SPEC) - 14:]
    assert head == SPEC[:-len("# end of file\n")]
    assert added.startswith('\n  winter-sale:\n    name: "Winter Sale"\n    # Who belongs')
    assert added.endswith("    where:\n      active: 30d\n# end of file\n")
    project, problems, _ = load_project(specs)
    assert problems == []
    assert project is not None and "winter-sale" in project.by_key()
    assert project.by_key()["winter-sale"].dimensions is not None


def test_new_copy_keeps_comments_of_both(specs: Path) -> None:
    code, _ = run("new", "loyal-2", "--from", "loyal-customers")
    assert code == 0
    text = (specs / "shop.yaml").read_text()
    assert text.startswith(SPEC[:-len("# end of file\n")])
    copied = text[len(SPEC) - len("# end of file\n"):]
    assert copied == (
        "\n  # Loyal customers: those not marked loyal yet.\n"
        "  loyal-2:\n    name: Loyal Customers (copy)\n    groups:\n      list:\n"
        "        - combine: all\n          where:\n            attributes:\n"
        "              customerType: {not: [loyal]}  # keep in sync with the CRM\n"
        "    tags:\n      project: marketing\n# end of file\n")
    project, _, _ = load_project(specs)
    assert project is not None
    assert project.by_key()["loyal-2"].groups == project.by_key()["loyal-customers"].groups


def test_new_existing_key_is_refused(specs: Path) -> None:
    code, stderr = run("new", "lapsed")
    assert code == 3
    assert "shop.yaml:22:3: error SG701 segment key 'lapsed' already exists" in stderr
    assert (specs / "shop.yaml").read_text() == SPEC


def test_new_invalid_result_writes_nothing(specs: Path) -> None:
    code, stderr = run("new", "lapsed-2", "--from", "lapsed", "--name", "Loyal Customers")
    assert code == 3
    assert "SG207" in stderr and "nothing written" in stderr
    assert (specs / "shop.yaml").read_text() == SPEC


def test_new_into_a_new_file(specs: Path) -> None:
    edit = new_segment(specs, "fresh", file=specs / "more/fresh.yaml")
    assert edit.ok, edit.diagnostics
    assert edit.text is not None and edit.text.startswith("segments:\n  fresh:\n")


def test_delete_keeps_other_comments(specs: Path) -> None:
    code, _ = run("delete", "lapsed")
    assert code == 0
    assert (specs / "shop.yaml").read_text() == SPEC.split("\n  lapsed:\n")[0] + "\n# end of file\n"


def test_delete_takes_the_comment_above_the_key(specs: Path) -> None:
    code, _ = run("delete", "loyal-customers")
    assert code == 0
    text = (specs / "shop.yaml").read_text()
    start = SPEC.index("  # Loyal customers")
    assert text == SPEC[:start] + SPEC[SPEC.index("  lapsed:"):]
    assert "keep in sync" not in text and "# as the CRM writes it" in text


def test_delete_of_a_base_segment_is_refused_with_the_users(specs: Path) -> None:
    code, stderr = run("delete", "new-customers")
    assert code == 3
    assert ("specs/shop.yaml:4:3: error SG703 segment 'new-customers' is a base segment of "
            "lapsed (specs/shop.yaml:22)") in stderr
    assert (specs / "shop.yaml").read_text() == SPEC


def test_delete_unknown_key(specs: Path) -> None:
    edit = delete_segment(specs, "nope")
    assert not edit.ok and edit.diagnostics[0].code == "SG702"


def test_delete_the_last_segment_leaves_an_empty_mapping(specs: Path) -> None:
    (specs / "one.yaml").write_text("# only one\nsegments:\n  solo:\n    name: Solo\n"
                                    "    where: {active: 7d}\n")
    edit = delete_segment(specs, "solo")
    assert edit.ok, edit.diagnostics
    assert edit.text == "# only one\nsegments: {}\n"


def test_new_into_a_file_that_is_not_utf8_is_refused(specs: Path) -> None:
    (specs / "latin.yaml").write_bytes("segments:\n  a:\n    name: Tromsø\n".encode("latin-1"))
    code, stderr = run("new", "fresh", "--file", "specs/latin.yaml")
    assert code == 3, stderr
    assert "specs/latin.yaml:1:1: error SG101 the spec file cannot be read" in stderr
    assert "internal error" not in stderr
    assert (specs / "latin.yaml").read_bytes().endswith("Tromsø\n".encode("latin-1"))
