"""Edits that make CloudFormation replace a segment: SG303 warnings at the segment's line."""

from __future__ import annotations

from pathlib import Path

from segmentgen.api import build
from segmentgen.diagnostics import Severity

BASE = """\
segments:
  winter-sale:
    name: Winter Sale Shoppers
    where:
      country: [NO]
  loyal:
    name: Loyal
    where:
      attributes:
        plan: [pro]
"""


def notices(tmp_path: Path, first: dict[str, str], second: dict[str, str]) -> list[str]:
    specs, out = tmp_path / "specs", tmp_path / "out"
    for files in (first, second):
        if specs.exists():
            for old in specs.glob("*.yaml"):
                old.unlink()
        specs.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (specs / name).write_text(text)
        result = build(specs, out, lint=False)
        assert result.ok, [d.render() for d in result.diagnostics]
    found = [d for d in result.diagnostics if d.code == "SG303"]
    assert all(d.severity is Severity.WARNING for d in found)
    return [f"{Path(d.file).name}:{d.line}:{d.col} {d.message}" for d in found]


def test_unchanged_and_in_place_edits_are_quiet(tmp_path: Path) -> None:
    renamed = BASE.replace("Winter Sale Shoppers", "Winter Shoppers").replace("[NO]", "[SE]")
    assert notices(tmp_path, {"a.yaml": BASE}, {"a.yaml": renamed}) == []


def test_added_and_removed_segments_are_quiet(tmp_path: Path) -> None:
    added = BASE + "  extra:\n    name: Extra\n    where:\n      country: [SE]\n"
    assert notices(tmp_path, {"a.yaml": BASE}, {"a.yaml": added}) == []
    assert notices(tmp_path / "2", {"a.yaml": added}, {"a.yaml": BASE}) == []


def test_application_change_replaces(tmp_path: Path) -> None:
    edited = BASE.replace("    name: Loyal\n", "    name: Loyal\n    application: 1a2b3c4d5e\n")
    found = notices(tmp_path, {"a.yaml": BASE}, {"a.yaml": edited})
    assert found == [
        'a.yaml:6:3 segment \'loyal\': ApplicationId changes from {"Ref": '
        '"PinpointApplicationId"} to "1a2b3c4d5e": this replaces the segment: new SegmentId; '
        "campaigns must be re-pointed"
    ]


def test_key_rename_replaces(tmp_path: Path) -> None:
    edited = BASE.replace("  winter-sale:", "  winter-shoppers:")
    found = notices(tmp_path, {"a.yaml": BASE}, {"a.yaml": edited})
    assert len(found) == 1
    assert found[0].startswith("a.yaml:2:3 segment 'winter-shoppers': key renamed from "
                               "'winter-sale' (logical ID WinterSaleSegment to "
                               "WinterShoppersSegment)")


def test_move_to_another_file_replaces(tmp_path: Path) -> None:
    head, loyal = BASE.split("  loyal:\n")
    found = notices(tmp_path, {"a.yaml": BASE},
                    {"a.yaml": head, "b.yaml": "segments:\n  loyal:\n" + loyal})
    assert found == ["b.yaml:2:3 segment 'loyal': moves from a.json to b.json: this replaces "
                     "the segment: new SegmentId; campaigns must be re-pointed"]
