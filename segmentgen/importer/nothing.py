"""Why an import finds nothing to write, said where the input shows it.

Input: an input whose shape is right but that holds no segment (a template without
``AWS::Pinpoint::Segment`` resources, ``get-segments`` output with no items), or the
diagnostics of an import whose segments were all left out. Output: SG705 diagnostics,
positioned in the input: an error when nothing at all is imported (so the command exits 3 and
says why), a warning for one empty input among others that hold segments.
"""

from __future__ import annotations

from collections.abc import Sequence

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.diagnostics import Path as DataPath
from segmentgen.importer.collect import SEGMENT_TYPE
from segmentgen.importer.read import Input

SHOWN_TYPES = 5
HINT = ("pass a CloudFormation template with AWS::Pinpoint::Segment resources, or what "
        "'aws pinpoint get-segments' prints for an application that has segments")


def _resource_types(resources: object) -> str:
    """The resource types a template holds, sorted, the first few named."""
    values = resources.values() if isinstance(resources, dict) else []
    types = sorted({r["Type"] for r in values if isinstance(r, dict)
                    and isinstance(r.get("Type"), str)})
    if not types:
        return "no resources"
    shown = ", ".join(types[:SHOWN_TYPES])
    return shown + (f" and {len(types) - SHOWN_TYPES} more" if len(types) > SHOWN_TYPES else "")


def _what(source: Input) -> tuple[DataPath, str]:
    """Where the input's segments would be, and what it holds instead."""
    document = source.data
    if isinstance(document, dict) and "Resources" in document:
        return ("Resources",), (f"no {SEGMENT_TYPE} resources in {source.file} "
                                f"(found: {_resource_types(document['Resources'])})")
    if isinstance(document, dict) and "SegmentsResponse" in document:
        return ("SegmentsResponse", "Item"), (f"no segments in {source.file}: "
                                              "SegmentsResponse.Item is empty")
    return (), f"no segments in {source.file}: the list is empty"


def no_segments(source: Input, severity: Severity) -> Diagnostic:
    """SG705 at the place of an input that holds no segment, saying what it holds."""
    path, message = _what(source)
    line, col = source.position(path)
    return Diagnostic(source.file, line, col, codes.SG705, message, severity, HINT)


def nothing_imported(found: Sequence[Diagnostic], first_input: str) -> Diagnostic:
    """SG705 (error) when every segment of the inputs is left out: at the first of them."""
    left_out = [(d.file, d.line, d.col) for d in found
                if d.code == codes.SG705 and d.severity is Severity.WARNING]
    file, line, col = min(left_out) if left_out else (first_input, 1, 1)
    return Diagnostic(file, line, col, codes.SG705, "nothing to import: every segment found "
                      "is left out (see the SG705 warnings)", Severity.ERROR,
                      "write those segments by hand, or change the inputs as the warnings say")
