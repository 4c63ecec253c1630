"""Calculated attributes as code: ``calculated_attributes:`` in segmentgen.yaml becomes a domain
stack per environment, the segment stacks that name one deploy after it in every deploy
artifact, references to undefined ones are SG238, and what is generated passes cfn-lint and
botocore's validation of CreateCalculatedAttributeDefinition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from segmentgen.api import BuildOptions, build, load_project
from segmentgen.validate.calculated_schema import api_enum, resource_schema, statistics

CASE = Path(__file__).parent / "cases" / "build-calculated-attributes"
SETTINGS = """artifacts: [parameters, sceptre, terraform]
calculated_attributes:
  lifetime_spend: {attributes: [Order.total], statistic: SUM}
  churn_score: {external: true}
environments:
  prod: {domain: crm-prod}
"""
USES = """segments:
  big:
    target: customer-profiles
    name: Big
    where:
      calculated:
        lifetime_spend: {">": 500}
"""
EXTERNAL_ONLY = """segments:
  churning:
    target: customer-profiles
    name: Churning
    where:
      calculated:
        churn_score: {">": 0.5}
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    specs = root / "specs"
    specs.mkdir(exist_ok=True)
    for name, text in files.items():
        (specs / name).write_text(text, "utf-8")
    return specs


def _built(root: Path, files: dict[str, str]) -> dict[str, Any]:
    specs = _write(root, files)
    result = build(BuildOptions(specs, root / "out", lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    return json.loads((root / "out" / "manifest.json").read_text())  # type: ignore[no-any-return]


def test_segment_stacks_naming_one_deploy_after_the_domain_stack(tmp_path: Path) -> None:
    manifest = _built(tmp_path, {"segmentgen.yaml": SETTINGS, "uses.yaml": USES,
                                 "external.yaml": EXTERNAL_ONLY})
    stacks = {stack["name"]: stack for stack in manifest["stacks"]}
    order = [stack["name"] for stack in manifest["stacks"]]
    domain = "prod-segmentgen-calculated-attributes"
    assert stacks[domain]["template"] == "prod/segmentgen-calculated-attributes.json"
    assert stacks[domain]["spec"] == "segmentgen.yaml"
    assert stacks["prod-uses"]["depends_on"] == [domain]
    assert order.index(domain) < order.index("prod-uses")
    # An external attribute lives outside the project: nothing to wait for.
    assert stacks["prod-external"]["depends_on"] == []
    sceptre = yaml.safe_load((tmp_path / "out/sceptre/config/prod/uses.yaml").read_text())
    assert sceptre["dependencies"] == ["prod/segmentgen-calculated-attributes.yaml"]
    terraform = (tmp_path / "out/prod/uses.tf").read_text()
    assert "aws_cloudformation_stack.prod_segmentgen_calculated_attributes" in terraform
    assert "depends_on" not in (tmp_path / "out/prod/external.tf").read_text()


def test_pinpoint_form_segments_mapped_to_one_deploy_after_it(tmp_path: Path) -> None:
    settings = SETTINGS.replace("environments:", "attribute_map: {metrics.spend: "
                                "CalculatedAttributes.lifetime_spend}\nenvironments:")
    settings = settings.replace("prod: {domain: crm-prod}",
                                "prod: {domain: crm-prod, target: customer-profiles}\n"
                                "  legacy: {}")
    mapped = "segments:\n  spenders:\n    name: Spenders\n" \
             "    where: {metrics: {spend: {'>': 500}}}\n"
    unmapped = "segments:\n  visitors:\n    name: Visitors\n" \
               "    where: {metrics: {visits: {'>': 5}}}\n"
    manifest = _built(tmp_path, {"segmentgen.yaml": settings, "mapped.yaml": mapped,
                                 "unmapped.yaml": unmapped})
    depends = {stack["name"]: stack["depends_on"] for stack in manifest["stacks"]}
    assert depends["prod-mapped"] == ["prod-segmentgen-calculated-attributes"]
    assert depends["prod-unmapped"] == []
    # On Pinpoint the criterion stays a metric: nothing to wait for.
    assert depends["legacy-mapped"] == []


def test_the_domain_stack_holds_only_defined_attributes(tmp_path: Path) -> None:
    _built(tmp_path, {"segmentgen.yaml": SETTINGS, "uses.yaml": USES})
    template = json.loads(
        (tmp_path / "out/prod/segmentgen-calculated-attributes.json").read_text())
    resources = template["Resources"]
    assert list(resources) == ["LifetimeSpendCalculatedAttribute"]
    properties = resources["LifetimeSpendCalculatedAttribute"]["Properties"]
    assert properties["DomainName"] == "crm-prod"
    assert properties["AttributeDetails"]["Expression"] == "{Order.total}"


def test_no_domain_stack_without_defined_attributes(tmp_path: Path) -> None:
    settings = "calculated_attributes:\n  churn_score: {external: true}\n"
    manifest = _built(tmp_path, {"segmentgen.yaml": settings, "external.yaml": EXTERNAL_ONLY})
    assert [stack["name"] for stack in manifest["stacks"]] == ["external"]


def test_a_spec_file_in_the_domain_stack_s_place_is_sg401(tmp_path: Path) -> None:
    settings = "calculated_attributes:\n  lifetime_spend: {attributes: [Order.total], " \
               "statistic: SUM}\n"
    specs = _write(tmp_path, {"segmentgen.yaml": settings,
                              "segmentgen-calculated-attributes.yaml": USES})
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert any(d.code == "SG401" and "calculated attributes stack" in d.message
               for d in result.diagnostics), [d.render() for d in result.diagnostics]


@pytest.mark.parametrize(("spec", "line", "col", "guess"), [
    (USES.replace("lifetime_spend", "lifetime_spnd"), 7, 9, "lifetime_spend"),
    ("segments:\n  sorted:\n    target: customer-profiles\n    name: Sorted\n"
     "    where: {attributes: {tier: [gold]}}\n"
     "    sort:\n      Attributes: [{Name: churn_scor, Order: DESC, Type: CALCULATED}]\n",
     7, 27, "churn_score"),
    ("segments:\n  native:\n    target: customer-profiles\n    name: Native\n"
     "    segment_groups:\n      Groups:\n        - Dimensions:\n"
     "            - CalculatedAttributes:\n"
     "                spend: {DimensionType: GREATER_THAN, Values: ['5']}\n",
     9, 17, None),
])
def test_a_name_the_settings_do_not_know_is_sg238(tmp_path: Path, spec: str, line: int,
                                                  col: int, guess: str | None) -> None:
    specs = _write(tmp_path, {"segmentgen.yaml": SETTINGS, "a.yaml": spec})
    _, diagnostics, _ = load_project(specs)
    found = [d for d in diagnostics if d.code == "SG238"]
    assert [(Path(d.file).name, d.line, d.col) for d in found] == [("a.yaml", line, col)], [
        d.render() for d in diagnostics]
    assert found[0].hint is not None
    assert (f"did you mean {guess!r}?" in found[0].hint) == (guess is not None)
    assert "external: true" in found[0].hint


def test_known_names_are_no_finding_and_sort_by_profile_attributes_is_not_a_reference(
        tmp_path: Path) -> None:
    sort = ("segments:\n  sorted:\n    target: customer-profiles\n    name: Sorted\n"
            "    where: {calculated: {churn_score: {'>': 0.5}}}\n"
            "    sort:\n      Attributes: [{Name: LastName, Order: ASC}]\n")
    specs = _write(tmp_path, {"segmentgen.yaml": SETTINGS, "a.yaml": USES, "b.yaml": sort})
    project, diagnostics, _ = load_project(specs)
    assert [d.render() for d in diagnostics] == []
    assert project is not None and len(project.segments) == 2


def test_the_statistics_are_the_resource_schema_s() -> None:
    import cfnlint

    root = Path(str(cfnlint.__file__)).parent / "data" / "schemas"
    digest = json.loads((root / "providers" / "us-east-1.json").read_text())[
        "AWS::CustomerProfiles::CalculatedAttributeDefinition"]
    schema = json.loads((root / "resources" / f"{digest}.json").read_text())
    assert statistics() == tuple(schema["definitions"]["Statistic"]["enum"])
    assert resource_schema()["typeName"] == schema["typeName"]
    # The API's enum is read too, so a value only the API takes is named as such.
    import botocore.session  # type: ignore[import-untyped]

    model = botocore.session.get_session().get_service_model("customer-profiles")
    assert api_enum("Statistic") == tuple(model.shape_for("Statistic").enum)


def _requests() -> list[dict[str, Any]]:
    """The golden case's calculated attributes as CreateCalculatedAttributeDefinition
    requests: the literal domain of dev, tags as the API's map."""
    template = json.loads(
        (CASE / "expected/dev/segmentgen-calculated-attributes.json").read_text())
    requests = []
    for resource in template["Resources"].values():
        request = dict(resource["Properties"])
        request["Tags"] = {tag["Key"]: tag["Value"] for tag in request.get("Tags", [])}
        requests.append(request)
    assert len(requests) == 3
    return requests


def _walk(value: Any, shape: Any, where: str) -> list[str]:
    """The model's enums, patterns and lengths, which parameter validation leaves out."""
    import re

    problems = []
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            if name in value:
                problems += _walk(value[name], member, f"{where}.{name}")
    elif shape.type_name == "list":
        for index, item in enumerate(value):
            problems += _walk(item, shape.member, f"{where}[{index}]")
    elif shape.type_name == "map":
        for key, item in value.items():
            problems += _walk(key, shape.key, f"{where} key") + _walk(item, shape.value, where)
    elif shape.type_name == "string":
        meta = shape.metadata
        if shape.enum and value not in shape.enum:
            problems.append(f"{where}: {value!r} not in {shape.enum}")
        if "pattern" in meta and not re.search(meta["pattern"], value):
            problems.append(f"{where}: {value!r} does not match {meta['pattern']}")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{where}: longer than {meta['max']}")
    elif shape.type_name == "integer" and value > shape.metadata.get("max", value):
        problems.append(f"{where}: over {shape.metadata['max']}")
    return problems


def test_the_generated_definitions_are_valid_api_requests() -> None:
    import botocore.session
    from botocore.validate import ParamValidator  # type: ignore[import-untyped]

    model = botocore.session.get_session().get_service_model("customer-profiles")
    shape = model.operation_model("CreateCalculatedAttributeDefinition").input_shape
    for request in _requests():
        report = ParamValidator().validate(request, shape)
        assert not report.has_errors(), report.generate_report()
        assert _walk(request, shape, "request") == []


def test_the_golden_templates_pass_cfn_lint(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASE)
    result = build(BuildOptions(Path("specs"), tmp_path / "out", lint=True))
    linted = [d.render() for d in result.diagnostics if d.code.startswith("cfn-lint")]
    assert result.ok and linted == [], linted


@pytest.mark.parametrize(("properties", "path"), [
    ({"CalculatedAttributeName": "spend\n"}, ()),
    ({"DisplayName": "9 lives"}, ("display_name",)),
    ({"CalculatedAttributeName": "9lives"}, ()),
    ({"AttributeDetails": {"Attributes": [{"Name": "Order total"}], "Expression": "x"}},
     ("attributes", 0)),
    ({"Conditions": {"Range": {"Unit": "WEEKS", "ValueRange": {"Start": 2**31, "End": 0}}}},
     ("conditions", "range", "unit")),
])
def test_the_schema_walk_finds_each_refused_value_at_its_settings_key(
        properties: dict[str, Any], path: tuple[Any, ...]) -> None:
    from segmentgen.validate.calculated_schema import schema_findings

    where = ("calculated_attributes", "x")
    found = list(schema_findings(properties, where))
    assert found and all(f.code == "SG237" for f in found)
    assert found[0].path == (*where, *path)


def test_a_valid_definition_has_no_schema_finding() -> None:
    from segmentgen.validate.calculated_schema import schema_findings

    for request in _requests():
        properties = {key: value for key, value in request.items() if key != "Tags"}
        assert list(schema_findings(properties, ("calculated_attributes", "x"))) == []


def _proposed_entry(hint: str) -> str:
    """The ``calculated_attributes: {...}`` entry a migrate hint proposes, as written."""
    start = hint.index("calculated_attributes: ")
    return hint[start:hint.index("; then", start)]


def _recency(state: str, duration: str) -> str:
    from segmentgen.migrate.proposals import recency_hint

    return recency_hint(f"recency ({state}, {duration})")


def _metric() -> str:
    from segmentgen.compile.customer_profiles_map import CarriedCriterion
    from segmentgen.migrate.proposals import metric_proposal

    item = CarriedCriterion(("Dimensions", "Metrics", "engagementScore"),
                            "metric engagementScore", "Attributes.engagementScore GREATER_THAN",
                            False)
    return str(metric_proposal(item).hint)


@pytest.mark.parametrize("hint", [
    *[_recency(state, duration) for state in ("active", "inactive")
      for duration in ("HR_24", "DAY_7", "DAY_14", "DAY_30")],
    _metric(),
])
def test_what_migrate_proposes_is_a_valid_definition(tmp_path: Path, hint: str) -> None:
    specs = _write(tmp_path, {"segmentgen.yaml": _proposed_entry(hint) + "\n",
                              "a.yaml": "segments:\n  a: {name: A, where: {country: [NO]}}\n"})
    project, diagnostics, _ = load_project(specs)
    assert [d.render() for d in diagnostics] == []
    assert project is not None and len(project.settings.calculated_attributes) == 1


@pytest.mark.parametrize("state", ["active", "inactive"])
def test_the_segment_recency_s_proposal_names_validates_with_its_entry(tmp_path: Path,
                                                                      state: str) -> None:
    hint = _recency(state, "DAY_14")
    where = hint[hint.index("where: ") + len("where: "):hint.index(" (a profile")]
    segment = f"segments:\n  a: {{target: customer-profiles, name: A, where: {where}}}\n"
    specs = _write(tmp_path, {"segmentgen.yaml": _proposed_entry(hint) + "\n",
                              "a.yaml": segment})
    project, diagnostics, _ = load_project(specs)
    assert [d.render() for d in diagnostics] == []
    assert project is not None
    profiles = project.segments[0].profiles
    assert profiles is not None and profiles.segment_groups is not None
    dimension = profiles.segment_groups.data["Groups"][0]["Dimensions"][0]
    assert list(dimension["CalculatedAttributes"]) == ["sessions_14d"]


def test_a_create_only_change_of_a_deployed_attribute_is_sg237(tmp_path: Path) -> None:
    settings = SETTINGS.replace("statistic: SUM}", "statistic: SUM, conditions: {range: "
                                "{value: 30, timestamp_format: ISO_8601}}}")
    _built(tmp_path, {"segmentgen.yaml": settings, "uses.yaml": USES})
    for changed in (settings.replace("ISO_8601", "EPOCHMILLI"),
                    settings.replace("statistic: SUM,", "statistic: SUM, "
                                     "use_historical_data: true,")):
        specs = _write(tmp_path, {"segmentgen.yaml": changed})
        result = build(BuildOptions(specs, tmp_path / "out", lint=False))
        found = [d for d in result.diagnostics if d.code == "SG237"]
        assert [(Path(d.file).name, d.line, d.col) for d in found] == [
            ("segmentgen.yaml", 3, 3)], [d.render() for d in result.diagnostics]
        assert "create-only" in found[0].message and not result.written
    # What updates in place (the statistic, the range's value) and a new name are no finding.
    for name, value in (("lifetime_spend", "60"), ("lifetime_spend_v2", "30")):
        allowed = settings.replace("value: 30", f"value: {value}")
        specs = _write(tmp_path, {
            "segmentgen.yaml": allowed.replace("lifetime_spend", name),
            "uses.yaml": USES.replace("lifetime_spend", name)})
        result = build(BuildOptions(specs, tmp_path / "out", lint=False, mode="check"))
        assert [d.code for d in result.diagnostics if d.code == "SG237"] == []


def test_validate_reads_the_schema_without_importing_cfn_lint_or_botocore(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    specs = _write(tmp_path, {"segmentgen.yaml": SETTINGS.replace("SUM", "SUMM"),
                              "uses.yaml": USES})
    code = ("import sys, json\nfrom click.testing import CliRunner\n"
            "from segmentgen.cli import main\n"
            f"result = CliRunner().invoke(main, ['validate', '--specs', {str(specs)!r}])\n"
            "assert result.exit_code == 3 and 'SG237' in result.output, result.output\n"
            "print(json.dumps(sorted(sys.modules)))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    loaded = json.loads(output.splitlines()[-1])
    assert [m for m in loaded if m.split(".")[0] in ("troposphere", "cfnlint", "botocore")] == []
