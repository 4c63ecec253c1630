"""Customer Profiles segment definitions across builds: the key each resource carries, the
canonical query text, and how definitions name each other across stacks.

The templates themselves are golden cases (tests/cases/build-profiles-*); here: what
``diff`` and ``build``'s SG303 make of an explicit ``definition_name:`` that changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build
from segmentgen.cli import main

SETTINGS = "domain: crm\n"


def _vip(definition_name: str) -> str:
    return f"""segments:
  vip:
    target: customer-profiles
    name: VIP
    definition_name: {definition_name}
    where:
      attributes: {{tier: [gold]}}
"""


def _built(specs: Path, out: Path) -> None:
    result = build(BuildOptions(specs, out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]


def _diff(specs: Path, out: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["diff", "--specs", str(specs), "--out", str(out),
                                       "--base", str(out), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return {s["key"]: s for s in json.loads(result.stdout)["segments"]}


def test_definition_name_change_replaces_the_same_key(write_specs: SpecWriter,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    _built(write_specs(_vip("vip-oslo"), SETTINGS), out)
    template = json.loads((out / "a.json").read_text("utf-8"))
    resource = template["Resources"]["VipSegmentDefinition"]
    assert resource["Metadata"] == {"segmentgen": {"key": "vip", "source": "a.yaml"}}
    specs = write_specs(_vip("vip-nordics"), SETTINGS)
    found = _diff(specs, out)
    assert sorted(found) == ["vip"]
    change = found["vip"]
    assert change["status"] == "changed"
    assert not any("key" in note for note in change.get("notes", [])), change
    assert any("SegmentDefinitionName" in reason for reason in change["replaces"]), change
    rebuilt = build(BuildOptions(specs, out, lint=False))
    notices = [d for d in rebuilt.diagnostics if d.code == "SG303"]
    assert len(notices) == 1 and "segment 'vip'" in notices[0].message
    assert "renamed" not in notices[0].message


def _sql_segment(query: str) -> str:
    body = "".join(f"      {line}\n" for line in query.splitlines())
    return f"""segments:
  spenders:
    target: customer-profiles
    name: Spenders
    sql: |
{body}"""


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_query_text_is_canonical_in_the_template(write_specs: SpecWriter,
                                                 tmp_path: Path) -> None:
    plain = "SELECT p.* FROM _profile p WHERE p.Attributes.tier = 'gold'"
    noisy = ("select   p.*  -- every field\n  from _profile p\n"
             "  /* the best ones */ WHERE p.Attributes.tier = 'gold'")
    _built(write_specs(_sql_segment(plain), SETTINGS, root=tmp_path / "one"), tmp_path / "o1")
    _built(write_specs(_sql_segment(noisy), SETTINGS, root=tmp_path / "two"), tmp_path / "o2")
    first, second = _tree(tmp_path / "o1"), _tree(tmp_path / "o2")
    assert first == second
    resource = json.loads(first["a.json"])["Resources"]["SpendersSegmentDefinition"]
    query = resource["Properties"]["SegmentSqlQuery"]
    assert query == "SELECT\n  p.*\nFROM _profile AS p\nWHERE\n  p.Attributes.tier = 'gold'"
    other = "SELECT p.* FROM _profile p WHERE p.Attributes.tier = 'silver'"
    _built(write_specs(_sql_segment(other), SETTINGS, root=tmp_path / "three"),
           tmp_path / "o3")
    assert _tree(tmp_path / "o3")["a.json"] != first["a.json"]


BASE = """segments:
  gold:
    target: customer-profiles
    name: Gold
{name}    where:
      attributes: {{tier: [gold]}}
"""

USER = """segments:
  gold-oslo:
    target: customer-profiles
    name: Gold in Oslo
    groups:
      list:
        - base: [gold]
          where: {profile: {Address: {City: [Oslo]}}}
"""


def test_base_in_another_stack_by_its_definition_name(write_specs: SpecWriter,
                                                       tmp_path: Path) -> None:
    specs = write_specs({"base.yaml": BASE.format(name="    definition_name: gold-v1\n"),
                         "users.yaml": USER},
                        SETTINGS + "artifacts: [parameters, sceptre, terraform]\n")
    out = tmp_path / "out"
    _built(specs, out)
    users = json.loads((out / "users.json").read_text("utf-8"))
    groups = users["Resources"]["GoldOsloSegmentDefinition"]["Properties"]["SegmentGroups"]
    assert groups["Groups"][0]["SourceSegments"] == [{"SegmentDefinitionName": "gold-v1"}]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    order = [stack["name"] for stack in manifest["stacks"]]
    assert order.index("base") < order.index("users")
    entry = next(stack for stack in manifest["stacks"] if stack["name"] == "users")
    assert entry["depends_on"] == ["base"]
    sceptre = (out / entry["sceptre"]).read_text("utf-8")
    assert "dependencies" in sceptre and "base" in sceptre.split("dependencies", 1)[1]
    terraform = (out / entry["terraform"]).read_text("utf-8")
    assert "depends_on" in terraform and "base" in terraform.split("depends_on", 1)[1]


def test_base_in_another_stack_with_a_generated_name_is_sg301(write_specs: SpecWriter,
                                                              tmp_path: Path) -> None:
    specs = write_specs({"base.yaml": BASE.format(name=""), "users.yaml": USER}, SETTINGS)
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    found = [d for d in result.diagnostics if d.code == "SG301"]
    assert not result.ok and len(found) == 1, [d.render() for d in result.diagnostics]
    assert found[0].file.endswith("users.yaml") and "'gold'" in found[0].message
    assert "definition_name" in (found[0].hint or "")
    assert not (tmp_path / "out").exists()


def test_definition_name_equal_to_a_generated_one_is_sg228(write_specs: SpecWriter,
                                                            tmp_path: Path) -> None:
    specs = write_specs({"base.yaml": BASE.format(name="")}, SETTINGS)
    _built(specs, tmp_path / "first")
    template = json.loads((tmp_path / "first" / "base.json").read_text("utf-8"))
    generated = template["Resources"]["GoldSegmentDefinition"]["Properties"][
        "SegmentDefinitionName"]
    assert generated.startswith("gold-")
    other = _vip(generated)
    write_specs({"other.yaml": other})
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    found = [d for d in result.diagnostics if d.code == "SG228"]
    assert not result.ok and len(found) == 1, [d.render() for d in result.diagnostics]
    assert found[0].file.endswith("other.yaml") and found[0].line == 5
    assert f"{generated!r} of segment 'vip'" in found[0].message
    assert "generated definition name of 'gold'" in found[0].message
    assert not (tmp_path / "out").exists()


CALCULATED = """target: customer-profiles
domain: crm
artifacts: [terraform-awscc]
calculated_attributes:
  spend: {attributes: [Order.total], statistic: SUM}
  visits: {external: true}
"""

USES = """segments:
  spenders:
    target: customer-profiles
    name: Spenders
    where:
      calculated: {spend: {">": 100}, visits: {">": 2}}
  plain:
    target: customer-profiles
    name: Plain
    where:
      attributes: {tier: [gold]}
"""


def test_awscc_segment_definitions_depend_on_the_domain_attributes(
        write_specs: SpecWriter, tmp_path: Path) -> None:
    import hcl2

    out = tmp_path / "out"
    _built(write_specs(USES, CALCULATED), out)
    options = hcl2.SerializationOptions(strip_string_quotes=True)
    domain = hcl2.loads((out / "segmentgen-calculated-attributes.awscc.tf").read_text("utf-8"),
                        serialization_options=options)
    attributes = domain["resource"][0]["awscc_customerprofiles_calculated_attribute_definition"]
    assert sorted(attributes) == ["spend"]
    text = (out / "a.awscc.tf").read_text("utf-8")
    segments = {label: body
                for block in hcl2.loads(text, serialization_options=options)["resource"]
                for label, body in block["awscc_customerprofiles_segment_definition"].items()}
    assert segments["spenders"]["depends_on"] == [
        "${awscc_customerprofiles_calculated_attribute_definition.spend}"]
    assert "depends_on" not in segments["plain"]


PARTLY_WRONG = """segments:
  vip:
    target: customer-profiles
    name: VIP
    tags: [crm]
    where:
      profile:
        FirstName: [Ada, "{long}"]
        LastName: {{nott: [Smith]}}
  later:
    target: customer-profiles
    name: Later
    groups:
      list:
        - base: [vipp]
          combine: sometimes
        - where:
            profile: {{BirthDate: {{after: yesterday}}}}
            attributes: {{tier: {{bogus: 1}}}}
"""


def test_shape_errors_do_not_hide_value_rules(write_specs: SpecWriter) -> None:
    from segmentgen.api import load_project

    specs = write_specs(PARTLY_WRONG.format(long="x" * 256))
    _, diagnostics, _ = load_project(specs)
    found = sorted((d.line, d.code) for d in diagnostics)
    shape = {line for line, code in found if code in ("SG201", "SG202", "SG203", "SG204")}
    assert {5, 9} <= shape and any(line >= 16 for line in shape), found
    assert (8, "SG230") in found, found  # the long value, beside the shape errors of vip
    assert (15, "SG219") in found and (18, "SG234") in found, found  # beside combine:
    assert not any(code == "SG214" for _, code in found), found
