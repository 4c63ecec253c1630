"""The wheel carries everything segmentgen reads at run time: modules, templates, schemas."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contents(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                           check=True, capture_output=True, text=True)
    # setuptools has nothing to warn about (a package it would leave out, a deprecated setting)
    assert "BuildBackendWarning" not in built.stderr, built.stderr
    assert "SetuptoolsDeprecationWarning" not in built.stderr, built.stderr
    (wheel,) = tmp_path.glob("segmentgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "segmentgen").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    templates = {f"segmentgen/templates/{p.name}" for p in (ROOT / "templates").glob("*.j2")}
    assert templates and templates <= names
    assert "segmentgen/core/data/schemas/aws-pinpoint-segment.json" in names
    assert "segmentgen/py.typed" in names
