"""E9234: Customer Profiles dimension values do not suit their type;
the check is ``segmentgen.validate.profiles_rules``'s."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("segmentgen") is None:
    sys.path.append(str(Path(__file__).resolve().parents[4]))

from segmentgen.lint.plugin import rule


class DimensionValues(rule.ProfilesRule):
    id = "E9234"
    shortdesc = "Customer Profiles dimension values do not suit their type"
    description = (
        "Date types compare dates, numeric comparisons numbers; BEFORE, AFTER, ON and the "
        "comparisons take one value, BETWEEN and NOT_BETWEEN two in order."
    )
