"""`segmentgen docs`: the golden site, hostile names, where the site may live, which files it
owns, and cfn-lint findings given to their segment.

The golden case tests/cases/docs-catalog/ is regenerated with ``make golden``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import Golden, read_tree

from segmentgen.cli import main
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.review.catalog.findings import assign, resource_starts

CASE = Path(__file__).parent / "cases" / "docs-catalog"
GOLDEN_ARGS = ["docs", "--no-lint", "--endpoints", "endpoints.jsonl", "--profiles",
               "profiles.jsonl", "--as-of", "2024-06-01"]
HOSTILE = "<script>alert(1)</script>"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The golden case's project, copied where git history cannot change its pages."""
    shutil.copytree(CASE / "specs", tmp_path / "specs")
    shutil.copy(CASE / "endpoints.jsonl", tmp_path / "endpoints.jsonl")
    shutil.copy(CASE / "profiles.jsonl", tmp_path / "profiles.jsonl")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_golden_site(project: Path, golden: Golden) -> None:
    code, stderr = run(*GOLDEN_ARGS)
    assert code == 0, stderr
    golden.check_tree(CASE, project / "site")


def test_same_bytes_twice_and_nothing_changed_the_second_time(project: Path) -> None:
    assert run(*GOLDEN_ARGS, "--out", "a")[0] == 0
    assert run(*GOLDEN_ARGS, "--out", "b")[0] == 0
    assert read_tree(project / "a") == read_tree(project / "b")
    code, stderr = run(*GOLDEN_ARGS, "--out", "a")
    assert code == 0 and ", 0 changed" in stderr


def test_pages_link_inside_the_site_and_load_nothing_from_elsewhere(project: Path) -> None:
    assert run(*GOLDEN_ARGS)[0] == 0
    site = project / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 2 + 6  # index, graph and one page per segment
    for page in pages:
        text = page.read_text("utf-8")
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in text and "//" not in re.sub(r"xmlns=\"[^\"]+\"", "", text)
        for target in re.findall(r'(?:href|src)="([^"]+)"', text):
            assert (page.parent / target).resolve().is_file(), (page, target)


def test_hostile_names_show_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(f"""segments:
  base:
    name: "{HOSTILE}"
    description: "</pre><img src=x onerror=alert(2)>"
    where: {{country: [US]}}
    tags: {{owner: '"><svg onload=alert(3)>'}}
  user:
    name: "</script><script>alert(4)</script>"
    groups:
      list:
        - base: [base]
""", "utf-8")
    monkeypatch.chdir(tmp_path)
    code, stderr = run("docs", "--no-lint")
    assert code == 0, stderr
    site = read_tree(tmp_path / "site")
    texts = {path: content.decode("utf-8") for path, content in site.items()}
    for path, text in texts.items():
        for raw in ("<script>alert", "<img", "<svg onload", "</script><script>"):
            assert raw not in text, (path, raw)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts["segments/base.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts["graph.html"]  # the SVG box
    data = re.search(r'<script type="application/json" id="catalog-data">(.*?)</script>',
                     texts["index.html"], re.S)
    assert data is not None and "<" not in data.group(1)  # not closed early by a name
    rows = json.loads(data.group(1))
    assert any("</script><script>alert(4)</script>" in row["text"] for row in rows)


@pytest.mark.parametrize("out", ["specs/site", "out", "out/site", "."])
def test_site_may_not_overlap_specs_or_out(project: Path, out: str) -> None:
    (project / "out").mkdir()
    code, stderr = run("docs", "--no-lint", "--out", out)
    assert code != 0 and "SG406" in stderr and "site directory" in stderr
    assert not (project / out / "index.html").exists()
    assert not (project / "specs" / "site").exists()


@pytest.mark.parametrize("out", ["notes.txt", "notes.txt/site"])
def test_a_file_where_the_site_directory_would_be(project: Path, out: str) -> None:
    (project / "notes.txt").write_text("mine\n", "utf-8")
    code, stderr = run("docs", "--no-lint", "--out", out)
    assert code != 0 and "SG406" in stderr
    assert "'notes.txt' is a file, not a directory" in stderr
    assert (project / "notes.txt").read_text("utf-8") == "mine\n"


def test_only_files_the_site_owns_are_replaced_or_removed(project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / "CNAME").write_text("segments.example.com\n", "utf-8")
    extra = project / "specs" / "extra.yaml"
    extra.write_text("segments:\n  extra:\n    name: Extra\n    where: {country: [US]}\n")
    assert run("docs", "--no-lint")[0] == 0
    assert (site / "segments" / "extra.html").is_file()
    extra.unlink()
    assert run("docs", "--no-lint")[0] == 0
    assert not (site / "segments" / "extra.html").exists()  # stale page removed
    assert (site / "CNAME").read_text("utf-8") == "segments.example.com\n"


def test_a_file_the_site_did_not_write_is_not_replaced(project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("my own page\n", "utf-8")
    code, stderr = run("docs", "--no-lint")
    assert code != 0 and "SG408" in stderr and "'index.html'" in stderr
    assert (site / "index.html").read_text("utf-8") == "my own page\n"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_invalid_specs_write_nothing(project: Path) -> None:
    (project / "specs" / "bad.yaml").write_text("segments:\n  x: {name: X, where: 3}\n", "utf-8")
    code, stderr = run("docs", "--no-lint")
    assert code != 0 and "bad.yaml:2" in stderr
    assert not (project / "site").exists()


TEMPLATE = """{
  "Parameters": {
    "PinpointApplicationId": {
      "Type": "String"
    }
  },
  "Resources": {
    "ASegment": {
      "Properties": {
        "Name": "A"
      },
      "Type": "AWS::Pinpoint::Segment"
    },
    "BSegment": {
      "Properties": {
        "Name": "B"
      },
      "Type": "AWS::Pinpoint::Segment"
    }
  },
  "Outputs": {}
}
"""


def test_lint_findings_go_to_the_resource_that_holds_their_line() -> None:
    from segmentgen.compile.plan.resources import StackResource

    assert resource_starts(TEMPLATE) == [(8, "ASegment"), (14, "BSegment"), (21, None)]
    found = [Diagnostic("out/t.json", line, 1, "cfn-lint:E1", "m", Severity.ERROR)
             for line in (3, 10, 16, 21)]
    resources = [StackResource("", "t", "t.json", f"{k.upper()}Segment", k,
                               "AWS::Pinpoint::Segment", {}, {}) for k in ("a", "b")]
    per_key, loose = assign(found, {"t.json": TEMPLATE.encode()}, resources, "out")
    assert [d.line for d in per_key["a"]] == [10]
    assert [d.line for d in per_key["b"]] == [16]
    assert [d.line for d in loose] == [3, 21]
