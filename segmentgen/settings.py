"""Project settings: ``specs/segmentgen.yaml`` to ``model.Settings``.

Input: the loaded settings file, or nothing. Output: frozen ``Settings`` (default
application is the template Parameter ``PinpointApplicationId``) plus diagnostics.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from segmentgen.diagnostics import Diagnostic
from segmentgen.load import Loaded
from segmentgen.model import Application, Environment, SegmentOverride, Settings
from segmentgen.validate.rules import check_dynamic_references
from segmentgen.validate.shapes import Ref
from segmentgen.validate.walk import check


def _application(value: object) -> Application:
    if isinstance(value, str):
        return Application("id", value)
    assert isinstance(value, dict)
    (kind, name), = value.items()
    return Application(kind, name)


def _tags(value: object) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((value or {}).items()))  # type: ignore[attr-defined]


def _overrides(loaded: Loaded, env: str, value: object) -> tuple[SegmentOverride, ...]:
    overrides = []
    for key, override in sorted((value or {}).items()):  # type: ignore[attr-defined]
        line, col = loaded.position(("environments", env, "segments", key), key=True)
        overrides.append(SegmentOverride(
            key, override.get("name"), _tags(override.get("tags")),
            bool(override.get("skip", False)), line, col))
    return tuple(overrides)


def read_settings(loaded: Loaded | None) -> tuple[Settings, list[Diagnostic]]:
    if loaded is None or loaded.data is None:
        return Settings(file=loaded.file if loaded else None), []
    findings = list(check(loaded.data, Ref("Settings"), ()))
    # Settings reach templates too (tags, name suffixes, parameter values).
    findings.extend(check_dynamic_references(loaded.data, ()))
    if findings:
        return Settings(file=loaded.file), [loaded.diagnostic(f) for f in findings]
    data: Mapping[str, Any] = loaded.data  # type: ignore[assignment]
    default = _application(data["application"]) if "application" in data else Application()
    target = data.get("target", "pinpoint")
    domain = data.get("domain")
    parameters = _tags(data.get("parameters"))
    environments = tuple(
        Environment(
            name=name,
            application=_application(env["application"]) if "application" in env else default,
            tags=_tags(env.get("tags")),
            name_suffix=env.get("name_suffix", ""),
            target=env.get("target", target),
            domain=env.get("domain", domain),
            parameters=tuple(sorted({**dict(parameters), **(env.get("parameters") or {})}.items())),
            segments=_overrides(loaded, name, env.get("segments")),
        )
        for name, env in sorted((data.get("environments") or {}).items())
    )
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
    )
    return settings, []

