"""E9231: Customer Profiles segment beyond the service quotas;
the check is ``segmentgen.validate.profiles_rules``'s."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("segmentgen") is None:
    sys.path.append(str(Path(__file__).resolve().parents[4]))

from segmentgen.lint.plugin import rule


class SegmentQuotas(rule.ProfilesRule):
    id = "E9231"
    shortdesc = "Customer Profiles segment beyond the service quotas"
    description = (
        "At most 60 unique attributes, 10 unique calculated attributes and 5 starting audiences"
        " per segment (Amazon Connect administrator guide)."
    )
