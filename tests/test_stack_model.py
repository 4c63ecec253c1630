"""A stack is one typed model (``segmentgen.core.model.Stack``) that planning, the limits,
the deploy artifacts and the overrides all take; environment overrides are checked per
environment without a stand-in stack."""

from __future__ import annotations

from pathlib import Path

from segmentgen import api
from segmentgen.compile.plan import stacks as plan_stacks_module
from segmentgen.compile.plan.overrides import apply_overrides, override_problems
from segmentgen.core import codes
from segmentgen.core.model import Project, Stack

SPEC = "segments:\n  vip:\n    name: VIP\n    where:\n      country: [NO]\n"
SETTINGS = ("environments:\n  dev:\n    application: dev-app\n  prod:\n    application: prod-app\n"
            "    segments:\n      vipp: {name: Typo}\n")


def _project(tmp_path: Path) -> Project:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(SPEC, "utf-8")
    (specs / "segmentgen.yaml").write_text(SETTINGS, "utf-8")
    project, diagnostics, _ = api.load_project(specs)
    assert project is not None, diagnostics
    return project


def test_one_stack_type() -> None:
    assert plan_stacks_module.Stack is Stack and api.Stack is Stack


def test_planned_stacks_are_stacks(tmp_path: Path) -> None:
    project = _project(tmp_path)
    envs = plan_stacks_module.environments(project.settings)
    planned = plan_stacks_module.plan_stacks(project, tmp_path / "specs", envs)
    assert [(type(s), s.name, s.spec) for s in planned] == [
        (Stack, "dev-a", "a.yaml"), (Stack, "prod-a", "a.yaml")]


def test_overrides_are_checked_once_per_environment_without_stacks(tmp_path: Path) -> None:
    project = _project(tmp_path)
    envs = plan_stacks_module.environments(project.settings)
    found = override_problems(project, [*envs, *envs])
    assert [(d.code, d.line) for d in found] == [(codes.SG223, 7)]
    assert "'vipp'" in found[0].message and found[0].hint == "did you mean 'vip'?"


def test_applying_overrides_reports_what_checking_reports(tmp_path: Path) -> None:
    project = _project(tmp_path)
    envs = plan_stacks_module.environments(project.settings)
    planned = plan_stacks_module.plan_stacks(project, tmp_path / "specs", envs)
    applied, found = apply_overrides(project, planned)
    assert found == override_problems(project, envs)
    assert applied == planned  # an override of an unknown key changes no segment
