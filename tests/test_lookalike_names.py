"""Names that read the same are the same name: invisible characters, spacing and Unicode
forms do not make two segment names distinct (SG207), nor a name of them alone non-empty
(SG221). One function, ``vocabulary.name_identity``, decides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmentgen.api import load_project
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.vocabulary import name_identity

# (what differs, the first name, the second name); names are written as JSON strings.
SAME = [
    ("zero-width space U+200B", "Winter Sale", "Winter Sale\u200b"),
    ("zero-width space inside a word", "Winter Sale", "Win\u200bter Sale"),
    ("byte-order mark U+FEFF", "Winter Sale", "\ufeffWinter Sale"),
    ("word joiner U+2060", "Winter Sale", "Winter\u2060 Sale"),
    ("zero-width joiner U+200D", "Winter Sale", "Winter Sa\u200dle"),
    ("no-break space U+00A0", "Winter Sale", "Winter\u00a0Sale"),
    ("narrow no-break space U+202F", "Winter Sale", "Winter\u202fSale"),
    ("two spaces", "Winter Sale", "Winter  Sale"),
    ("spaces at the ends", "Winter Sale", " Winter Sale "),
    ("tab", "Winter Sale", "Winter\tSale"),
    ("NFC and NFD", "Caf\u00e9 Regulars", "Cafe\u0301 Regulars"),
    ("NFD with an invisible character between", "Caf\u00e9", "Cafe\u200b\u0301"),
    ("fullwidth letters", "Winter Sale", "\uff37inter Sale"),
    ("ligature", "Office", "O\ufb03ce"),
]
DISTINCT = [
    ("letter case", "Winter Sale", "winter sale"),
    ("a space removed", "Winter Sale", "WinterSale"),
    ("another letter", "Winter Sale", "Winter Sales"),
]


def _diagnostics(tmp_path: Path, first: str, second: str) -> list[Diagnostic]:
    specs = tmp_path / "specs"
    specs.mkdir()
    text = (f"segments:\n  a:\n    name: {json.dumps(first)}\n    where: {{country: [NO]}}\n"
            f"  b:\n    name: {json.dumps(second)}\n    where: {{country: [SE]}}\n")
    (specs / "a.yaml").write_text(text, "utf-8")
    _, diagnostics, _ = load_project(specs)
    return diagnostics


@pytest.mark.parametrize(("first", "second"), [s[1:] for s in SAME], ids=[s[0] for s in SAME])
def test_lookalike_names_are_one_name(tmp_path: Path, first: str, second: str) -> None:
    assert name_identity(first) == name_identity(second)
    found = _diagnostics(tmp_path, first, second)
    assert [(d.code, d.line, d.col) for d in found] == [("SG207", 6, 11)]
    assert "'a'" in found[0].message
    assert found[0].hint is not None and "invisible characters" in found[0].hint


@pytest.mark.parametrize(("first", "second"), [s[1:] for s in DISTINCT],
                         ids=[s[0] for s in DISTINCT])
def test_names_that_read_differently_stay_distinct(tmp_path: Path, first: str,
                                                   second: str) -> None:
    assert name_identity(first) != name_identity(second)
    assert _diagnostics(tmp_path, first, second) == []


def test_identical_names_keep_the_plain_hint(tmp_path: Path) -> None:
    found = _diagnostics(tmp_path, "Winter Sale", "Winter Sale")
    assert [d.code for d in found] == ["SG207"]
    assert found[0].hint is not None and "invisible" not in found[0].hint


@pytest.mark.parametrize("name", ["\u200b", "\ufeff \u2060", "\u00a0\u00a0", "\u3000"])
def test_a_name_of_invisible_characters_is_empty(tmp_path: Path, name: str) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(f"segments:\n  a:\n    name: {json.dumps(name)}\n"
                                  "    where: {country: [NO]}\n", "utf-8")
    _, diagnostics, _ = load_project(specs)
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("SG221", 3, 11)]
