"""The estimator on hostile exports and extreme inputs: every case here once ended in a traceback.

Non-finite and out-of-range JSON numbers, integers beyond a double, instants at the ends of the
calendar, base-segment chains deeper than Python's recursion limit and endpoint fields of every
JSON type; plus the command's exits for an unreadable export and an unknown key.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen.cli import main
from segmentgen.core.model import (
    AttributeCriterion,
    Dimensions,
    GPSPoint,
    Group,
    Groups,
    MetricCriterion,
    Recency,
    Segment,
    SetCriterion,
    SourceRef,
)
from segmentgen.estimate.count import Estimate, estimate_segment
from segmentgen.estimate.match import haversine_km, parse_instant

AS_OF = datetime(2024, 1, 1, tzinfo=UTC)
HUGE = "9" * 400


def where(key: str = "probe", **parts: object) -> Segment:
    return Segment(key=key, name=key, file="specs/probe.yaml", line=1,
                   dimensions=Dimensions(**parts))  # type: ignore[arg-type]


def export(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "endpoints.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return path


def run(segment: Segment, path: Path, as_of: datetime = AS_OF, **kwargs: object) -> Estimate:
    return estimate_segment(segment, path, as_of=as_of, **kwargs)  # type: ignore[arg-type]


def located(latitude: str, longitude: str = "10.75") -> str:
    return f'{{"Location": {{"Latitude": {latitude}, "Longitude": {longitude}}}}}'


NEAR_OSLO = where(gps=GPSPoint(59.91, 10.75, 25.0))


@pytest.mark.parametrize("latitude", ["Infinity", "-Infinity", "NaN", "1e999", HUGE,
                                      "90.5", "-91", "180", "1e300"])
def test_coordinates_that_are_not_a_place_never_match(tmp_path: Path, latitude: str) -> None:
    path = export(tmp_path, located(latitude), located("59.91", latitude), located("59.95"))
    result = run(NEAR_OSLO, path)
    assert (result.endpoints, result.matched, result.diagnostics) == (3, 1, ())


@pytest.mark.parametrize("args", [
    (math.inf, 0.0, 0.0, 0.0),
    (0.0, math.nan, 0.0, 0.0),
    (0.0, 0.0, -math.inf, 0.0),
    (0.0, 0.0, 0.0, math.inf),
])
def test_haversine_of_a_non_finite_coordinate_is_infinite(
        args: tuple[float, float, float, float]) -> None:
    assert haversine_km(*args) == math.inf


@pytest.mark.parametrize("args", [(180.0, 0.0, 0.0, 0.0), (1e308, 1e308, -1e308, 0.0),
                                  (135.0, 0.0, 45.0, 180.0), (0.0, 0.0, 0.0, 180.0)])
def test_haversine_of_finite_coordinates_is_at_most_half_the_earth(
        args: tuple[float, float, float, float]) -> None:
    assert 0.0 <= haversine_km(*args) <= math.pi * 6371.0088 + 1e-6


@pytest.mark.parametrize("operator", ["GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL",
                                      "LESS_THAN_OR_EQUAL", "EQUAL"])
@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "1e999", "-1e999", "Infinity",
                                   "-Infinity", "NaN"])
def test_metrics_beyond_a_double_never_match(tmp_path: Path, operator: str, value: str) -> None:
    path = export(tmp_path, f'{{"Metrics": {{"score": {value}}}}}', '{"Metrics": {"score": 5}}')
    result = run(where(metrics=(MetricCriterion("score", operator, 5.0),)), path)
    expected = 0 if operator in ("GREATER_THAN", "LESS_THAN") else 1
    assert (result.endpoints, result.matched, result.diagnostics) == (2, expected, ())


def test_recency_at_the_start_of_the_calendar(tmp_path: Path) -> None:
    path = export(tmp_path, '{"EffectiveDate": "0001-01-01T00:00:00Z"}',
                  '{"EffectiveDate": "0001-01-01T00:00:00+05:00"}',
                  '{"EffectiveDate": "9999-12-31T23:59:59-05:00"}', '{"EffectiveDate": 7}')
    start = datetime(1, 1, 1, tzinfo=UTC)
    for duration in ("HR_24", "DAY_30"):
        active = run(where(recency=Recency(duration, "ACTIVE")), path, start)
        inactive = run(where(recency=Recency(duration, "INACTIVE")), path, start)
        assert (active.matched, inactive.matched) == (3, 1)
    assert run(where(), path, start).as_dict()["as_of"] == "0001-01-01T00:00:00Z"


def test_as_of_beyond_the_calendar_is_clamped(tmp_path: Path) -> None:
    path = export(tmp_path, '{"EffectiveDate": "0001-01-01T00:00:00Z"}')
    early = parse_instant("0001-01-01T00:00:00+01:00")
    late = parse_instant("9999-12-31T23:59:59-01:00")
    assert early == datetime.min.replace(tzinfo=UTC)
    assert late == datetime.max.replace(tzinfo=UTC)
    assert run(where(recency=Recency("DAY_7", "ACTIVE")), path, early).matched == 1
    result = run(where(recency=Recency("DAY_7", "ACTIVE")), path,
                 datetime(1, 1, 1, tzinfo=UTC).replace(tzinfo=None))
    assert result.matched == 1
    assert run(where(), path, late).as_dict()["as_of"] == "9999-12-31T23:59:59Z"


@pytest.mark.parametrize(("kind", "values", "expected"), [
    ("ON", ("0001-01-01",), 2),
    ("ON", ("9999-12-31",), 2),
    ("BEFORE", ("0001-01-02T00:00:00+00:00",), 2),
    ("AFTER", ("9999-12-30",), 2),
    ("BETWEEN", ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"), 4),
])
def test_attribute_dates_at_the_ends_of_the_calendar(tmp_path: Path, kind: str,
                                                     values: tuple[str, ...],
                                                     expected: int) -> None:
    instants = ["0001-01-01T00:00:00+05:00", "0001-01-01T10:00:00Z",
                "9999-12-31T23:59:59-05:00", "9999-12-31T00:00:00Z"]
    path = export(tmp_path, *(json.dumps({"Attributes": {"since": [i]}}) for i in instants))
    result = run(where(attributes=(AttributeCriterion("since", kind, values),)), path)
    assert (result.matched, result.diagnostics) == (expected, ())


def chain(depth: int) -> dict[str, Segment]:
    """s0 is Norway; each s<n> is s<n-1> on iOS: every level is one more base segment."""
    ios = Dimensions(demographic=(("Platform", SetCriterion("INCLUSIVE", ("ios",))),))
    segments = {"s0": where("s0", country=SetCriterion("INCLUSIVE", ("NO",)))}
    for n in range(1, depth + 1):
        group = Group("ALL", "ANY", (ios,), (SourceRef(key=f"s{n - 1}"),))
        segments[f"s{n}"] = Segment(key=f"s{n}", name=f"s{n}", file="specs/c.yaml", line=n,
                                    groups=Groups("ALL", (group,)))
    return segments


@pytest.mark.parametrize("depth", [150, sys.getrecursionlimit() * 3])
def test_base_chains_deeper_than_the_recursion_limit(tmp_path: Path, depth: int) -> None:
    path = export(tmp_path, '{"Location": {"Country": "NO"}, "Demographic": {"Platform": "ios"}}',
                  '{"Location": {"Country": "SE"}, "Demographic": {"Platform": "ios"}}',
                  '{"Location": {"Country": "NO"}}')
    segments = chain(depth)
    result = run(segments[f"s{depth}"], path, segments=segments)
    assert (result.matched, result.groups, result.diagnostics) == (1, (1,), ())


def test_base_cycle_deeper_than_the_recursion_limit_is_cut_once(tmp_path: Path) -> None:
    depth = sys.getrecursionlimit() * 2
    segments = chain(depth)
    closing = Group("ALL", "ANY", (), (SourceRef(key=f"s{depth}"),))
    segments["s0"] = Segment(key="s0", name="s0", file="specs/c.yaml", line=depth + 1,
                             groups=Groups("ALL", (closing,)))
    path = export(tmp_path, '{"Demographic": {"Platform": "ios"}}', "{}")
    result = run(segments[f"s{depth}"], path, segments=segments)
    assert result.matched == 1
    assert [(d.code, d.line) for d in result.diagnostics] == [("SG603", depth + 1)]


def test_shared_base_is_reported_once(tmp_path: Path) -> None:
    by_id = Group("ALL", "ANY", (), (SourceRef(id="8d1f0c2e4b"),))
    shared = Segment(key="shared", name="shared", file="specs/d.yaml", line=4,
                     groups=Groups("ALL", (by_id,)))
    both = Group("ALL", "ALL", (), (SourceRef(key="shared"), SourceRef(key="shared")))
    top = Segment(key="top", name="top", file="specs/d.yaml", line=9,
                  groups=Groups("ANY", (both, both)))
    result = run(top, export(tmp_path, "{}"), segments={"shared": shared, "top": top})
    assert (result.matched, result.groups) == (1, (1, 1))
    assert [(d.code, d.line) for d in result.diagnostics] == [("SG603", 4)]


SHAPES: list[object] = [None, True, 0, -1.5, 1e308, 10**400, "x", "", [], [None], ["ALL"],
                        [1, "NO"], {}, {"a": []}, {"Country": {"NO": 1}}, [{"Platform": "ios"}]]
FIELDS = ["Id", "ChannelType", "EndpointStatus", "OptOut", "EffectiveDate", "Attributes",
          "Metrics", "Demographic", "Location", "User", "Address"]
NESTED = ["Attributes.plan", "Attributes.since", "Metrics.score", "Demographic.Platform",
          "Demographic.AppVersion", "Location.Country", "Location.Latitude", "User.UserAttributes",
          "User.UserAttributes.tier"]


def every_criterion_kind() -> tuple[Segment, dict[str, Segment]]:
    dims = Dimensions(
        attributes=(AttributeCriterion("plan", "INCLUSIVE", ("pro",)),
                    AttributeCriterion("plan", "EXCLUSIVE", ("free",)),
                    AttributeCriterion("plan", "CONTAINS", ("r",)),
                    AttributeCriterion("since", "AFTER", ("2020-01-01",)),
                    AttributeCriterion("since", "BEFORE", ("2030-01-01",)),
                    AttributeCriterion("since", "ON", ("2020-01-01",)),
                    AttributeCriterion("since", "BETWEEN", ("2020-01-01", "2030-01-01"))),
        user_attributes=(AttributeCriterion("tier", "INCLUSIVE", ("gold",)),),
        metrics=(MetricCriterion("score", "GREATER_THAN", 1.0),),
        recency=Recency("DAY_7", "INACTIVE"),
        demographic=(("Platform", SetCriterion("EXCLUSIVE", ("web",))),
                     ("AppVersion", SetCriterion("INCLUSIVE", ("1",))),
                     ("Make", SetCriterion("INCLUSIVE", ("Apple",))),
                     ("Model", SetCriterion("EXCLUSIVE", ("x",))),
                     ("DeviceType", SetCriterion("INCLUSIVE", ("PHONE",))),
                     ("Channel", SetCriterion("EXCLUSIVE", ("SMS",)))),
        country=SetCriterion("EXCLUSIVE", ("SE",)),
        gps=GPSPoint(0.0, 0.0, 20000.0))
    base = where("base", **{"demographic": dims.demographic})
    group = Group("ANY", "ANY", (dims, Dimensions()), (SourceRef(key="base"),))
    top = Segment(key="top", name="top", file="specs/e.yaml", line=1,
                  groups=Groups("ANY", (group, Group("NONE", "ALL", (dims,)))))
    return top, {"base": base, "top": top}


def shaped(path: str, value: object) -> dict[str, object]:
    *parents, name = path.split(".")
    record: dict[str, object] = {name: value}
    for parent in reversed(parents):
        record = {parent: record}
    return record


@pytest.mark.parametrize("field", FIELDS + NESTED)
def test_every_field_of_every_json_type_never_raises(tmp_path: Path, field: str) -> None:
    lines = [json.dumps(shaped(field, value)) for value in SHAPES]
    top, segments = every_criterion_kind()
    result = run(top, export(tmp_path, *lines), segments=segments)
    assert (result.endpoints, result.skipped_lines) == (len(SHAPES), 0)
    assert 0 <= result.sendable <= result.matched <= result.endpoints
    assert all(0 <= hits <= result.endpoints for hits in result.groups)


SPEC = """segments:
  nordics:
    name: Nordics
    where:
      country: [NO, SE]
  recent:
    name: Recent
    where:
      active: 30d
"""


def invoke(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / "a.yaml").write_text(SPEC, "utf-8")
    outcome = CliRunner().invoke(main, ["estimate", *args, "--specs", str(specs)])
    return outcome.exit_code, outcome.stdout, outcome.stderr


@pytest.mark.parametrize("output_format", ["human", "json"])
def test_cli_unreadable_export_prints_no_estimate(tmp_path: Path, output_format: str) -> None:
    code, out, err = invoke(tmp_path, "nordics", "--endpoints", str(tmp_path / "none.jsonl"),
                            "--format", output_format)
    assert code == 3
    assert "matched" not in out and "matched" not in err
    assert "SG604" in (out if output_format == "json" else err)


@pytest.mark.parametrize("output_format", ["human", "json"])
def test_cli_unknown_key_is_sg702_with_a_suggestion(tmp_path: Path, output_format: str) -> None:
    path = export(tmp_path, "{}")
    code, out, err = invoke(tmp_path, "nordic", "--endpoints", str(path),
                            "--format", output_format)
    shown = out if output_format == "json" else err
    assert code == 3 and "SG702" in shown and "did you mean 'nordics'?" in shown
    assert "matched" not in out
    code, _, err = invoke(tmp_path, "zzz", "--endpoints", str(path))
    assert code == 3 and "SG702" in err and "did you mean" not in err


def test_cli_hostile_export_and_calendar_start(tmp_path: Path) -> None:
    path = export(tmp_path, located("Infinity", "1e999"), f'{{"Metrics": {{"s": {HUGE}}}}}',
                  '{"Location": {"Country": "NO"}, "EffectiveDate": 1}', "\x00\xff")
    code, out, err = invoke(tmp_path, "nordics", "--endpoints", str(path),
                            "--as-of", "0001-01-01")
    assert code == 0 and "SG601" in err
    assert "as of: 0001-01-01T00:00:00Z\n" in out and "matched: 1\n" in out
    code, out, err = invoke(tmp_path, "recent", "--endpoints", str(path), "--as-of", "0001-01-01")
    assert code == 0 and "matched: 0\n" in out
    dated = export(tmp_path, '{"EffectiveDate": "0001-01-01T00:00:00+01:00"}')
    code, out, err = invoke(tmp_path, "recent", "--endpoints", str(dated), "--as-of",
                            "0001-01-01T00:00:00+01:00", "--format", "json")
    assert (code, json.loads(out)["matched"], json.loads(out)["as_of"]) == (
        0, 1, "0001-01-01T00:00:00Z")


def test_cli_base_chain_of_150(tmp_path: Path) -> None:
    text = SPEC + "".join(
        f"  s{n}:\n    name: s{n}\n    groups:\n      list:\n"
        f"        - base: [{'nordics' if n == 1 else f's{n - 1}'}]\n"
        "          where:\n            platform: [ios]\n" for n in range(1, 151))
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(text, "utf-8")
    path = export(tmp_path, '{"Location": {"Country": "NO"}, "Demographic": {"Platform": "ios"}}',
                  '{"Location": {"Country": "DK"}, "Demographic": {"Platform": "ios"}}')
    outcome = CliRunner().invoke(main, ["estimate", "s150", "--endpoints", str(path),
                                        "--specs", str(specs)])
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    assert "matched: 1\n" in outcome.stdout
