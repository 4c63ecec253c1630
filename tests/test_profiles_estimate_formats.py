"""A profile export counts the same in every format it may come in.

Random native ``SegmentGroups`` and random profile objects (the strategies of
tests/test_profiles_estimate_differential.py), each profile reduced to what every format can
hold: text fields and address parts that are non-empty strings, map values that are non-empty
strings or integers (as their decimal text), everything else absent. The same profiles are
written as JSON lines, as CSV with flattened columns (``Address.City``, ``Attributes.<name>``),
as Parquet with the same flattened columns and as Parquet with the nested structure (structs
and maps); ``estimate.profiles_engine`` must count every segment of the project alike over the
four, and as tests/profiles_oracle.py counts the reduced profiles.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from profiles_oracle import Oracle
from test_profiles_estimate_differential import DIFFERENTIAL, profile, project

from segmentgen.estimate.profiles_engine import ProfilesEstimate, estimate_all_profiles
from segmentgen.estimate.profiles_export import ADDRESS_FIELDS, MAPS
from segmentgen.estimate.profiles_expressions import ADDRESSES
from segmentgen.estimate.profiles_sql import ProfilesSegment

NESTED_COLUMNS = {**{name: "VARCHAR" for name in ("FirstName", "LastName", "EmailAddress",
                                                  "BusinessEmailAddress",
                                                  "AdditionalInformation", "BirthDate",
                                                  "ProfileType")},
                  **{name: "STRUCT(" + ", ".join(f"{part} VARCHAR" for part in ADDRESS_FIELDS)
                     + ")" for name in ADDRESSES},
                  **dict.fromkeys(MAPS, "MAP(VARCHAR, VARCHAR)")}


def text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def scalar(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(value)


def reduce(drawn: Mapping[str, Any]) -> dict[str, Any]:
    """The profile as every format holds it (strings only, no empty or other values)."""
    reduced: dict[str, Any] = {}
    for name, value in drawn.items():
        read = scalar if name in MAPS else text
        if isinstance(value, dict):
            inner = {key: read(item) for key, item in value.items()}
            inner = {key: item for key, item in inner.items() if item is not None}
            if inner:
                reduced[name] = inner
        elif name not in MAPS and name not in ADDRESSES and text(value) is not None:
            reduced[name] = value
    return reduced


def flatten(reduced: Mapping[str, Any]) -> dict[str, str]:
    return {f"{name}.{key}" if isinstance(value, dict) else name: item
            for name, value in reduced.items()
            for key, item in (value.items() if isinstance(value, dict) else [(name, value)])}


def write_exports(folder: Path, profiles: list[dict[str, Any]]) -> dict[str, Path]:
    import duckdb

    exports = {"json": folder / "profiles.jsonl", "csv": folder / "profiles.csv",
               "parquet-flat": folder / "flat.parquet",
               "parquet-nested": folder / "nested.parquet"}
    exports["json"].write_text("".join(json.dumps(p) + "\n" for p in profiles), "utf-8")
    rows = [flatten(p) for p in profiles]
    header = sorted({column for row in rows for column in row} | {"ProfileType"})
    with exports["csv"].open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, header, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows(rows)
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(
            "COPY (SELECT * FROM read_csv(?, header = true, all_varchar = true)) "
            f"TO '{exports['parquet-flat']}' (FORMAT parquet)", [str(exports["csv"])])
        columns = ", ".join(f"\"{name}\": '{kind}'" for name, kind in NESTED_COLUMNS.items())
        connection.execute(
            f"COPY (SELECT * FROM read_json(?, format = 'newline_delimited', columns = "
            f"{{{columns}}})) TO '{exports['parquet-nested']}' (FORMAT parquet)",
            [str(exports["json"])])
    finally:
        connection.close()
    return exports


def counts(estimate: ProfilesEstimate) -> tuple[int, int | None, tuple[int, ...]]:
    return estimate.profiles, estimate.matched, estimate.groups


@DIFFERENTIAL
@given(project(), st.lists(profile.map(reduce), min_size=4, max_size=16))
def test_every_format_counts_as_the_reference(segments: dict[str, dict[str, Any]],
                                              profiles: list[dict[str, Any]]) -> None:
    counted = [ProfilesSegment(key, groups) for key, groups in segments.items()]
    by_key = {segment.key: segment for segment in counted}
    with tempfile.TemporaryDirectory() as folder:
        exports = write_exports(Path(folder), profiles)
        found = {kind: estimate_all_profiles(counted, path, segments=by_key)
                 for kind, path in exports.items()}
    oracle = Oracle(segments)
    for index, segment in enumerate(counted):
        results = [oracle.evaluate(segment.key, p) for p in profiles]
        expected = (len(profiles), sum(hit for hit, _ in results),
                    tuple(sum(hits[n] for _, hits in results)
                          for n in range(len(segments[segment.key]["Groups"]))))
        for kind, estimates in found.items():
            assert all(d.code != "SG604" for d in estimates[index].diagnostics), kind
            assert counts(estimates[index]) == expected, (kind, segment.key)
