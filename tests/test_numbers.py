"""One number format (segmentgen.core.numbers.number_text) for describe, show, diff, messages
and Customer Profiles values; no module prints a spec number its own way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from segmentgen.compile.customer_profiles_map import Outcome
from segmentgen.core.model import Dimensions, GPSPoint
from segmentgen.core.numbers import number_text
from segmentgen.criteria import gps

PACKAGE = Path(__file__).resolve().parent.parent / "segmentgen"


@pytest.mark.parametrize(("value", "text"), [
    (75.0, "75"), (-3.0, "-3"), (0.5, "0.5"), (59.912345678, "59.912345678"),
    (1e15, "1000000000000000.0"), (1e20, "1e+20"), (2.5e-7, "2.5e-07"),
])
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text
    assert float(number_text(value)) == value


def test_no_other_number_format() -> None:
    """The format's mark (whole numbers below 10**15 without '.0') is in one module."""
    mark = re.compile(r"is_integer\(\) and abs\(\w+\) < 1e15")
    stray = [str(path.relative_to(PACKAGE)) for path in sorted(PACKAGE.rglob("*.py"))
             if path.name != "numbers.py" and mark.search(path.read_text("utf-8"))]
    assert stray == []


def test_gps_words_and_messages_keep_every_digit() -> None:
    point = GPSPoint(59.912345678, 10.75, 25.0)
    words = " ".join(gps.KIND.describe(Dimensions(gps=point)))
    assert "59.912345678" in words and "25 km" in words
    out = Outcome()
    gps.KIND.profiles(out, Dimensions(gps=point), ("Dimensions",), {})
    assert [f.message.split(")")[0] for f in out.findings] == [
        "GPS proximity (25 km of 59.912345678, 10.75"]
