"""How bad a finding is.

Input: nothing. Output: ``Severity``, ordered so that ``max()`` of a report gives its worst
finding.
"""

from __future__ import annotations

import enum


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` of a report gives its worst finding."""

    NOTICE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()
