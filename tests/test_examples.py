"""``examples:`` and ``segmentgen test``: each example is checked with the Python evaluator
and a failure is an SG607 error at the example, naming the criterion that decided."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from segmentgen.cli import main

CASES = Path(__file__).parent / "cases"

SPEC = """\
segments:
  base-a:
    name: Base A
    where: {country: [US]}
  pro:
    name: Pro
    where:
      attributes: {plan: [pro]}
      metrics: {visits: {">": 10}}
      active: 30d
    examples:
      as_of: "2024-06-01T00:00:00Z"
      match:
        - {Attributes: {plan: [pro]}, Metrics: {visits: 11}, EffectiveDate: "2024-05-20T00:00:00Z"}
      no_match:
        - {Attributes: {plan: [free]}}
  grouped:
    name: Grouped
    groups:
      list:
        - base: [base-a]
          where: {attributes: {plan: [pro]}}
    examples:
      match:
        - {Location: {Country: US}, Attributes: {plan: [pro]}}
"""


def _run(tmp_path: Path, spec: str, *args: str) -> Result:
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / "a.yaml").write_text(spec, encoding="utf-8")
    return CliRunner().invoke(main, ["test", "--specs", str(specs), *args])


def _replace(old: str, new: str) -> str:
    assert SPEC.count(old) == 1
    return SPEC.replace(old, new)


def test_examples_that_hold_exit_0_with_a_summary(tmp_path: Path) -> None:
    result = _run(tmp_path, SPEC)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "segmentgen: 3 examples checked, 0 failed"
    assert result.stdout == ""


def test_a_match_example_that_fails_names_its_first_failing_criterion(tmp_path: Path) -> None:
    spec = _replace("{Attributes: {plan: [pro]}, Metrics: {visits: 11}",
                    "{Attributes: {plan: [pro]}, Metrics: {visits: 3}")
    result = _run(tmp_path, spec)
    assert result.exit_code == 3
    line = spec.splitlines().index(next(x for x in spec.splitlines() if "visits: 3" in x)) + 1
    assert f"a.yaml:{line}:11: error SG607 endpoint listed under match: does not match " \
           "segment pro: 'metric visits > 10' does not hold" in result.stderr
    assert "segmentgen: 3 examples checked, 1 failed" in result.stderr


def test_a_no_match_example_that_matches_names_the_criteria_it_meets(tmp_path: Path) -> None:
    spec = _replace("- {Attributes: {plan: [free]}}",
                    "- {Attributes: {plan: [pro]}, Metrics: {visits: 12}, "
                    "EffectiveDate: '2024-05-31T00:00:00Z'}")
    result = _run(tmp_path, spec, "--format", "json")
    assert result.exit_code == 3
    [found] = json.loads(result.stdout)["diagnostics"]
    assert (found["code"], found["line"], found["col"]) == ("SG607", 16, 11)
    assert found["message"] == (
        "endpoint listed under no_match: matches segment pro: 'attribute plan is pro', "
        "'metric visits > 10', 'active in the last 30 days' hold")


def test_a_base_segment_that_decides_is_named(tmp_path: Path) -> None:
    spec = _replace("{Location: {Country: US}, Attributes", "{Location: {Country: CA}, Attributes")
    result = _run(tmp_path, spec)
    assert result.exit_code == 3
    assert "segment grouped: 'group 1: base segment base-a' does not hold" in result.stderr


@pytest.mark.parametrize(("as_of", "code"), [("2024-06-01T00:00:00Z", 0),
                                             ("2024-08-01T00:00:00Z", 3)])
def test_as_of_is_the_instant_recency_is_judged_at(tmp_path: Path, as_of: str,
                                                   code: int) -> None:
    result = _run(tmp_path, SPEC.replace("2024-06-01T00:00:00Z", as_of))
    assert result.exit_code == code, result.stderr
    assert ("'active in the last 30 days' does not hold" in result.stderr) == (code == 3)


def test_keys_choose_the_segments_checked(tmp_path: Path) -> None:
    spec = _replace("{Location: {Country: US}, Attributes", "{Location: {Country: CA}, Attributes")
    result = _run(tmp_path, spec, "pro")
    assert result.exit_code == 0, result.stderr
    assert "segmentgen: 2 examples checked, 0 failed" in result.stderr


def test_an_unknown_key_is_sg702(tmp_path: Path) -> None:
    result = _run(tmp_path, SPEC, "prox")
    assert result.exit_code == 3
    assert "SG702 no segment 'prox'" in result.stderr
    assert "did you mean 'pro'?" in result.stderr


def test_an_invalid_example_is_a_shape_error_not_a_traceback(tmp_path: Path) -> None:
    result = _run(tmp_path, _replace("Metrics: {visits: 11}", "Metrics: {visits: eleven}"))
    assert result.exit_code == 3
    assert "error SG203 expected a number, found a string" in result.stderr
    assert "1 example checked, 0 failed; 1 other error" in result.stderr


def test_an_imported_segment_s_examples_are_reported_not_checked(tmp_path: Path) -> None:
    spec = ("segments:\n  crm:\n    name: CRM\n    import: {s3: 's3://b/p/', format: csv, "
            "role: create}\n    examples:\n      match: [{}]\n")
    result = _run(tmp_path, spec, "--format", "github")
    assert result.exit_code == 0
    assert "::warning file=" in result.stdout and "title=SG605::" in result.stdout


def test_examples_never_reach_the_templates() -> None:
    """The golden case with examples builds exactly what the same specs without build."""
    with_examples, without = CASES / "build-examples", CASES / "build-groups"
    files = sorted(p.relative_to(without / "expected")
                   for p in (without / "expected").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(with_examples / "expected")
                           for p in (with_examples / "expected").rglob("*") if p.is_file())
    for name in files:
        assert (with_examples / "expected" / name).read_bytes() == \
            (without / "expected" / name).read_bytes()
    assert "examples:" in (with_examples / "specs" / "groups.yaml").read_text("utf-8")


def test_the_golden_case_s_examples_hold() -> None:
    specs = CASES / "build-examples" / "specs"
    result = CliRunner().invoke(main, ["test", "--specs", str(specs)])
    assert result.exit_code == 0, result.stderr
    assert "9 examples checked, 0 failed" in result.stderr
