"""Print the registry-schema and rules directories, one per line, for cfn-lint's flags."""

from __future__ import annotations

from segmentgen.lint.plugin import rules_dir, schema_dir


def main() -> int:
    print(f"--registry-schemas {schema_dir()}")
    print(f"--append-rules {rules_dir()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
