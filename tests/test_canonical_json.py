"""One canonical JSON writer: every file and report meant for people and diffs goes through
``segmentgen.core.jsonfile.canonical_text``; no module formats JSON with an indent itself."""

from __future__ import annotations

import ast
from pathlib import Path

from segmentgen.core.jsonfile import canonical_bytes, canonical_text

PACKAGE = Path(__file__).resolve().parent.parent / "segmentgen"


def test_canonical_form() -> None:
    text = canonical_text({"b": [1, 2.5], "a": "Ø\u00e6", "c": {"z": None, "y": True}})
    assert text == ('{\n  "a": "Øæ",\n  "b": [\n    1,\n    2.5\n  ],\n  "c": {\n'
                    '    "y": true,\n    "z": null\n  }\n}\n')
    assert canonical_bytes({"a": "Ø"}) == '{\n  "a": "Ø"\n}\n'.encode()


def _indented_dumps(path: Path) -> list[int]:
    """Lines of ``path`` that call ``json.dumps``/``json.dump`` with an ``indent``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("dumps", "dump")
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "json"
                and any(keyword.arg == "indent" for keyword in node.keywords)):
            found.append(node.lineno)
    return found


def test_no_other_indented_json_writer() -> None:
    writer = PACKAGE / "core" / "jsonfile.py"
    stray = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
             if path != writer and (lines := _indented_dumps(path))}
    assert stray == {}, "write canonical JSON with segmentgen.core.jsonfile.canonical_text"
    assert _indented_dumps(writer)
