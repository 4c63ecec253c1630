"""Plain-language descriptions of segment criteria, one row per criterion kind."""

from __future__ import annotations

import pytest

from segmentgen.core.model import (
    AttributeCriterion,
    Dimensions,
    GPSPoint,
    Group,
    Groups,
    ImportSource,
    MetricCriterion,
    Recency,
    Segment,
    SetCriterion,
    SourceRef,
)
from segmentgen.review.describe import describe_dimensions, describe_segment


def segment(key: str = "probe", **parts: object) -> Segment:
    return Segment(key=key, name="Winter Sale Shoppers", file="specs/a.yaml", line=1,
                   **parts)  # type: ignore[arg-type]


def attr(name: str, kind: str, *values: str) -> Dimensions:
    return Dimensions(attributes=(AttributeCriterion(name, kind, values),))


NORWAY = Dimensions(country=SetCriterion("INCLUSIVE", ("NO",)))
IOS = Dimensions(demographic=(("Platform", SetCriterion("INCLUSIVE", ("ios",))),))

CRITERIA = [
    (attr("lastPurchaseDate", "AFTER", "2023-11-01T00:00:00Z"),
     "attribute lastPurchaseDate is after 2023-11-01T00:00:00Z"),
    (attr("seen", "BEFORE", "2024-01-01T12:00:00Z"),
     "attribute seen is before 2024-01-01T12:00:00Z"),
    (attr("birthday", "ON", "2023-05-17T00:00:00Z"), "attribute birthday is on 2023-05-17"),
    (attr("signup", "BETWEEN", "2023-01-01T00:00:00Z", "2023-02-01T00:00:00Z"),
     "attribute signup is between 2023-01-01T00:00:00Z and 2023-02-01T00:00:00Z"),
    (attr("customerType", "INCLUSIVE", "new", "returning"),
     "attribute customerType is one of new, returning"),
    (attr("plan", "INCLUSIVE", "pro"), "attribute plan is pro"),
    (attr("plan", "EXCLUSIVE", "free"), "attribute plan is not free"),
    (attr("plan", "EXCLUSIVE", "free", "trial"), "attribute plan is none of free, trial"),
    (attr("campaign", "CONTAINS", "summer"), "attribute campaign contains summer"),
    (attr("city", "INCLUSIVE", "New York", "Oslo, Norway"),
     'attribute city is one of New York, "Oslo, Norway"'),
    (attr("favourite colour", "INCLUSIVE", "blue"), 'attribute "favourite colour" is blue'),
    (Dimensions(user_attributes=(AttributeCriterion("tier", "INCLUSIVE", ("gold",)),)),
     "user attribute tier is gold"),
    (Dimensions(metrics=(MetricCriterion("engagementScore", "GREATER_THAN", 75.0),)),
     "metric engagementScore > 75"),
    (Dimensions(metrics=(MetricCriterion("ratio", "LESS_THAN_OR_EQUAL", 0.25),)),
     "metric ratio <= 0.25"),
    (Dimensions(metrics=(MetricCriterion("orders", "EQUAL", 3.0),)), "metric orders = 3"),
    (Dimensions(recency=Recency("DAY_30", "ACTIVE")), "active in the last 30 days"),
    (Dimensions(recency=Recency("HR_24", "INACTIVE")), "not active in the last 24 hours"),
    (Dimensions(demographic=(("Platform", SetCriterion("INCLUSIVE", ("ios", "android"))),)),
     "platform is one of ios, android"),
    (Dimensions(demographic=(("AppVersion", SetCriterion("EXCLUSIVE", ("1.0",))),)),
     "app version is not 1.0"),
    (Dimensions(demographic=(("Channel", SetCriterion("INCLUSIVE", ("SMS",))),)),
     "channel is SMS"),
    (Dimensions(demographic=(("DeviceType", SetCriterion("INCLUSIVE", ("PHONE",))),)),
     "device type is PHONE"),
    (Dimensions(country=SetCriterion("EXCLUSIVE", ("NO",))), "country is not NO"),
    (Dimensions(gps=GPSPoint(59.91, 10.75, 25.0)), "within 25 km of 59.91, 10.75"),
]


@pytest.mark.parametrize(("dims", "expected"), CRITERIA, ids=[c[1] for c in CRITERIA])
def test_one_criterion_per_line(dims: Dimensions, expected: str) -> None:
    assert describe_dimensions(dims) == [expected]
    assert describe_segment(segment(dimensions=dims)) == [expected]


def test_every_criterion_of_a_block_in_a_fixed_order() -> None:
    dims = Dimensions(
        attributes=(AttributeCriterion("plan", "INCLUSIVE", ("pro",)),),
        metrics=(MetricCriterion("score", "GREATER_THAN_OR_EQUAL", 10.0),),
        recency=Recency("DAY_7", "ACTIVE"),
        country=SetCriterion("INCLUSIVE", ("SE", "NO")),
    )
    assert describe_dimensions(dims) == [
        "attribute plan is pro",
        "metric score >= 10",
        "active in the last 7 days",
        "country is one of SE, NO",
    ]


def test_groups_with_base_segments() -> None:
    winter = segment("winter-sale", dimensions=IOS)
    groups = Groups("ALL", (
        Group("ALL", "ANY", (Dimensions(recency=Recency("DAY_30", "INACTIVE")),),
              (SourceRef(key="winter-sale"), SourceRef(id="8d1f0c2e4b", version=3))),
        Group("NONE", "ANY", (NORWAY,)),
    ))
    assert describe_segment(segment(groups=groups), {"winter-sale": winter}) == [
        "endpoints in all of the groups:",
        "Group 1 (all of):",
        "  in any of the base segments winter-sale (Winter Sale Shoppers), id 8d1f0c2e4b version 3",
        "  not active in the last 30 days",
        "Group 2 (none of):",
        "  country is NO",
    ]


def test_group_type_other_than_all_keeps_blocks_apart_from_the_base() -> None:
    block = Dimensions(country=SetCriterion("INCLUSIVE", ("NO",)),
                       metrics=(MetricCriterion("x", "EQUAL", 0.5),))
    groups = Groups("ANY", (Group("NONE", "NONE", (block, IOS), (SourceRef(key="vip"),)),))
    assert describe_segment(segment(groups=groups)) == [
        "endpoints in any of the groups:",
        "Group 1:",
        "  not in base segment vip",
        "  and none of:",
        "    all of:",
        "      metric x = 0.5",
        "      country is NO",
        "    platform is ios",
    ]


def test_group_without_criteria_is_all_endpoints() -> None:
    groups = Groups("ALL", (Group("ALL", "ALL", (), (SourceRef(key="a"), SourceRef(key="b"))),
                            Group("ANY", "ANY")))
    assert describe_segment(segment(groups=groups)) == [
        "endpoints in all of the groups:",
        "Group 1 (all of):",
        "  in all of the base segments a, b",
        "Group 2 (any of):",
        "  all endpoints",
    ]


def test_imported_and_empty_segments() -> None:
    imported = segment(imported=ImportSource("s3://bucket/crm/", "CSV", None, False))
    assert describe_segment(imported) == [
        "imported from s3://bucket/crm/ (CSV)",
        "read with a role the build creates; the import does not register its endpoints",
    ]
    assert describe_segment(segment()) == ["all endpoints"]
    assert describe_segment(segment(dimensions=Dimensions())) == ["all endpoints"]
