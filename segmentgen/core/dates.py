"""The one reader and writer of dates and instants.

Input: a text a spec, a template, an endpoint export or ``--as-of`` holds. Output: the UTC
instant it names (or why it names none) and the canonical text ``YYYY-MM-DDTHH:MM:SS[.mmm]Z``.

Pinpoint reads date attribute values "as ISO_INSTANT datetimes", ISO 8601's extended form, so
that is the one form accepted: ``YYYY-MM-DD``, optionally ``THH:MM``, ``:SS``, a fraction and
``Z`` or an offset ``+HH:MM`` / ``+HHMM``. Python's ``fromisoformat`` alone also takes the
basic form (``20240101``), a space for ``T``, week dates and hour-only times; the pattern
refuses those, and so does every reader below (validator, cfn-lint plug-in, estimate).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

NOT_AN_INSTANT = "is not an ISO-8601 date or instant"
OUTSIDE_CALENDAR = "falls outside the calendar (years 1 to 9999) in UTC"
FORMS = "an ISO-8601 date or instant such as '2024-01-01' or '2024-01-01T12:00:00Z'"
FIRST_INSTANT = datetime.min.replace(tzinfo=UTC)
LAST_INSTANT = datetime.max.replace(tzinfo=UTC)

_EXTENDED_FORM = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


def read_written(text: str) -> datetime | None:
    """The date or date-time ``text`` writes, with its offset as written (naive when none)."""
    if not _EXTENDED_FORM.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # 2024-02-30, 24:00:01, an offset of 24 hours
        return None


def read_instant(text: str) -> tuple[datetime | None, str]:
    """The UTC instant ``text`` names (no offset means UTC), or None and why not: not an
    instant at all, or one whose offset moves it past either end of the calendar."""
    moment = read_written(text)
    if moment is None:
        return None, NOT_AN_INSTANT
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC), ""
    try:
        return moment.astimezone(UTC), ""
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in year 0 in UTC
        return None, OUTSIDE_CALENDAR


def parse_instant(text: str) -> datetime | None:
    """The UTC instant ``text`` names, or None (see ``read_instant`` for why)."""
    return read_instant(text)[0]


def to_utc(value: datetime) -> datetime:
    """``value`` in UTC (naive means UTC), clamped to the first or last instant of the calendar."""
    if value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # an offset pushed it past year 1 or year 9999
        return FIRST_INSTANT if value.year == datetime.min.year else LAST_INSTANT


def parse_clamped(text: str) -> datetime | None:
    """The UTC instant ``text`` names, clamped to the calendar rather than refused (estimates
    compare endpoint dates, where an instant just past year 9999 is still "late")."""
    moment = read_written(text)
    return to_utc(moment) if moment is not None else None


def format_instant(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS[.mmm]Z`` in UTC; years below 1000 keep four digits (strftime
    drops them)."""
    moment = to_utc(moment)
    text = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    millis = moment.microsecond // 1000
    return f"{text}.{millis:03d}Z" if millis else f"{text}Z"
