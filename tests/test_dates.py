"""One date reader: the validator (SG208), the cfn-lint plug-in (E9004) and the estimate
accept and refuse the same texts.

Before there was one reader, ``20240101`` and ``2024-01-01 12:00`` passed SG208 (Python's
``fromisoformat`` takes them) but failed E9004, and the estimate read them as dates too.
Pinpoint reads date values as ISO_INSTANT, ISO 8601's extended form: those are refused.
"""

from __future__ import annotations

import pytest

from segmentgen.core import codes
from segmentgen.estimate.match import parse_instant as estimate_instant
from segmentgen.lint.plugin import checks
from segmentgen.validate.rules import check_criteria

ACCEPTED = ["2024-01-01", "2024-01-01T12:00", "2024-01-01T12:00:00Z",
            "2024-01-01T12:00:00.250+01:00", "2024-01-01T12:00:00+0100"]
REFUSED = ["20240101", "2024-01-01 12:00", "2024W011", "2024-01-01T12", " 2024-01-01",
           "2024-02-30", "0001-01-01T00:00:00+01:00", "next tuesday", ""]


def properties(value: str) -> dict[str, object]:
    return {"Dimensions": {"Attributes": {"day": {"AttributeType": "AFTER", "Values": [value]}}}}


def validator_refuses(value: str) -> bool:
    return any(f.code == codes.SG208 for f in check_criteria(properties(value)))


def plugin_refuses(value: str) -> bool:
    rule = codes.SG208.plugin_rule
    assert rule is not None
    return any(True for check in checks.checks(rule) for _ in check(properties(value)))


@pytest.mark.parametrize("value", ACCEPTED + REFUSED)
def test_validator_and_plugin_agree(value: str) -> None:
    assert validator_refuses(value) == plugin_refuses(value) == (value in REFUSED)


@pytest.mark.parametrize("value", ["20240101", "2024-01-01 12:00", "2024W011", " 2024-01-01"])
def test_estimate_reads_no_other_form(value: str) -> None:
    assert estimate_instant(value) is None


@pytest.mark.parametrize("value", ACCEPTED)
def test_estimate_reads_the_accepted_forms(value: str) -> None:
    assert estimate_instant(value) is not None
