"""Every valid project builds with no error and no cfn-lint finding.

A hypothesis property over the projects ``valid_projects.projects()`` draws (every setting
combination: environments, application kinds, artifacts, output formats, both targets,
imported and base segments within and across spec files, both forms, overrides). Each is
built with ``segmentgen.api.build`` and linted; a warning fails it unless it is a Customer
Profiles caveat (``CAVEATS``); cfn-lint's Pinpoint
end-of-support warning W3696 is the notice SG501 and does not count, any other ``cfn-lint:``
diagnostic does.

SEGMENTGEN_FUZZ_EXAMPLES scales the examples like tests/test_fuzz.py: a tenth of it, 20 by
default (cfn-lint takes a few seconds per project).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from valid_projects import Drawn, projects

from segmentgen.api import BuildOptions, build
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity

EXAMPLES = max(5, int(os.environ.get("SEGMENTGEN_FUZZ_EXAMPLES", "200")) // 10)
LINTED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))


def build_project(drawn: Drawn) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory() as temp:
        specs_dir = Path(temp) / "specs"
        for name, data in drawn.files.items():
            path = specs_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        result = build(BuildOptions(specs_dir, Path(temp) / "out", target=drawn.target,
                                    warnings_fail=False))
        assert result.ok == result.written
        return result.diagnostics


# Warnings a valid project may get by design: a Pinpoint-form criterion carried to Customer
# Profiles whose meaning there the documentation does not give (country without
# country_format, a number against a text attribute, an undocumented combinator).
CAVEATS = {codes.SG305, codes.SG307, codes.SG308}


def findings(diagnostics: list[Diagnostic]) -> list[str]:
    """Errors, warnings other than the Customer Profiles caveats, and cfn-lint findings;
    notices (SG501 among them) do not count."""
    return [d.render() for d in diagnostics
            if d.severity is Severity.ERROR or d.code.startswith("cfn-lint:")
            or (d.severity is Severity.WARNING and d.code not in CAVEATS)]


@LINTED
@given(projects())
def test_valid_project_builds_and_lints_clean(drawn: Drawn) -> None:
    assert findings(build_project(drawn)) == []
