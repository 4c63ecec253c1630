"""One tag precedence (segmentgen.core.tags): segment < per-environment override < project
default < environment. The built templates and ``show`` agree, environment by environment
(``show`` once left environment and override tags out)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from segmentgen.api import load_project
from segmentgen.cli import main
from segmentgen.core.tags import merge_tags
from segmentgen.lifecycle.show import show_segment

SETTINGS = """\
tags: {team: growth, cost: shared}
environments:
  prod:
    application: {id: 0123456789abcdef0123456789abcdef}
    tags: {env: prod, cost: prod-budget}
    segments:
      sale: {tags: {campaign: prod-sale, owner: ops}}
  dev:
    application: {id: fedcba9876543210fedcba9876543210}
    tags: {env: dev}
"""
SPEC = """\
segments:
  sale:
    name: Sale
    tags: {campaign: sale, team: spec-team, tier: gold}
    where: {platform: [ios]}
"""


def test_layers_later_wins() -> None:
    merged = merge_tags({"a": "segment", "b": "segment", "c": "segment", "d": "segment"},
                        override=[("b", "override"), ("c", "override"), ("d", "override")],
                        default={"c": "default", "d": "default"}, environment={"d": "env"})
    assert merged == {"a": "segment", "b": "override", "c": "default", "d": "env"}
    assert list(merged) == sorted(merged)


def built_tags(out: Path, env: str) -> dict[str, str]:
    template = json.loads((out / env / "sale.json").read_text("utf-8"))
    segment = next(r for r in template["Resources"].values()
                   if r["Type"] == "AWS::Pinpoint::Segment")
    return dict(segment["Properties"]["Tags"])


def test_show_names_the_tags_each_environment_builds(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "segmentgen.yaml").write_text(SETTINGS)
    (specs / "sale.yaml").write_text(SPEC)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["build", "--specs", str(specs), "--out", str(out),
                                     "--no-lint", "--no-cache"])
    assert done.exit_code == 0, done.output
    project, _, _ = load_project(specs)
    assert project is not None
    shown = show_segment(project, "sale", history=False).data["tags"]
    assert shown == {env: built_tags(out, env) for env in ("prod", "dev")}
    assert shown["prod"]["campaign"] == "prod-sale" and shown["prod"]["cost"] == "prod-budget"
    assert shown["dev"]["env"] == "dev" and shown["dev"]["team"] == "growth"
