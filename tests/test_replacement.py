"""Edits that make CloudFormation replace a segment: SG303 warnings at the segment's line.

Replacement is decided by stack identity (environment, stack name, logical ID), resource type
and the create-only properties of cfn-lint's schemas, by the same rule ``diff`` reports with.
"""

from __future__ import annotations

from pathlib import Path

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Severity
from segmentgen.review.diff import read_directory, summarize

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


PROFILES = "target: customer-profiles\ndomain: crm\n"


def notices(tmp_path: Path, first: dict[str, str], second: dict[str, str],
            target: str | None = None) -> list[str]:
    specs, out = tmp_path / "specs", tmp_path / "out"
    for files, build_target in ((first, None), (second, target)):
        if specs.exists():
            for old in specs.glob("*.yaml"):
                old.unlink()
        specs.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (specs / name).write_text(text)
        result = build(BuildOptions(specs, out, lint=False, target=build_target))
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
        '"PinpointApplicationId"} to "1a2b3c4d5e" (create-only): this replaces the segment: '
        "new SegmentId; campaigns must be re-pointed"
    ]


def test_key_rename_replaces(tmp_path: Path) -> None:
    edited = BASE.replace("  winter-sale:", "  winter-shoppers:")
    found = notices(tmp_path, {"a.yaml": BASE}, {"a.yaml": edited})
    assert len(found) == 1
    assert found[0].startswith("a.yaml:2:3 segment 'winter-shoppers': logical ID "
                               "WinterSaleSegment becomes WinterShoppersSegment (key "
                               "'winter-sale' renamed): this replaces the segment")


def test_move_to_another_file_replaces(tmp_path: Path) -> None:
    head, loyal = BASE.split("  loyal:\n")
    found = notices(tmp_path, {"a.yaml": BASE},
                    {"a.yaml": head, "b.yaml": "segments:\n  loyal:\n" + loyal})
    assert found == ["b.yaml:2:3 segment 'loyal': moves from stack 'a' to 'b' (another stack): "
                     "this replaces the segment: new SegmentId; campaigns must be re-pointed"]


def test_output_format_switch_is_not_a_replacement(tmp_path: Path) -> None:
    """a.json becoming a.yaml is the same stack a: its segments are updated in place."""
    found = notices(tmp_path, {"a.yaml": BASE, "segmentgen.yaml": "output: json\n"},
                    {"a.yaml": BASE, "segmentgen.yaml": "output: yaml\n"})
    assert found == []
    assert (tmp_path / "out" / "a.yaml").exists() and not (tmp_path / "out" / "a.json").exists()


def test_customer_profiles_display_name_change_replaces(tmp_path: Path) -> None:
    renamed = BASE.replace("Winter Sale Shoppers", "Winter Shoppers")
    found = notices(tmp_path, {"a.yaml": BASE, "segmentgen.yaml": PROFILES},
                    {"a.yaml": renamed, "segmentgen.yaml": PROFILES})
    assert len(found) == 1
    assert found[0].startswith("a.yaml:2:3 segment 'winter-sale': DisplayName changes from "
                               '"Winter Sale Shoppers" to "Winter Shoppers" (create-only)')


def test_target_switch_over_pinpoint_output_reports_the_deleted_segments(tmp_path: Path) -> None:
    found = notices(tmp_path, {"a.yaml": BASE}, {"a.yaml": BASE}, target="customer-profiles")
    assert found == [
        f"a.yaml:{line}:3 segment {key!r}: deletes the AWS::Pinpoint::Segment {name!r} "
        f"({logical}) and creates a new AWS::CustomerProfiles::SegmentDefinition: this "
        "replaces the segment: new SegmentId; campaigns must be re-pointed"
        for line, key, name, logical in ((2, "winter-sale", "Winter Sale Shoppers",
                                          "WinterSaleSegment"), (6, "loyal", "Loyal",
                                                                 "LoyalSegment"))]


def test_build_and_diff_give_the_same_reasons(tmp_path: Path) -> None:
    """Each edit: the SG303 message of build holds exactly the reasons diff lists."""
    head, loyal = BASE.split("  loyal:\n")
    edits = [
        ({"a.yaml": BASE}, {"a.yaml": BASE.replace("  loyal:", "  faithful:")}, None),
        ({"a.yaml": BASE}, {"a.yaml": head, "b.yaml": "segments:\n  loyal:\n" + loyal}, None),
        ({"a.yaml": BASE}, {"a.yaml": BASE}, "customer-profiles"),
        ({"a.yaml": BASE, "segmentgen.yaml": PROFILES},
         {"a.yaml": BASE.replace("[NO]", "[SE]"), "segmentgen.yaml": PROFILES}, None),
    ]
    for number, (first, second, target) in enumerate(edits):
        root = tmp_path / str(number)
        notices(root, first, first)
        before = read_directory(root / "out")
        found = notices(root, first, second, target)
        summary = summarize(before, read_directory(root / "out"))
        from_diff = sorted("; ".join(c.replaces) for c in summary.segments if c.replaces)
        from_build = sorted(m.split(": ", 1)[1].rsplit(": this replaces", 1)[0] for m in found)
        assert from_build == from_diff and from_diff, number


def test_damaged_templates_in_the_output_are_skipped(tmp_path: Path) -> None:
    """out/ is untrusted: a hand-edited template of any shape gives no traceback."""
    notices(tmp_path, {"a.yaml": BASE}, {"a.yaml": BASE})
    template = tmp_path / "out" / "a.json"
    for damaged in ('{"Resources": {"WinterSaleSegment": {"Type": "AWS::Pinpoint::Segment", '
                    '"Metadata": ["x"], "Properties": ["y"]}}}',
                    '{"Resources": {"LoyalSegment": {"Type": "AWS::Pinpoint::Segment", '
                    '"Metadata": {"segmentgen": "loyal"}, "Properties": {"Name": 5}}}}',
                    '{"Resources": ["LoyalSegment"]}', "[1, 2]", "{not json"):
        template.write_text(damaged)
        result = build(BuildOptions(tmp_path / "specs", tmp_path / "out", lint=False, mode="check"))
        assert result.ok, damaged
        assert {d.code for d in result.diagnostics} <= {"SG303"}, damaged


def test_only_stacks_that_keep_name_environment_and_bytes_are_left_unread(
        tmp_path: Path) -> None:
    """An edit of one spec file parses one template on each side; a stack whose template
    bytes stay but whose stack name changes (a move) is still compared."""
    import json

    from segmentgen.emit.output import Output
    from segmentgen.review.replacement import unchanged_stacks

    specs, out = tmp_path / "specs", tmp_path / "out"
    specs.mkdir()
    (specs / "a.yaml").write_text(BASE)
    other = BASE.replace("winter-sale", "summer").replace("loyal", "new")
    (specs / "b.yaml").write_text(other.replace("Winter Sale Shoppers", "Summer")
                                  .replace("Loyal", "New"))
    result = build(BuildOptions(specs, out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    planned = result.files
    assert unchanged_stacks(Output.directory(out), planned) == {"a.json", "b.json"}
    edited = {**planned, "a.json": planned["a.json"].replace(b"Loyal", b"Loyal ones")}
    assert unchanged_stacks(Output.directory(out), edited) == {"b.json"}
    manifest = json.loads(planned["manifest.json"])
    manifest["stacks"][1]["name"] = "moved"
    moved = {**planned, "manifest.json": json.dumps(manifest).encode()}
    assert unchanged_stacks(Output.directory(out), moved) == {"a.json"}
