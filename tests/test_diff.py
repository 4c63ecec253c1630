"""segmentgen diff: per-segment verdicts over a scripted sequence of spec edits, against a
directory and against a git ref; markdown goldens.

The goldens are tests/cases/diff-*/expected/diff.md; regenerate every golden case with
``make golden`` (``pytest -m golden --update-golden``, or SEGMENTGEN_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from golden import Golden

from segmentgen import api
from segmentgen.cli import main
from segmentgen.review.diff import read_directory, summarize
from segmentgen.review.render import escape_markdown, markdown

CASES = Path(__file__).resolve().parent / "cases"

BASE = {
    "a": "name: Alpha\n    where:\n      attributes:\n        plan: [pro]\n",
    "b": "name: Beta\n    where:\n      active: 7d\n",
    "c": "name: Gamma\n    where:\n      country: [NO]\n",
    "d": "name: Delta\n    where:\n      metrics:\n        score: {'>': 75}\n",
}


def write_specs(folder: Path, segments: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    body = "".join(f"  {key}:\n    {text}" for key, text in segments.items())
    (folder / "segments.yaml").write_text(f"segments:\n{body}", "utf-8")


def build(root: Path) -> None:
    result = api.build(api.BuildOptions(root / "specs", root / "out", mode="write", lint=False))
    assert result.ok, result.diagnostics


def run_diff(root: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["diff", "--specs", str(root / "specs"), "--out",
                                  str(root / "out"), *args])
    return result.exit_code, result.stdout, result.stderr


def verdicts(root: Path) -> dict[str, dict[str, Any]]:
    code, out, err = run_diff(root, "--base", str(root / "out"), "--format", "json")
    assert code == 0, err
    return {s["key"]: s for s in json.loads(out)["segments"]}


def test_scripted_edits(tmp_path: Path) -> None:
    segments = dict(BASE)
    write_specs(tmp_path / "specs", segments)
    build(tmp_path)
    assert verdicts(tmp_path) == {}

    segments["e"] = "name: Epsilon\n    where:\n      platform: [ios, android]\n"
    write_specs(tmp_path / "specs", segments)
    found = verdicts(tmp_path)
    assert set(found) == {"e"} and found["e"]["status"] == "added"
    assert found["e"]["criteria_after"] == ["platform is one of ios, android"]
    assert not found["e"]["replacement"]
    build(tmp_path)

    segments["a"] = "name: Alpha\n    where:\n      attributes:\n        plan: {not: [free]}\n"
    write_specs(tmp_path / "specs", segments)
    found = verdicts(tmp_path)
    assert set(found) == {"a"}
    assert found["a"]["changes"] == ["criteria"] and not found["a"]["replacement"]
    assert found["a"]["criteria_before"] == ["attribute plan is pro"]
    assert found["a"]["criteria_after"] == ["attribute plan is not free"]
    build(tmp_path)

    segments["b"] = "name: Beta testers\n    where:\n      active: 7d\n"
    write_specs(tmp_path / "specs", segments)
    found = verdicts(tmp_path)
    assert set(found) == {"b"}
    assert found["b"]["changes"] == ["renamed"] and not found["b"]["replacement"]
    assert (found["b"]["name_before"], found["b"]["name_after"]) == ("Beta", "Beta testers")
    build(tmp_path)

    segments["c"] = "name: Gamma\n    application: 0a1b2c3d\n    where:\n      country: [NO]\n"
    write_specs(tmp_path / "specs", segments)
    found = verdicts(tmp_path)
    assert set(found) == {"c"} and found["c"]["replacement"]
    assert "application" in found["c"]["changes"]
    assert any("ApplicationId" in reason for reason in found["c"]["replaces"])
    build(tmp_path)

    del segments["d"]
    write_specs(tmp_path / "specs", segments)
    found = verdicts(tmp_path)
    assert set(found) == {"d"} and found["d"]["status"] == "removed"
    assert "campaigns already using it keep working" in found["d"]["notes"]
    assert found["d"]["criteria_before"] == ["metric score > 75"]
    build(tmp_path)

    segments["eps"] = segments.pop("e")
    write_specs(tmp_path / "specs", segments)
    found = verdicts(tmp_path)
    assert set(found) == {"eps"} and found["eps"]["replacement"]
    assert any("logical ID" in reason for reason in found["eps"]["replaces"])


def test_tags_and_human_text(tmp_path: Path) -> None:
    write_specs(tmp_path / "specs", {"a": BASE["a"] + "    tags: {team: crm, tier: gold}\n"})
    build(tmp_path)
    write_specs(tmp_path / "specs", {"a": BASE["a"] + "    tags: {team: data, env: prod}\n"})
    found = verdicts(tmp_path)
    assert found["a"]["changes"] == ["tags"]
    assert found["a"]["tags"] == {"added": {"env": "prod"}, "removed": {"tier": "gold"},
                                  "changed": {"team": ["crm", "data"]}}
    code, out, _ = run_diff(tmp_path, "--base", str(tmp_path / "out"))
    assert code == 0
    assert "tag changed: team: crm -> data" in out and "REPLACES" not in out


def test_replacement_is_loud_in_every_format(tmp_path: Path) -> None:
    write_specs(tmp_path / "specs", {"c": BASE["c"]})
    build(tmp_path)
    write_specs(tmp_path / "specs", {"c": "name: Gamma\n    application: x1\n    where:\n"
                                          "      country: [NO]\n"})
    _, text, _ = run_diff(tmp_path, "--base", str(tmp_path / "out"))
    _, md, _ = run_diff(tmp_path, "--base", str(tmp_path / "out"), "--format", "markdown")
    assert "!! REPLACES THE SEGMENT: ApplicationId changes" in text
    assert "**REPLACES THE SEGMENT**" in md and "[!WARNING]" in md


def test_customer_profiles_display_name_replaces(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    write_specs(specs, {"gold": "name: Gold\n    where:\n      attributes:\n"
                                "        tier: [gold]\n"})
    (specs / "segmentgen.yaml").write_text("target: customer-profiles\ndomain: crm\n", "utf-8")
    build(tmp_path)
    write_specs(specs, {"gold": "name: Golden\n    where:\n      attributes:\n"
                                "        tier: [gold]\n"})
    (specs / "segmentgen.yaml").write_text("target: customer-profiles\ndomain: crm\n", "utf-8")
    found = verdicts(tmp_path)
    assert "renamed" in found["gold"]["changes"]
    assert any("DisplayName" in reason for reason in found["gold"]["replaces"])


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=root, check=True, capture_output=True)


def test_default_base_is_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_specs(tmp_path / "specs", {"a": BASE["a"], "b": BASE["b"]})
    build(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "specs", "out")
    git(tmp_path, "commit", "-qm", "specs")
    write_specs(tmp_path / "specs", {"a": BASE["a"]})
    build(tmp_path)  # the working tree's out/ is current; HEAD's is not
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["base"] == "HEAD:out"
    assert [(s["key"], s["status"]) for s in data["segments"]] == [("b", "removed")]
    assert CliRunner().invoke(main, ["diff", "--base", "out"]).stdout.startswith(
        "segments: out -> specs: no segment changes")
    missing = CliRunner().invoke(main, ["diff", "--base", "no-such-ref"])
    assert missing.exit_code == 2 and "not a commit" in missing.stderr


def test_invalid_specs_exit_3(tmp_path: Path) -> None:
    write_specs(tmp_path / "specs", {"a": BASE["a"]})
    build(tmp_path)
    write_specs(tmp_path / "specs", {"a": "name: A\n    where: {active: 3d}\n"})
    code, out, err = run_diff(tmp_path, "--base", str(tmp_path / "out"))
    assert code == 3 and out == "" and "SG204" in err


def test_escape_markdown() -> None:
    assert escape_markdown("a *b* [c](d) <x> `y` | _z_ &") == (
        "a \\*b\\* \\[c\\](d) &lt;x&gt; \\`y\\` \\| \\_z\\_ &amp;")
    assert escape_markdown("two\nlines") == "two lines"


def _golden_cases() -> list[Path]:
    return sorted(CASES.glob("diff-*"))


@pytest.mark.parametrize("case", _golden_cases(), ids=lambda p: p.name)
def test_markdown_golden(case: Path, tmp_path: Path, golden: Golden,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A case with an ``as_of`` file also counts audiences (``diff --endpoints``) over the
    test export of tests/fixtures/make_endpoints.py (3,000 endpoints); one with a
    ``profiles.jsonl`` counts its Customer Profiles definitions over it (``--profiles``)."""
    shutil.copytree(case / "before", tmp_path / "before")
    build(tmp_path / "before")
    after = api.build(api.BuildOptions(case / "after" / "specs", tmp_path / "before" / "out",
                                       mode="check", lint=False))
    assert after.ok, after.diagnostics
    before = read_directory(tmp_path / "before" / "out")
    summary = summarize(before, after.files, "out", "specs")
    audiences = None
    if (case / "as_of").is_file():
        from test_estimate import FIXTURE

        from segmentgen.core.dates import parse_instant
        from segmentgen.review.audience import count_audiences

        monkeypatch.chdir(tmp_path)
        Path("endpoints.jsonl").write_text("".join(FIXTURE.endpoint_lines(3000)), "utf-8")
        instant = parse_instant((case / "as_of").read_text("utf-8").strip())
        assert instant is not None
        audiences = count_audiences(before, after.files, "endpoints.jsonl", instant)
        assert not audiences.diagnostics
    if (case / "profiles.jsonl").is_file():
        from segmentgen.core.dates import parse_instant as instant_of
        from segmentgen.review.audience import Audiences
        from segmentgen.review.profiles_audience import count_profile_audiences

        monkeypatch.chdir(case)
        when = instant_of("2024-01-01")
        assert when is not None
        empty = Audiences("", when)
        audiences = count_profile_audiences(before, after.files, "profiles.jsonl",
                                            audiences or empty)
        assert not audiences.diagnostics and audiences.profiles > 0
    golden.check_text(case, "diff.md", markdown(summary, audiences))


def test_move_to_another_spec_file_replaces(tmp_path: Path) -> None:
    write_specs(tmp_path / "specs", {"a": BASE["a"], "b": BASE["b"]})
    build(tmp_path)
    write_specs(tmp_path / "specs", {"a": BASE["a"]})
    (tmp_path / "specs" / "other.yaml").write_text(f"segments:\n  b:\n    {BASE['b']}", "utf-8")
    found = verdicts(tmp_path)
    assert set(found) == {"b"} and found["b"]["status"] == "changed"
    assert "moved" in found["b"]["changes"] and found["b"]["replacement"]
    assert found["b"]["template"] == "other.json"


def test_env_limits_the_summary_to_one_environment(tmp_path: Path) -> None:
    write_specs(tmp_path / "specs", BASE)
    (tmp_path / "specs" / "segmentgen.yaml").write_text(
        "environments:\n  dev: {}\n  prod: {}\n", "utf-8")
    build(tmp_path)
    shutil.copytree(tmp_path / "out", tmp_path / "base")
    renamed = "name: Beta renamed\n    where:\n      active: 7d\n"
    write_specs(tmp_path / "specs", {**BASE, "b": renamed})
    (tmp_path / "specs" / "segmentgen.yaml").write_text(
        "environments:\n  dev: {}\n  prod: {}\n", "utf-8")
    code, out, err = run_diff(tmp_path, "--base", str(tmp_path / "base"), "--format", "json",
                              "--env", "prod")
    assert code == 0, err
    data = json.loads(out)
    assert {s["environment"] for s in data["segments"]} == {"prod"}
    changed = [(s["key"], s["changes"]) for s in data["segments"] if s["status"] != "unchanged"]
    assert changed == [("b", ["renamed"])]


def test_imported_segments_are_in_the_summary(tmp_path: Path) -> None:
    imported = ("name: CRM export\n    import:\n      s3: s3://bucket/crm/\n"
                "      format: csv\n      role: arn:aws:iam::123456789012:role/Import\n")
    write_specs(tmp_path / "specs", {"a": BASE["a"], "crm": imported})
    build(tmp_path)
    moved = imported.replace("s3://bucket/crm/", "s3://bucket/crm-v2/")
    write_specs(tmp_path / "specs", {"a": BASE["a"], "crm": moved})
    found = verdicts(tmp_path)
    assert found["crm"]["changes"] == ["criteria"]
    assert "imported from s3://bucket/crm-v2/ (CSV)" in found["crm"]["criteria_after"]
    write_specs(tmp_path / "specs", {"a": BASE["a"]})
    removed = verdicts(tmp_path)["crm"]
    assert removed["status"] == "removed"
    assert any("no stack manages an imported segment" in note for note in removed["notes"])


def test_output_format_switch_replaces_nothing(tmp_path: Path) -> None:
    """a.json becoming a.yaml is the same stack: no segment changes, no SG303."""
    write_specs(tmp_path / "specs", BASE)
    (tmp_path / "specs" / "segmentgen.yaml").write_text("output: json\n", "utf-8")
    build(tmp_path)
    (tmp_path / "specs" / "segmentgen.yaml").write_text("output: yaml\n", "utf-8")
    code, out, err = run_diff(tmp_path, "--base", str(tmp_path / "out"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["segments"] == [] and data["counts"]["unchanged"] == len(BASE)
    assert "SG303" not in err
    _, text, _ = run_diff(tmp_path, "--base", str(tmp_path / "out"))
    assert "REPLACES" not in text


def test_customer_profiles_display_name_warns_in_build_and_diff(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    write_specs(specs, {"gold": "name: Gold\n    where:\n      country: [NO]\n"})
    (specs / "segmentgen.yaml").write_text("target: customer-profiles\ndomain: crm\n", "utf-8")
    build(tmp_path)
    write_specs(specs, {"gold": "name: Golden\n    where:\n      country: [NO]\n"})
    (specs / "segmentgen.yaml").write_text("target: customer-profiles\ndomain: crm\n", "utf-8")
    code, text, err = run_diff(tmp_path, "--base", str(tmp_path / "out"))
    reason = 'DisplayName changes from "Gold" to "Golden" (create-only)'
    assert code == 0 and f"!! REPLACES THE SEGMENT: {reason}" in text
    assert "warning SG303 segment 'gold': " + reason in err


def test_target_switch_over_pinpoint_output_reports_deletions(tmp_path: Path) -> None:
    write_specs(tmp_path / "specs", {"a": BASE["a"], "c": BASE["c"]})
    build(tmp_path)
    (tmp_path / "specs" / "segmentgen.yaml").write_text(
        "target: customer-profiles\ndomain: crm\n", "utf-8")
    code, text, err = run_diff(tmp_path, "--base", str(tmp_path / "out"))
    assert code == 0, err
    for key, name, logical in (("a", "Alpha", "ASegment"), ("c", "Gamma", "CSegment")):
        reason = (f"deletes the AWS::Pinpoint::Segment {name!r} ({logical}) and creates a new "
                  "AWS::CustomerProfiles::SegmentDefinition")
        assert f"!! REPLACES THE SEGMENT: {reason}" in text
        assert f"warning SG303 segment {key!r}: {reason}" in err


def test_another_imported_segment_of_the_same_name_is_no_rename(tmp_path: Path) -> None:
    imported = ("name: CRM export\n    import:\n      s3: s3://bucket/{folder}/\n"
                "      format: csv\n      role: arn:aws:iam::123456789012:role/Import\n")
    write_specs(tmp_path / "specs", {"crm": imported.format(folder="crm")})
    build(tmp_path)
    write_specs(tmp_path / "specs", {"web": imported.format(folder="web")})
    found = verdicts(tmp_path)
    assert (found["crm"]["status"], found["web"]["status"]) == ("removed", "added")
    write_specs(tmp_path / "specs", {"crm2": imported.format(folder="crm")})
    renamed = verdicts(tmp_path)
    assert set(renamed) == {"crm2"} and "key" in renamed["crm2"]["changes"]


def test_endpoints_count_each_side_as_estimate_does(tmp_path: Path) -> None:
    """diff --endpoints: the before side counts as ``estimate`` over the committed specs,
    the after side as ``estimate`` over the new ones (templates back to segments)."""
    from test_estimate import FIXTURE

    case = CASES / "diff-audience"
    shutil.copytree(case / "before", tmp_path / "before")
    build(tmp_path / "before")
    export = tmp_path / "endpoints.jsonl"
    export.write_text("".join(FIXTURE.endpoint_lines(3000)), "utf-8")
    when = ("--endpoints", str(export), "--as-of", "2024-01-01")
    shutil.rmtree(tmp_path / "before" / "specs")
    shutil.copytree(case / "after" / "specs", tmp_path / "before" / "specs")
    code, out, err = run_diff(tmp_path / "before", "--base", str(tmp_path / "before" / "out"),
                              "--format", "json", *when)
    assert code == 0, err
    data = json.loads(out)
    assert data["audience"]["endpoints"] == 3000

    def estimate(specs: Path, key: str) -> int:
        result = CliRunner().invoke(main, ["estimate", key, "--specs", str(specs), *when,
                                           "--format", "json"])
        return int(json.loads(result.stdout)["matched"])

    for segment in data["segments"]:
        audience = segment["audience"]
        before = estimate(case / "before" / "specs", segment["key"]) \
            if segment["status"] != "added" else None
        after = estimate(case / "after" / "specs", segment["key"]) \
            if segment["status"] != "removed" else None
        assert (audience["before"], audience["after"]) == (before, after), segment["key"]
    assert {s["key"]: s["audience"]["change"] for s in data["segments"]}["winter-sale"] < 0


def test_endpoints_human_output_and_unreadable_export(tmp_path: Path) -> None:
    case = CASES / "diff-audience"
    shutil.copytree(case / "before", tmp_path / "before")
    build(tmp_path / "before")
    shutil.rmtree(tmp_path / "before" / "specs")
    shutil.copytree(case / "after" / "specs", tmp_path / "before" / "specs")
    export = tmp_path / "endpoints.jsonl"
    export.write_text('{"Attributes": {"plan": ["pro"]}}\n{"Attributes": {}}\n', "utf-8")
    base = ("--base", str(tmp_path / "before" / "out"), "--endpoints")
    code, out, err = run_diff(tmp_path / "before", *base, str(export), "--as-of", "2024-01-01")
    assert code == 0, err
    assert "audience: endpoints matched, of 2 in" in out
    assert "Pro plan users: 1 → 1 (no change)" in out and "Sports fans: before: 0" in out
    code, out, err = run_diff(tmp_path / "before", *base, str(tmp_path / "none.jsonl"))
    assert (code, out) == (3, "") and "SG604" in err
    code, out, err = run_diff(tmp_path / "before", *base[:2], "--as-of", "2024-01-01")
    assert code == 2 and "--endpoints" in err


def test_profiles_count_each_definition_as_estimate_does(tmp_path: Path) -> None:
    """diff --profiles: each side of a Customer Profiles definition counts as ``estimate
    --profiles`` over that side's specs; an unreadable export is SG604, exit 3."""
    case = CASES / "diff-profiles-audience"
    shutil.copytree(case / "before", tmp_path / "before")
    build(tmp_path / "before")
    shutil.rmtree(tmp_path / "before" / "specs")
    shutil.copytree(case / "after" / "specs", tmp_path / "before" / "specs")
    export = str(case / "profiles.jsonl")
    base = ("--base", str(tmp_path / "before" / "out"))
    code, out, err = run_diff(tmp_path / "before", *base, "--profiles", export, "--format",
                              "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["audience"]["profiles"] == 5 and data["audience"]["export"] is None

    def estimate(specs: Path, key: str) -> int:
        result = CliRunner().invoke(main, ["estimate", key, "--specs", str(specs),
                                           "--profiles", export, "--format", "json"])
        return int(json.loads(result.stdout)["matched"])

    for segment in data["segments"]:
        assert segment["audience"]["unit"] == "profiles"
        assert (segment["audience"]["before"], segment["audience"]["after"]) == (
            estimate(case / "before" / "specs", segment["key"]),
            estimate(case / "after" / "specs", segment["key"])), segment["key"]
    code, out, err = run_diff(tmp_path / "before", *base, "--profiles",
                              str(tmp_path / "none.jsonl"))
    assert (code, out) == (3, "") and "SG604" in err
