"""The pre-commit hook: another repository uses this one as a hook repository.

pre-commit clones a copy of this repository at a commit, installs segmentgen into its own
environment from the package registry (network access; a few minutes the first time), and
runs ``segmentgen build --check`` when specs change. Set SEGMENTGEN_SKIP_SLOW=1 to skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
SPEC = """segments:
  new-customers:
    name: New Customers
    where:
      attributes:
        customerType: [new]
"""

pytestmark = [
    pytest.mark.skipif(os.environ.get("SEGMENTGEN_SKIP_SLOW") == "1",
                       reason="SEGMENTGEN_SKIP_SLOW=1"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout"),
]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                          cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    clone = tmp_path_factory.mktemp("hook") / "segmentgen"
    git(ROOT.parent, "clone", "-q", str(ROOT), str(clone))
    assert (clone / ".pre-commit-hooks.yaml").is_file(), "commit .pre-commit-hooks.yaml first"
    yield clone, git(clone, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def consumer(root: Path, hook: tuple[Path, str]) -> Path:
    clone, rev = hook
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "segments.yaml").write_text(SPEC, "utf-8")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {clone.as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: segmentgen-check\n", "utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    return root


def run_hook(root: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("CI", None)
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--color", "never"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=1500)


def hook_segmentgen(home: Path) -> Path:
    """The segmentgen that pre-commit installed, so that fresh output is built by the same
    version that checks it."""
    found = sorted(home.glob("repo*/py_env-*/bin/segmentgen"))
    return found[0] if found else Path(sys.executable).with_name("segmentgen")


def test_hook_fails_on_stale_and_passes_on_fresh_output(
        tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    if not PRE_COMMIT.exists() or shutil.which("git") is None:
        pytest.fail("pre-commit and git are needed: install the dev extra")
    root = consumer(tmp_path / "consumer", hook_repo)

    stale = run_hook(root, pre_commit_home)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "segmentgen build --check" in stale.stdout and "Failed" in stale.stdout
    assert "missing: out/segments.json" in stale.stdout

    built = subprocess.run([str(hook_segmentgen(pre_commit_home)), "build"], cwd=root,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    git(root, "add", "out")
    fresh = run_hook(root, pre_commit_home)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "Passed" in fresh.stdout

    (root / "specs" / "segments.yaml").write_text(SPEC.replace("[new]", "[new, returning]"))
    git(root, "add", "specs")
    changed = run_hook(root, pre_commit_home)
    assert changed.returncode == 1
    assert "changed: out/segments.json" in changed.stdout
