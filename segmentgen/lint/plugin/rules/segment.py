"""Rules over a whole segment: its shape and its quotas."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("segmentgen") is None:
    sys.path.append(str(Path(__file__).resolve().parents[4]))

from segmentgen.lint.plugin import rule


class DimensionsAndGroups(rule.PinpointRule):
    id = "E9001"
    shortdesc = "Pinpoint segment has both Dimensions and SegmentGroups"
    description = "A segment takes either Dimensions or SegmentGroups, not both."


class GroupCount(rule.PinpointRule):
    id = "E9002"
    shortdesc = "Pinpoint segment has more than two segment groups"
    description = "A segment has at most two segment groups."


class SegmentDimensionCount(rule.PinpointRule):
    id = "E9008"
    shortdesc = "Pinpoint segment has more dimensions than allowed"
    description = "A segment has at most 100 dimensions across all groups."


class SegmentConsoleLimits(rule.PinpointRule):
    id = "W9009"
    shortdesc = "Pinpoint segment values beyond the console's limits"
    description = (
        "The Pinpoint console allows 100 values in a segment and 100 characters per value."
    )


class SegmentTags(rule.PinpointRule):
    id = "E9010"
    shortdesc = "Pinpoint segment tags break AWS tagging rules"
    description = (
        "At most 50 tags, keys of 1 to 128 characters without the 'aws:' prefix, values of "
        "at most 256 characters."
    )
