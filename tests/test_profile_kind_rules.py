"""What a Customer Profiles dimension may hold is checked in one place,
``validate.profiles_rules``, which the validator and the cfn-lint plug-in both call: the kinds
carry no per-dimension value hook, and a value that does not suit its dimension type is the
same SG234 for a dimension of every kind whose dimension types compare dates or numbers
(the string kinds' types take any text; their enums and lengths are the schema walk's)."""

from __future__ import annotations

from typing import Any

import pytest
from spec_files import SpecWriter

from segmentgen.api import load_project
from segmentgen.core import codes
from segmentgen.criteria.profiles import kind_of, profile_kinds
from segmentgen.criteria.profiles.kind import ProfileKind
from segmentgen.validate import profiles_rules

# a dimension of each comparing kind whose value does not suit its dimension type
DIMENSIONS: dict[str, dict[str, Any]] = {
    "birth_date": {"ProfileAttributes": {"BirthDate": {"DimensionType": "AFTER",
                                                       "Values": ["x"]}}},
    "custom": {"ProfileAttributes": {"Attributes": {"visits": {"DimensionType": "GREATER_THAN",
                                                               "Values": ["x"]}}}},
    "calculated": {"CalculatedAttributes": {"orders": {"DimensionType": "LESS_THAN",
                                                       "Values": ["x"]}}},
}


def test_the_kinds_have_no_per_dimension_value_hook() -> None:
    assert not hasattr(ProfileKind, "check")
    assert all(not hasattr(kind, "check") for kind in profile_kinds())


@pytest.mark.parametrize("name", sorted(DIMENSIONS))
def test_the_shared_rules_check_every_kind_s_values(name: str) -> None:
    dimension = DIMENSIONS[name]
    kind = kind_of(dimension)
    assert kind is not None and kind.name == name
    found = list(profiles_rules.check_segment_groups({"Groups": [{"Dimensions": [dimension]}]},
                                                     ("SegmentGroups",)))
    assert [f.code for f in found] == [codes.SG234]
    assert "'x' is not" in found[0].message


@pytest.mark.parametrize("name", sorted(DIMENSIONS))
def test_the_validator_reports_each_kind_once(write_specs: SpecWriter, name: str) -> None:
    import json

    groups = json.dumps({"Groups": [{"Dimensions": [DIMENSIONS[name]]}]})
    specs = write_specs({
        "segmentgen.yaml": "calculated_attributes:\n  orders: {external: true}\n",
        "a.yaml": ("segments:\n  a:\n    target: customer-profiles\n    name: A\n"
                   f"    segment_groups: {groups}\n")})
    _, diagnostics, _ = load_project(specs)
    assert [d.code for d in diagnostics if d.code.startswith("SG2")] == ["SG234"]
