"""Values in words, as ``describe`` prints them.

Input: names, values and numbers of criteria. Output: their text: a plain value bare, one
with spaces, commas or quotes as JSON; a number without a needless ``.0``.
"""

from __future__ import annotations

import json
import re

from segmentgen.core.numbers import number_text

_PLAIN = re.compile(r"^[^\s,\"]([^,\"]*[^\s,\"])?$")


def listing(values: tuple[str, ...]) -> str:
    return ", ".join(quote(value) for value in values)


def name(value: str) -> str:
    return quote(value) if value and not re.search(r"\s", value) else json.dumps(value)


def quote(value: str) -> str:
    return value if _PLAIN.match(value) else json.dumps(value, ensure_ascii=False)


def number(value: float) -> str:
    """A number as segmentgen prints numbers (``segmentgen.core.numbers``)."""
    return number_text(value)
