"""Codes are objects: defined once in ``segmentgen.core.codes``, used by name everywhere.

Input: the package's source and the catalogue. Output: failures naming a module that spells a
code as a string literal, or a catalogue entry whose name, id or severity is off.
"""

from __future__ import annotations

import re
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import CODES
from segmentgen.core.severity import Severity

PACKAGE = Path(__file__).resolve().parent.parent / "segmentgen"
LITERAL = re.compile(r"""(?<![\w{])(["'])SG\d{3}\1""")


def test_no_module_spells_a_code_as_a_string() -> None:
    spelled = [f"{path.relative_to(PACKAGE)}:{number}"
               for path in sorted(PACKAGE.rglob("*.py")) if path.name != "codes.py"
               for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
               if LITERAL.search(line)]
    assert spelled == [], "use segmentgen.core.codes.SGxxx instead of a string literal"


def test_each_code_is_named_by_its_id_and_defined_once() -> None:
    ids = list(codes.ALL)
    assert len(ids) == len(set(ids))
    for code in codes.ALL:
        assert getattr(codes, str(code)) is code
        assert re.fullmatch(r"SG[1-7]\d\d", code)
        assert code.summary and isinstance(code.severity, Severity)


def test_catalogue_table_is_read_from_the_objects() -> None:
    assert {code: code.summary for code in codes.ALL} == CODES
    assert codes.SG222 == "SG222" and f"{codes.SG222}" == "SG222"


def test_shared_plugin_rules_exist_in_the_plugin() -> None:
    source = "".join(p.read_text("utf-8")
                     for p in (PACKAGE / "lint" / "plugin").rglob("*.py"))
    for code in codes.ALL:
        if code.plugin_rule:
            assert code.plugin_rule in source, f"{code} names unknown plug-in rule"
