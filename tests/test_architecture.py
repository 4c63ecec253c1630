"""ARCHITECTURE.md names only files and folders that exist, and the package keeps its shape:
about a dozen entries, each package saying what it takes and returns, no module over ~300
lines.

Input: ARCHITECTURE.md and the package tree. Output: failures naming the stale reference, the
undocumented package or the oversized module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "segmentgen"
MAX_MODULE_LINES = 330  # "under ~300": a little room, never a 400-line module again


def test_every_path_the_map_names_exists() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)+[a-z_<>]*(?:\.py)?)`", text))
    missing = [p for p in sorted(named) if "<" not in p
               and not (PACKAGE / p).exists() and not (ROOT / p).exists()]
    assert missing == []


def test_every_package_is_on_the_map_and_says_what_it_takes_and_returns() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        assert f"`{init.parent.name}/`" in text, f"{init.parent.name}/ is not on the map"
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8")))
        assert doc and "Input" in doc and "Output" in doc, init


# The pipeline's stages (load -> validate -> compile -> lint -> emit -> report) and the features
# beside them, with their shared vocabulary and the command line; planning is part of compile
# (compile/plan/), the catalog site part of review (review/catalog/). A fifteenth top-level
# package is a decision: add it here and to ARCHITECTURE.md's table.
TOP_LEVEL_PACKAGES = ["cli", "compile", "core", "criteria", "emit", "estimate", "importer",
                      "lifecycle", "lint", "load", "migrate", "report", "review", "validate"]


def test_the_top_level_shows_the_design() -> None:
    entries = [p for p in PACKAGE.iterdir() if p.name != "__pycache__"]
    packages = sorted(p.name for p in entries if p.is_dir())
    assert packages == TOP_LEVEL_PACKAGES  # stages and features as packages, not flat modules
    assert all((PACKAGE / name / "__init__.py").is_file() for name in packages)
    others = sorted(p.name for p in entries if not p.is_dir())
    assert others == ["__init__.py", "__main__.py", "api.py", "py.typed"]


def test_no_module_outgrows_its_reader() -> None:
    long = {p.relative_to(PACKAGE).as_posix(): n for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}
