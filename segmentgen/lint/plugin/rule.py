"""The one cfn-lint rule shape every segmentgen plug-in rule takes.

Input: a rule id, whose checks ``checks.checks`` gives, run on each segment's properties
(``PinpointRule``: ``AWS::Pinpoint::Segment``; ``ProfilesRule``:
``AWS::CustomerProfiles::SegmentDefinition``).
Output: a ``CfnLintKeyword`` rule whose findings carry the check's path, so cfn-lint reports
the line of the offending value. Rule modules import this module, not the class, so that cfn-lint's
plug-in loader instantiates only the concrete rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from cfnlint.jsonschema import ValidationError
from cfnlint.rules.jsonschema.CfnLintKeyword import CfnLintKeyword

from segmentgen.lint.plugin import checks

SEGMENT = "Resources/AWS::Pinpoint::Segment/Properties"
SOURCE_URL = "https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-segments.html"
SEGMENT_DEFINITION = "Resources/AWS::CustomerProfiles::SegmentDefinition/Properties"
PROFILES_URL = ("https://docs.aws.amazon.com/customerprofiles/latest/APIReference/"
                "API_CreateSegmentDefinition.html")


class PinpointRule(CfnLintKeyword):  # type: ignore[misc]
    """Runs the check of its id on each segment's properties."""

    locations: ClassVar[tuple[str, ...]] = (SEGMENT,)
    source_url = SOURCE_URL
    tags: ClassVar[list[str]] = ["resources", "pinpoint", "segmentgen"]

    def __init__(self) -> None:
        super().__init__(list(self.locations))

    def validate(
        self, validator: Any, keyword: str, instance: Any, schema: dict[str, Any]
    ) -> Iterator[ValidationError]:
        if not isinstance(instance, Mapping):
            return
        for check in checks.checks(self.id):
            for finding in check(instance):
                yield ValidationError(checks.message(finding), path=list(finding.path),
                                      rule=self)


class ProfilesRule(PinpointRule):
    """Runs the check of its id on each Customer Profiles segment definition's properties."""

    locations: ClassVar[tuple[str, ...]] = (SEGMENT_DEFINITION,)
    source_url = PROFILES_URL
    tags: ClassVar[list[str]] = ["resources", "customerprofiles", "segmentgen"]
