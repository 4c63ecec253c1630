"""Fuzzing the estimator: random export lines never raise, and the counts stay consistent.

Each export line is either random bytes or an endpoint object whose every field (and every
field a criterion reads inside Attributes, Metrics, Demographic, Location and User) holds a
random JSON value: null, booleans, integers far beyond a double, NaN, infinities, 1e999,
strings, instants at the ends of the calendar, lists and objects. The segments use every
criterion kind, segment groups and every kind of base segment. Properties: no exception,
0 <= sendable <= matched <= endpoints, group counts within the endpoints read, and through the
command line, never exit 70.

SEGMENTGEN_FUZZ_EXAMPLES scales the number of examples per property (default 200), as in
tests/test_fuzz.py; the command-line property runs a quarter of them.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segmentgen.cli import main
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
from segmentgen.estimate.count import estimate_segment

EXAMPLES = int(os.environ.get("SEGMENTGEN_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
COMMAND = settings(max_examples=max(10, EXAMPLES // 4), deadline=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))

# Tokens json.dumps cannot write; a placeholder string is swapped for the raw token.
RAW = ["1e999", "-1e999", "1E+400", "Infinity", "-Infinity", "NaN", "9" * 400, "-" + "9" * 400,
       "1e-999", "-0", "0e0"]
RAW_PATTERN = re.compile(r'"@raw:(\d+)@"')
INSTANTS = ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.999999-12:00",
            "9999-12-31", "2023-12-31T12:00:00Z", "2024-01-01", "2020-01-01T00:00:00+01:00",
            "not a date", "", " 2024-01-01 ", "2023-12-31T23:30Z", "2023-12-31T00:00-23:59",
            "2024-01-01T00:00+00:99", "0000-01-01", "2023-12-31T23:59+23:60",
            "2023-12-31T23:59:60Z", "9999-12-31T23:59-00:01", "0001-01-01T00:00+00:01"]
WORDS = ["pro", "free", "gold", "ios", "web", "SMS", "EMAIL", "ALL", "NONE", "ACTIVE",
         "INACTIVE", "NO", "SE", "Apple", "1", "r", "\ud800", "2024-01-01\udfff"]

text = st.text(st.characters(codec="utf-8"), max_size=12)
number = st.one_of(st.integers(-10**500, 10**500), st.floats(), st.integers(-200, 200),
                   st.sampled_from(range(len(RAW))).map(lambda i: f"@raw:{i}@"))
scalar = st.one_of(st.none(), st.booleans(), number, text, st.sampled_from(WORDS + INSTANTS))
junk = st.recursive(scalar, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(st.one_of(text, st.sampled_from(WORDS)),
                                                    children, max_size=3)), max_leaves=8)
strings = st.one_of(junk, st.lists(st.sampled_from(WORDS + INSTANTS), max_size=3))


def fields(names: list[str], value: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """An object with some of ``names`` (each ``value``), or any other JSON value."""
    shaped = st.fixed_dictionaries({}, optional={name: value for name in names})
    return st.one_of(shaped, junk)


endpoint = st.fixed_dictionaries({}, optional={
    "Id": junk,
    "Address": junk,
    "ChannelType": st.one_of(junk, st.sampled_from(["SMS", "EMAIL", "APNS"])),
    "EndpointStatus": st.one_of(junk, st.sampled_from(["ACTIVE", "INACTIVE"])),
    "OptOut": st.one_of(junk, st.sampled_from(["ALL", "NONE"])),
    "EffectiveDate": st.one_of(junk, st.sampled_from(INSTANTS)),
    "Attributes": fields(["plan", "since", "campaign"], strings),
    "Metrics": fields(["score", "visits"], st.one_of(number, junk)),
    "Demographic": fields(["Platform", "AppVersion", "Make", "Model"], strings),
    "Location": fields(["Country", "Latitude", "Longitude"], st.one_of(number, strings)),
    "User": fields(["UserId", "UserAttributes"], fields(["tier"], strings)),
})


def encode(record: dict[str, object]) -> bytes:
    text = json.dumps(record)
    return RAW_PATTERN.sub(lambda found: RAW[int(found.group(1))], text).encode("utf-8")


line = st.one_of(endpoint.map(encode), st.binary(max_size=60))
export_lines = st.lists(line, max_size=12)
zones = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
as_of = st.one_of(
    st.datetimes(timezones=st.one_of(st.none(), zones)),
    st.sampled_from([datetime.min, datetime.max, datetime(1, 1, 1, tzinfo=UTC)]))

ATTRIBUTES = [
    AttributeCriterion("plan", "INCLUSIVE", ("pro", "gold")),
    AttributeCriterion("plan", "EXCLUSIVE", ("free",)),
    AttributeCriterion("campaign", "CONTAINS", ("r", "")),
    AttributeCriterion("since", "BEFORE", ("2024-01-01",)),
    AttributeCriterion("since", "AFTER", ("0001-01-01T00:00:00+14:00",)),
    AttributeCriterion("since", "ON", ("9999-12-31",)),
    AttributeCriterion("since", "BETWEEN", ("0001-01-01", "9999-12-31T23:59:59-12:00")),
    AttributeCriterion("since", "AFTER", ("last week",)),
]
METRICS = [MetricCriterion(name, operator, value)
           for name, operator, value in [("score", "GREATER_THAN", 1.0),
                                         ("score", "LESS_THAN", 1e300),
                                         ("visits", "GREATER_THAN_OR_EQUAL", -1.0),
                                         ("visits", "LESS_THAN_OR_EQUAL", 0.0),
                                         ("score", "EQUAL", 0.0)]]
DEMOGRAPHICS = [(name, SetCriterion(kind, values)) for name, kind, values in [
    ("Channel", "INCLUSIVE", ("SMS",)), ("Platform", "EXCLUSIVE", ("web",)),
    ("AppVersion", "INCLUSIVE", ("1",)), ("Make", "INCLUSIVE", ("Apple",)),
    ("Model", "EXCLUSIVE", ("x",)), ("DeviceType", "INCLUSIVE", ("PHONE",))]]

dimensions = st.builds(
    Dimensions,
    attributes=st.lists(st.sampled_from(ATTRIBUTES), max_size=3).map(tuple),
    user_attributes=st.lists(st.sampled_from([
        AttributeCriterion("tier", "INCLUSIVE", ("gold",)),
        AttributeCriterion("tier", "BETWEEN", ("2020-01-01", "2030-01-01"))]), max_size=1).map(
        tuple),
    metrics=st.lists(st.sampled_from(METRICS), max_size=2).map(tuple),
    recency=st.one_of(st.none(), st.builds(Recency, st.sampled_from(["HR_24", "DAY_7",
                                                                      "DAY_14", "DAY_30"]),
                                            st.sampled_from(["ACTIVE", "INACTIVE"]))),
    demographic=st.lists(st.sampled_from(DEMOGRAPHICS), max_size=2,
                         unique_by=lambda pair: pair[0]).map(tuple),
    country=st.one_of(st.none(), st.builds(SetCriterion, st.sampled_from(["INCLUSIVE",
                                                                          "EXCLUSIVE"]),
                                           st.just(("NO", "SE")))),
    gps=st.one_of(st.none(), st.builds(GPSPoint, st.floats(-90, 90), st.floats(-180, 180),
                                       st.floats(0.0, 30000.0))),
)
COMBINE = st.sampled_from(["ALL", "ANY", "NONE"])
source = st.sampled_from([SourceRef(key="plain"), SourceRef(key="grouped"),
                          SourceRef(key="probe"), SourceRef(key="crm"),
                          SourceRef(key="ghost"), SourceRef(id="8d1f0c2e4b", version=2)])
group = st.builds(Group, COMBINE, COMBINE, st.lists(dimensions, max_size=2).map(tuple),
                  st.lists(source, max_size=3).map(tuple))


def segment_of(key: str, criteria: Dimensions | Groups) -> Segment:
    if isinstance(criteria, Groups):
        return Segment(key=key, name=key, file="specs/f.yaml", line=1, groups=criteria)
    return Segment(key=key, name=key, file="specs/f.yaml", line=1, dimensions=criteria)


criteria = st.one_of(dimensions, st.builds(Groups, COMBINE,
                                           st.lists(group, max_size=2).map(tuple)))
project = st.fixed_dictionaries({"probe": criteria, "plain": criteria, "grouped": criteria})


@FUZZ
@given(project, export_lines, as_of)
def test_random_export_lines_never_raise(parts: dict[str, Dimensions | Groups],
                                         lines: list[bytes], when: datetime) -> None:
    segments = {key: segment_of(key, value) for key, value in parts.items()}
    segments["crm"] = Segment(key="crm", name="crm", file="specs/f.yaml", line=9,
                              imported=ImportSource("s3://b/crm/", "CSV", None))
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "endpoints.jsonl"
        path.write_bytes(b"\n".join(lines))
        result = estimate_segment(segments["probe"], path, as_of=when, segments=segments)
        assert result.endpoints + result.skipped_lines <= path.read_bytes().count(b"\n") + 1
    assert 0 <= result.sendable <= result.matched <= result.endpoints
    assert all(0 <= hits <= result.endpoints for hits in result.groups)
    assert len(result.groups) == (len(parts["probe"].groups)
                                  if isinstance(parts["probe"], Groups) else 0)
    assert all(d.code.startswith("SG6") and d.line >= 1 for d in result.diagnostics)
    assert json.loads(json.dumps(result.as_dict()))["segment"] == "probe"


ALONE = [Dimensions(attributes=(criterion,)) for criterion in ATTRIBUTES] + [
    Dimensions(user_attributes=(AttributeCriterion("tier", "INCLUSIVE", ("gold",)),)),
    *(Dimensions(metrics=(criterion,)) for criterion in METRICS),
    *(Dimensions(demographic=(pair,)) for pair in DEMOGRAPHICS),
    Dimensions(recency=Recency("DAY_30", "ACTIVE")), Dimensions(recency=Recency("HR_24",
                                                                                "INACTIVE")),
    Dimensions(country=SetCriterion("EXCLUSIVE", ("SE",))),
    Dimensions(gps=GPSPoint(0.0, 0.0, 20037.0)), Dimensions(gps=GPSPoint(-90.0, 180.0, 0.0)),
]


@FUZZ
@given(export_lines, as_of)
def test_every_criterion_alone_never_raises(lines: list[bytes], when: datetime) -> None:
    """One criterion a segment: no earlier criterion can short-circuit a hostile value away."""
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "endpoints.jsonl"
        path.write_bytes(b"\n".join(lines))
        everything = estimate_segment(segment_of("all", Dimensions()), path, as_of=when)
        for dims in ALONE:
            result = estimate_segment(segment_of("one", dims), path, as_of=when)
            assert (result.endpoints, result.skipped_lines) == (
                everything.endpoints, everything.skipped_lines)
            assert 0 <= result.sendable <= result.matched <= result.endpoints
            assert result.sendable <= everything.sendable


SPEC = """segments:
  every-kind:
    name: Every criterion kind
    where:
      attributes:
        plan: [pro, gold]
        tier: {not: [free]}
        campaign: {contains: [r]}
        since: {between: [0001-01-01, 9999-12-31]}
        bought: {before: 2024-01-01}
        seen: {after: "0001-01-02T00:00:00+14:00"}
        born: {on: 9999-12-31}
      user_attributes:
        tier: [gold]
      metrics:
        score: {">": 1}
        visits: {"<=": 0}
      inactive: 7d
      channel: [SMS]
      platform: {not: [web]}
      app_version: ["1"]
      device_type: [PHONE]
      make: [Apple]
      model: {not: [x]}
      country: {not: ["SE"]}
      near: {latitude: 0, longitude: 0, within_km: 20000}
  active:
    name: Active
    where:
      active: 24h
      metrics:
        score: {"==": 0}
  grouped:
    name: Grouped
    groups:
      combine: any
      list:
        - base: [every-kind, active, {id: 8d1f0c2e4b7a4e6f9c3d2b1a0f9e8d7c, version: 2}]
          base_combine: all
          combine: any
          where:
            - country: [NO, SE]
            - metrics:
                score: {">=": -1}
        - combine: none
          where:
            platform: [ios]
  crm:
    name: CRM
    import:
      s3: s3://my-bucket/crm/
      format: csv
      role: create
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("estimate-fuzz")
    (root / "specs").mkdir()
    (root / "specs" / "a.yaml").write_text(SPEC, "utf-8")
    return root


@COMMAND
@given(export_lines, st.sampled_from(["every-kind", "active", "grouped", "crm"]),
       st.sampled_from(["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
                        "2024-01-01T00:00:00Z"]), st.sampled_from(["human", "json"]))
def test_command_never_exits_70(folder: Path, lines: list[bytes], key: str, when: str,
                                output_format: str) -> None:
    path = folder / "endpoints.jsonl"
    path.write_bytes(b"\n".join(lines))
    outcome = CliRunner().invoke(main, ["estimate", key, "--endpoints", str(path), "--specs",
                                        str(folder / "specs"), "--as-of", when,
                                        "--format", output_format])
    assert outcome.exit_code == 0, outcome.stderr
    if output_format == "json":
        data = json.loads(outcome.stdout)
        assert 0 <= data["sendable"] <= data["matched"] <= data["endpoints"]
    else:
        assert "matched: " in outcome.stdout and "internal error" not in outcome.stderr
