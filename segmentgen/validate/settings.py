"""Project settings: ``specs/segmentgen.yaml`` to ``model.Settings``.

Input: the loaded settings file, or nothing. Output: frozen ``Settings`` (default
application is the template Parameter ``PinpointApplicationId``; applications, environments
and segment overrides keep where the file names them) plus diagnostics: the shape table's,
dynamic references, and SG223 for a ``prefix`` no stack name can start with and for names
no template can hold (``template_names``); calculated attributes and their findings
come from ``settings_calculated``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from segmentgen.compile.registry import DEFAULT_TARGET
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Finding
from segmentgen.core.model import Application, Environment, SegmentOverride, Settings
from segmentgen.load.document import Loaded
from segmentgen.validate.rules import check_dynamic_references
from segmentgen.validate.settings_calculated import read_calculated
from segmentgen.validate.shapes import MAX_PREFIX, PREFIX, Ref
from segmentgen.validate.template_names import check_setting_names
from segmentgen.validate.walk import check


def _application(loaded: Loaded, path: tuple[str, ...], value: object) -> Application:
    line, col = loaded.position(path)
    if isinstance(value, str):
        return Application("id", value, line, col)
    assert isinstance(value, dict)
    (kind, name), = value.items()
    return Application(kind, name, *loaded.position((*path, kind)))


def _tags(value: object) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((value or {}).items()))  # type: ignore[attr-defined]


def _overrides(loaded: Loaded, env: str, value: object) -> tuple[SegmentOverride, ...]:
    overrides = []
    for key, override in sorted((value or {}).items()):  # type: ignore[attr-defined]
        line, col = loaded.position(("environments", env, "segments", key), key=True)
        overrides.append(SegmentOverride(
            key, override.get("name"), _tags(override.get("tags")),
            bool(override.get("skip", False)), override.get("application"), line, col))
    return tuple(overrides)


def _check_prefix(data: Mapping[str, Any]) -> list[Finding]:
    """SG223 for a prefix that cannot start a CloudFormation stack or export name."""
    prefix = data.get("prefix")
    if not isinstance(prefix, str) or re.fullmatch(PREFIX.pattern or "", prefix):
        return []
    return [Finding(("prefix",), codes.SG223, f"prefix {prefix!r} cannot start a CloudFormation "
                    "stack name", "use letters, digits and '-', starting with a letter and not "
                    f"ending with '-', at most {MAX_PREFIX} characters (stack names are at "
                    "most 128)")]


def _environment(loaded: Loaded, name: str, env: Mapping[str, Any], default: Application,
                 data: Mapping[str, Any]) -> Environment:
    parameters = dict(_tags(data.get("parameters")))
    parameters.update(env.get("parameters") or {})
    application = (_application(loaded, ("environments", name, "application"),
                                env["application"]) if "application" in env else default)
    line, col = loaded.position(("environments", name), key=True)
    return Environment(
        name=name,
        application=application,
        tags=_tags(env.get("tags")),
        name_suffix=env.get("name_suffix", ""),
        target=env.get("target", data.get("target", DEFAULT_TARGET)),
        domain=env.get("domain", data.get("domain")),
        country_format=env.get("country_format", data.get("country_format")),
        parameters=tuple(sorted(parameters.items())),
        segments=_overrides(loaded, name, env.get("segments")),
        line=line,
        col=col,
    )


def read_settings(loaded: Loaded | None) -> tuple[Settings, list[Diagnostic]]:
    if loaded is None or loaded.data is None:
        return Settings(file=loaded.file if loaded else None), []
    findings = list(check(loaded.data, Ref("Settings"), ()))
    # Settings reach templates too (tags, name suffixes, parameter values).
    findings.extend(check_dynamic_references(loaded.data, ()))
    if isinstance(loaded.data, dict):
        findings.extend(_check_prefix(loaded.data))
        findings.extend(check_setting_names(loaded.data))
    if findings:
        return Settings(file=loaded.file), [loaded.diagnostic(f) for f in findings]
    data: Mapping[str, Any] = loaded.data  # type: ignore[assignment]
    calculated, found = read_calculated(loaded, data)
    if found:
        return Settings(file=loaded.file), [loaded.diagnostic(f) for f in found]
    default = (_application(loaded, ("application",), data["application"])
               if "application" in data else Application())
    target = data.get("target", DEFAULT_TARGET)
    domain = data.get("domain")
    parameters = _tags(data.get("parameters"))
    environments = tuple(_environment(loaded, name, env, default, data)
                         for name, env in sorted((data.get("environments") or {}).items()))
    lint = data.get("lint") or {}
    settings = Settings(
        application=default,
        tags=_tags(data.get("tags")),
        environments=environments,
        output_format=str(data.get("output", "json")).lower(),
        regions=tuple(lint.get("regions", ("us-east-1",))),
        ignore_checks=tuple(sorted(lint.get("ignore", ()))),
        warnings_fail=bool(lint.get("warnings_fail", False)),
        lint_server=bool(lint.get("server", False)),
        target=target,
        domain=domain,
        attribute_map=_tags(data.get("attribute_map")),
        parameters=parameters,
        artifacts=tuple(sorted(set(data.get("artifacts", ("parameters",))))),
        file=loaded.file,
        prefix=data.get("prefix"),
        shared_application=bool(data.get("shared_application", False)),
        country_format=data.get("country_format"),
        calculated_attributes=calculated,
    )
    return settings, []

