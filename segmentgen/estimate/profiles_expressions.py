"""SQL conditions of Customer Profiles criteria over one row of the ``profiles`` table.

Input: one CloudFormation dimension value (``{DimensionType, Values}``, plain data), the SQL
expression of the profile field it tests (``field``, ``entry``) and a ``Context`` that takes
warnings and data checks. Output: sqlglot conditions, written in Trino's dialect like
``estimate.expressions`` (so they carry to DuckDB, Athena and Spark) and always true or false,
never NULL.

The meaning (README "Customer Profiles exports"): values compare case-sensitively, as the
Amazon Connect guide says. INCLUSIVE holds when the field equals one of the values; EXCLUSIVE
when it equals none (a profile without the field: ``EstimateOptions.exclusive_matches_missing``,
true by default); CONTAINS, BEGINS_WITH and ENDS_WITH when the field contains, starts or ends
with one of the values. Dates compare as UTC calendar dates (the guide: "at UTC midnight"):
the field is read as ``core.dates`` reads an instant, BEFORE/AFTER/ON hold against any value,
BETWEEN and NOT_BETWEEN take two values, ends included. Numeric comparisons (custom and
calculated attributes) read the string as a number (``NUMBER_PATTERN``) and hold against any
value; BETWEEN and NOT_BETWEEN on an attribute are numeric when both values are numbers, by
date when both are dates. A field that cannot be read as the comparison needs does not match
(NOT_BETWEEN included), and the profiles holding one are counted by a data check (SG611).
A criterion value that cannot be evaluated (an unknown type, a value of the wrong form, a
dynamic ``{{...}}`` value) never matches (SG606).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from segmentgen.core import codes
from segmentgen.core.dates import parse_clamped
from segmentgen.core.diagnostics import Path
from segmentgen.estimate import date_sql
from segmentgen.estimate import expressions as sql

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.estimate.match import EstimateOptions

ROW = "p"  # the alias of the profiles table (or of the step before) in every query
TABLE = "profiles"
# The Profile object's string fields a dimension of their own name tests (text, profile_type).
STANDARD_FIELDS = ("AccountNumber", "AdditionalInformation", "BusinessEmailAddress",
                   "BusinessName", "BusinessPhoneNumber", "EmailAddress", "FirstName",
                   "GenderString", "HomePhoneNumber", "LastName", "MiddleName",
                   "MobilePhoneNumber", "PartyTypeString", "PersonalEmailAddress",
                   "PhoneNumber", "ProfileType")
ADDRESSES = ("Address", "BillingAddress", "MailingAddress", "ShippingAddress")
ADDRESS_PARTS = ("City", "Country", "County", "PostalCode", "Province", "State")
STRING_TYPES = ("INCLUSIVE", "EXCLUSIVE", "CONTAINS", "BEGINS_WITH", "ENDS_WITH")
DATE_TYPES = ("BEFORE", "AFTER", "ON", "BETWEEN", "NOT_BETWEEN")
NUMBER_TYPES = {"GREATER_THAN": ">", "LESS_THAN": "<", "GREATER_THAN_OR_EQUAL": ">=",
                "LESS_THAN_OR_EQUAL": "<=", "EQUAL": "="}
# A number in a profile string: optional minus, up to 30 digits, a fraction and a short
# exponent (so that every such number is a finite double in every engine).
NUMBER_PATTERN = "^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$"
_NUMBER = re.compile(NUMBER_PATTERN)


class Context(Protocol):
    """What a condition needs from the compiler: options, the criterion's path, warnings
    and data checks (profiles holding an unreadable value; no profile holding a field)."""

    options: EstimateOptions
    path: Path

    def warn(self, path: Path, code: str, message: str, hint: str) -> None: ...

    def unreadable(self, path: Path, label: str, condition: exp.Expr, form: str) -> None: ...

    def absent(self, path: Path, label: str, condition: exp.Expr) -> None: ...


def only(dimension: Mapping[str, Any], container: str = "ProfileAttributes") -> tuple[str, Any]:
    """The one member of a single-criterion dimension (``profiles_sql.split``)."""
    name, value = next(iter(dimension[container].items()))
    return str(name), value


def field(*path: str) -> exp.Expr:
    """``p."Address"."City"``: a column of the row and members of its structure."""
    from sqlglot import exp

    node: exp.Expr = exp.column(path[0], table=ROW, quoted=True)
    for step in path[1:]:
        node = exp.Dot(this=node, expression=exp.to_identifier(step, quoted=True))
    return node


def entry(column: str, key: str) -> exp.Expr:
    """The string a map column (``Attributes``, ``CalculatedAttributes``) holds at ``key``."""
    return sql.entry(field(column), key)


def read_number(text: str) -> float | None:
    """A profile string or criterion value as a number, as the query reads it."""
    return float(text) if _NUMBER.fullmatch(text) else None


def read_date(text: str) -> date | None:
    """A profile string or criterion value as a UTC calendar date, as the query reads it."""
    moment = parse_clamped(text)
    return moment.date() if moment is not None else None


def number_of(value: exp.Expr) -> exp.Expr:
    return sql.template("CASE WHEN REGEXP_LIKE(:value, :pattern) THEN TRY_CAST(:value AS "
                        "DOUBLE) END", value=value, pattern=sql.text(NUMBER_PATTERN))


def date_of(value: exp.Expr) -> exp.Expr:
    return date_sql.date_of(value)


def _values(dimension: object, ctx: Context, path: Path,
            label: str) -> tuple[str, tuple[str, ...]] | None:
    """The dimension's type and values, or None (SG606) when they cannot be evaluated."""
    if not isinstance(dimension, Mapping):
        dimension = {}
    kind, values = dimension.get("DimensionType"), dimension.get("Values")
    if not isinstance(kind, str) or not isinstance(values, list) or not values or \
            not all(isinstance(v, str) for v in values):
        _never(ctx, path, f"{label}: DimensionType and a list of string Values are needed")
        return None
    if any("{{" in value for value in values):
        _never(ctx, (*path, "Values"), f"{label}: a dynamic value ({{{{...}}}}) names another "
               "profile's field, which the estimate does not compare")
        return None
    return kind, tuple(values)


def _never(ctx: Context, path: Path, why: str) -> None:
    ctx.warn(path, codes.SG606, f"{why}; the criterion never matches",
             "write the criterion as the CloudFormation schema of SegmentDefinition says")


def _any(conditions: Sequence[exp.Expr]) -> exp.Expr:
    from sqlglot import exp

    either = exp.or_(*conditions) if conditions else sql.truth(False)
    return sql.template("COALESCE(:either, FALSE)", either=either)


def string_test(value: exp.Expr, kind: str, values: tuple[str, ...],
                options: EstimateOptions) -> exp.Expr | None:
    """A string dimension type over ``value`` (NULL: the profile has no such field)."""
    if kind in ("INCLUSIVE", "EXCLUSIVE"):
        condition, slots = sql.one_of(":field", values)
        hit = sql.template(f"COALESCE({condition}, FALSE)", field=value, **slots)
        if kind == "INCLUSIVE":
            return hit
        return sql.template("CASE WHEN :field IS NULL THEN :missing ELSE NOT :hit END",
                            field=value, missing=sql.truth(options.exclusive_matches_missing),
                            hit=hit)
    forms = {"CONTAINS": "STRPOS(:field, :part) > 0",
             "BEGINS_WITH": "SUBSTR(:field, 1, LENGTH(:part)) = :part",
             "ENDS_WITH": "LENGTH(:field) >= LENGTH(:part) AND "
                          "SUBSTR(:field, LENGTH(:field) - LENGTH(:part) + 1) = :part"}
    if kind not in forms:
        return None
    return _any([sql.template(forms[kind], field=value, part=sql.text(part)) for part in values])


def text_condition(value: exp.Expr, dimension: object, ctx: Context, path: Path,
                   label: str) -> exp.Expr:
    """A standard string field, an address part or ``ProfileType``."""
    read = _values(dimension, ctx, path, label)
    condition = string_test(value, *read, ctx.options) if read else None
    if read and condition is None:
        _never(ctx, (*path, "DimensionType"), f"{label}: {read[0]!r} is not a string "
               f"dimension type ({', '.join(STRING_TYPES)})")
    return condition if condition is not None else sql.truth(False)


def _date_test(value: exp.Expr, kind: str, values: tuple[str, ...], ctx: Context,
               path: Path, label: str) -> exp.Expr:
    dates = [read_date(v) for v in values]
    if any(d is None for d in dates) or (kind in ("BETWEEN", "NOT_BETWEEN") and len(dates) != 2):
        _never(ctx, (*path, "Values"), f"{label}: {kind} needs "
               + ("two dates" if "BETWEEN" in kind else "dates") + f", not {list(values)!r}")
        return sql.truth(False)
    read = date_of(value)
    ctx.unreadable(path, label, sql.template(":value IS NOT NULL AND :read IS NULL",
                                             value=value, read=read), "a date")
    literals = [sql.template("CAST(:d AS DATE)", d=sql.text(d.isoformat()))
                for d in dates if d is not None]
    if kind in ("BETWEEN", "NOT_BETWEEN"):
        return _between(read, literals, kind, ctx.options)
    operator = {"BEFORE": "<", "AFTER": ">", "ON": "="}[kind]
    return _any([sql.template(f":read {operator} :d", read=read, d=d) for d in literals])


def _between(read: exp.Expr, ends: list[exp.Expr], kind: str,
             options: EstimateOptions) -> exp.Expr:
    low, high = ("<=", "<=") if options.between_inclusive else ("<", "<")
    inside = sql.template(f":low {low} :read AND :read {high} :high", read=read, low=ends[0],
                          high=ends[1])
    if kind == "BETWEEN":
        return sql.template("COALESCE(:inside, FALSE)", inside=inside)
    return sql.template("COALESCE(:read IS NOT NULL AND NOT (:inside), FALSE)", read=read,
                        inside=inside)


def date_condition(value: exp.Expr, dimension: object, ctx: Context, path: Path,
                   label: str) -> exp.Expr:
    """``BirthDate``: a date dimension."""
    read = _values(dimension, ctx, path, label)
    if read is None:
        return sql.truth(False)
    if read[0] not in DATE_TYPES:
        _never(ctx, (*path, "DimensionType"), f"{label}: {read[0]!r} is not a date dimension "
               f"type ({', '.join(DATE_TYPES)})")
        return sql.truth(False)
    return _date_test(value, *read, ctx, path, label)


def _number_test(value: exp.Expr, kind: str, values: tuple[str, ...], ctx: Context,
                 path: Path, label: str) -> exp.Expr:
    numbers = [read_number(v) for v in values]
    if any(n is None for n in numbers):
        _never(ctx, (*path, "Values"), f"{label}: {kind} needs numbers, not {list(values)!r}")
        return sql.truth(False)
    read = number_of(value)
    ctx.unreadable(path, label, sql.template(":value IS NOT NULL AND :read IS NULL",
                                             value=value, read=read), "a number")
    literals = [sql.number(n) for n in numbers if n is not None]
    if kind in ("BETWEEN", "NOT_BETWEEN"):
        return _between(read, literals, kind, ctx.options)
    operator = NUMBER_TYPES[kind]
    return _any([sql.template(f":read {operator} :n", read=read, n=n) for n in literals])


def attribute_condition(value: exp.Expr, dimension: object, ctx: Context,
                        path: Path, label: str) -> exp.Expr:
    """A custom or calculated attribute: string, date and numeric dimension types."""
    read = _values(dimension, ctx, path, label)
    if read is None:
        return sql.truth(False)
    kind, values = read
    if kind in STRING_TYPES:
        condition = string_test(value, kind, values, ctx.options)
        return condition if condition is not None else sql.truth(False)
    numeric = kind in NUMBER_TYPES or (
        kind in ("BETWEEN", "NOT_BETWEEN") and all(read_number(v) is not None for v in values))
    if numeric:
        if len(values) != 2 and kind in ("BETWEEN", "NOT_BETWEEN"):
            _never(ctx, (*path, "Values"), f"{label}: {kind} needs two values")
            return sql.truth(False)
        return _number_test(value, kind, values, ctx, path, label)
    if kind in DATE_TYPES:
        return _date_test(value, kind, values, ctx, path, label)
    _never(ctx, (*path, "DimensionType"), f"{label}: {kind!r} is not a dimension type of an "
           "attribute")
    return sql.truth(False)


def calculated_condition(name: str, dimension: object, ctx: Context) -> exp.Expr:
    """A calculated attribute, read from the export's ``CalculatedAttributes``; with
    ``ConditionOverrides`` it never matches (SG602): an export holds the value over the
    attribute's own range."""
    label, path = f"CalculatedAttributes.{name}", ctx.path
    if isinstance(dimension, Mapping) and dimension.get("ConditionOverrides") is not None:
        ctx.warn((*path, "ConditionOverrides"), codes.SG602,
                 f"{label}: an export holds the value over the calculated attribute's own "
                 "range, not over ConditionOverrides; the criterion never matches",
                 "estimate without range:, or export the value over that range")
        return sql.truth(False)
    value = entry("CalculatedAttributes", name)
    ctx.absent(path, label, sql.template(":v IS NOT NULL", v=value))
    return attribute_condition(value, dimension, ctx, path, label)
