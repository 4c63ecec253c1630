"""No message names a temporary file: a failed write of out/ names the directory it writes
in, not the temporary file beside its target (``.sg-...segmentgen-tmp``); a failed write of
an edited spec is SG704 at the spec file, not an internal error naming its temporary file."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from segmentgen import api
from segmentgen.api import BuildOptions
from segmentgen.cli import main
from segmentgen.emit import journal

SPEC = "segments:\n  engaged:\n    name: Engaged\n    where: {active: 30d}\n"


def test_failed_write_names_the_output_directory(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("specs").mkdir()
    Path("specs/a.yaml").write_text(SPEC, "utf-8")
    real_open = os.open

    def refused(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(journal.TEMP_SUFFIX):  # as the kernel says it: with the name
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    result = api.build(BuildOptions(Path("specs"), Path("out"), lint=False))
    monkeypatch.undo()
    assert [d.code for d in result.diagnostics] == ["SG402"]
    message = result.diagnostics[0].message
    assert journal.TEMP_SUFFIX not in message and ".sg-" not in message
    assert message == f"cannot write the output in out: {os.strerror(errno.EACCES)}"


def test_failed_edit_names_the_spec_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("specs").mkdir()
    Path("specs/a.yaml").write_text(SPEC, "utf-8")

    def refused(*args: Any, dir: str | Path | None = None, prefix: str = "", **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES),
                              os.path.join(str(dir), f"{prefix}x1y2z3"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = CliRunner().invoke(main, ["new", "fresh", "--file", "specs/a.yaml"])
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("specs/a.yaml:1:1: error SG704 the edit cannot be written: "
                                    f"{os.strerror(errno.EACCES)}"), result.stderr
    assert "x1y2z3" not in result.stderr and "internal error" not in result.stderr
    assert Path("specs/a.yaml").read_text("utf-8") == SPEC
