"""Rules over the criteria inside a segment's dimensions."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("segmentgen") is None:
    sys.path.append(str(Path(__file__).resolve().parents[4]))

from segmentgen.lint.plugin import rule


class AttributeBetween(rule.PinpointRule):
    id = "E9003"
    shortdesc = "Pinpoint BETWEEN attribute needs two dates in order"
    description = "An attribute of type BETWEEN takes exactly two values, start before end."


class AttributeDate(rule.PinpointRule):
    id = "E9004"
    shortdesc = "Pinpoint date attribute value is not ISO-8601"
    description = "BEFORE, AFTER, ON and BETWEEN compare ISO-8601 dates or instants."


class CountryCode(rule.PinpointRule):
    id = "E9005"
    shortdesc = "Pinpoint country is not an ISO 3166-1 alpha-2 code"
    description = "Location.Country values are ISO 3166-1 alpha-2 codes such as 'US' or 'NO'."


class ChannelValue(rule.PinpointRule):
    id = "E9006"
    shortdesc = "Pinpoint channel value is not a channel type"
    description = "Demographic.Channel values are Pinpoint channel types such as 'SMS'."


class AttributeQuotas(rule.PinpointRule):
    id = "E9007"
    shortdesc = "Pinpoint attribute beyond the endpoint quotas"
    description = "Attribute names have at most 50 characters and at most 50 values."
