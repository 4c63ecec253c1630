"""Dates and instants normalise to one canonical UTC form."""

from __future__ import annotations

import pytest

from segmentgen.validate.rules import (
    NOT_AN_INSTANT,
    OUTSIDE_CALENDAR,
    format_instant,
    parse_instant,
    read_instant,
)


@pytest.mark.parametrize(("written", "canonical"), [
    ("2023-11-01", "2023-11-01T00:00:00Z"),
    ("0999-01-01", "0999-01-01T00:00:00Z"),
    ("2024-03-31T23:59:59.500Z", "2024-03-31T23:59:59.500Z"),
    ("2024-01-01T10:30:00-05:00", "2024-01-01T15:30:00Z"),
    ("2024-01-01T00:00:00.000400Z", "2024-01-01T00:00:00Z"),
    ("2024-01-01T12:00:00", "2024-01-01T12:00:00Z"),
    ("0001-01-01T00:00:00-01:00", "0001-01-01T01:00:00Z"),
    ("0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00Z"),
    ("9999-12-31T23:30:00+01:00", "9999-12-31T22:30:00Z"),
    ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
])
def test_canonical_instant(written: str, canonical: str) -> None:
    moment = parse_instant(written)
    assert moment is not None
    assert format_instant(moment) == canonical


def test_not_an_instant() -> None:
    assert parse_instant("next tuesday") is None


@pytest.mark.parametrize("written", [
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:59:59+01:00",
    "9999-12-31T23:30:00-01:00",
    "9999-12-31T23:59:59-00:00:01",
])
def test_offset_past_either_end_of_the_calendar_says_so(written: str) -> None:
    assert read_instant(written) == (None, OUTSIDE_CALENDAR)
    assert parse_instant(written) is None


@pytest.mark.parametrize("written", ["", "2024-02-30", "10000-01-01", "0000-01-01",
                                     "2024-01-01T24:00:01Z", "2024-01-01T00:00:00+24:00"])
def test_not_an_instant_says_so(written: str) -> None:
    assert read_instant(written) == (None, NOT_AN_INSTANT)
