"""Estimates over the generated endpoint export, each checked against an index formula.

The fixture (tests/fixtures/make_endpoints.py) assigns every field from the endpoint index
``i``; each expected count below is a plain formula over ``range(N)``, not the estimator.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import operator
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from spec_files import SpecWriter

import segmentgen.estimate.count as estimate_module
from segmentgen.core.diagnostics import Severity
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
from segmentgen.estimate.count import Estimate, EstimateOptions, estimate_segment, record_count


def _load_fixture() -> ModuleType:
    path = Path(__file__).parent / "fixtures" / "make_endpoints.py"
    spec = importlib.util.spec_from_file_location("make_endpoints", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURE = _load_fixture()
N = 3000
AS_OF = FIXTURE.AS_OF


def count(rule: Callable[[int], bool]) -> int:
    return sum(1 for i in range(N) if rule(i))


def where(**parts: object) -> Segment:
    return Segment(key="probe", name="Probe", file="specs/probe.yaml", line=1,
                   dimensions=Dimensions(**parts))  # type: ignore[arg-type]


def grouped(include: str, *groups: Group, key: str = "probe") -> Segment:
    return Segment(key=key, name=key, file="specs/probe.yaml", line=1,
                   groups=Groups(include, groups))


def attribute(name: str, kind: str, *values: str) -> tuple[AttributeCriterion, ...]:
    return (AttributeCriterion(name, kind, values),)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "endpoints.jsonl"
    path.write_text("".join(FIXTURE.endpoint_lines(N)), encoding="utf-8")
    return path


def run(segment: Segment, path: Path, **kwargs: object) -> Estimate:
    return estimate_segment(segment, path, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]


def purchased(i: int) -> date | None:
    return None if i % 4 == 3 else date(2023, 1, 1) + timedelta(days=i % 365)


ATTRIBUTE_CASES = [
    ("plan-in", attribute("plan", "INCLUSIVE", "pro", "team"), lambda i: i % 3 != 0),
    ("plan-not", attribute("plan", "EXCLUSIVE", "free"), lambda i: i % 3 != 0),
    ("interests-any", attribute("interests", "INCLUSIVE", "sports", "music"),
     lambda i: i % 2 == 0 or i % 5 == 0),
    ("interests-not-missing-matches", attribute("interests", "EXCLUSIVE", "sports"),
     lambda i: i % 2 != 0),
    ("contains-case-sensitive", attribute("campaign", "CONTAINS", "ummer"),
     lambda i: i // 2 % 3 == 1),
    ("contains-lowercase-misses", attribute("campaign", "CONTAINS", "summer"), lambda i: False),
    ("contains-any", attribute("campaign", "CONTAINS", "-7", "spring"),
     lambda i: i % 10 == 7 or i // 2 % 3 == 0),
    ("after", attribute("lastPurchaseDate", "AFTER", "2023-11-01T00:00:00Z"),
     lambda i: (d := purchased(i)) is not None and d >= date(2023, 11, 1)),
    ("before", attribute("lastPurchaseDate", "BEFORE", "2023-02-01T00:00:00Z"),
     lambda i: (d := purchased(i)) is not None and d < date(2023, 2, 1)),
    ("on-ignores-time", attribute("lastPurchaseDate", "ON", "2023-03-15T23:00:00Z"),
     lambda i: purchased(i) == date(2023, 3, 15)),
    ("between-inclusive", attribute("lastPurchaseDate", "BETWEEN",
                                    "2023-06-01T10:00:00Z", "2023-06-30T10:00:00Z"),
     lambda i: (d := purchased(i)) is not None and date(2023, 6, 1) <= d <= date(2023, 6, 30)),
    ("missing-attribute", attribute("nowhere", "INCLUSIVE", "x"), lambda i: False),
]


@pytest.mark.parametrize(("criteria", "rule"), [c[1:] for c in ATTRIBUTE_CASES],
                         ids=[c[0] for c in ATTRIBUTE_CASES])
def test_attribute_types(export: Path, criteria: tuple[AttributeCriterion, ...],
                         rule: Callable[[int], bool]) -> None:
    result = run(where(attributes=criteria), export)
    assert (result.endpoints, result.matched) == (N, count(rule))
    assert result.diagnostics == ()


def test_exclusive_missing_attribute_is_a_switch(export: Path) -> None:
    segment = where(attributes=attribute("interests", "EXCLUSIVE", "sports"))
    strict = run(segment, export, options=EstimateOptions(exclusive_matches_missing=False))
    assert strict.matched == count(lambda i: i % 2 != 0 and i % 5 == 0)


def test_between_exclusive_end_points_is_a_switch(export: Path) -> None:
    segment = where(attributes=attribute("lastPurchaseDate", "BETWEEN",
                                         "2023-06-01T10:00:00Z", "2023-06-30T10:00:00Z"))
    strict = run(segment, export, options=EstimateOptions(between_inclusive=False))
    assert strict.matched == count(
        lambda i: (d := purchased(i)) is not None and date(2023, 6, 1) < d < date(2023, 6, 30))


def test_user_attributes(export: Path) -> None:
    result = run(where(user_attributes=attribute("tier", "INCLUSIVE", "gold")), export)
    assert result.matched == count(lambda i: i % 9 != 8 and i // 4 % 3 == 0)


def test_bad_date_criterion_never_matches_and_is_reported(export: Path) -> None:
    result = run(where(attributes=attribute("lastPurchaseDate", "AFTER", "last week")), export)
    assert result.matched == 0
    assert [d.code for d in result.diagnostics] == ["SG606"]


METRIC_CASES = [
    ("GREATER_THAN", 75.0, operator.gt),
    ("LESS_THAN", 10.0, operator.lt),
    ("GREATER_THAN_OR_EQUAL", 75.0, operator.ge),
    ("LESS_THAN_OR_EQUAL", 10.0, operator.le),
    ("EQUAL", 42.0, operator.eq),
]


@pytest.mark.parametrize(("op", "value", "compare"), METRIC_CASES, ids=[c[0] for c in METRIC_CASES])
def test_metric_operators(export: Path, op: str, value: float,
                          compare: Callable[[float, float], bool]) -> None:
    result = run(where(metrics=(MetricCriterion("engagementScore", op, value),)), export)
    assert result.matched == count(lambda i: i % 11 != 0 and compare(i % 101, value))


@pytest.mark.parametrize(("duration", "kind", "rule"), [
    ("HR_24", "ACTIVE", lambda i: i % 60 == 0),
    ("DAY_7", "ACTIVE", lambda i: i % 60 < 7),
    ("DAY_14", "ACTIVE", lambda i: i % 60 < 14),
    ("DAY_30", "INACTIVE", lambda i: i % 60 >= 30),
])
def test_recency_from_effective_date(export: Path, duration: str, kind: str,
                                     rule: Callable[[int], bool]) -> None:
    result = run(where(recency=Recency(duration, kind)), export)
    assert result.matched == count(rule)


def test_recency_moves_with_as_of(export: Path) -> None:
    segment = where(recency=Recency("DAY_7", "ACTIVE"))
    later = estimate_segment(segment, export, as_of=AS_OF + timedelta(days=3))
    assert later.matched == count(lambda i: i % 60 < 4)


@pytest.mark.parametrize(("field", "criterion", "rule"), [
    ("Platform", SetCriterion("INCLUSIVE", ("ios", "android")),
     lambda i: i % 13 != 12 and i // 3 % 3 in (0, 1)),
    ("Platform", SetCriterion("EXCLUSIVE", ("web",)), lambda i: i % 13 == 12 or i // 3 % 3 != 2),
    ("AppVersion", SetCriterion("INCLUSIVE", ("2.1",)), lambda i: i % 13 != 12 and i % 4 == 1),
    ("Make", SetCriterion("INCLUSIVE", ("Apple",)), lambda i: i % 13 != 12 and i // 3 % 3 == 0),
    ("Channel", SetCriterion("INCLUSIVE", ("SMS", "EMAIL")), lambda i: i % 4 in (0, 1)),
    ("Channel", SetCriterion("EXCLUSIVE", ("SMS",)), lambda i: i % 4 != 1),
])
def test_demographics(export: Path, field: str, criterion: SetCriterion,
                      rule: Callable[[int], bool]) -> None:
    result = run(where(demographic=((field, criterion),)), export)
    assert result.matched == count(rule)


def test_device_type_has_no_field_and_is_reported(export: Path) -> None:
    result = run(where(demographic=(("DeviceType", SetCriterion("INCLUSIVE", ("PHONE",))),)),
                 export)
    assert result.matched == 0
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.severity) == ("SG602", Severity.WARNING)


@pytest.mark.parametrize(("criterion", "rule"), [
    (SetCriterion("INCLUSIVE", ("NO", "SE")), lambda i: i % 5 in (1, 2)),
    (SetCriterion("EXCLUSIVE", ("NO",)), lambda i: i % 5 != 1),
])
def test_country(export: Path, criterion: SetCriterion, rule: Callable[[int], bool]) -> None:
    assert run(where(country=criterion), export).matched == count(rule)


@pytest.mark.parametrize(("range_km", "steps"), [(25.0, 2), (12.0, 1), (11.0, 0), (100.0, 8)])
def test_gps_great_circle_range(export: Path, range_km: float, steps: int) -> None:
    # One step is 0.1 degree due north: 6371.0088 km * 0.1 * pi / 180 = 11.12 km.
    segment = where(gps=GPSPoint(FIXTURE.OSLO[0], FIXTURE.OSLO[1], range_km))
    assert run(segment, export).matched == count(lambda i: i % 50 <= steps)


def test_criteria_of_one_block_all_hold(export: Path) -> None:
    segment = where(attributes=attribute("plan", "INCLUSIVE", "pro"),
                    country=SetCriterion("INCLUSIVE", ("NO",)),
                    metrics=(MetricCriterion("engagementScore", "GREATER_THAN", 50.0),))
    expected = count(lambda i: i % 3 == 1 and i % 5 == 1 and i % 11 != 0 and i % 101 > 50)
    assert run(segment, export).matched == expected


def test_no_criteria_matches_everything(export: Path) -> None:
    assert run(where(), export).matched == N


def test_sendable_drops_opted_out_and_inactive(export: Path) -> None:
    result = run(where(country=SetCriterion("INCLUSIVE", ("US",))), export)
    assert result.matched == count(lambda i: i % 5 == 0)
    assert result.sendable == count(lambda i: i % 5 == 0 and i % 7 != 0 and i % 10 != 0)


IOS = Dimensions(demographic=(("Platform", SetCriterion("INCLUSIVE", ("ios",))),))
SMS = Dimensions(demographic=(("Channel", SetCriterion("INCLUSIVE", ("SMS",))),))
NORWAY = Dimensions(country=SetCriterion("INCLUSIVE", ("NO",)))


def is_ios(i: int) -> bool:
    return i % 13 != 12 and i // 3 % 3 == 0


def test_group_type_and_include(export: Path) -> None:
    segment = grouped("ALL", Group("ANY", "ANY", (IOS, SMS)), Group("NONE", "ANY", (NORWAY,)))
    result = run(segment, export)
    first, second = count(lambda i: is_ios(i) or i % 4 == 1), count(lambda i: i % 5 != 1)
    assert result.groups == (first, second)
    assert result.matched == count(lambda i: (is_ios(i) or i % 4 == 1) and i % 5 != 1)


@pytest.mark.parametrize(("include", "rule"), [
    ("ANY", lambda i: is_ios(i) or i % 5 == 1),
    ("NONE", lambda i: not is_ios(i) and i % 5 != 1),
])
def test_include_any_and_none(export: Path, include: str, rule: Callable[[int], bool]) -> None:
    segment = grouped(include, Group("ALL", "ANY", (IOS,)), Group("ALL", "ANY", (NORWAY,)))
    assert run(segment, export).matched == count(rule)


def test_group_type_all_and_none_over_blocks(export: Path) -> None:
    both = run(grouped("ALL", Group("ALL", "ANY", (IOS, NORWAY))), export)
    neither = run(grouped("ALL", Group("NONE", "ANY", (IOS, NORWAY))), export)
    assert both.matched == count(lambda i: is_ios(i) and i % 5 == 1)
    assert neither.matched == count(lambda i: not is_ios(i) and i % 5 != 1)


PROJECT = {
    "sms": grouped("ALL", Group("ALL", "ANY", (SMS,)), key="sms"),
    "norway": Segment(key="norway", name="norway", file="specs/b.yaml", line=1,
                      dimensions=NORWAY),
}


@pytest.mark.parametrize(("source_type", "rule"), [
    ("ANY", lambda i: (i % 4 == 1 or i % 5 == 1) and is_ios(i)),
    ("ALL", lambda i: i % 4 == 1 and i % 5 == 1 and is_ios(i)),
    ("NONE", lambda i: i % 4 != 1 and i % 5 != 1 and is_ios(i)),
])
def test_source_type_over_base_segments(export: Path, source_type: str,
                                        rule: Callable[[int], bool]) -> None:
    group = Group("ALL", source_type, (IOS,), (SourceRef(key="sms"), SourceRef(key="norway")))
    result = run(grouped("ALL", group), export, segments=PROJECT)
    assert result.matched == count(rule)
    assert result.diagnostics == ()


def test_base_segment_without_criteria_is_the_base(export: Path) -> None:
    group = Group("ALL", "ANY", (), (SourceRef(key="norway"),))
    assert run(grouped("ALL", group), export, segments=PROJECT).matched == count(
        lambda i: i % 5 == 1)


def test_nested_base_segments(export: Path) -> None:
    middle = grouped("ALL", Group("ALL", "ANY", (IOS,), (SourceRef(key="sms"),)), key="middle")
    top = grouped("ALL", Group("NONE", "ALL", (NORWAY,), (SourceRef(key="middle"),)))
    result = run(top, export, segments={**PROJECT, "middle": middle})
    assert result.matched == count(lambda i: i % 4 == 1 and is_ios(i) and i % 5 != 1)


def test_base_segment_by_id_is_a_notice_and_left_out(export: Path) -> None:
    group = Group("ALL", "ALL", (IOS,), (SourceRef(id="8d1f0c2e4b", version=3),
                                         SourceRef(key="norway")))
    result = run(grouped("ALL", group), export, segments=PROJECT)
    assert result.matched == count(lambda i: is_ios(i) and i % 5 == 1)
    [notice] = result.diagnostics
    assert (notice.code, notice.severity) == ("SG603", Severity.NOTICE)
    assert "8d1f0c2e4b" in notice.message


def test_cycle_and_unknown_base_are_left_out(export: Path) -> None:
    loop = grouped("ALL", Group("ALL", "ANY", (IOS,), (SourceRef(key="loop"),)), key="loop")
    result = run(loop, export, segments={"loop": loop})
    assert result.matched == count(is_ios)
    unknown = run(grouped("ALL", Group("ALL", "ANY", (), (SourceRef(key="ghost"),))), export)
    assert unknown.matched == N
    assert {d.code for d in (*result.diagnostics, *unknown.diagnostics)} == {"SG603"}


def test_imported_segment_is_a_notice(export: Path) -> None:
    segment = Segment(key="crm", name="CRM", file="specs/c.yaml", line=3,
                      imported=ImportSource("s3://b/crm/", "CSV", None))
    result = run(segment, export)
    assert (result.endpoints, result.matched) == (0, 0)
    assert [d.code for d in result.diagnostics] == ["SG605"]


def test_malformed_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    lines = FIXTURE.endpoint_lines(10)
    lines[2] = "{not json\n"
    lines[4] = "[1, 2]\n"
    lines[6] = "\n"
    path = tmp_path / "mixed.jsonl"
    path.write_bytes("".join(lines).encode() + b'"\xff"\n')
    result = run(where(), path)
    assert (result.endpoints, result.matched, result.skipped_lines) == (7, 7, 3)
    assert [(d.line, d.code) for d in result.diagnostics] == [
        (3, "SG601"), (5, "SG601"), (11, "SG601")]
    assert all(d.file == str(path) for d in result.diagnostics)


def test_gzip_export_is_detected_by_magic_bytes(export: Path, tmp_path: Path) -> None:
    packed = tmp_path / "endpoints.export"
    packed.write_bytes(gzip.compress(export.read_bytes()))
    segment = where(country=SetCriterion("INCLUSIVE", ("SE",)))
    assert run(segment, packed) == run(segment, export)


def test_progress_reports_bytes_read(export: Path) -> None:
    seen: list[int] = []
    run(where(), export, progress=seen.append)
    assert seen and seen == sorted(seen) and seen[-1] == export.stat().st_size


def test_unreadable_export_is_a_diagnostic(tmp_path: Path) -> None:
    result = run(where(), tmp_path / "missing.jsonl")
    assert [d.code for d in result.diagnostics] == ["SG604"]
    truncated = tmp_path / "cut.gz"
    truncated.write_bytes(gzip.compress(b"".join(
        line.encode() for line in FIXTURE.endpoint_lines(50)))[:-20])
    assert [d.code for d in run(where(), truncated).diagnostics] == ["SG604"]


def test_result_as_dict_is_json(export: Path) -> None:
    result = run(where(country=SetCriterion("INCLUSIVE", ("DE",))), export)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["as_of"] == "2024-01-01T00:00:00Z"
    assert data["matched"] == count(lambda i: i % 5 == 3)


def test_record_count_csv_and_json_lines(tmp_path: Path) -> None:
    csv_file = tmp_path / "crm.csv"
    csv_file.write_text('Id,Address\n1,"a@x.com"\n2,"multi\nline"\n3,c@x.com\n', "utf-8")
    assert record_count(csv_file).records == 3
    packed = tmp_path / "crm.csv.gz"
    packed.write_bytes(gzip.compress(csv_file.read_bytes()))
    assert record_count(packed).records == 3
    lines = tmp_path / "crm.json"
    lines.write_text("".join(FIXTURE.endpoint_lines(25)) + "\n", "utf-8")
    assert record_count(lines).records == 25
    assert record_count(lines, "JSON").diagnostics == ()
    missing = record_count(tmp_path / "none.csv")
    assert (missing.records, [d.code for d in missing.diagnostics]) == (0, ["SG604"])


def test_malformed_line_reports_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "noise.jsonl"
    path.write_text("".join(FIXTURE.endpoint_lines(5)) + "oops\n" * 150, "utf-8")
    result = run(where(), path)
    assert (result.endpoints, result.skipped_lines) == (5, 150)
    assert len(result.diagnostics) == 101
    assert result.diagnostics[-1].message == "50 more malformed lines skipped from line 106 on"


def test_overlong_line_is_skipped_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(estimate_module, "MAX_LINE_BYTES", 2000)
    lines = FIXTURE.endpoint_lines(4)
    lines[1] = json.dumps({"Id": "x" * 5000}) + "\n"
    path = tmp_path / "long.jsonl"
    path.write_text("".join(lines), "utf-8")
    result = run(where(), path)
    assert (result.endpoints, result.skipped_lines) == (3, 1)
    assert [(d.line, d.code) for d in result.diagnostics] == [(2, "SG601")]


SPEC = """segments:
  nordics:
    name: Nordics
    where:
      country: [NO, SE]
  ios-nordics:
    name: iOS in the Nordics
    groups:
      list:
        - base: [nordics]
          where:
            platform: [ios]
"""


@pytest.fixture
def specs(write_specs: SpecWriter) -> Path:
    return write_specs({"audiences.yaml": SPEC})


def invoke(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from segmentgen.cli import main

    outcome = CliRunner().invoke(main, ["estimate", *args])
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_cli_estimate_human_and_json(export: Path, specs: Path) -> None:
    code, out, err = invoke("ios-nordics", "--endpoints", str(export), "--specs", str(specs),
                            "--as-of", "2024-01-01")
    expected = count(lambda i: i % 5 in (1, 2) and is_ios(i))
    assert (code, err) == (0, "")
    assert f"matched: {expected}\n" in out and "group 1: " in out
    code, out, _ = invoke("nordics", "--endpoints", str(export), "--specs", str(specs),
                          "--format", "json")
    data = json.loads(out)
    assert (code, data["matched"], data["exit_code"]) == (0, count(lambda i: i % 5 in (1, 2)), 0)


def test_cli_estimate_exit_codes(export: Path, specs: Path, tmp_path: Path) -> None:
    code, out, err = invoke("ghost", "--endpoints", str(export), "--specs", str(specs))
    assert (code, out) == (3, "") and "SG702" in err
    assert invoke("nordics", "--endpoints", str(export), "--specs", str(specs),
                  "--as-of", "last week")[0] == 2
    code, _, err = invoke("nordics", "--endpoints", str(tmp_path / "none.jsonl"),
                          "--specs", str(specs))
    assert code == 3 and "SG604" in err
