"""The options of one build, as one frozen value (black's ``Mode``).

Input: what the command line or a library caller asks for. Output: ``BuildOptions``, the
only way a build is told what to do, and its ``cache_key``: a stable string of every option
that decides the build's output, which the build record is keyed by.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Mode = Literal["write", "check", "validate"]
MODES: tuple[Mode, ...] = ("write", "check", "validate")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build and how. ``mode``: write out/, compare with it (``check``), or only
    validate the specs. ``warnings_fail`` None takes the project's setting. ``cache_dir``
    None reads and writes no build cache. ``allow_destroy`` makes SG304 a warning."""

    specs_dir: Path
    out_dir: Path
    mode: Mode = "write"
    env: str | None = None
    target: str | None = None
    lint: bool = True
    diff: bool = False
    warnings_fail: bool | None = None
    cache_dir: Path | None = None
    allow_destroy: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")

    @property
    def uses_cache(self) -> bool:
        """A validation never reads or writes the build cache."""
        return self.cache_dir is not None and self.mode != "validate"

    def cache_key(self) -> str:
        """Canonical JSON of the options that decide the files and findings of a build:
        not ``mode`` or ``diff`` (a check compares the same files a write writes), not the
        cache directory itself."""
        return json.dumps({
            "allow_destroy": self.allow_destroy, "env": self.env, "lint": self.lint,
            "out": str(self.out_dir.resolve()), "specs": str(self.specs_dir.resolve()),
            "target": self.target, "warnings_fail": self.warnings_fail,
        }, sort_keys=True)
