"""Edits (`new`, `import`) check the changed tree in a temporary copy; what they report must
point at the user's files: a clash with what the edit adds is shown in the edited file (where
the new name stands), other files are named by the user's paths, and no message or hint
names the temporary copy."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from spec_files import SpecWriter

from segmentgen.cli import main
from segmentgen.lifecycle.scaffold import new_segment

SPEC = """\
segments:
  engaged:
    name: Engaged
    where: {active: 30d}
  other:
    name: Other
    where: {active: 7d}
"""


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_specs: SpecWriter) -> Path:
    """specs/a.yaml in the working directory; temporary copies go to ``scratch/``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scratch").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    write_specs(SPEC)
    return Path("specs")


def _rendered(diagnostics: list[object]) -> str:
    return "\n".join(d.render() for d in diagnostics)  # type: ignore[attr-defined]


def test_copy_under_a_taken_name_is_reported_where_its_name_goes(specs: Path) -> None:
    edit = new_segment(specs, "copy", source="engaged", file=specs / "0.yaml", name="Other")
    assert edit.text is None
    found = [(d.file, d.line, d.col, d.code) for d in edit.diagnostics]
    # specs/0.yaml would read "segments:\n  copy:\n    name: Other": the name on line 3.
    assert found == [("specs/0.yaml", 3, 11, "SG207")]
    assert "'other' (specs/a.yaml:5)" in edit.diagnostics[0].message


def test_new_names_no_temporary_path(specs: Path) -> None:
    (specs / "b.yaml").write_text(SPEC.replace("other", "third").replace("Other", "Third")
                                  .replace("Engaged", "Engaged again"), "utf-8")
    edit = new_segment(specs, "fresh", file=specs / "b.yaml")
    shown = _rendered(edit.diagnostics)
    assert [d.code for d in edit.diagnostics] == ["SG206"], shown
    assert "scratch" not in shown
    assert "the first is at specs/a.yaml:2" in shown


def test_import_clash_is_reported_in_the_imported_file(specs: Path, tmp_path: Path) -> None:
    (specs / "z.yaml").write_text(
        "segments:\n  vip-buyers:\n    name: VIP\n    where: {active: 7d}\n", "utf-8")
    response = {"SegmentResponse": {
        "Id": "i1", "ApplicationId": "app1", "Name": "VIP", "SegmentType": "DIMENSIONAL",
        "Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}}}
    (tmp_path / "vip.json").write_text(json.dumps(response), "utf-8")
    result = CliRunner().invoke(main, ["import", "vip.json", "--out-file", "specs/imported.yaml"])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if " error " in line]
    # Shown in the file the import would write, or in the input it comes from; never at
    # the segment that was there before.
    assert len(errors) == 1 and "SG207" in errors[0], result.stderr
    assert errors[0].startswith(("specs/imported.yaml:", "vip.json:")), result.stderr
    assert "'vip-buyers' (specs/z.yaml:2)" in errors[0]
    assert "scratch" not in result.stderr
    assert not (specs / "imported.yaml").exists()
