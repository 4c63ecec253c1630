"""The one cfn-lint rule shape every segmentgen plug-in rule takes.

Input: a check from ``checks`` and the template locations it applies to. Output: a
``CfnLintKeyword`` rule whose findings carry the check's path, so cfn-lint reports the line
of the offending value. Rule modules import this module, not the class, so that cfn-lint's
plug-in loader instantiates only the concrete rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar

from cfnlint.jsonschema import ValidationError
from cfnlint.rules.jsonschema.CfnLintKeyword import CfnLintKeyword

from segmentgen.lint.plugin.checks import Problem

SEGMENT = "Resources/AWS::Pinpoint::Segment/Properties"
DIMENSIONS = (f"{SEGMENT}/Dimensions", f"{SEGMENT}/SegmentGroups/Groups/*/Dimensions/*")
SOURCE_URL = "https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-segments.html"

Check = Callable[[Mapping[str, Any]], Iterable[Problem]]


def under_dimensions(*parts: str) -> list[str]:
    """The locations of ``parts`` inside every SegmentDimensions object of a segment."""
    return [f"{base}/{part}" for base in DIMENSIONS for part in parts]


class PinpointRule(CfnLintKeyword):  # type: ignore[misc]
    """Runs ``check`` on each mapping found at ``locations``."""

    locations: ClassVar[tuple[str, ...]] = ()
    check: ClassVar[Check]
    source_url = SOURCE_URL
    tags: ClassVar[list[str]] = ["resources", "pinpoint", "segmentgen"]

    def __init__(self) -> None:
        super().__init__(list(self.locations))

    def validate(
        self, validator: Any, keyword: str, instance: Any, schema: dict[str, Any]
    ) -> Iterator[ValidationError]:
        if not isinstance(instance, Mapping):
            return
        for path, message in type(self).check(instance):
            yield ValidationError(message, path=list(path), rule=self)
