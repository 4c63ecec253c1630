"""Lint stage: the cfn-lint adapter.

Input: generated template texts (with the output path each will have) and lint settings.
Output: diagnostics with code ``cfn-lint:<rule id>`` pointing at the generated file. One
cfn-lint rule runner is built per process and settings (building one costs far more than
linting a template). The sunset warning W3696 is not repeated per segment: it becomes one
notice SG501 per build that names the migration path.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from segmentgen.diagnostics import Diagnostic, Severity

SUNSET_RULE = "W3696"
SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING}


@functools.lru_cache(maxsize=4)
def _runner(regions: tuple[str, ...], ignore: tuple[str, ...]) -> Any:
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    options: dict[str, Any] = {"regions": list(regions), "ignore_checks": list(ignore)}
    try:
        from segmentgen import cfnlint_plugin

        options["registry_schemas"] = [cfnlint_plugin.schema_dir()]
        options["append_rules"] = [cfnlint_plugin.rules_dir()]
    except (ImportError, AttributeError):
        pass
    return Runner(ConfigMixIn(cli_args=[], **options))


def lint_text(text: str, file: str, regions: Sequence[str], ignore: Sequence[str]) -> list[Diagnostic]:
    from cfnlint.decode.decode import decode_str

    template, errors = decode_str(text)
    matches = list(errors or [])
    if template is not None and not errors:
        matches = list(_runner(tuple(regions), tuple(sorted(ignore))).validate_template(template))
    return [_diagnostic(match, file) for match in matches]


def _diagnostic(match: Any, file: str) -> Diagnostic:
    rule_id = match.rule.id
    severity = SEVERITIES.get(match.rule.severity, Severity.NOTICE)
    return Diagnostic(file, match.linenumber, match.columnnumber, f"cfn-lint:{rule_id}",
                      match.message, severity)


def fold_sunset(diagnostics: list[Diagnostic], file: str) -> list[Diagnostic]:
    """Every W3696 of a build folded into one notice."""
    sunset = [d for d in diagnostics if d.code == f"cfn-lint:{SUNSET_RULE}"]
    rest = [d for d in diagnostics if d.code != f"cfn-lint:{SUNSET_RULE}"]
    if not sunset:
        return rest
    count = len(sunset)
    notice = Diagnostic(
        file, 1, 1, "SG501",
        f"Amazon Pinpoint reached end of support on 2026-10-30 (cfn-lint {SUNSET_RULE} on "
        f"{count} segment{'s' if count != 1 else ''})",
        Severity.NOTICE,
        "move the audiences to Amazon Connect Customer Profiles: segmentgen build --target "
        f"customer-profiles; segmentgen migrate-report lists what carries over; add "
        f"{SUNSET_RULE} to lint.ignore in segmentgen.yaml to silence this notice",
    )
    return [*rest, notice]
