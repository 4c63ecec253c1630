"""`segmentgen delete KEY` of a segment that ``segmentgen.yaml`` overrides: the overrides go
in the same edit (every other byte of the settings kept, comments too), both files are
written or neither is, and the project still builds. Edits are checked as ``build`` checks
the settings: an override of a key no spec defines refuses any edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fs_faults import faults

from segmentgen.cli import main
from segmentgen.lifecycle.settings_edit import Removed, remove_overrides

SPEC = """\
segments:
  a:
    name: A
    where: {active: 7d}
  b:
    name: B
    where: {active: 7d}
"""

SETTINGS = """\
# Project settings.
environments:
  dev:
    segments:
      # Names in dev.
      b: {name: B dev}   # the dev name
      a: {skip: true}
  staging:
    segments:   # only b
      b:
        name: B staging
        tags: {stage: "yes"}
    # staging ends here
  prod: {segments: {a: {name: A prod}, b: {skip: true}}}
  qa: {segments: {b: {skip: true}}}
  test:
    segments: {a: {name: A test}, 'b': {name: B test}}
"""

WITHOUT_B = """\
# Project settings.
environments:
  dev:
    segments:
      # Names in dev.
      a: {skip: true}
  staging:
    segments: {}   # only b
    # staging ends here
  prod: {segments: {a: {name: A prod}}}
  qa: {segments: {}}
  test:
    segments: {a: {name: A test}}
"""


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs/shop.yaml").write_text(SPEC, "utf-8")
    (tmp_path / "specs/segmentgen.yaml").write_text(SETTINGS, "utf-8")
    return Path("specs")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_delete_removes_the_overrides_and_the_project_still_builds(specs: Path) -> None:
    deleted = run("delete", "b")
    assert deleted.exit_code == 0, deleted.stderr
    assert (specs / "segmentgen.yaml").read_text("utf-8") == WITHOUT_B
    assert (specs / "shop.yaml").read_text("utf-8") == SPEC.split("  b:\n")[0]
    for line, env in [(6, "dev"), (10, "staging"), (14, "prod"), (15, "qa"), (17, "test")]:
        assert (f"segmentgen: removed environments.{env}.segments.b "
                f"(specs/segmentgen.yaml:{line})") in deleted.stderr
    built = run("build", "--no-lint", "--no-cache")
    assert built.exit_code == 0, built.stderr
    assert run("validate").exit_code == 0


def test_delete_of_a_segment_without_overrides_leaves_the_settings_alone(specs: Path) -> None:
    (specs / "more.yaml").write_text("segments:\n  c:\n    name: C\n    where: {active: 7d}\n")
    before = (specs / "segmentgen.yaml").stat()
    deleted = run("delete", "c")
    assert deleted.exit_code == 0, deleted.stderr
    assert "environments." not in deleted.stderr
    after = (specs / "segmentgen.yaml").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def _count_steps(specs: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    with faults(monkeypatch, specs) as counted:
        assert run("delete", "b", "--specs", str(specs)).exit_code == 0
    (specs / "shop.yaml").write_text(SPEC, "utf-8")
    (specs / "segmentgen.yaml").write_text(SETTINGS, "utf-8")
    return counted.steps


def test_a_failed_write_changes_neither_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Not a directory named "specs" in the working directory: the edit is checked in a
    # temporary "specs" directory, whose removal the fault counter would take for this one.
    specs = tmp_path / "repo/specs"
    specs.mkdir(parents=True)
    (specs / "shop.yaml").write_text(SPEC, "utf-8")
    (specs / "segmentgen.yaml").write_text(SETTINGS, "utf-8")
    steps = _count_steps(specs, monkeypatch)
    assert steps >= 4  # two files staged and two renamed, at least
    outcomes = set()
    for step in range(1, steps + 1):
        with faults(monkeypatch, specs, at=step):
            result = run("delete", "b", "--specs", str(specs))
        texts = ((specs / "shop.yaml").read_text("utf-8"),
                 (specs / "segmentgen.yaml").read_text("utf-8"))
        if result.exit_code == 0:  # the fault hit nothing the edit needs: all written
            assert texts == (SPEC.split("  b:\n")[0], WITHOUT_B), step
        else:
            assert result.exit_code == 3, (step, result.stderr)
            assert "SG704 the edit cannot be written" in result.stderr
            assert texts == (SPEC, SETTINGS), step
        outcomes.add(result.exit_code)
        assert sorted(p.name for p in specs.iterdir() if not p.name.startswith(".")) == [
            "segmentgen.yaml", "shop.yaml"]
        (specs / "shop.yaml").write_text(SPEC, "utf-8")
        (specs / "segmentgen.yaml").write_text(SETTINGS, "utf-8")
    assert 3 in outcomes


def test_an_override_of_an_undefined_key_refuses_an_edit(specs: Path) -> None:
    """``build`` reports it (SG223), so an edit that leaves it is refused, as new is here."""
    (specs / "segmentgen.yaml").write_text(SETTINGS.replace("a: {skip: true}", "z: {skip: true}"))
    result = run("new", "c")
    assert result.exit_code == 3
    assert ("specs/segmentgen.yaml:7:7: error SG223 environment 'dev' overrides segment 'z', "
            "which no spec defines") in result.stderr
    assert (specs / "shop.yaml").read_text("utf-8") == SPEC


def test_overrides_reached_through_an_alias_are_cut_once() -> None:
    text = ("environments:\n  dev: &dev\n    segments:\n      b: {skip: true}\n"
            "      a: {skip: true}\n  prod: *dev\n")
    changed = remove_overrides(text, "b")
    assert changed == ("environments:\n  dev: &dev\n    segments:\n      a: {skip: true}\n"
                       "  prod: *dev\n", [Removed(4, "dev"), Removed(4, "prod")])


def test_an_emptied_anchored_mapping_keeps_its_anchor_and_comment() -> None:
    text = "environments:\n  dev:\n    segments: &ov  # o\n      b: {skip: true}\n"
    assert remove_overrides(text, "b") == (
        "environments:\n  dev:\n    segments: &ov {}  # o\n", [Removed(4, "dev")])


def test_the_last_entry_of_a_flow_mapping_takes_its_comma() -> None:
    text = "environments: {dev: {segments: {a: {skip: true},\n  b: {name: B}}}}\n"
    assert remove_overrides(text, "b") == (
        "environments: {dev: {segments: {a: {skip: true}}}}\n", [Removed(2, "dev")])
