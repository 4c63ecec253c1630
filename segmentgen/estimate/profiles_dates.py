"""The UTC calendar date a profile string names, in SQL that every engine reads alike.

Input: the SQL expression of a profile field (text, or NULL when the profile has none).
Output: a sqlglot expression (Trino's dialect, carried to DuckDB, Athena and Spark by sqlglot)
of the date ``core.dates.parse_clamped`` gives that text in UTC, clamped to years 1..9999; NULL
for text that names no instant.

The date is computed from the text's digits rather than by the engine's cast to a timestamp
with time zone, because the engines' casts disagree with ``core.dates`` and with each other
(tests/test_profiles_estimate_differential.py): Spark reads no offset beyond 18 hours and no
time without seconds before a zone (``T23:30Z``), and DuckDB and Spark read year 0, which
Python's calendar does not have. The reading: the text has ``core.dates``' extended form (hours
below 24, the offset's hours too); its date exists (year 1 or later); minutes and seconds are
below 60; the offset (``Z``, ``+HH:MM`` or ``+HHMM``, its minutes read as minutes even past 59,
as Python reads them) is below 24 hours. The local time less the offset falls on the day
before, the same day or the day after; a day before year 1 or after year 9999 is the first or
last day of the calendar, as ``core.dates`` clamps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segmentgen.estimate import expressions as sql

if TYPE_CHECKING:
    from sqlglot import exp

# Only tried on text of the extended form: the offset's signed hours, and its sign.
ZONE_HOURS = "([+-][0-9]{2}):?[0-9]{2}$"
ZONE_SIGN = "([+-])[0-9]{2}:?[0-9]{2}$"
DAY_LONG_ZONE = "[+-]23:?[6-9][0-9]$"  # 23 hours and 60 minutes or more: no offset
FIRST_DAY = "0001-01-01"
LAST_DAY = "9999-12-31"


def _minutes(value: exp.Expr) -> exp.Expr:
    """The minutes from the local midnight to the instant in UTC (from -1439 to 2878)."""
    offset = sql.template(
        "COALESCE(TRY_CAST(REGEXP_EXTRACT(:v, :hours, 1) AS INTEGER) * 60 + "
        "TRY_CAST(REGEXP_EXTRACT(:v, :sign, 1) || SUBSTR(:v, -2) AS INTEGER), 0)",
        v=value, hours=sql.text(ZONE_HOURS), sign=sql.text(ZONE_SIGN))
    return sql.template("TRY_CAST(SUBSTR(:v, 12, 2) AS INTEGER) * 60 + "
                        "TRY_CAST(SUBSTR(:v, 15, 2) AS INTEGER) - :offset", v=value,
                        offset=offset)


def date_of(value: exp.Expr) -> exp.Expr:
    """The UTC date ``value`` names (see the module's docstring), or NULL."""
    local = sql.template("TRY_CAST(SUBSTR(:v, 1, 10) AS DATE)", v=value)
    minutes = _minutes(value)
    clamped = sql.template(
        "CASE WHEN SUBSTR(:v, 1, 10) = :first AND :m < 0 THEN :local "
        "WHEN SUBSTR(:v, 1, 10) = :last AND :m >= 1440 THEN :local "
        "ELSE CAST(DATE_ADD('day', CAST(FLOOR((:m) / 1440.0) AS INTEGER), :local) AS DATE) END",
        v=value, m=minutes, local=local, first=sql.text(FIRST_DAY), last=sql.text(LAST_DAY))
    return sql.template(
        "CASE WHEN NOT REGEXP_LIKE(:v, :pattern) OR SUBSTR(:v, 1, 4) = '0000' THEN NULL "
        "WHEN LENGTH(:v) = 10 THEN :local "
        "WHEN SUBSTR(:v, 15, 1) < '6' AND (SUBSTR(:v, 17, 1) <> ':' OR SUBSTR(:v, 18, 1) < '6') "
        "AND NOT REGEXP_LIKE(:v, :long) THEN :clamped END",
        v=value, pattern=sql.text(sql.INSTANT_PATTERN), local=local,
        long=sql.text(DAY_LONG_ZONE), clamped=clamped)
