"""Application stacks: what the segment stacks of an environment share, in a stack of its own.

Input: the environments being built and the project settings. Output: for each environment
whose application the build creates (``{create: Name}``, Pinpoint target), a ``Stack`` at
``[<env>/]segmentgen-application`` named like every other stack, and its template (the
``AWS::Pinpoint::App`` and an Output that exports its id). The stack depends on the settings
only, never on which spec files exist, so adding, renaming or removing a spec file never
moves the App or its export: every segment stack of the environment imports the id and
deploys after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from segmentgen.compile.plan.stacks import export_prefix, stack_name
from segmentgen.compile.registry import target
from segmentgen.core.model import Application, Environment, Settings, Stack
from segmentgen.load.discover import SETTINGS_FILE

APPLICATION_STACK = "segmentgen-application"
APP_RESOURCE = "PinpointApp"
APP_OUTPUT = "PinpointAppId"


def creates_application(environment: Environment) -> bool:
    """Whether the build creates the environment's Pinpoint application."""
    return target(environment.target).application and environment.application.kind == "create"


def app_export_name(prefix: str | None, environment: str) -> str:
    """The export of a created application's id: ``segmentgen-<env>-PinpointAppId``."""
    return f"{export_prefix(prefix, environment)}-{APP_OUTPUT}"


def application_stacks(environments: Sequence[Environment], settings: Settings) -> list[Stack]:
    """One stack per environment whose application the build creates; no segments."""
    stacks = []
    for env in environments:
        if creates_application(env):
            path = f"{env.name}/{APPLICATION_STACK}" if env.name else APPLICATION_STACK
            stacks.append(Stack(stack_name(path, settings.prefix), path, env, SETTINGS_FILE, ()))
    return stacks


def importing(environment: Environment, prefix: str | None) -> Environment:
    """The environment as its segment stacks see it: the application as ``Fn::ImportValue``
    of the application stack's export (kept where the settings name it)."""
    app = environment.application
    imported = Application("import", app_export_name(prefix, environment.name), app.line, app.col)
    return replace(environment, application=imported)


def application_template(stack: Stack, prefix: str | None) -> dict[str, Any]:
    """The application stack's template as plain data."""
    from troposphere import Export, Output, Ref, Template
    from troposphere import pinpoint as pp

    env = stack.environment
    template = Template()
    template.set_version("2010-09-09")
    where = f"environment {env.name}" if env.name else "the project"
    template.set_description(f"The Pinpoint application of {where} (segmentgen)")
    template.add_resource(pp.App(APP_RESOURCE, Name=env.application.value))
    template.add_output(Output(APP_OUTPUT, Value=Ref(APP_RESOURCE),
                               Export=Export(app_export_name(prefix, env.name))))
    return template.to_dict()  # type: ignore[no-any-return]
