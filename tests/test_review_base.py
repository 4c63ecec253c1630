"""diff's reader of a base directory reads it as build reads out/: regular files only, no
symbolic link followed (one leading outside would show another file's bytes as output)."""

from __future__ import annotations

import os
from pathlib import Path

from segmentgen.review.base import read_directory


def test_base_directory_reads_regular_files_and_no_links(tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "team").mkdir(parents=True)
    (base / "team" / "a.json").write_bytes(b"{}\n")
    secret = tmp_path / "elsewhere.json"
    secret.write_bytes(b'{"secret": 1}\n')
    (base / "linked.json").symlink_to(secret)
    os.mkfifo(base / "pipe.json")
    assert read_directory(base) == {"team/a.json": b"{}\n"}
