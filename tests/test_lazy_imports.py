"""Commands that neither compile nor lint never import troposphere or cfn-lint; a build that
renders no Terraform file never imports jinja2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("troposphere", "cfnlint")
SPEC = "segments:\n  new-customers:\n    name: New Customers\n    where:\n      country: [NO]\n"


def _loaded_after(code: str, cwd: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True,
                            text=True, check=True).stdout
    return [m for m in json.loads(output.splitlines()[-1]) if m.split(".")[0] in heavy]


def test_validate_imports_neither(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC)
    code = ("from click.testing import CliRunner\nfrom segmentgen.cli import main\n"
            "assert CliRunner().invoke(main, ['validate']).exit_code == 0")
    assert _loaded_after(code, tmp_path) == []


def test_a_no_op_build_imports_neither(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC)
    build = ("from pathlib import Path\nfrom segmentgen.api import BuildOptions, build\n"
             "result = build(BuildOptions(Path('specs'), Path('out'), cache_dir=Path('.cache'),"
             " lint=False))\n")
    assert _loaded_after(build + "assert result.project is not None", tmp_path) != []
    assert _loaded_after(build + "assert result.project is None and result.ok", tmp_path) == []


def test_a_build_that_renders_no_terraform_file_never_imports_jinja2(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC)
    build = ("from pathlib import Path\nfrom segmentgen.api import BuildOptions, build\n"
             "assert build(BuildOptions(Path('specs'), Path('out'), lint=False)).ok\n")
    assert _loaded_after(build, tmp_path, ("jinja2",)) == []
    (tmp_path / "specs" / "segmentgen.yaml").write_text("artifacts: [parameters, terraform]\n")
    assert _loaded_after(build, tmp_path, ("jinja2",)) != []
