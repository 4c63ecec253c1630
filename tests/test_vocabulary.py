"""Every enum in ``segmentgen.core.vocabulary`` equals its shape in botocore's pinpoint model."""

from __future__ import annotations

from typing import Any

import botocore.session  # type: ignore[import-untyped]
import pytest

from segmentgen.core import vocabulary

ENUMS = [
    ("AttributeType", vocabulary.ATTRIBUTE_TYPES),
    ("DimensionType", vocabulary.DIMENSION_TYPES),
    ("Duration", vocabulary.DURATIONS),
    ("RecencyType", vocabulary.RECENCY_TYPES),
    ("Include", vocabulary.INCLUDE_TYPES),
    ("Type", vocabulary.GROUP_TYPES),
    ("SourceType", vocabulary.SOURCE_TYPES),
    ("ChannelType", vocabulary.CHANNELS),
    ("Format", vocabulary.IMPORT_FORMATS),
]


@pytest.fixture(scope="module")
def pinpoint() -> Any:
    return botocore.session.get_session().get_service_model("pinpoint")


@pytest.mark.parametrize(("shape", "ours"), ENUMS, ids=[shape for shape, _ in ENUMS])
def test_enum_matches_botocore(
    pinpoint: Any, shape: str, ours: tuple[str, ...]
) -> None:
    assert tuple(pinpoint.shape_for(shape).enum) == ours


def test_date_types_are_attribute_types() -> None:
    assert set(vocabulary.DATE_ATTRIBUTE_TYPES) < set(vocabulary.ATTRIBUTE_TYPES)


def test_demographic_fields_match_botocore(pinpoint: Any) -> None:
    members = pinpoint.shape_for("SegmentDemographics").members
    assert tuple(members) == vocabulary.DEMOGRAPHIC_FIELDS


def test_shapes_that_use_the_enums(pinpoint: Any) -> None:
    """The enums sit where the schema puts them, so a renamed member is caught too."""
    placed = {
        ("AttributeDimension", "AttributeType"): "AttributeType",
        ("SetDimension", "DimensionType"): "DimensionType",
        ("RecencyDimension", "Duration"): "Duration",
        ("RecencyDimension", "RecencyType"): "RecencyType",
        ("SegmentGroupList", "Include"): "Include",
        ("SegmentGroup", "Type"): "Type",
        ("SegmentGroup", "SourceType"): "SourceType",
    }
    for (structure, member), shape in placed.items():
        assert pinpoint.shape_for(structure).members[member].name == shape
