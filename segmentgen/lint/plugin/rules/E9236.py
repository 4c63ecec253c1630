"""E9236: Customer Profiles value the API refuses;
the check is ``segmentgen.validate.profiles_rules``'s."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("segmentgen") is None:
    sys.path.append(str(Path(__file__).resolve().parents[4]))

from segmentgen.lint.plugin import rule


class ApiLimits(rule.ProfilesRule):
    id = "E9236"
    shortdesc = "Customer Profiles value the API refuses"
    description = (
        "Values CloudFormation's schema accepts but the Customer Profiles API (botocore's "
        "model) refuses, such as an attribute name over 255 characters or a sort attribute name"
        " over 64."
    )
