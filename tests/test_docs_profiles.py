"""`segmentgen docs --profiles`: segments `estimate --profiles` counts in groups, or cannot.

A customer-profiles segment of several groups shows on its page the profiles matched and each
group's count as ``segmentgen estimate KEY --profiles FILE`` prints them; a SQL segment that
reads another table than ``_profile`` is not counted (``-``, SG612 on stderr), and the site
is still written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen.cli import main

EXPORT = Path(__file__).parent / "cases" / "docs-catalog" / "profiles.jsonl"
SETTINGS = "target: pinpoint\ndomain: crm-domain\n"
SPECS = """segments:
  norway:
    name: Norway
    where: {country: [NO]}
  oslo-or-gold:
    target: customer-profiles
    name: Oslo or gold
    groups:
      combine: any
      list:
        - where: {profile: {Address: {City: [Oslo]}}}
        - where: {attributes: {tier: [gold]}}
  with-orders:
    target: customer-profiles
    name: With orders
    sql: |
      SELECT p.ProfileId FROM Orders o JOIN _profile p ON true
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "segmentgen.yaml").write_text(SETTINGS, "utf-8")
    (tmp_path / "specs" / "segments.yaml").write_text(SPECS, "utf-8")
    shutil.copy(EXPORT, tmp_path / "profiles.jsonl")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def estimate(key: str) -> tuple[str, list[str]]:
    """``matched`` and the ``group N`` counts that ``estimate KEY --profiles`` prints."""
    result = CliRunner().invoke(main, ["estimate", key, "--profiles", "profiles.jsonl"])
    assert result.exit_code == 0, result.stderr
    matched = re.search(r"^matched: (\S+)$", result.stdout, re.M)
    assert matched is not None, result.stdout
    return matched.group(1), re.findall(r"^group \d+: (\d+)$", result.stdout, re.M)


def row(index: str, key: str) -> str:
    found = re.search(rf'<tr data-key="{key}">(.*?)</tr>', index, re.S)
    assert found is not None, key
    return found.group(1)


def test_groups_and_an_unanswerable_sql_segment(project: Path) -> None:
    result = CliRunner().invoke(main, ["docs", "--no-lint", "--profiles", "profiles.jsonl"])
    assert result.exit_code == 0, result.stderr
    assert "warning SG612 segment with-orders" in result.stderr
    index = (project / "site" / "index.html").read_text("utf-8")

    matched, groups = estimate("oslo-or-gold")
    assert len(groups) == 2
    assert (f'<td class="number" data-value="{matched}">{matched} '
            '<span class="unit">profiles</span></td>') in row(index, "oslo-or-gold")
    page = (project / "site" / "segments" / "oslo-or-gold.html").read_text("utf-8")
    words = ", ".join(f"group {n}: {count}" for n, count in enumerate(groups, 1))
    assert (f"<dt>Profiles</dt><dd>about {matched} of 6 profiles in "
            f"<code>profiles.jsonl</code> ({words})</dd>") in page

    assert estimate("with-orders")[0] == "-"
    cells = re.findall(r'<td class="number"[^>]*>(.*?)</td>', row(index, "with-orders"))
    assert cells == ["-", "-"]
    page = (project / "site" / "segments" / "with-orders.html").read_text("utf-8")
    assert "not counted: its SQL query cannot be answered from <code>profiles.jsonl</code>" \
        in page
    assert re.findall(r'<td class="number"[^>]*>(.*?)</td>', row(index, "norway")) == ["-", "-"]
