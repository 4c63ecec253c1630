"""segmentgen migrate: a Pinpoint spec with comments rewritten in place (comments kept, the
other segments byte for byte), built for Customer Profiles and linted clean; the country
formats, the collapse error, the caveats, --diff, and what stays in Pinpoint form."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen.api import BuildOptions, build
from segmentgen.cli import main

SPEC = """\
# Nordic audiences
segments:
  nordic:  # the key line
    name: Nordic buyers
    description: Bought in the Nordics
    application: 0123456789abcdef0123456789abcdef  # Pinpoint project
    where:
      # where they are
      country: [NO, SE]   # endpoint location
      attributes:
        tier: [gold]      # loyalty tier
    tags: {team: crm}

  engaged:
    name: Engaged
    where:
      metrics:
        score: {">": 75}   # stays

  # comment above derived
  derived:
    name: Derived
    groups:
      combine: all
      list:
        - base: [nordic]
          where:
            attributes:
              visits: {after: 2024-01-01}
"""
MIGRATED = """\
# Nordic audiences
segments:
  nordic:  # the key line
    target: customer-profiles
    name: Nordic buyers
    description: Bought in the Nordics
    # Pinpoint project
    where:
      profile:
        # where they are
        Address: {Country: [NOR, SWE]}  # endpoint location
      attributes:
        tier: [gold]  # loyalty tier
    tags: {team: crm}

  engaged:
    name: Engaged
    where:
      metrics:
        score: {">": 75}   # stays

  # comment above derived
  derived:
    target: customer-profiles
    name: Derived
    groups:
      combine: all
      list:
        - base: [nordic]
          base_combine: any
          combine: all
          where:
            attributes:
              visits: {after: '2024-01-01T00:00:00Z'}
"""
SETTINGS = "target: customer-profiles\ndomain: crm\ncountry_format: alpha3\n"


def project(tmp_path: Path, spec: str = SPEC, settings: str = SETTINGS,
            other: str | None = None) -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(spec, "utf-8")
    (specs / "segmentgen.yaml").write_text(settings, "utf-8")
    if other is not None:
        (specs / "b.yaml").write_text(other, "utf-8")
    return specs


def migrate(specs: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["migrate", "--specs", str(specs), *args])
    return result.exit_code, result.stdout, result.stderr


def test_round_trip_keeps_comments_and_other_segments_and_lints_clean(tmp_path: Path) -> None:
    other = "segments:\n  far:   # untouched file\n    name: Far\n    where: {active: 7d}\n"
    specs = project(tmp_path, other=other)
    code, _, stderr = migrate(specs)
    assert (specs / "a.yaml").read_text("utf-8") == MIGRATED
    assert (specs / "b.yaml").read_text("utf-8") == other
    assert "rewrote 2 segment(s) in 1 file(s); 2 stay in Pinpoint form (engaged, far)" in stderr
    assert "SG301" in stderr and "calculated_attributes: {sessions_7d:" in stderr
    assert code == 3  # the segments that stay are errors; the others are written anyway
    (specs / "b.yaml").unlink()  # recency has no equivalent: the build would say SG301
    result = build(BuildOptions(specs, tmp_path / "out", lint=True, cache_dir=None))
    assert [d.render() for d in result.diagnostics] == []
    assert result.written


def test_diff_writes_nothing(tmp_path: Path) -> None:
    specs = project(tmp_path)
    code, stdout, stderr = migrate(specs, "--diff", "nordic", "derived")
    assert (specs / "a.yaml").read_text("utf-8") == SPEC
    assert "+    target: customer-profiles" in stdout
    assert "-      country: [NO, SE]   # endpoint location" in stdout
    assert "would rewrite 2 segment(s)" in stderr
    assert code == 0


@pytest.mark.parametrize(("country_format", "written"), [
    ("alpha2", "[NO, SE]"), ("alpha3", "[NOR, SWE]"), ("name", "[Norway, Sweden]")])
def test_country_formats(tmp_path: Path, country_format: str, written: str) -> None:
    spec = "segments:\n  n:\n    name: N\n    where:\n      country: [NO, SE]\n"
    specs = project(tmp_path, spec, f"country_format: {country_format}\n")
    assert migrate(specs)[0] == 0
    text = (specs / "a.yaml").read_text("utf-8")
    assert f"Address: {{Country: {written}}}" in text.replace("'NO'", "NO")


def test_country_without_country_format_stays(tmp_path: Path) -> None:
    spec = "segments:\n  n:\n    name: N\n    where:\n      country: [NO]\n"
    specs = project(tmp_path, spec, "domain: crm\n")
    code, _, stderr = migrate(specs)
    assert code == 3
    assert "error SG305" in stderr and "country_format" in stderr
    assert (specs / "a.yaml").read_text("utf-8") == spec


def test_collapse_is_an_error_until_attribute_map_separates(tmp_path: Path) -> None:
    spec = ("segments:\n  a:\n    name: A\n    where: {attributes: {plan: [pro]}}\n"
            "  b:\n    name: B\n    where: {user_attributes: {plan: [pro]}}\n")
    specs = project(tmp_path, spec, "country_format: alpha2\n")
    code, _, stderr = migrate(specs)
    assert code == 3 and stderr.count("error SG306") == 2
    assert (specs / "a.yaml").read_text("utf-8") == spec
    (specs / "segmentgen.yaml").write_text(
        "attribute_map: {attributes.plan: Attributes.plan, user_attributes.plan: "
        "Attributes.user_plan}\n", "utf-8")
    assert migrate(specs)[0] == 0
    assert "user_plan: [pro]" in (specs / "a.yaml").read_text("utf-8")


def test_caveats_are_warnings_and_the_segment_moves(tmp_path: Path) -> None:
    spec = ("segments:\n  g:\n    name: G\n    groups:\n      list:\n"
            "        - combine: none\n          where: {attributes: {plan: [free]}}\n"
            "  m:\n    name: M\n    where: {metrics: {visits: {'>=': 3}}}\n")
    specs = project(tmp_path, spec, "attribute_map: {metrics.visits: Attributes.visits}\n")
    code, _, stderr = migrate(specs)
    assert code == 0, stderr
    assert "warning SG308" in stderr and "warning SG307" in stderr
    text = (specs / "a.yaml").read_text("utf-8")
    assert "combine: none" in text and "visits: {'>=': '3'}" in text


def test_already_migrated_and_unknown_keys(tmp_path: Path) -> None:
    specs = project(tmp_path)
    migrate(specs)
    code, _, stderr = migrate(specs, "nordic", "nordc")
    assert "SG706" in stderr and "SG702" in stderr and "did you mean 'nordic'" in stderr
    assert code == 3


@pytest.mark.parametrize("key", ["nordic", "derived"])
def test_base_and_user_move_together(tmp_path: Path, key: str) -> None:
    specs = project(tmp_path)
    code, _, stderr = migrate(specs, key)
    assert "error SG309" in stderr and code == 3
    assert (specs / "a.yaml").read_text("utf-8") == SPEC
    assert migrate(specs, "nordic", "derived")[0] == 0
