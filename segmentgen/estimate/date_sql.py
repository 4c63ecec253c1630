"""The UTC instant, or date, a text names, in SQL that every engine reads alike.

Input: the SQL expression of a text (an endpoint's date attribute or ``EffectiveDate``, a
profile's date field; NULL when there is none). Output: a sqlglot expression (Trino's dialect,
carried to DuckDB, Athena and Spark by sqlglot) of the instant ``core.dates.parse_clamped``
reads in that text, in UTC and clamped to years 1..9999 (``instant_of``, a timestamp with time
zone), or of its UTC date (``date_of``); NULL for text that names no instant.

Both are computed from the text's digits rather than by the engine's cast to a timestamp with
time zone, because the engines' casts disagree with ``core.dates`` and with each other
(tests/test_evaluate_differential.py, tests/test_profiles_estimate_differential.py): Spark
reads no offset beyond 18 hours and no time without seconds before a zone (``T23:30Z``), and
DuckDB and Spark read year 0, which Python's calendar does not have. The reading: the text has
``core.dates``' extended form (hours below 24, the offset's hours too); its date exists (year 1
or later); minutes and seconds are below 60; the offset (``Z``, ``+HH:MM`` or ``+HHMM``, its
minutes read as minutes even past 59, as Python reads them) is below 24 hours. The local time
less the offset falls on the day before, the same day or the day after; an instant before year
1 or after year 9999 is the first or last instant of the calendar, as ``core.dates`` clamps it.
The instant is the local time, written in the one form every engine's cast reads alike
(``YYYY-MM-DD HH:MM:SS[.ffffff]+00:00``, the fraction cut to microseconds as Python cuts it),
less the offset's minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from segmentgen.estimate import expressions as sql

if TYPE_CHECKING:
    from sqlglot import exp

# Only tried on text of the extended form: the offset's signed hours, and its sign.
ZONE_HOURS = "([+-][0-9]{2}):?[0-9]{2}$"
ZONE_SIGN = "([+-])[0-9]{2}:?[0-9]{2}$"
DAY_LONG_ZONE = "[+-]23:?[6-9][0-9]$"  # 23 hours and 60 minutes or more: no offset
# The extended form with a year from 1, minutes and seconds below 60 and an offset below 24
# hours (its minutes read as minutes even past 59): the texts core.dates reads, but for dates
# that do not exist (2001-02-29), which the cast to a timestamp leaves NULL.
STRICT = ("^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}"
          "(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?"
          "(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$")
FRACTION = "^.{19}([.][0-9]{1,6})"  # the fraction's first six digits (Python drops the rest)
FIRST_DAY = "0001-01-01"
LAST_DAY = "9999-12-31"


def _offset(value: exp.Expr) -> exp.Expr:
    """The offset in minutes (0 without one)."""
    return sql.template(
        "COALESCE(TRY_CAST(REGEXP_EXTRACT(:v, :hours, 1) AS INTEGER) * 60 + "
        "TRY_CAST(REGEXP_EXTRACT(:v, :sign, 1) || SUBSTR(:v, -2) AS INTEGER), 0)",
        v=value, hours=sql.text(ZONE_HOURS), sign=sql.text(ZONE_SIGN))


def _minutes(value: exp.Expr, offset: exp.Expr) -> exp.Expr:
    """The minutes from the local midnight to the instant in UTC (from -1439 to 2878)."""
    return sql.template("TRY_CAST(SUBSTR(:v, 12, 2) AS INTEGER) * 60 + "
                        "TRY_CAST(SUBSTR(:v, 15, 2) AS INTEGER) - :offset", v=value,
                        offset=offset)


def _read(value: exp.Expr, dated: exp.Expr, timed: exp.Expr) -> exp.Expr:
    """``dated`` for a date alone, ``timed`` for a valid date and time; NULL otherwise."""
    return sql.template(
        "CASE WHEN NOT REGEXP_LIKE(:v, :pattern) OR SUBSTR(:v, 1, 4) = '0000' THEN NULL "
        "WHEN LENGTH(:v) = 10 THEN :dated "
        "WHEN SUBSTR(:v, 15, 1) < '6' AND (SUBSTR(:v, 17, 1) <> ':' OR SUBSTR(:v, 18, 1) < '6') "
        "AND NOT REGEXP_LIKE(:v, :long) THEN :timed END",
        v=value, pattern=sql.text(sql.INSTANT_PATTERN), long=sql.text(DAY_LONG_ZONE),
        dated=dated, timed=timed)


def _clamped(value: exp.Expr, minutes: exp.Expr, first: exp.Expr, last: exp.Expr,
             shifted: exp.Expr) -> exp.Expr:
    """``first`` or ``last`` when the offset moves the first or last day out of the calendar,
    ``shifted`` otherwise."""
    return sql.template(
        "CASE WHEN SUBSTR(:v, 1, 10) = :first_day AND :m < 0 THEN :first "
        "WHEN SUBSTR(:v, 1, 10) = :last_day AND :m >= 1440 THEN :last ELSE :shifted END",
        v=value, m=minutes, first=first, last=last, shifted=shifted,
        first_day=sql.text(FIRST_DAY), last_day=sql.text(LAST_DAY))


def date_of(value: exp.Expr) -> exp.Expr:
    """The UTC calendar date ``value`` names (see ``_date_of``), or NULL."""
    return _once("date", value, _date_of)


def _date_of(value: exp.Expr) -> exp.Expr:
    """The UTC date ``value`` names (see the module's docstring), or NULL."""
    local = sql.template("TRY_CAST(SUBSTR(:v, 1, 10) AS DATE)", v=value)
    minutes = _minutes(value, _offset(value))
    shifted = sql.template(
        "CAST(DATE_ADD('day', CAST(FLOOR((:m) / 1440.0) AS INTEGER), :local) AS DATE)",
        m=minutes, local=local)
    return _read(value, local, _clamped(value, minutes, local, local, shifted))


_BUILT: dict[tuple[str, str], exp.Expr] = {}  # (reader, the value's SQL) -> its tree


_DEFERRED: ContextVar[bool] = ContextVar("segmentgen_deferred_readings", default=False)
PLACEHOLDER = "SG_READING"  # the function a deferred reading is written as, over its text


def _once(reader: str, value: exp.Expr, build: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    """``build(value)``, built once per value and copied after: a query reads the same field
    in many criteria, and the reading is a tree of some two hundred nodes (while readings are
    ``deferred``, a placeholder instead)."""
    if _DEFERRED.get():
        return _placeholder(reader, value)
    key = (reader, repr(value))
    built = _BUILT.get(key)
    if built is None:
        if len(_BUILT) > 4096:
            _BUILT.clear()
        built = _BUILT[key] = build(value)
        built.meta[READING] = reader  # which reading of which text: an engine may shorten it
        built.meta[TEXT] = value.copy()
    return built.copy()


READING, TEXT = "sg_reading", "sg_text"  # the meta of a reading's tree (kept by copies)


def _placeholder(reader: str, value: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    node = exp.Anonymous(this=PLACEHOLDER, expressions=[value.copy()])
    node.meta[READING] = reader
    return node


@contextmanager
def deferred() -> Iterator[None]:
    """Readings built in the block are placeholders, ``SG_READING(text)`` with the reader in
    their meta: a rewrite for one engine reads each its own way or writes it out in full
    (``written``), and until then no copy or walk of the query goes through
    the two hundred nodes of each."""
    token = _DEFERRED.set(True)
    try:
        yield
    finally:
        _DEFERRED.reset(token)


def deferred_reading(node: exp.Expr) -> str | None:
    """The reader of a placeholder (``instant`` or ``date``); None for any other node (asked
    of every node of a query: the name is compared first, with no import)."""
    if node.args.get("this") != PLACEHOLDER:
        return None
    from sqlglot import exp

    reader = node.meta_get(READING) if isinstance(node, exp.Anonymous) else None
    return reader if isinstance(reader, str) else None


def written(node: exp.Expr) -> exp.Expr:
    """The full reading a placeholder stands for (a tree of its own)."""
    reader = deferred_reading(node)
    if reader is None:
        raise ValueError(f"not a deferred reading: {node.sql()}")
    token = _DEFERRED.set(False)
    try:
        return _once(reader, node.expressions[0], _READERS[reader])
    finally:
        _DEFERRED.reset(token)


def instant_of(value: exp.Expr) -> exp.Expr:
    """The UTC instant ``value`` names (see ``_instant_of``), or NULL."""
    return _once("instant", value, _instant_of)


def _instant_of(value: exp.Expr) -> exp.Expr:
    """The UTC instant ``value`` names (see the module's docstring), or NULL: the local time
    of a text of the strict form less its offset, the first or last instant of the calendar
    when that falls before year 1 or after year 9999. Each part is read only where it can be
    there (an offset's patterns after a time without ``Z``, a fraction's after a dot)."""
    local = sql.template(
        "TRY_CAST(SUBSTR(:v, 1, 10) || ' ' || SUBSTR(:v || 'T00:00', 12, 5) || "
        "CASE WHEN SUBSTR(:v, 17, 1) = ':' THEN SUBSTR(:v, 17, 3) ELSE ':00' END || "
        "CASE WHEN SUBSTR(:v, 20, 1) = '.' THEN REGEXP_EXTRACT(:v, :fraction, 1) ELSE '' END || "
        "'+00:00' AS TIMESTAMP WITH TIME ZONE)", v=value, fraction=sql.text(FRACTION))
    offset = sql.template("CASE WHEN LENGTH(:v) > 16 AND SUBSTR(:v, -1) <> 'Z' THEN :offset "
                          "ELSE 0 END", v=value, offset=_offset(value))
    minutes = _minutes(value, offset)
    return sql.template(
        "CASE WHEN NOT REGEXP_LIKE(:v, :strict) THEN NULL "
        "WHEN SUBSTR(:v, 1, 10) IN (:first_day, :last_day) AND SUBSTR(:v, 1, 10) = "
        "CASE FLOOR((:m) / 1440.0) WHEN -1 THEN :first_day WHEN 1 THEN :last_day END "
        "THEN CASE WHEN SUBSTR(:v, 1, 1) = '0' THEN :first ELSE :last END "
        "ELSE :local - :offset * INTERVAL '1' MINUTE END", v=value, strict=sql.text(STRICT),
        m=minutes, offset=offset, local=local, first=sql.moment_text(sql.FIRST),
        last=sql.moment_text(sql.LAST), first_day=sql.text(FIRST_DAY),
        last_day=sql.text(LAST_DAY))


_READERS: dict[str, Callable[[exp.Expr], exp.Expr]] = {"instant": _instant_of,
                                                       "date": _date_of}
