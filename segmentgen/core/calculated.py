"""The model of a calculated attribute of the project's Customer Profiles domain.

Input: nothing (``validate.settings_calculated`` builds it from ``calculated_attributes:`` in
``segmentgen.yaml``). Output: ``CalculatedAttribute`` and its ``CalculatedRange``, frozen
records in CloudFormation's terms (``AWS::CustomerProfiles::CalculatedAttributeDefinition``),
held by ``model.Settings.calculated_attributes`` and read by the compiler and the planner.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CalculatedRange:
    """A calculated attribute's ``Conditions.Range``: the last ``value`` days, or the days
    from ``start`` to ``end`` (positive: in the past), read from ``timestamp_source``."""

    unit: str = "DAYS"
    value: int | None = None
    start: int | None = None
    end: int | None = None
    timestamp_source: str | None = None
    timestamp_format: str | None = None


@dataclass(frozen=True, slots=True)
class CalculatedAttribute:
    """One ``calculated_attributes:`` entry of the settings, in CloudFormation's terms
    (``AWS::CustomerProfiles::CalculatedAttributeDefinition``); ``external``: it exists
    outside the project, so nothing is generated for it and segments may name it."""

    name: str
    external: bool = False
    display_name: str | None = None
    description: str | None = None
    attributes: tuple[str, ...] = ()  # object-type fields such as Order.total
    expression: str | None = None  # such as {Order.total}
    statistic: str | None = None
    range: CalculatedRange | None = None
    object_count: int | None = None
    threshold: tuple[str, str] | None = None  # (operator, value)
    use_historical_data: bool | None = None
    tags: tuple[tuple[str, str], ...] = ()
    # Where its name stands in the settings file; not part of its identity.
    line: int = field(default=1, compare=False, repr=False)
    col: int = field(default=1, compare=False, repr=False)
