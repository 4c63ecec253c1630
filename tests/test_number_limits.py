"""Numbers past what a field can hold are positioned diagnostics, never a traceback: a whole
number of hundreds of digits wherever a spec or the settings can hold one, through
validation and both compilers."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Diagnostic

SEGMENT_ID = "8d1f0c2e4b7a4e6f9c3d2b1a0f9e8d7c"  # written like an id Pinpoint issues
BIG = "9" * 400  # a whole number past a float's range (about 1.8e308)

# (where, spec text holding BIG once, expected code). The expected position is BIG's.
FIELDS = [
    ("metric", "where: {metrics: {score: {'>': BIG}}}", "SG212"),
    ("negative metric", "where: {metrics: {score: {'<': -BIG}}}", "SG212"),
    ("native metric", "dimensions: {Metrics: {score: {ComparisonOperator: EQUAL, Value: BIG}}}",
     "SG212"),
    ("latitude", "where: {near: {latitude: BIG, longitude: 1, within_km: 5}}", "SG212"),
    ("longitude", "where: {near: {latitude: 1, longitude: -BIG, within_km: 5}}", "SG212"),
    ("within_km", "where: {near: {latitude: 1, longitude: 1, within_km: BIG}}", "SG212"),
    ("native range", "dimensions: {Location: {GPSPoint: {Coordinates: {Latitude: 1, "
     "Longitude: 2}, RangeInKilometers: BIG}}}", "SG212"),
    ("base version", "groups: {list: [{base: [{id: " + SEGMENT_ID + ", version: BIG}]}]}",
     "SG212"),
    ("native version", "segment_groups: {Groups: [{SourceSegments: [{Id: " + SEGMENT_ID
     + ", Version: BIG}]}]}", "SG212"),
    ("tag value", "tags: {team: BIG}\n    where: {country: [NO]}", "SG203"),
    ("attribute value", "where: {attributes: {plan: [BIG]}}", "SG203"),
    ("country", "where: {country: [BIG]}", "SG203"),
    ("application", "application: BIG\n    where: {country: [NO]}", "SG203"),
    ("description", "description: BIG\n    where: {country: [NO]}", "SG203"),
    ("retain", "retain: BIG\n    where: {country: [NO]}", "SG203"),
]


def _spec(body: str) -> str:
    return f"segments:\n  s:\n    name: S\n    {body.replace('BIG', BIG)}\n"


def _build(tmp_path: Path, text: str, target: str) -> list[Diagnostic]:
    specs = tmp_path / target / "specs"
    specs.mkdir(parents=True)
    (specs / "a.yaml").write_text(text, "utf-8")
    result = build(BuildOptions(specs, tmp_path / target / "out", mode="check", lint=False,
                                target=target))
    assert not (tmp_path / target / "out").exists()
    return [d for d in result.diagnostics if d.code != "SG501"]


def _position(text: str) -> tuple[int, int]:
    index = text.index(BIG)
    index -= text[index - 1] == "-"
    before = text[:index]
    return before.count("\n") + 1, index - before.rfind("\n")


@pytest.mark.parametrize("target", ["pinpoint", "customer-profiles"])
@pytest.mark.parametrize(("body", "code"), [f[1:] for f in FIELDS], ids=[f[0] for f in FIELDS])
def test_huge_whole_number_is_one_positioned_diagnostic(tmp_path: Path, body: str, code: str,
                                                        target: str) -> None:
    text = _spec(body)
    found = _build(tmp_path, text, target)
    assert [(d.code, d.line, d.col) for d in found] == [(code, *_position(text))]
    assert found[0].hint
    if code == "SG212":
        assert "(400 digits) is too large" in found[0].message


def test_huge_number_in_the_settings_is_positioned(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(_spec("where: {country: [NO]}"), "utf-8")
    settings = f"tags: {{team: {BIG}}}\nparameters: {{Id: {BIG}}}\n"
    (specs / "segmentgen.yaml").write_text(settings, "utf-8")
    result = build(BuildOptions(specs, tmp_path / "out", mode="check", lint=False))
    errors = [d for d in result.diagnostics if d.code != "SG501"]
    assert errors and all(d.file.endswith("segmentgen.yaml") for d in errors)
    assert {(d.line, d.col) for d in errors} == {(1, 14), (2, 18)}


@pytest.mark.parametrize(("written", "code"), [
    ("2147483647", None),
    ("2147483648", "SG212"),
    ("-2147483649", "SG212"),
])
def test_versions_are_32_bit(tmp_path: Path, written: str, code: str | None) -> None:
    text = _spec(f"groups: {{list: [{{base: [{{id: {SEGMENT_ID}, version: {written}}}]}}]}}")
    found = _build(tmp_path, text, "pinpoint")
    assert [d.code for d in found] == ([code] if code else [])


def test_largest_float_is_a_valid_metric(tmp_path: Path) -> None:
    largest = str(int(1.7976931348623157e308))
    text = _spec(f"where: {{metrics: {{score: {{'<': {largest}}}}}}}")
    assert _build(tmp_path, text, "pinpoint") == []
