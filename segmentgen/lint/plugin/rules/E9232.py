"""E9232: Customer Profiles SegmentSqlQuery is not valid Spark SQL;
the check is ``segmentgen.validate.profiles_rules``'s."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("segmentgen") is None:
    sys.path.append(str(Path(__file__).resolve().parents[4]))

from segmentgen.lint.plugin import rule


class SegmentSqlQuery(rule.ProfilesRule):
    id = "E9232"
    shortdesc = "Customer Profiles SegmentSqlQuery is not valid Spark SQL"
    description = (
        "SegmentSqlQuery is one Spark SQL query (parsed with sqlglot's Spark dialect), 1 to "
        "50,000 characters."
    )
