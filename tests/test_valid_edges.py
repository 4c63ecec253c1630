"""Valid specs at the edges of the language: they must load without a diagnostic and give
the model values shown (YAML 1.2 scalars, dates, GPS bounds, line endings, encodings)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build, load_project
from segmentgen.core import model


def _project(tmp_path: Path, text: str | bytes, name: str = "a.yaml") -> model.Project:
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    (specs / name).write_bytes(raw)
    project, diagnostics, _ = load_project(specs)
    assert diagnostics == [], "\n".join(d.render() for d in diagnostics)
    assert project is not None
    return project


def _dimensions(project: model.Project, key: str = "s") -> model.Dimensions:
    dimensions = project.by_key()[key].dimensions
    assert dimensions is not None
    return dimensions


def _attribute(project: model.Project, name: str) -> model.AttributeCriterion:
    return next(a for a in _dimensions(project).attributes if a.name == name)


def test_norway_and_yaml11_booleans_stay_strings(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
segments:
  s:
    name: Norway
    where:
      country: [NO, SE]
      attributes:
        newsletter: [yes, no, on, off, Y, N]
        signup: {on: 2024-01-01}
""")
    dimensions = _dimensions(project)
    assert dimensions.country == model.SetCriterion("INCLUSIVE", ("NO", "SE"))
    assert _attribute(project, "newsletter").values == ("yes", "no", "on", "off", "Y", "N")
    assert _attribute(project, "signup") == model.AttributeCriterion(
        "signup", "ON", ("2024-01-01T00:00:00Z",))


def test_native_on_and_no_unquoted(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
segments:
  s:
    name: Native Norway
    dimensions:
      Attributes:
        signup: {AttributeType: ON, Values: [2024-01-01]}
      Location:
        Country: {DimensionType: EXCLUSIVE, Values: [NO]}
""")
    dimensions = _dimensions(project)
    assert dimensions.attributes[0].type == "ON"
    assert dimensions.country == model.SetCriterion("EXCLUSIVE", ("NO",))


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("2023-11-01", "2023-11-01T00:00:00Z"),
        ("2023-11-01T12:00:00Z", "2023-11-01T12:00:00Z"),
        ("2023-11-01T12:00:00", "2023-11-01T12:00:00Z"),
        ("2023-11-01T12:00:00+01:00", "2023-11-01T11:00:00Z"),
        ("2023-11-01T00:30:00+02:00", "2023-10-31T22:30:00Z"),
        ("2023-11-01T20:00:00-05:00", "2023-11-02T01:00:00Z"),
        ("2023-11-01T12:00:00.250Z", "2023-11-01T12:00:00.250Z"),
        ("0001-01-01T00:30:00-01:00", "0001-01-01T01:30:00Z"),
        ("0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:30:00+01:00", "9999-12-31T22:30:00Z"),
        ("9999-12-31T22:59:59-01:00", "9999-12-31T23:59:59Z"),
    ],
)
def test_dates_are_normalised_to_utc_instants(tmp_path: Path, written: str, normal: str) -> None:
    project = _project(tmp_path, f"""\
segments:
  s:
    name: Dates
    where:
      attributes:
        since: {{after: "{written}"}}
""")
    assert _attribute(project, "since").values == (normal,)


def test_between_on_dates_with_offsets(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
segments:
  s:
    name: Between
    where:
      attributes:
        purchase: {between: [2024-01-01, "2024-03-31T23:59:59+02:00"]}
        window: {between: ["2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z"]}
""")
    assert _attribute(project, "purchase") == model.AttributeCriterion(
        "purchase", "BETWEEN", ("2024-01-01T00:00:00Z", "2024-03-31T21:59:59Z"))
    assert _attribute(project, "window").type == "BETWEEN"


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(90, 0), (-90, 0), (0, 180), (0, -180), (89.999, 179.999), (-90.0, -180.0)],
)
def test_gps_at_the_poles_and_the_antimeridian(tmp_path: Path, latitude: float,
                                               longitude: float) -> None:
    project = _project(tmp_path, f"""\
segments:
  s:
    name: Edge of the map
    where:
      near: {{latitude: {latitude}, longitude: {longitude}, within_km: 0.5}}
""")
    assert _dimensions(project).gps == model.GPSPoint(float(latitude), float(longitude), 0.5)


def test_native_gps_at_the_antimeridian(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
segments:
  s:
    name: Fiji
    dimensions:
      Location:
        GPSPoint: {Coordinates: {Latitude: -17.7, Longitude: 180}, RangeInKilometers: 100}
""")
    assert _dimensions(project).gps == model.GPSPoint(-17.7, 180.0, 100.0)


SPEC = """\
segments:
  s:
    name: Vinterkunder i Tromsø ❄
    description: Kunder som har kjøpt siden november
    tags: {avdeling: salg, område: nord}
    where:
      attributes:
        kundetype: [ny, tilbakevendende, 常客]
        fødselsdato: {before: 2000-01-01}
      country: [NO]
"""


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["lf", "crlf", "bom", "bom-crlf"],
)
def test_line_endings_bom_and_unicode(tmp_path: Path, encode: object) -> None:
    project = _project(tmp_path, encode(SPEC))  # type: ignore[operator]
    segment = project.by_key()["s"]
    assert segment.name == "Vinterkunder i Tromsø ❄"
    assert dict(segment.tags) == {"avdeling": "salg", "område": "nord"}
    names = {a.name: a.values for a in _dimensions(project).attributes}
    assert names == {"kundetype": ("ny", "tilbakevendende", "常客"),
                     "fødselsdato": ("2000-01-01T00:00:00Z",)}


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_positions_do_not_move_with_crlf_or_bom(tmp_path: Path, prefix: bytes) -> None:
    text = "segments:\r\n  s:\r\n    name: S\r\n    where: {country: [USA]}\r\n"
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_bytes(prefix + text.encode("utf-8"))
    _, diagnostics, _ = load_project(specs)
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("SG210", 4, 23)]


def test_unicode_names_compile_unescaped(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _project(tmp_path, SPEC)
    result = build(BuildOptions(tmp_path / "specs", tmp_path / "out", lint=False))
    assert result.ok, "\n".join(d.render() for d in result.diagnostics)
    text = result.files["a.json"].decode("utf-8")
    assert "Vinterkunder i Tromsø ❄" in text
    template = json.loads(text)
    resource = next(iter(template["Resources"].values()))
    dimensions = resource["Properties"]["Dimensions"]
    assert dimensions["Location"]["Country"]["Values"] == ["NO"]
    assert dimensions["Attributes"]["fødselsdato"] == {
        "AttributeType": "BEFORE", "Values": ["2000-01-01T00:00:00Z"]}


def test_numbers_at_the_ends_of_their_range(tmp_path: Path) -> None:
    largest = int(sys.float_info.max)  # a whole number of 309 digits that a float still holds
    project = _project(tmp_path, f"""\
segments:
  s:
    name: Extremes
    groups:
      list:
        - base: [{{id: 8d1f0c2e4b7a4e6f9c3d2b1a0f9e8d7c, version: 2147483647}}]
          where: {{metrics: {{score: {{"<": {largest}}}, tiny: {{">": 5e-324}}}}}}
""")
    groups = project.by_key()["s"].groups
    assert groups is not None
    assert groups.groups[0].sources[0].version == 2**31 - 1
    metrics = {m.name: m.value for m in groups.groups[0].dimensions[0].metrics}
    assert metrics == {"score": sys.float_info.max, "tiny": 5e-324}


def test_lookalike_names_that_are_unique_keep_their_spelling(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
segments:
  s:
    name: "Winter\u00a0Sale"
    where: {country: [NO]}
  t:
    name: "Caf\u00e9 Regulars"
    where: {country: [SE]}
""")
    assert project.by_key()["s"].name == "Winter\u00a0Sale"
    assert project.by_key()["t"].name == "Caf\u00e9 Regulars"


def test_anchors_and_aliases_are_plain_copies(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
segments:
  s:
    name: S
    tags: &tags {team: growth}
    where: &where {country: [NO], active: 30d}
  t:
    name: T
    tags: *tags
    where: *where
""")
    s, t = project.by_key()["s"], project.by_key()["t"]
    assert s.tags == t.tags == (("team", "growth"),)
    assert s.dimensions == t.dimensions and s.dimensions is not None
