"""Spec files written for a test: the one way tests lay out a project's ``specs/`` directory.

Input: file names (relative to ``specs/``) with their YAML text, optionally the text of
``segmentgen.yaml``. Output: the files written as UTF-8 under ``<root>/specs`` (folders made
as needed, files already there kept) and the path of that ``specs`` directory. Tests get a
:class:`SpecWriter` for their ``tmp_path`` through the ``write_specs`` fixture (conftest.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


class SpecWriter:
    """``write_specs({"a.yaml": text}, settings=...)`` → ``<root>/specs``.

    A single text is ``a.yaml``; ``root=`` writes into another project than the default one.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, files: Mapping[str, str] | str, settings: str | None = None, *,
                 root: Path | None = None) -> Path:
        specs = (self.root if root is None else root) / "specs"
        specs.mkdir(parents=True, exist_ok=True)
        named = {"a.yaml": files} if isinstance(files, str) else dict(files)
        if settings is not None:
            named["segmentgen.yaml"] = settings
        for name, text in named.items():
            (specs / name).parent.mkdir(parents=True, exist_ok=True)
            (specs / name).write_text(text, "utf-8")
        return specs
