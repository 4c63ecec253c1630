"""An application the build creates is created once and referenced only where it exists.

With ``application: {create: ...}`` one ``AWS::Pinpoint::App`` is created per Pinpoint
environment and its id exported to the stacks that use it. Stacks that do not name the
application (only imported segments, only segments with an application of their own, or the
Customer Profiles target) export nothing they do not define (cfn-lint E6101 before), and a
stack whose segments all name their own application counts no resource for it against
CloudFormation's limits.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Diagnostic

IMPORTED = """segments:
  crm-export:
    name: CRM export
    import: {s3: "s3://my-bucket/crm/", format: csv, role: create}
"""
APP_ID = "0123456789abcdef0123456789abcdef"


def dynamic(key: str, application: str | None = None) -> str:
    own = f"    application: {application}\n" if application else ""
    return f"  {key}:\n    name: {key.title()}\n{own}    where: {{country: [US]}}\n"


def build_specs(tmp_path: Path, settings: str, *, lint: bool = True, target: str | None = None,
                warnings_fail: bool = True, **specs: str) -> tuple[Any, Path]:
    specs_dir = tmp_path / "specs"
    specs_dir.mkdir()
    (specs_dir / "segmentgen.yaml").write_text(settings, encoding="utf-8")
    for name, text in specs.items():
        (specs_dir / f"{name}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    return build(BuildOptions(specs_dir, out, lint=lint, target=target,
                              warnings_fail=warnings_fail)), out


def problems(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.render() for d in diagnostics if d.code != "SG501"]


def template(out: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    return data


def templates(out: Path) -> dict[str, dict[str, Any]]:
    return {path.relative_to(out).as_posix(): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(out.rglob("*.json"))
            if "Resources" in path.read_text(encoding="utf-8")}


def intrinsics(data: Any, name: str) -> list[Any]:
    """Every argument of the intrinsic function ``name`` anywhere in ``data``."""
    if isinstance(data, dict):
        found = [data[name]] if name in data else []
        return found + [x for value in data.values() for x in intrinsics(value, name)]
    if isinstance(data, list):
        return [x for value in data for x in intrinsics(value, name)]
    return []


def assert_application_links(out: Path, apps: int) -> None:
    """``apps`` applications are created; every import names an export of the build, and
    every Ref names something its template declares."""
    built = templates(out)
    created = [key for data in built.values() for key, resource in data["Resources"].items()
               if resource["Type"] == "AWS::Pinpoint::App"]
    assert len(created) == apps
    exports = {output["Export"]["Name"] for data in built.values()
               for output in data.get("Outputs", {}).values() if "Export" in output}
    for data in built.values():
        assert set(intrinsics(data, "Fn::ImportValue")) <= exports
        declared = {*data["Resources"], *data.get("Parameters", {})}
        assert set(intrinsics(data, "Ref")) <= declared


def test_a_first_stack_of_imported_segments_leaves_no_dangling_application(
        tmp_path: Path) -> None:
    result, out = build_specs(tmp_path, "application: {create: app}\n", a=IMPORTED,
                              b="segments:\n" + dynamic("active"),
                              c="segments:\n" + dynamic("lapsed"))
    assert problems(result.diagnostics) == []
    assert_application_links(out, 1)


def test_stacks_with_their_own_application_leave_no_dangling_application(
        tmp_path: Path) -> None:
    result, out = build_specs(tmp_path, "application: {create: app}\n",
                              a="segments:\n" + dynamic("own", APP_ID),
                              b="segments:\n" + dynamic("active"))
    assert problems(result.diagnostics) == []
    assert_application_links(out, 1)
    assert template(out, "a")["Resources"]["OwnSegment"]["Properties"]["ApplicationId"] == APP_ID


def test_customer_profiles_stacks_create_no_application(tmp_path: Path) -> None:
    result, out = build_specs(tmp_path, "application: {create: app}\ncountry_format: alpha2\n",
                              target="customer-profiles",
                              a="segments:\n" + dynamic("active"),
                              b="segments:\n" + dynamic("lapsed"))
    assert problems(result.diagnostics) == []
    assert_application_links(out, 0)
    for name in ("a", "b"):
        assert "Outputs" not in template(out, name)


def test_a_full_stack_of_segments_with_their_own_application_fits(tmp_path: Path) -> None:
    text = "segments:\n" + "".join(dynamic(f"s{n:03d}", APP_ID) for n in range(500))
    result, out = build_specs(tmp_path, "application: {create: app}\n", lint=False,
                              warnings_fail=False, a=text)
    assert result.ok and "more than 500 resources" not in str(result.diagnostics)
    assert len(template(out, "a")["Resources"]) == 500
