"""The JSON Schema of the spec language accepts every valid spec and rejects invalid ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from segmentgen.api import SETTINGS_FILE, find_specs, load_project
from segmentgen.cli import main
from segmentgen.core.diagnostics import Severity
from segmentgen.load.document import load_text
from segmentgen.validate.editor_schema import settings_schema, spec_schema

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
SPEC_DIRS = [ROOT / "specs", *sorted([*CASES.glob("*/specs"), *CASES.glob("*/*/specs")])]


def _spec_files() -> list[Path]:
    return [path for folder in SPEC_DIRS for path in find_specs(folder)[0]]


def _settings_files() -> list[Path]:
    return [folder / SETTINGS_FILE for folder in SPEC_DIRS if (folder / SETTINGS_FILE).is_file()]


def _load(path: Path) -> object:
    loaded, problems = load_text(path.read_text("utf-8"), path.name)
    assert loaded is not None, problems
    return loaded.data


def _schema_errors(schema: dict[str, object], data: object) -> list[str]:
    validator = Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def _validator_errors(folder: Path) -> set[str]:
    _, diagnostics, _ = load_project(folder)
    return {Path(d.file).name for d in diagnostics if d.severity is Severity.ERROR}


def test_schemas_are_valid_draft_2020_12() -> None:
    for schema in (spec_schema(), settings_schema()):
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_there_are_specs_to_check() -> None:
    assert len(_spec_files()) >= 5


@pytest.mark.parametrize("path", _spec_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_valid_spec_validates(path: Path) -> None:
    folder = next(f for f in SPEC_DIRS if path.is_relative_to(f))
    if path.name in _validator_errors(folder):
        pytest.skip("the validator rejects this spec")
    assert _schema_errors(spec_schema(), _load(path)) == []


@pytest.mark.parametrize("path", _settings_files(),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_settings_file_validates(path: Path) -> None:
    assert _schema_errors(settings_schema(), _load(path)) == []


VALID = """
segments:
  winter-sale:
    name: Winter Sale
    where:
      attributes:
        lastPurchaseDate: {after: 2023-11-01}
        plan: {not: [free]}
      metrics: {score: {">": 75}}
      active: 30D
      country: [NO, SE]
      near: {latitude: 59.9, longitude: 10.7, within_km: 25}
  lapsed:
    name: Lapsed
    groups:
      combine: ANY
      list:
        - base: [winter-sale, {id: abc, version: 3}]
          where: [{inactive: 7d}]
"""

INVALID = {
    "unknown segment key": "segments:\n  a:\n    name: A\n    colour: red\n"
                           "    where: {active: 7d}\n",
    "missing name": "segments:\n  a:\n    where: {active: 7d}\n",
    "no criteria form": "segments:\n  a:\n    name: A\n",
    "two criteria forms": "segments:\n  a:\n    name: A\n    where: {active: 7d}\n"
                          "    import: {s3: 's3://b/p/', format: csv, role: create}\n",
    "bad segment key": "segments:\n  -bad:\n    name: A\n    where: {active: 7d}\n",
    "unknown duration": "segments:\n  a:\n    name: A\n    where: {active: 3d}\n",
    "two metric operators": "segments:\n  a:\n    name: A\n    where:\n"
                            "      metrics: {s: {'>': 1, '<': 5}}\n",
    "metric value as string": "segments:\n  a:\n    name: A\n    where:\n"
                              "      metrics: {s: {'>': '1'}}\n",
    "native metric as set": "segments:\n  a:\n    name: A\n    dimensions:\n      Metrics:\n"
                            "        s: {DimensionType: INCLUSIVE, Values: ['1']}\n",
    "native enum in lower case": "segments:\n  a:\n    name: A\n    dimensions:\n"
                                 "      Behavior: {Recency: {Duration: day_7, "
                                 "RecencyType: ACTIVE}}\n",
    "group dimensions as a mapping": "segments:\n  a:\n    name: A\n    segment_groups:\n"
                                     "      Groups:\n        - Dimensions: {Attributes: {}}\n",
    "top-level key besides segments": "segments: {}\nversion: 2\n",
    "gps without range": "segments:\n  a:\n    name: A\n    where:\n"
                         "      near: {latitude: 1, longitude: 2}\n",
}


def test_representative_valid_spec() -> None:
    loaded, _ = load_text(VALID, "valid.yaml")
    assert loaded is not None
    assert _schema_errors(spec_schema(), loaded.data) == []


@pytest.mark.parametrize("text", INVALID.values(), ids=list(INVALID))
def test_invalid_specs_are_rejected(text: str, tmp_path: Path) -> None:
    loaded, _ = load_text(text, "bad.yaml")
    assert loaded is not None
    assert _schema_errors(spec_schema(), loaded.data) != []
    (tmp_path / "bad.yaml").write_text(text, "utf-8")
    assert _validator_errors(tmp_path) == {"bad.yaml"}, "schema and validator disagree"


def test_settings_schema_rejects_unknown_target() -> None:
    assert _schema_errors(settings_schema(), {"target": "sns"}) != []
    assert _schema_errors(settings_schema(), {"target": "customer-profiles",
                                              "output": "YAML"}) == []


def test_cli_prints_both_schemas() -> None:
    runner = CliRunner()
    spec = runner.invoke(main, ["schema"])
    settings = runner.invoke(main, ["schema", "--settings"])
    assert spec.exit_code == 0 and settings.exit_code == 0
    assert json.loads(spec.output) == spec_schema()
    assert json.loads(settings.output) == settings_schema()
