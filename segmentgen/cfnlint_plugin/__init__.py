"""segmentgen's knowledge of Pinpoint segments as cfn-lint plug-ins.

Input: nothing. Output: the two directories plain cfn-lint takes,
``cfn-lint --registry-schemas <schema_dir()> --append-rules <rules_dir()> template.yaml``:
a strict registry schema for ``AWS::Pinpoint::Segment`` and the E9xxx/W9xxx rules.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def schema_dir() -> str:
    """Absolute path of the directory to pass to ``--registry-schemas``."""
    return str(_PACKAGE.parent / "data" / "schemas")


def rules_dir() -> str:
    """Absolute path of the directory to pass to ``--append-rules``."""
    return str(_PACKAGE / "rules")
