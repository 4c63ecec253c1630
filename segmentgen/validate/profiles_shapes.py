"""The shapes of ``target: customer-profiles`` segments, in both forms, as shape-table rows.

Input: the Customer Profiles criterion kinds (``criteria.profiles.profile_kinds()``).
Output: ``profiles_shapes()``, the rows ``validate.shapes`` adds to its table:
``ProfilesSegment`` (the segment), ``ProfilesCriteria`` (the high-level ``where:`` with its
``profile:``, ``attributes:`` and ``calculated:`` sections, from each kind's keys),
``ProfilesGroups``/``ProfilesGroup`` (``groups:``), ``ProfilesExamples`` and ``Profile``
(``examples:``, profiles in the API's ``Profile`` shape with ``CalculatedAttributes``), the
native ``ProfilesSegmentGroups`` (CloudFormation's ``SegmentGroups``, whose ``Dimension``
and ``ProfileAttributes`` come from each kind's native members), ``SegmentSort``, and every
kind's own rows; ``TARGETS`` (the
values of ``target:``) and ``PINPOINT_ONLY`` (keys of a Pinpoint segment that a
customer-profiles segment does not take, with what to write instead).
"""

from __future__ import annotations

from segmentgen.core.shape_types import (
    BOOLEAN,
    STRING,
    Enum,
    ListOf,
    MapOf,
    Member,
    Obj,
    Ref,
    Shape,
)
from segmentgen.criteria.profiles import profile_kinds
from segmentgen.criteria.profiles.values import SCALAR

PROFILES = "customer-profiles"
TARGETS = ("pinpoint", PROFILES)
FORMS = ("where", "groups", "segment_groups", "sql")
COMBINE = Enum(("all", "any", "none"), "combine takes", ignore_case=True)
INCLUDE = Enum(("ALL", "ANY", "NONE"), "takes")
PINPOINT_ONLY = {
    "application": "a Customer Profiles segment lives in the environment's domain (domain: in "
                   "segmentgen.yaml); remove application:",
    "import": "Customer Profiles has no imported segments; ingest the profiles into the domain "
              "and select them by an attribute",
    "dimensions": "write the criteria under where: (profile:, attributes:, calculated:) or "
                  "CloudFormation's SegmentGroups under segment_groups:",
    "country": "write profile: {Address: {Country: [...]}}; Address.Country is free text as "
               "the domain holds it",
    "user_attributes": "write attributes: {name: [...]}; profile attributes are one map",
    "metrics": "write calculated: {name: {'>=': 3}} over a calculated attribute, or "
               "attributes: {name: {'>=': 3}}",
    "active": "Customer Profiles has no recency; use a calculated attribute with a range",
    "inactive": "Customer Profiles has no recency; use a calculated attribute with a range",
    "gps": "Customer Profiles has no GPS proximity; select by address instead",
    "demographic": "Customer Profiles has no device demographics",
    "channel": "Customer Profiles has no endpoint channels",
    "platform": "Customer Profiles has no device platforms",
    "Dimensions": "write one Dimension per criterion under Groups[].Dimensions",
}


def _criteria() -> Obj:
    sections: dict[str, Member] = {}
    profile: dict[str, Member] = {}
    for kind in profile_kinds():
        if kind.keys:
            profile.update(kind.keys)
        elif kind.section_shape is not None:
            sections[kind.section] = kind.section_shape
    fields = Member(Obj(profile, "profile attributes", example="{FirstName: [Ada]}"),
                    doc="standard profile attributes by their CloudFormation names")
    return Obj({"profile": fields, **sections}, "Customer Profiles criteria",
               example="{profile: {FirstName: [Ada]}, attributes: {tier: [gold]}}")


def _dimension() -> Obj:
    attributes: dict[str, Member] = {}
    containers: dict[str, Member] = {}
    for kind in profile_kinds():
        if kind.native:
            attributes.update(kind.native)
        elif kind.container_shape is not None:
            containers[kind.container] = kind.container_shape
    members = {"ProfileAttributes": Member(Obj(attributes, "ProfileAttributes")), **containers}
    return Obj(members, "a Dimension", exactly_one=True,
               example="{ProfileAttributes: {FirstName: {DimensionType: INCLUSIVE, Values: "
                       "[Ada]}}}")


# examples: profiles in the shape of the API's Profile, with calculated attributes by name
PROFILE_TEXT = ("ProfileId", "AccountNumber", "AdditionalInformation", "PartyType",
                "BusinessName", "FirstName", "MiddleName", "LastName", "BirthDate", "Gender",
                "PhoneNumber", "MobilePhoneNumber", "HomePhoneNumber", "BusinessPhoneNumber",
                "EmailAddress", "PersonalEmailAddress", "BusinessEmailAddress",
                "PartyTypeString", "GenderString", "ProfileType")
_ADDRESS = Obj({name: Member(STRING) for name in (
    "Address1", "Address2", "Address3", "Address4", "City", "County", "State", "Province",
    "Country", "PostalCode")}, "an address")
_PROFILES = ListOf(Ref("Profile"), "profiles", 0)

_FIXED: dict[str, Shape] = {
    "ProfilesSegment": Obj(
        {
            "target": Member(Enum(TARGETS, "target takes"), True,
                             "customer-profiles: written in Customer Profiles' terms"),
            "name": Member(STRING, True, "the DisplayName"),
            "definition_name": Member(STRING, doc="the SegmentDefinitionName (default: "
                                                  "generated from the key)"),
            "description": Member(STRING),
            "tags": Member(MapOf(STRING, "tags", 0)),
            "retain": Member(BOOLEAN, doc="keep the segment when it leaves the stack"),
            "where": Member(Ref("ProfilesCriteria")),
            "groups": Member(Ref("ProfilesGroups")),
            "segment_groups": Member(Ref("ProfilesSegmentGroups")),
            "sql": Member(STRING, doc="SegmentSqlQuery (Spark SQL)"),
            "sort": Member(Ref("SegmentSort")),
            "examples": Member(Ref("ProfilesExamples"), doc="profiles checked by segmentgen test"),
        },
        "a Customer Profiles segment",
        example="{target: customer-profiles, name: VIP, where: {profile: {FirstName: [Ada]}}}",
    ),
    "ProfilesExamples": Obj(
        {"as_of": Member(STRING, doc="the instant date criteria are judged at (default: now)"),
         "match": Member(_PROFILES), "no_match": Member(_PROFILES)},
        "examples", example="{match: [{FirstName: Ada}], no_match: [{}]}"),
    "Profile": Obj(
        {**{name: Member(STRING) for name in PROFILE_TEXT},
         **{name: Member(_ADDRESS) for name in ("Address", "BillingAddress", "MailingAddress",
                                                 "ShippingAddress")},
         "Attributes": Member(MapOf(SCALAR, "Attributes", 0)),
         "CalculatedAttributes": Member(MapOf(SCALAR, "CalculatedAttributes", 0))},
        "a profile", example="{FirstName: Ada, Address: {City: Oslo}, Attributes: {tier: gold}}"),
    "ProfilesGroups": Obj(
        {"combine": Member(COMBINE), "list": Member(ListOf(Ref("ProfilesGroup"), "groups"), True)},
        "segment groups", example="{list: [{where: {profile: {FirstName: [Ada]}}}]}"),
    "ProfilesGroup": Obj(
        {"base": Member(ListOf(STRING, "base segments")), "base_combine": Member(COMBINE),
         "combine": Member(COMBINE), "where": Member(Ref("ProfilesCriteria"))},
        "a segment group", example="{base: [vip], where: {profile: {City: [Oslo]}}}"),
    "ProfilesSegmentGroups": Obj(
        {"Include": Member(INCLUDE),
         "Groups": Member(ListOf(Ref("ProfilesSegmentGroup"), "Groups"), True)},
        "SegmentGroups", example="{Include: ALL, Groups: [{Dimensions: [...]}]}"),
    "ProfilesSegmentGroup": Obj(
        {"Type": Member(INCLUDE), "SourceType": Member(INCLUDE),
         "Dimensions": Member(ListOf(Ref("ProfilesDimension"), "Dimensions", 0)),
         "SourceSegments": Member(ListOf(Ref("ProfilesSourceSegment"), "SourceSegments", 0))},
        "a segment group"),
    "ProfilesSourceSegment": Obj(
        {"SegmentDefinitionName": Member(STRING, True, "a segment key of the project or a "
                                                       "deployed definition name")},
        "a base segment", example="{SegmentDefinitionName: vip-oslo}"),
    "SegmentSort": Obj(
        {"Attributes": Member(ListOf(Ref("SortAttribute"), "Attributes"), True)},
        "SegmentSort", example="{Attributes: [{Name: LastName, Order: ASC}]}"),
    "SortAttribute": Obj(
        {"Name": Member(STRING, True), "Order": Member(Enum(("ASC", "DESC"), "Order takes"), True),
         "DataType": Member(Enum(("STRING", "NUMBER", "DATE"), "DataType takes")),
         "Type": Member(Enum(("PROFILE", "CALCULATED"), "Type takes"))},
        "a sort attribute", example="{Name: LastName, Order: ASC}"),
}


def profiles_shapes() -> dict[str, Shape]:
    """The rows of customer-profiles segments, with every kind's own rows."""
    table: dict[str, Shape] = {**_FIXED, "ProfilesCriteria": _criteria(),
                               "ProfilesDimension": _dimension()}
    for kind in profile_kinds():
        table.update(kind.shapes)
    return table

