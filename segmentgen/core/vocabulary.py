"""Every enum and limit of Amazon Pinpoint segments, in one place.

Input: nothing. Output: constants read by the validator, the compilers, the JSON Schema
and the cfn-lint plug-ins, plus ``closest`` for "did you mean" hints, ``name_identity``,
the form in which two segment names are compared, and ``is_segment_id``. A test compares the
enums with botocore's pinpoint service model so that drift is caught.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

import iso3166

ATTRIBUTE_TYPES = ("INCLUSIVE", "EXCLUSIVE", "CONTAINS", "BEFORE", "AFTER", "ON", "BETWEEN")
DATE_ATTRIBUTE_TYPES = ("BEFORE", "AFTER", "ON", "BETWEEN")
DIMENSION_TYPES = ("INCLUSIVE", "EXCLUSIVE")
COMPARISON_OPERATORS = (
    "GREATER_THAN",
    "LESS_THAN",
    "GREATER_THAN_OR_EQUAL",
    "LESS_THAN_OR_EQUAL",
    "EQUAL",
)
DURATIONS = ("HR_24", "DAY_7", "DAY_14", "DAY_30")
RECENCY_TYPES = ("ACTIVE", "INACTIVE")
INCLUDE_TYPES = ("ALL", "ANY", "NONE")
GROUP_TYPES = ("ALL", "ANY", "NONE")
SOURCE_TYPES = ("ALL", "ANY", "NONE")
CHANNELS = (
    "PUSH",
    "GCM",
    "APNS",
    "APNS_SANDBOX",
    "APNS_VOIP",
    "APNS_VOIP_SANDBOX",
    "ADM",
    "SMS",
    "VOICE",
    "EMAIL",
    "BAIDU",
    "CUSTOM",
    "IN_APP",
)
IMPORT_FORMATS = ("CSV", "JSON")
DEMOGRAPHIC_FIELDS = ("AppVersion", "Channel", "DeviceType", "Make", "Model", "Platform")
COUNTRIES: frozenset[str] = frozenset(iso3166.countries_by_alpha2)

# Human spellings of the high-level form, each mapped to exactly one Pinpoint value.
DURATION_WORDS = {"24h": "HR_24", "1d": "HR_24", "7d": "DAY_7", "14d": "DAY_14", "30d": "DAY_30"}
OPERATOR_WORDS = {
    ">": "GREATER_THAN",
    "<": "LESS_THAN",
    ">=": "GREATER_THAN_OR_EQUAL",
    "<=": "LESS_THAN_OR_EQUAL",
    "==": "EQUAL",
    "=": "EQUAL",
}
# High-level demographic keys and the SegmentDemographics field each one fills.
DEMOGRAPHIC_WORDS = {
    "channel": "Channel",
    "platform": "Platform",
    "app_version": "AppVersion",
    "device_type": "DeviceType",
    "make": "Make",
    "model": "Model",
}
ATTRIBUTE_WORDS = {
    "in": "INCLUSIVE",
    "not": "EXCLUSIVE",
    "contains": "CONTAINS",
    "before": "BEFORE",
    "after": "AFTER",
    "on": "ON",
    "between": "BETWEEN",
}
# Operators users borrow from other languages, and the Pinpoint value they mean.
NEAR_MISSES = {
    "GREATER_THAN": "AFTER",
    "GREATER_THAN_OR_EQUAL": "AFTER",
    "LESS_THAN": "BEFORE",
    "LESS_THAN_OR_EQUAL": "BEFORE",
    "EQUAL": "ON",
    "EQUALS": "INCLUSIVE",
    "INCLUDE": "INCLUSIVE",
    "INCLUDES": "INCLUSIVE",
    "EXCLUDE": "EXCLUSIVE",
    "EXCLUDES": "EXCLUSIVE",
    "NOT": "EXCLUSIVE",
    "GT": "GREATER_THAN",
    "LT": "LESS_THAN",
    "GTE": "GREATER_THAN_OR_EQUAL",
    "GE": "GREATER_THAN_OR_EQUAL",
    "LTE": "LESS_THAN_OR_EQUAL",
    "LE": "LESS_THAN_OR_EQUAL",
    "EQ": "EQUAL",
    "UK": "GB",
    "EN": "GB",
    ">": "GREATER_THAN",
    ">=": "GREATER_THAN_OR_EQUAL",
    "<": "LESS_THAN",
    "<=": "LESS_THAN_OR_EQUAL",
    "==": "EQUAL",
    "=": "EQUAL",
}
# Keys of the high-level form that users write by analogy, and the key they mean.
KEY_NEAR_MISSES = {
    "gt": ">",
    "greater_than": ">",
    "gte": ">=",
    "ge": ">=",
    "lt": "<",
    "less_than": "<",
    "lte": "<=",
    "le": "<=",
    "eq": "==",
    "equals": "==",
    "include": "in",
    "includes": "in",
    "is": "in",
    "exclude": "not",
    "excludes": "not",
    "not_in": "not",
    "since": "after",
    "until": "before",
    "from": "after",
    "range": "between",
    "radius": "within_km",
    "km": "within_km",
    "lat": "latitude",
    "lng": "longitude",
    "lon": "longitude",
    "dimensions": "where",
    "criteria": "where",
    "groups": "list",
}

# Quotas (Pinpoint console and API, endpoint data, AWS tagging).
MAX_DIMENSIONS = 100
MAX_TOTAL_VALUES = 100
MAX_VALUE_LENGTH = 100
MAX_ATTRIBUTE_NAME_LENGTH = 50
MAX_ATTRIBUTE_VALUES = 50
MAX_GROUPS = 2
MAX_TAGS = 50
MAX_TAG_KEY_LENGTH = 128
MAX_TAG_VALUE_LENGTH = 256
MAX_NAME_LENGTH = 256
MAX_SEGMENT_KEY_LENGTH = 64
MAX_INTEGER = 2**31 - 1  # the API's integers, such as a base segment's Version, are 32-bit

# A segment id as Pinpoint issues it: 32 lowercase hexadecimal digits (a UUID without
# dashes, like a project id). botocore's pinpoint model and the API reference type
# SegmentReference.Id as a plain string with no pattern, so this is segmentgen's choice,
# made from the ids the service hands out; SEGMENT_ID_RULE says so in every diagnostic.
SEGMENT_ID_PATTERN = re.compile(r"[0-9a-f]{32}")
SEGMENT_ID_RULE = ("a Pinpoint segment id is 32 lowercase hexadecimal digits, as Pinpoint "
                   "issues them (the API documents no format; segmentgen takes this one)")


def is_segment_id(value: object) -> bool:
    """Whether ``value`` is written like a segment id Pinpoint issues."""
    return isinstance(value, str) and SEGMENT_ID_PATTERN.fullmatch(value) is not None


def closest(value: object, choices: Iterable[str]) -> str | None:
    """The choice a user most likely meant, or None when nothing is near."""
    options = list(choices)
    if not isinstance(value, str) or not options:
        return None
    upper = value.strip().upper().replace("-", "_").replace(" ", "_")
    if upper in options:
        return upper
    near = NEAR_MISSES.get(upper)
    if near in options:
        return near
    found = difflib.get_close_matches(upper, options, n=1, cutoff=0.6)
    return found[0] if found else None


def choice_hint(value: object, choices: Iterable[str], what: str) -> str:
    """A hint naming the likely choice first, then every allowed value."""
    options = list(choices)
    guess = closest(value, options)
    listing = ", ".join(options)
    if guess is not None:
        return f"did you mean {guess!r}? {what}: {listing}"
    return f"{what}: {listing}"


def name_identity(name: str) -> str:
    """A segment name as a person reads it, for every uniqueness check of names: format
    characters (Unicode category Cf: zero-width spaces and joiners, U+2060, byte-order marks)
    removed, NFKC-normalised (NFC and NFD spellings, no-break and fullwidth forms agree), runs
    of whitespace as one space and none at either end. Letter case still counts."""
    visible = "".join(char for char in name if unicodedata.category(char) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", visible).split())
