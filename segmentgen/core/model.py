"""The typed, frozen model of a segmentgen project.

Input: nothing (the validator builds it). Output: dataclasses that mirror Amazon Pinpoint's
segment model one to one, so that every compiler, the estimator and ``show`` read the same
facts. Every segment carries a ``Locator`` that turns a data path in CloudFormation's shape
(``("Dimensions", "Attributes", "plan", "Values", 0)``) into the spec file's line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from segmentgen.core.calculated import CalculatedAttribute
from segmentgen.core.diagnostics import Diagnostic, Finding, Path

# A value that CloudFormation resolves at deploy time, such as {"Fn::GetAtt": [...]}.
Intrinsic = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class AttributeCriterion:
    name: str
    type: str  # vocabulary.ATTRIBUTE_TYPES
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MetricCriterion:
    name: str
    operator: str  # vocabulary.COMPARISON_OPERATORS
    value: float


@dataclass(frozen=True, slots=True)
class Recency:
    duration: str  # vocabulary.DURATIONS
    type: str  # vocabulary.RECENCY_TYPES


@dataclass(frozen=True, slots=True)
class SetCriterion:
    type: str  # vocabulary.DIMENSION_TYPES
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GPSPoint:
    latitude: float
    longitude: float
    range_km: float


@dataclass(frozen=True, slots=True)
class Dimensions:
    """One SegmentDimensions object; every present criterion must hold."""

    attributes: tuple[AttributeCriterion, ...] = ()
    user_attributes: tuple[AttributeCriterion, ...] = ()
    metrics: tuple[MetricCriterion, ...] = ()
    recency: Recency | None = None
    # Demographic field name (vocabulary.DEMOGRAPHIC_FIELDS) -> criterion, sorted by name.
    demographic: tuple[tuple[str, SetCriterion], ...] = ()
    country: SetCriterion | None = None
    gps: GPSPoint | None = None
    # The values of registered criterion kinds without a field above, as (kind name, frozen
    # value) pairs sorted by name: a new kind stores its value here instead of a new field.
    kinds: tuple[tuple[str, object], ...] = ()

    def is_empty(self) -> bool:
        return not (
            self.attributes
            or self.user_attributes
            or self.metrics
            or self.recency
            or self.demographic
            or self.country
            or self.gps
            or self.kinds
        )

    def value(self, name: str) -> object | None:
        """The value the criterion kind called ``name`` stored in ``kinds``, or None."""
        return next((value for kind, value in self.kinds if kind == name), None)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A base segment: a segment of this project by key, or a deployed one by id."""

    key: str | None = None
    id: str | None = None
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Group:
    type: str  # how its dimensions combine: ALL, ANY, NONE
    source_type: str  # how its base segments combine: ALL, ANY, NONE
    dimensions: tuple[Dimensions, ...] = ()
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Groups:
    include: str  # how the groups combine: ALL, ANY, NONE
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class ImportSource:
    """An imported segment: endpoints loaded from S3 by an import job."""

    s3_url: str
    format: str  # CSV or JSON
    role_arn: str | None  # None: the build creates the role
    register_endpoints: bool = True


@dataclass(frozen=True, slots=True)
class Locator:
    """Turns a CloudFormation-shaped data path of one segment into a spec position."""

    file: str
    lookup: Callable[[Path, bool], tuple[int, int]] = field(compare=False, hash=False, repr=False)

    def position(self, path: Path, at_key: bool = False) -> tuple[int, int]:
        return self.lookup(path, at_key)

    def diagnostic(self, finding: Finding) -> Diagnostic:
        line, col = self.lookup(finding.path, finding.at_key)
        return Diagnostic(
            self.file, line, col, finding.code, finding.message, finding.severity, finding.hint
        )


@dataclass(frozen=True, slots=True)
class FrozenData:
    """Plain JSON data (dicts, lists, strings, numbers) frozen as its canonical JSON text;
    ``data`` gives a fresh plain copy."""

    text: str

    @classmethod
    def of(cls, value: object) -> FrozenData:
        import json

        return cls(json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False))

    @property
    def data(self) -> Any:
        import json

        return json.loads(self.text)


@dataclass(frozen=True, slots=True)
class ProfilesDefinition:
    """A ``target: customer-profiles`` segment in CloudFormation's terms, whatever form the
    spec used: ``segment_groups`` is the ``SegmentGroups`` value (a ``SourceSegments``
    ``SegmentDefinitionName`` that names a segment key of the project still holds the key),
    ``sql`` the ``SegmentSqlQuery``, ``sort`` the ``SegmentSort`` and ``definition_name``
    an explicit ``SegmentDefinitionName`` (None: generated)."""

    segment_groups: FrozenData | None = None
    sql: str | None = None
    sort: FrozenData | None = None
    definition_name: str | None = None
    # SourceSegments entries (group, entry) that name a segment of the project by key.
    key_refs: tuple[tuple[int, int], ...] = ()

    def base_keys(self) -> tuple[str, ...]:
        groups = self.segment_groups.data.get("Groups", []) if self.segment_groups else []
        return tuple(groups[g]["SourceSegments"][s]["SegmentDefinitionName"]
                     for g, s in self.key_refs)


@dataclass(frozen=True, slots=True)
class Segment:
    key: str
    name: str
    file: str
    line: int
    application: str | None = None  # None: the environment's application
    description: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    dimensions: Dimensions | None = None
    groups: Groups | None = None
    imported: ImportSource | None = None
    retain: bool = False
    # The segment's own target (``target:``); None: the environment's or project's.
    target: str | None = None
    profiles: ProfilesDefinition | None = None  # for target customer-profiles
    locator: Locator | None = field(default=None, compare=False, hash=False, repr=False)
    # ``examples:`` as (kind, JSON text, line, column): kind "match" or "no_match" with an
    # endpoint object, or "as_of" with the instant as a JSON string. Tests only, never compiled.
    examples: tuple[tuple[str, str, int, int], ...] = field(
        default=(), compare=False, hash=False, repr=False)

    @property
    def kind(self) -> str:
        return "imported" if self.imported else "dynamic"

    def base_keys(self) -> tuple[str, ...]:
        if self.profiles is not None:
            return self.profiles.base_keys()
        if self.groups is None:
            return ()
        return tuple(
            ref.key for group in self.groups.groups for ref in group.sources if ref.key is not None
        )


@dataclass(frozen=True, slots=True)
class Project:
    """All segments of all spec files, sorted by key, and the project settings."""

    segments: tuple[Segment, ...]
    settings: Settings

    def by_key(self) -> dict[str, Segment]:
        return {segment.key: segment for segment in self.segments}


@dataclass(frozen=True, slots=True)
class Application:
    """Where an environment's segments live.

    kind: "parameter" (a template Parameter named ``value``), "id" (a literal project id),
    "import" (``Fn::ImportValue`` of the export named ``value``) or "create" (an
    ``AWS::Pinpoint::App`` named ``value`` in the same template).
    """

    kind: str = "parameter"
    value: str = "PinpointApplicationId"
    # Where the settings file names it (1, 1 for the default); not part of its identity.
    line: int = field(default=1, compare=False, repr=False)
    col: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SegmentOverride:
    """What one environment changes in one segment: its name, tags, application (a literal
    project id), or whether it exists."""

    key: str
    name: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    skip: bool = False
    application: str | None = None
    line: int = 1  # where the override stands in the settings file
    col: int = 1


@dataclass(frozen=True, slots=True)
class Environment:
    name: str
    application: Application = Application()
    tags: tuple[tuple[str, str], ...] = ()
    name_suffix: str = ""
    target: str = "pinpoint"
    domain: str | None = None  # Customer Profiles domain name
    # Template parameter name -> the value the deploy artifacts pass, sorted by name.
    parameters: tuple[tuple[str, str], ...] = ()
    segments: tuple[SegmentOverride, ...] = ()
    # How the domain writes Address.Country: alpha2, alpha3, name; None: the project's.
    country_format: str | None = None
    # Where the environment's key stands in the settings file; not part of its identity.
    line: int = field(default=1, compare=False, repr=False)
    col: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Settings:
    application: Application = Application()
    tags: tuple[tuple[str, str], ...] = ()
    environments: tuple[Environment, ...] = ()
    output_format: str = "json"  # json or yaml
    regions: tuple[str, ...] = ("us-east-1",)
    ignore_checks: tuple[str, ...] = ()
    warnings_fail: bool = False
    lint_server: bool = False
    target: str = "pinpoint"
    domain: str | None = None
    attribute_map: tuple[tuple[str, str], ...] = ()
    parameters: tuple[tuple[str, str], ...] = ()
    # shapes.ARTIFACTS: parameters, sceptre, terraform and the targets' own
    artifacts: tuple[str, ...] = ("parameters",)
    file: str | None = None
    # Stack and export names start with it; None: exports 'segmentgen-...', stacks unprefixed.
    prefix: str | None = None
    # A segment's own literal application is meant for every environment.
    shared_application: bool = False
    # How the Customer Profiles domain writes Address.Country: alpha2, alpha3 or name.
    country_format: str | None = None
    # The Customer Profiles domain's calculated attributes, sorted by name.
    calculated_attributes: tuple[CalculatedAttribute, ...] = ()


@dataclass(frozen=True, slots=True)
class Stack:
    """One output template: the segments of one spec file in one environment (planned by
    ``segmentgen.compile.plan.stacks``). ``path``: the output path without suffix; ``spec``: the
    spec file relative to the specs directory (the settings file for an application stack)."""

    name: str
    path: str
    environment: Environment
    spec: str
    segments: tuple[Segment, ...]
