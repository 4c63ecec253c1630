"""Dates and instants normalise to one canonical UTC form."""

from __future__ import annotations

import pytest

from segmentgen.validate.rules import format_instant, parse_instant


@pytest.mark.parametrize(("written", "canonical"), [
    ("2023-11-01", "2023-11-01T00:00:00Z"),
    ("0999-01-01", "0999-01-01T00:00:00Z"),
    ("2024-03-31T23:59:59.500Z", "2024-03-31T23:59:59.500Z"),
    ("2024-01-01T10:30:00-05:00", "2024-01-01T15:30:00Z"),
    ("2024-01-01T00:00:00.000400Z", "2024-01-01T00:00:00Z"),
    ("2024-01-01T12:00:00", "2024-01-01T12:00:00Z"),
])
def test_canonical_instant(written: str, canonical: str) -> None:
    moment = parse_instant(written)
    assert moment is not None
    assert format_instant(moment) == canonical


def test_not_an_instant() -> None:
    assert parse_instant("next tuesday") is None
