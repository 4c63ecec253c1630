"""The one way a number from a spec is printed (describe, diff, show, messages, Customer
Profiles values).

Input: a float as the model holds it. Output: its shortest exact text: a whole number
without ``.0`` (``75.0`` -> ``75``) below 10**15, otherwise Python's shortest round-trip
``repr`` (``0.5``, ``1e+20``); never rounded as ``:g`` would (``59.9123456`` stays whole).
"""

from __future__ import annotations


def number_text(value: float) -> str:
    """``value`` as segmentgen prints numbers: ``75.0`` -> ``"75"``, ``0.5`` -> ``"0.5"``."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
