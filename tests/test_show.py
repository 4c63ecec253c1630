"""`segmentgen show`: golden cases (tests/cases/show-*/) and the git history it reads.

Each case holds ``specs/``, ``args`` (the arguments after ``show``), optional data files and
``expected/stdout``. The specs are committed into a fresh git repository with fixed dates
(unless the case has a ``no-git`` file). Regenerate every golden case with ``make golden``
(``pytest -m golden --update-golden``, or SEGMENTGEN_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import Golden

from segmentgen.api import load_project
from segmentgen.cli import main
from segmentgen.lifecycle.history import file_history
from segmentgen.lifecycle.show import render_human, show_segment

CASES = sorted((Path(__file__).parent / "cases").glob("show-*"))
FIRST = "2024-01-02T03:04:05+00:00"
SECOND = "2024-02-03T04:05:06+00:00"


def git(folder: Path, *args: str, date: str = FIRST) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, env=env, check=True,
                   capture_output=True)


def commit_twice(folder: Path) -> None:
    git(folder, "init", "-q", ".")
    git(folder, "add", "specs")
    git(folder, "commit", "-q", "-m", "specs")
    for spec in sorted((folder / "specs").glob("*.yaml")):
        with spec.open("a") as handle:
            handle.write("# reviewed\n")
    git(folder, "commit", "-q", "-a", "-m", "review", date=SECOND)


@pytest.fixture(autouse=True)
def no_outer_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_show_golden(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     golden: Golden) -> None:
    work = tmp_path / "project"
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("expected"))
    if not (case / "no-git").exists():
        commit_twice(work)
    monkeypatch.chdir(work)
    args = shlex.split((case / "args").read_text())
    result = CliRunner().invoke(main, ["show", *args])
    assert result.stderr == "", result.stderr
    assert result.exit_code == 0, result.output
    golden.check_text(case, "stdout", result.stdout)


def test_history_follows_renames_and_sees_uncommitted_edits(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    (repo / "specs/a.yaml").write_text("segments: {}\n")
    commit_twice(repo)
    git(repo, "mv", "specs/a.yaml", "specs/b.yaml")
    git(repo, "commit", "-q", "-m", "rename", date="2024-03-04T05:06:07+00:00")
    history = file_history(repo / "specs/b.yaml")
    assert (history.created, history.changed, history.commits) == (
        FIRST, "2024-03-04T05:06:07+00:00", 3)
    assert not history.uncommitted
    (repo / "specs/b.yaml").write_text("segments: {x: 1}\n")
    assert file_history(repo / "specs/b.yaml").uncommitted


def test_history_outside_git_says_why(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("segments: {}\n")
    history = file_history(tmp_path / "a.yaml")
    assert history.created is None
    assert history.note == "the specs are not in a git repository"


def test_unknown_key_is_invalid_input_with_a_suggestion(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(Path(__file__).parent / "cases/show-dynamic/specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["show", "winter-sael"])
    assert result.exit_code == 3
    assert "SG702 no segment 'winter-sael'" in result.stderr
    assert "did you mean 'winter-sale'?" in result.stderr
    assert result.stdout == ""


def test_customer_profiles_segment_names_its_domain(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(
        "segments:\n  vip: {name: VIP, where: {attributes: {plan: [a]}}}\n")
    (specs / "segmentgen.yaml").write_text(
        "environments:\n  old: {}\n  new: {target: customer-profiles, domain: shop}\n"
        "  bare: {target: customer-profiles}\n")
    project, _, _ = load_project(specs)
    assert project is not None
    lines = show_segment(project, "vip", history=False).data["application"]
    assert lines == ["bare: Customer Profiles domain from the template parameter "
                     "CustomerProfilesDomainName",
                     "new: Customer Profiles domain shop (environments.new.domain in "
                     "segmentgen.yaml)",
                     "old: the template parameter PinpointApplicationId"]


def test_a_customer_profiles_segment_lives_in_the_domain_everywhere(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(
        "segments:\n  vip:\n    target: customer-profiles\n    name: VIP\n"
        "    where: {profile: {FirstName: [Ada]}}\n    sort: {Attributes: [{Name: LastName, "
        "Order: ASC}]}\n  old: {name: Old, where: {attributes: {plan: [a]}}}\n")
    (specs / "segmentgen.yaml").write_text(
        "domain: crm\nenvironments:\n  legacy: {}\n  next: {domain: shop}\n")
    project, found, _ = load_project(specs)
    assert project is not None, found
    details = show_segment(project, "vip", history=False)
    assert details.data["application"] == [
        "legacy: Customer Profiles domain crm (domain: in segmentgen.yaml)",
        "next: Customer Profiles domain shop (environments.next.domain in segmentgen.yaml)"]
    assert details.data["criteria"] == ["profiles in all of the groups:", "Group 1 (all of):",
                                        "  profile FirstName is Ada",
                                        "sorted by LastName ascending"]
    text = render_human(details)
    assert "  domain:\n    legacy: Customer Profiles domain crm" in text
    assert "    sorted by LastName ascending\n" in text
    old = render_human(show_segment(project, "old", history=False))
    assert "  application:\n    legacy: the template parameter PinpointApplicationId" in old


def test_without_a_domain_the_parameter_is_named(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(
        "segments:\n  big:\n    target: customer-profiles\n    name: Big\n"
        "    sql: SELECT * FROM _profile\n")
    project, found, _ = load_project(specs)
    assert project is not None, found
    details = show_segment(project, "big", history=False)
    assert details.data["application"] == [
        "Customer Profiles domain from the template parameter CustomerProfilesDomainName"]
    assert details.data["criteria"] == ["SQL query:", "  SELECT * FROM _profile"]
    assert "  domain: Customer Profiles domain from" in render_human(details)


def test_unreadable_records_file_is_invalid_input(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(Path(__file__).parent / "cases/show-imported/specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["show", "crm-export", "--records", "missing.csv"])
    assert result.exit_code == 3
    assert "SG604" in result.stderr


def test_base_segment_users_are_listed(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent / "cases/show-dynamic/specs", tmp_path / "specs")
    project, _, _ = load_project(tmp_path / "specs")
    assert project is not None
    details = show_segment(project, "winter-sale", history=False)
    assert details.data["base_segment_of"] == ["lapsed"]
    assert details.data["history"]["note"] == "not looked up"


def test_segment_history_is_per_segment(tmp_path: Path) -> None:
    from segmentgen.lifecycle.history import segment_history

    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    spec = repo / "specs/a.yaml"
    spec.write_text("segments:\n  a:\n    name: A\n  b:\n    name: B\n")
    git(repo, "init", "-q", ".")
    git(repo, "add", "specs")
    git(repo, "commit", "-q", "-m", "both")
    spec.write_text("segments:\n  a:\n    name: A\n  b:\n    name: B2\n")
    git(repo, "commit", "-q", "-a", "-m", "edit b", date=SECOND)
    first = segment_history(spec, 2, 3)
    second = segment_history(spec, 4, 5)
    assert (first.created, first.changed, first.commits) == (FIRST, FIRST, 1)
    assert (second.created, second.changed, second.commits) == (FIRST, SECOND, 2)
    spec.write_text("segments:\n  a:\n    name: A1\n  b:\n    name: B2\n")
    assert segment_history(spec, 2, 3).uncommitted
    assert not segment_history(spec, 4, 5).uncommitted


def test_show_profiles_counts_as_estimate(tmp_path: Path) -> None:
    """show KEY --profiles EXPORT: a customer-profiles segment's profiles matched, as
    ``estimate KEY --profiles``; the export of the other kind is a usage error."""
    import json

    from click.testing import CliRunner

    from segmentgen.cli import main

    case = Path(__file__).parent / "cases" / "diff-profiles-audience"
    specs, export = str(case / "after" / "specs"), str(case / "profiles.jsonl")
    shown = CliRunner().invoke(main, ["show", "vip", "--specs", specs, "--profiles", export,
                                      "--format", "json"])
    counted = CliRunner().invoke(main, ["estimate", "vip", "--specs", specs, "--profiles",
                                        export, "--format", "json"])
    data, estimate = json.loads(shown.stdout), json.loads(counted.stdout)
    assert data["profiles_estimate"]["matched"] == estimate["matched"] > 0
    assert data["profiles_estimate"]["profiles"] == estimate["profiles"] == 5
    human = CliRunner().invoke(main, ["show", "vip", "--specs", specs, "--profiles", export])
    assert f"  profiles: about {estimate['matched']} of 5 in {export}" in human.stdout
    wrong = CliRunner().invoke(main, ["show", "vip", "--specs", specs, "--endpoints", export])
    assert wrong.exit_code == 2 and "--profiles" in wrong.stderr
