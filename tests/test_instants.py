"""Dates and instants normalise to one canonical UTC form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from segmentgen.core.dates import (
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
])
def test_offset_past_either_end_of_the_calendar_says_so(written: str) -> None:
    assert read_instant(written) == (None, OUTSIDE_CALENDAR)
    assert parse_instant(written) is None


@pytest.mark.parametrize("written", ["", "2024-02-30", "10000-01-01", "0000-01-01",
                                     "2024-01-01T24:00:01Z", "2024-01-01T00:00:00+24:00",
                                     "9999-12-31T23:59:59-00:00:01", "20240101",
                                     "2024-01-01 12:00", "2024W011", "2024-01-01T12",
                                     " 2024-01-01"])
def test_not_an_instant_says_so(written: str) -> None:
    assert read_instant(written) == (None, NOT_AN_INSTANT)


@given(st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)),
       st.integers(-(24 * 60 - 1), 24 * 60 - 1))
def test_any_instant_with_any_offset_normalises_or_says_it_left_the_calendar(
        moment: datetime, minutes: int) -> None:
    offset = timedelta(minutes=minutes)
    moment = moment.replace(microsecond=0)
    written = moment.replace(tzinfo=timezone(offset)).isoformat()
    found, problem = read_instant(written)
    if found is not None:
        assert found == (moment - offset).replace(tzinfo=UTC) and problem == ""
        assert parse_instant(format_instant(found)) == found
    else:
        assert problem == OUTSIDE_CALENDAR
        assert not datetime.min + abs(offset) <= moment <= datetime.max - abs(offset)
