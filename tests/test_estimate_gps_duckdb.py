"""A GPS criterion counted by DuckDB: an endpoint missing a coordinate is never in range.

The DuckDB query tests the latitude first and, where the distance reads only the coordinates,
uses DuckDB's own GREATEST and LEAST (which skip a NULL argument) once the longitude is known
to be there (``estimate.rewrite``); the counts must stay the Python evaluator's.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from segmentgen.core.model import Dimensions, GPSPoint, Segment
from segmentgen.estimate.count import estimate_segment
from segmentgen.estimate.engine import estimate_all_with_duckdb, estimate_with_duckdb

AS_OF = datetime(2024, 12, 1, tzinfo=UTC)
OSLO = (59.91, 10.75)
LOCATIONS: list[object] = [
    {"Latitude": OSLO[0], "Longitude": OSLO[1]},  # in range
    {"Latitude": OSLO[0] + 0.05, "Longitude": OSLO[1]},  # 5.6 km north: in range
    {"Latitude": OSLO[0]},  # no longitude
    {"Latitude": OSLO[0], "Longitude": None},
    {"Longitude": OSLO[1]},  # no latitude
    {"Latitude": None, "Longitude": OSLO[1]},
    {"Latitude": OSLO[0] + 1.0, "Longitude": OSLO[1]},  # 111 km north: out of range
    {},
]


def near(key: str, range_km: float) -> Segment:
    return Segment(key=key, name=key, file="specs/probe.yaml", line=1,
                   dimensions=Dimensions(gps=GPSPoint(OSLO[0], OSLO[1], range_km)))


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "endpoints.jsonl"
    lines = [json.dumps({"Id": f"e{n}", "ChannelType": "EMAIL", "Address": f"{n}@example.com",
                         "Location": location}) + "\n"
             for n, location in enumerate(LOCATIONS)]
    path.write_text("".join(lines * 3) + json.dumps({"Id": "bare"}) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("range_km", [10.0, 200.0])
def test_missing_coordinate_is_out_of_range(export: Path, range_km: float) -> None:
    segment = near("probe", range_km)
    python = estimate_segment(segment, export, as_of=AS_OF)
    duckdb = estimate_with_duckdb(segment, export, as_of=AS_OF)
    assert python.matched == 3 * (2 if range_km < 100 else 3)
    assert (duckdb.matched, duckdb.sendable) == (python.matched, python.sendable)


def test_missing_coordinate_in_one_query(export: Path) -> None:
    counted = [near("near", 10.0), near("far", 200.0)]
    both = estimate_all_with_duckdb(counted, export, as_of=AS_OF,
                                    segments={s.key: s for s in counted})
    assert [e.matched for e in both] == [
        estimate_segment(s, export, as_of=AS_OF).matched for s in counted]
