"""Criteria mapping: Pinpoint criteria to Customer Profiles dimensions.

Input: one ``model.Dimensions`` block, its CloudFormation-shaped data path and
``settings.attribute_map``. Output: ``map_criteria`` gives one troposphere ``Dimension`` per
mappable criterion (None where the criterion cannot be carried) and records in an ``Outcome``
how each criterion was carried (``CarriedCriterion``) and the SG301 findings of those that
cannot.

Each kind registered in ``segmentgen.criteria`` carries its own criteria through ``mapped``;
every criterion becomes its own dimension. Named criteria (endpoint attributes, user
attributes, metrics) go to the profile attribute that ``settings.attribute_map`` names
(``lookup``). Its keys are ``attributes.<name>``, ``user_attributes.<name>`` or
``metrics.<name>`` (looked up first) or the bare ``<name>``; its values are profile paths:
``Attributes.<name>`` (the profile's custom attributes, the default), ``CalculatedAttributes.
<name>``, ``<Address|BillingAddress|MailingAddress|ShippingAddress>.<part>``, ``BirthDate`` or
a standard string field such as ``EmailAddress``. A criterion with no equivalent yields SG301
at its CloudFormation-shaped data path.

Caveats: a carried criterion whose meaning changes records a caveat (a ``Finding``) on its
``CarriedCriterion``. Pinpoint's country (ISO 3166-1 alpha-2 of the endpoint) becomes
``Address.Country`` (free text) converted to ``country_format`` (``alpha2``, ``alpha3`` or
``name``, with ``iso3166``); without one the codes are copied with SG305. A number compared
with a custom attribute (text) is SG307. Criteria of one name that would become one profile
attribute are found by ``customer_profiles_collapse`` (SG306).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from troposphere import customerprofiles as cp

from segmentgen import criteria
from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Dimensions
from segmentgen.core.severity import Severity

CODE = codes.SG301
ATTRIBUTE_NAME_PATTERN = re.compile(r"^[a-zA-Z_][a-zA-Z_0-9-]*$")
MAX_VALUE_LENGTH = 255
MAX_VALUES = 50

ALL_TYPES = ("INCLUSIVE", "EXCLUSIVE", "CONTAINS", "BEFORE", "AFTER", "ON", "BETWEEN")
NUMERIC_TYPES = ("GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN_OR_EQUAL")
STRING_TYPES = ("INCLUSIVE", "EXCLUSIVE", "CONTAINS")
DATE_TYPES = ("BEFORE", "AFTER", "ON", "BETWEEN")
ADDRESS_FIELDS = ("Address", "BillingAddress", "MailingAddress", "ShippingAddress")
ADDRESS_PARTS = ("City", "Country", "County", "PostalCode", "Province", "State")
STRING_FIELDS = (
    "AccountNumber",
    "AdditionalInformation",
    "BusinessEmailAddress",
    "BusinessName",
    "BusinessPhoneNumber",
    "EmailAddress",
    "FirstName",
    "GenderString",
    "HomePhoneNumber",
    "LastName",
    "MiddleName",
    "MobilePhoneNumber",
    "PartyTypeString",
    "PersonalEmailAddress",
    "PhoneNumber",
)
# Target kind -> the Pinpoint attribute types it accepts (numeric comparisons: custom only).
ACCEPTED_TYPES = {
    "custom": (*ALL_TYPES, *NUMERIC_TYPES, "EQUAL"),
    "calculated": (*ALL_TYPES, *NUMERIC_TYPES, "EQUAL"),
    "address": STRING_TYPES,
    "string": STRING_TYPES,
    "date": DATE_TYPES,
}
TARGET_FORMS = (
    "Attributes.<name>, CalculatedAttributes.<name>, Address.<part> (also Billing-, Mailing-, "
    "ShippingAddress), BirthDate, or a profile field such as EmailAddress"
)
KEEP_ON_PINPOINT = "or keep this segment on the pinpoint target until it is rewritten"
COUNTRY_FORMATS = ("alpha2", "alpha3", "name")
COUNTRY_TARGET = "Address.Country"


@dataclass(frozen=True, slots=True)
class Target:
    """A profile attribute a criterion compares: kind, top-level field and inner name."""

    kind: str  # custom, calculated, address, string, date
    field: str
    name: str = ""

    @property
    def path(self) -> str:
        return f"{self.field}.{self.name}" if self.name else self.field


@dataclass(frozen=True, slots=True)
class CarriedCriterion:
    """How one criterion was carried: its spec path, a label, the target and its origin."""

    path: Path
    label: str
    target: str
    explicit: bool  # True when settings.attribute_map chose the target
    caveats: tuple[Finding, ...] = ()  # how its meaning changes on the way
    dimension: Any = None  # the Customer Profiles Dimension as plain data


@dataclass(slots=True)
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    mappings: list[CarriedCriterion] = field(default_factory=list)
    # Findings that do not keep the segment from being carried over (combinators, SG305).
    warnings: list[Finding] = field(default_factory=list)
    country_format: str | None = None  # settings' country_format for Address.Country

    def block(self, path: Path, message: str, hint: str) -> None:
        self.findings.append(Finding(path, CODE, message, hint))

    def fail(self, finding: Finding) -> None:
        """An error that keeps the segment from being carried over (SG306)."""
        self.findings.append(finding)

    def warn(self, finding: Finding) -> None:
        self.warnings.append(finding)


def parse_target(text: str) -> Target | None:
    """The profile attribute named by an ``attribute_map`` value, or None if there is none."""
    head, _, tail = text.partition(".")
    if head in ("Attributes", "CalculatedAttributes") and ATTRIBUTE_NAME_PATTERN.match(tail):
        return Target("custom" if head == "Attributes" else "calculated", head, tail)
    if head in ADDRESS_FIELDS and tail in ADDRESS_PARTS:
        return Target("address", head, tail)
    if not tail and head == "BirthDate":
        return Target("date", head)
    if not tail and head in STRING_FIELDS:
        return Target("string", head)
    return None


def _dimension(target: Target, dimension_type: str, values: Sequence[str]) -> cp.Dimension:
    kind, values_list = target.kind, list(values)
    if kind == "calculated":
        inner = cp.CalculatedAttributeDimension(DimensionType=dimension_type, Values=values_list)
        return cp.Dimension(CalculatedAttributes={target.name: inner})
    if kind == "custom":
        attribute = cp.AttributeDimension(DimensionType=dimension_type, Values=values_list)
        attributes = cp.ProfileAttributes(Attributes={target.name: attribute})
    elif kind == "address":
        part = cp.ProfileDimension(DimensionType=dimension_type, Values=values_list)
        attributes = cp.ProfileAttributes(
            **{target.field: cp.AddressDimension(**{target.name: part})}
        )
    elif kind == "date":
        date = cp.DateDimension(DimensionType=dimension_type, Values=values_list)
        attributes = cp.ProfileAttributes(BirthDate=date)
    elif target.field == "AdditionalInformation":
        extra = cp.ExtraLengthValueProfileDimension(
            DimensionType=dimension_type, Values=values_list
        )
        attributes = cp.ProfileAttributes(AdditionalInformation=extra)
    else:
        plain = cp.ProfileDimension(DimensionType=dimension_type, Values=values_list)
        attributes = cp.ProfileAttributes(**{target.field: plain})
    return cp.Dimension(ProfileAttributes=attributes)


def lookup(settings_map: Mapping[str, str], section: str, name: str) -> tuple[str, bool]:
    """The ``attribute_map`` value for a named criterion of ``section`` (``attributes``,
    ``metrics``, ...) and whether the map chose it; ``Attributes.<name>`` by default."""
    for key in (f"{section}.{name}", name):
        if key in settings_map:
            return settings_map[key], True
    return f"Attributes.{name}", False


def _values_problem(values: Sequence[str]) -> str | None:
    if len(values) > MAX_VALUES:
        return f"has {len(values)} values; Customer Profiles allows {MAX_VALUES}"
    for value in values:
        if not 1 <= len(value) <= MAX_VALUE_LENGTH:
            return f"value {value!r} is not 1 to {MAX_VALUE_LENGTH} characters long"
    return None


def mapped(
    out: Outcome,
    path: Path,
    label: str,
    mapped: tuple[str, bool],
    dimension_type: str,
    values: Sequence[str],
) -> cp.Dimension | None:
    text, explicit = mapped
    target = parse_target(text)
    if target is None:
        origin = f"attribute_map sends it to {text!r}" if explicit else f"the default {text!r}"
        out.block(
            path,
            f"{label}: {origin} is not a Customer Profiles profile attribute "
            "(custom attribute names match ^[a-zA-Z_][a-zA-Z_0-9-]*$)",
            f"map it in attribute_map to one of: {TARGET_FORMS}",
        )
        return None
    if dimension_type not in ACCEPTED_TYPES[target.kind]:
        accepted = ", ".join(ACCEPTED_TYPES[target.kind])
        out.block(
            path,
            f"{label}: {target.path} does not compare with {dimension_type} (it takes {accepted})",
            "map it in attribute_map to Attributes.<name> or CalculatedAttributes.<name>, "
            f"which take every comparison, {KEEP_ON_PINPOINT}",
        )
        return None
    caveats: list[Finding] = []
    if target.path == COUNTRY_TARGET and not explicit:
        values = country_values(out, path, values, caveats)
    if target.kind == "custom" and dimension_type in (*NUMERIC_TYPES, "EQUAL"):
        caveats.append(_number_caveat(path, label, target, dimension_type))
    problem = _values_problem(values)
    if problem is not None:
        out.block(path, f"{label} {problem}", "shorten or split the values")
        return None
    dimension = _dimension(target, dimension_type, values)
    out.mappings.append(CarriedCriterion(path, label, f"{target.path} {dimension_type}",
                                         explicit, tuple(caveats), dimension.to_dict()))
    return dimension


def country_values(out: Outcome, path: Path, values: Sequence[str],
                   caveats: list[Finding]) -> list[str]:
    """Pinpoint's ISO 3166-1 alpha-2 codes in the domain's ``country_format``; the codes as
    they are, with an SG305 caveat (and warning), when the settings name none."""
    import iso3166

    if out.country_format in COUNTRY_FORMATS:
        field_name = out.country_format
        return [str(getattr(iso3166.countries_by_alpha2[value], field_name))
                if value in iso3166.countries_by_alpha2 else value for value in values]
    caveat = Finding(
        path, codes.SG305,
        f"country {', '.join(values)}: Pinpoint's ISO 3166-1 alpha-2 codes of the endpoint "
        f"become {COUNTRY_TARGET}, free text where the customer lives, compared "
        "case-sensitively, so the codes match only profiles that store them this way",
        "say how the domain writes countries with country_format: alpha2 (NO), alpha3 (NOR) "
        "or name (Norway) in segmentgen.yaml", Severity.WARNING)
    caveats.append(caveat)
    out.warn(caveat)
    return list(values)


def _number_caveat(path: Path, label: str, target: Target, dimension_type: str) -> Finding:
    return Finding(
        path, codes.SG307,
        f"{label} compares a number ({dimension_type}) with {target.path}, a custom attribute, "
        "which holds text: Customer Profiles documents numeric comparisons for calculated "
        "attributes",
        f"define a calculated attribute (calculated_attributes: in segmentgen.yaml) and map "
        f"this criterion to CalculatedAttributes.{target.name} in attribute_map",
        Severity.WARNING)


def map_criteria(
    out: Outcome, dims: Dimensions, prefix: Path, amap: Mapping[str, str]
) -> list[cp.Dimension | None]:
    """One dimension (None when unmappable) per mappable criterion, in model order."""
    result: list[cp.Dimension | None] = []
    for kind in criteria.kinds():
        result.extend(kind.profiles(out, dims, prefix, amap))
    return result


def criterion_count(dims: Dimensions) -> int:
    return sum(kind.count(dims) for kind in criteria.kinds())
