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
    return str(_PACKAGE.parent.parent / "core" / "data" / "schemas")


def rules_dir() -> str:
    """Absolute path of the directory to pass to ``--append-rules``."""
    return str(_PACKAGE / "rules")


def load_into_cfnlint() -> None:
    """Make cfn-lint in this process use the strict schema from now on.

    cfn-lint keeps schemas in a process-wide cache: a Pinpoint schema read before
    ``registry_schemas`` was passed stays in use, and once loaded the strict schema applies to
    every later lint in the process, with or without the flag. Call this once before building
    a runner that passes ``registry_schemas=[schema_dir()]``.
    """
    from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER

    PROVIDER_SCHEMA_MANAGER.load_registry_schemas(schema_dir())
    PROVIDER_SCHEMA_MANAGER.reset()
