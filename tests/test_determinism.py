"""Determinism: identical bytes in out/ whatever the hash seed, file creation order, locale,
time zone and line endings of the specs."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

SPECS = {
    f"group{g}/file{f}.yaml": "".join([
        "# comment\nsegments:\n",
        *(f"  s{g}-{f}-{i}:\n    name: Segment {g} {f} {i} ünï\n"
          f"    tags: {{b: '2', a: '1', c{i}: x}}\n    where:\n"
          f"      attributes: {{zeta: [b, a], alpha: {{after: 2024-01-0{i + 1}T10:00:00+02:00}}}}\n"
          f"      country: [SE, NO]\n      active: 7d\n" for i in range(3)),
    ])
    for g in range(3) for f in range(3)
}


def write_project(root: Path, order: int, crlf: bool = False) -> None:
    names = sorted(SPECS)
    random.Random(order).shuffle(names)
    for name in names:
        path = root / "specs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = SPECS[name].replace("\n", "\r\n") if crlf else SPECS[name]
        path.write_bytes(text.encode("utf-8"))


def run(root: Path, **env: str) -> dict[str, bytes]:
    full = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "TZ")}
    full.update(env)
    done = subprocess.run([sys.executable, "-m", "segmentgen", "build", "--no-lint"], cwd=root,
                          env=full, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    out = root / "out"
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("reference")
    write_project(root, 0)
    files = run(root, PYTHONHASHSEED="0", LC_ALL="C.UTF-8", TZ="UTC")
    assert len(files) > 9
    return files


@pytest.mark.parametrize(("order", "crlf", "env"), [
    (1, False, {"PYTHONHASHSEED": "1"}),
    (2, False, {"PYTHONHASHSEED": "4242", "LC_ALL": "C"}),
    (3, False, {"PYTHONHASHSEED": "random", "TZ": "Pacific/Chatham"}),
    (4, False, {"TZ": "America/St_Johns", "LC_ALL": "C.UTF-8"}),
    (5, True, {"PYTHONHASHSEED": "7", "TZ": "Asia/Kolkata"}),
], ids=["hash-seed", "locale-C", "time-zone", "locale-utf8", "crlf"])
def test_same_bytes(tmp_path: Path, reference: dict[str, bytes], order: int, crlf: bool,
                    env: dict[str, str]) -> None:
    write_project(tmp_path, order, crlf)
    assert run(tmp_path, **env) == reference


def test_every_output_is_lf_utf8_with_trailing_newline(reference: dict[str, bytes]) -> None:
    for content in reference.values():
        assert b"\r" not in content and content.endswith(b"\n")
        content.decode("utf-8")
