"""segmentgen: Amazon Pinpoint segments as YAML specs, compiled to CloudFormation.

The library API lives in ``segmentgen.api``; ``build`` and ``load_project`` are re-exported
here lazily so that importing the package stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build", "load_project"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from segmentgen import api

        return getattr(api, name)
    raise AttributeError(name)
