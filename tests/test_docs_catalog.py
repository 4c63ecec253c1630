"""`segmentgen docs`: what the catalog says about each segment, checked against its sources.

The picture groups segments by environment and stack and marks links across stacks; the
estimate column holds what ``segmentgen estimate KEY`` says, over the endpoint export for a
Pinpoint segment and over the profile export for a customer-profiles one, with its unit (and
the golden holds the Python oracle's counts); created / last changed come from git, "not
committed" without a commit, and SG409 where git is missing; the site is the same bytes
whatever the hash seed and the order in which the spec files were created.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from golden import read_tree

from segmentgen.cli import main
from segmentgen.review.catalog.graph import Place, layout

CASE = Path(__file__).parent / "cases" / "docs-catalog"
AS_OF = "2024-06-01"
ENDPOINT_ARGS = ["docs", "--no-lint", "--endpoints", "endpoints.jsonl", "--as-of", AS_OF]
GOLDEN_ARGS = [*ENDPOINT_ARGS, "--profiles", "profiles.jsonl"]
PINPOINT_KEYS = ["big-spenders", "new-customers", "new-in-nordics", "nordics"]
PROFILES_KEYS = ["vip-oslo", "vip-oslo-frequent"]
COMMITTED = "2024-03-01T10:00:00+00:00"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CASE / "specs", tmp_path / "specs")
    shutil.copy(CASE / "endpoints.jsonl", tmp_path / "endpoints.jsonl")
    shutil.copy(CASE / "profiles.jsonl", tmp_path / "profiles.jsonl")
    monkeypatch.chdir(tmp_path)
    return tmp_path


Count = tuple[int, str, int | None] | None


def index_counts(html: str) -> dict[str, Count]:
    """key -> (matched, unit, sendable) of the index's estimate columns: None for a row
    without a count ('-'), sendable None for '-'."""
    found: dict[str, Count] = {}
    for key, cells in re.findall(r'<tr data-key="([^"]+)">(.*?)</tr>', html, re.S):
        numbers = re.findall(r'<td class="number"(?: data-value="(\d+)")?>(.*?)</td>', cells)
        assert len(numbers) == 2, key
        (matched, text), (sendable, _) = numbers
        if not matched:
            assert numbers == [("", "-"), ("", "-")], key
            found[key] = None
            continue
        unit = re.fullmatch(rf'{matched} <span class="unit">(\w+)</span>', text)
        assert unit is not None, (key, text)
        found[key] = (int(matched), unit.group(1), int(sendable) if sendable else None)
    return found


def estimate_counts(key: str, *engine: str) -> Count:
    code, stdout, stderr = run("estimate", key, "--endpoints", "endpoints.jsonl", "--as-of",
                               AS_OF, *engine)
    assert code == 0, stderr
    counts = dict(re.findall(r"^(matched|sendable): (\d+)$", stdout, re.M))
    matched = int(counts["matched"])
    return matched, "endpoint" if matched == 1 else "endpoints", int(counts["sendable"])


def profile_counts(key: str) -> Count:
    code, stdout, stderr = run("estimate", key, "--profiles", "profiles.jsonl")
    assert code == 0, stderr
    found = re.search(r"^matched: (\d+)$", stdout, re.M)
    assert found is not None, stdout
    matched = int(found.group(1))
    return matched, "profile" if matched == 1 else "profiles", None


def test_the_golden_counts_are_the_python_oracles_and_estimate_profiles(project: Path) -> None:
    golden = index_counts((CASE / "expected" / "index.html").read_text("utf-8"))
    assert sorted(golden) == sorted(PINPOINT_KEYS + PROFILES_KEYS)
    for key in PINPOINT_KEYS:
        assert golden[key] == estimate_counts(key, "--engine", "python"), key
    for key in PROFILES_KEYS:
        assert golden[key] == profile_counts(key), key
    assert {golden[key][1] for key in PROFILES_KEYS if golden[key]} == {"profiles"}


@pytest.mark.parametrize("engine", [(), ("--engine", "python")], ids=["default", "python"])
def test_the_estimate_column_is_what_estimate_says(project: Path, engine: tuple[str, ...]) -> None:
    code, _, stderr = run(*GOLDEN_ARGS)
    assert code == 0, stderr
    site = index_counts((project / "site" / "index.html").read_text("utf-8"))
    for key in PINPOINT_KEYS:
        assert site[key] == estimate_counts(key, *engine), key
    for key in PROFILES_KEYS:
        assert site[key] == profile_counts(key), key
        page = (project / "site" / "segments" / f"{key}.html").read_text("utf-8")
        matched = site[key]
        assert matched is not None
        assert f"<dt>Profiles</dt><dd>about {matched[0]} of 6 profiles in " in page
        assert "<dt>Endpoints</dt>" not in page


def test_without_a_profile_export_customer_profiles_segments_are_not_counted(
        project: Path) -> None:
    code, _, stderr = run(*ENDPOINT_ARGS)
    assert code == 0, stderr
    site = index_counts((project / "site" / "index.html").read_text("utf-8"))
    assert all(site[key] is None for key in PROFILES_KEYS)  # profiles, not endpoints
    assert all(site[key] is not None for key in PINPOINT_KEYS)
    page = (project / "site" / "segments" / "vip-oslo.html").read_text("utf-8")
    assert "not counted: a Customer Profiles segment selects profiles" in page


def test_a_profile_export_alone_counts_only_customer_profiles_segments(project: Path) -> None:
    code, _, stderr = run("docs", "--no-lint", "--profiles", "profiles.jsonl")
    assert code == 0, stderr
    index = (project / "site" / "index.html").read_text("utf-8")
    site = index_counts(index)
    assert all(site[key] is None for key in PINPOINT_KEYS)
    assert [site[key] for key in PROFILES_KEYS] == [profile_counts(k) for k in PROFILES_KEYS]
    assert "profiles of <code>profiles.jsonl</code>" in index
    assert "Estimates: endpoints" not in index
    page = (project / "site" / "segments" / "nordics.html").read_text("utf-8")
    assert "not counted: a Pinpoint segment selects endpoints, not profiles" in page


def test_one_read_of_the_profile_export_for_every_segment(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from segmentgen.estimate import profiles_engine

    calls: list[list[str]] = []
    count_all = profiles_engine.estimate_all_profiles

    def counting(counted: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append([segment.key for segment in counted])
        return count_all(counted, *args, **kwargs)

    monkeypatch.setattr(profiles_engine, "estimate_all_profiles", counting)
    assert run(*GOLDEN_ARGS)[0] == 0
    assert calls == [PROFILES_KEYS]


def test_an_unreadable_profile_export_writes_nothing(project: Path) -> None:
    (project / "broken.jsonl").write_text("not json\n", "utf-8")
    for export in ("missing.jsonl", "broken.jsonl"):
        code, _, stderr = run("docs", "--no-lint", "--profiles", export)
        assert code != 0 and "SG604" in stderr and "profile export cannot be read" in stderr
        assert "Traceback" not in stderr
        assert not (project / "site").exists()


def test_a_customer_profiles_segment_in_its_own_terms(project: Path) -> None:
    assert run("docs", "--no-lint")[0] == 0
    page = (project / "site" / "segments" / "vip-oslo.html").read_text("utf-8")
    assert "<dt>Target</dt><dd>customer-profiles</dd>" in page
    criteria = re.search(r'<pre class="criteria">(.*?)</pre>', page, re.S)
    assert criteria is not None
    assert criteria.group(1).splitlines() == [
        "profiles in all of the groups:", "Group 1 (all of):",
        "  profile Address.City is Oslo", "  custom attribute tier is gold",
        "sorted by LastName ascending"]
    assert page.count("<code>AWS::CustomerProfiles::SegmentDefinition</code>") == 2
    assert "&#34;SegmentDefinitionName&#34;: &#34;vip-oslo&#34;" in page
    assert "Customer Profiles domain from the template parameter" in page
    user = (project / "site" / "segments" / "vip-oslo-frequent.html").read_text("utf-8")
    assert '<a href="../segments/vip-oslo.html">' in user


def test_the_picture_groups_by_environment_and_stack(project: Path) -> None:
    assert run("docs", "--no-lint")[0] == 0
    graph = (project / "site" / "graph.html").read_text("utf-8")
    labels = re.findall(r'<g class="cluster (\w+)">\n<rect[^>]*/>\n<text[^>]*>([^<]+)</text>',
                        graph)
    assert labels == [
        ("environment", "environment dev"),
        ("stack", "stack dev-base · specs/base.yaml"),
        ("stack", "stack dev-derived · specs/derived.yaml"),
        ("stack", "stack dev-profiles · specs/profiles.yaml"),
        ("environment", "environment prod"),
        ("stack", "stack prod-base · specs/base.yaml"),
        ("stack", "stack prod-derived · specs/derived.yaml"),
        ("stack", "stack prod-profiles · specs/profiles.yaml")]
    edges = re.findall(r'<polyline class="([^"]+)"[^>]*><title>([^<]+)</title>', graph)
    across = sorted(title.split(" in ")[0] for kind, title in edges if "cross-stack" in kind)
    within = sorted(title.split(" in ")[0] for kind, title in edges if kind == "edge")
    assert across == ["new-customers → new-in-nordics"] * 2 + ["nordics → new-in-nordics"] * 2
    assert within == ["vip-oslo → vip-oslo-frequent"] * 2
    assert "New Customers (prod)" in graph  # each environment's own display name
    assert "uses <a href=\"segments/nordics.html\">nordics</a> (Nordic customers) in dev " \
           "from stack dev-base (specs/base.yaml)" in graph


def test_every_box_lies_inside_its_stack_and_environment_and_none_overlap() -> None:
    links = [(env, base, user) for env in ("dev", "prod")
             for base, user in (("a", "b"), ("b", "c"), ("a", "c"), ("x", "c"), ("x", "y"))]
    stacks = {"a": "one", "b": "one", "c": "two", "x": "two", "y": "three"}
    places = {(env, key): Place(f"{env}-{stack}", f"specs/{stack}.yaml", f"Segment {key}")
              for env in ("dev", "prod") for key, stack in stacks.items()}
    picture = layout(links, places, {key: f"segments/{key}.html" for key in stacks})
    assert len(picture.nodes) == 10 and len(picture.edges) == 10
    boxes = {c.label: c for c in picture.clusters}
    for node in picture.nodes:
        for label in (f"stack {node.stack} · specs/{stacks[node.key]}.yaml",
                      f"environment {node.environment}"):
            box = boxes[label]
            assert box.x < node.x and node.x + node.width < box.x + box.width, label
            assert box.y < node.y and node.y + node.height < box.y + box.height, label
    for one in picture.nodes:
        for other in picture.nodes:
            if one is not other:
                assert (one.x + one.width <= other.x or other.x + other.width <= one.x
                        or one.y + one.height <= other.y or other.y + other.height <= one.y)
    stack_boxes = [c for c in picture.clusters if c.kind == "stack"]
    assert all(a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y
               or b.y + b.height <= a.y for a in stack_boxes for b in stack_boxes if a is not b)
    for edge in picture.edges:  # from base to user, downwards
        assert edge.points[0][1] < edge.points[-1][1]
    assert {e.cross_stack for e in picture.edges if e.base == "a"} == {False, True}
    shuffled = list(links)
    random.Random(3).shuffle(shuffled)
    assert layout(shuffled, dict(reversed(places.items())),
                  {key: f"segments/{key}.html" for key in stacks}) == picture


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    subprocess.run(["git", "-c", "user.name=Catalog Test", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, env=env, check=True,
                   capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_created_and_last_changed_come_from_git(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "specs")
    git(project, "commit", "-q", "-m", "specs")
    extra = project / "specs" / "later.yaml"
    extra.write_text("segments:\n  later:\n    name: Later\n    where: {country: [US]}\n")
    base = project / "specs" / "base.yaml"
    base.write_text(base.read_text("utf-8").replace("Nordic customers", "Nordic buyers"))
    code, _, stderr = run("docs", "--no-lint")
    assert code == 0 and "SG409" not in stderr, stderr
    pages = project / "site" / "segments"

    def facts(key: str) -> list[str]:
        text = (pages / f"{key}.html").read_text("utf-8")
        return re.findall(r"<dt>(?:Created|Last changed)</dt><dd>([^<]*)</dd>", text)

    assert facts("new-customers") == [COMMITTED, COMMITTED]
    assert facts("nordics") == [COMMITTED, f"{COMMITTED} (and edits not yet committed)"]
    assert facts("later") == ["not committed (the spec file is not committed)", "not committed"]


def test_outside_git_the_pages_say_not_committed(project: Path) -> None:
    assert run("docs", "--no-lint")[0] == 0
    text = (project / "site" / "segments" / "nordics.html").read_text("utf-8")
    assert "<dt>Created</dt><dd>not committed (" in text


def test_without_git_a_notice_and_unknown_history(project: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    empty = project / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, _, stderr = run("docs", "--no-lint")
    assert code == 0, stderr
    assert "notice SG409" in stderr and "no 'git' command on the PATH" in stderr
    text = (project / "site" / "segments" / "nordics.html").read_text("utf-8")
    assert "<dt>Created</dt><dd>unknown: git is not available</dd>" in text


def docs_in_subprocess(root: Path, order: int, seed: str) -> dict[str, bytes]:
    """The golden case's site built by a fresh interpreter from spec files created in a
    shuffled order."""
    names = sorted(p.name for p in (CASE / "specs").iterdir())
    random.Random(order).shuffle(names)
    (root / "specs").mkdir(parents=True)
    for name in names:
        shutil.copy(CASE / "specs" / name, root / "specs" / name)
    shutil.copy(CASE / "endpoints.jsonl", root / "endpoints.jsonl")
    shutil.copy(CASE / "profiles.jsonl", root / "profiles.jsonl")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "segmentgen", *GOLDEN_ARGS], cwd=root, env=env,
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return read_tree(root / "site")


def test_the_golden_site_whatever_the_hash_seed_and_file_order(tmp_path: Path) -> None:
    expected = read_tree(CASE / "expected")
    assert len(expected) == 3 + 2 + len(PINPOINT_KEYS + PROFILES_KEYS)
    for order, seed in ((1, "0"), (2, "1"), (3, "4242"), (4, "random")):
        site = docs_in_subprocess(tmp_path / str(order), order, seed)
        assert site == expected, (seed, sorted(p for p in site if site[p] != expected.get(p)))
