"""DuckDB and the Python evaluator count the same endpoints.

Random segments (every criterion kind, segment groups, base segments of every kind) and
random endpoint objects (every field holding any JSON value, as tests/test_estimate_fuzz.py
draws them) are counted by the query of ``estimate.sql`` run in DuckDB and by
``estimate.count``, the oracle: endpoints, matched, sendable and each group must agree. An
export DuckDB cannot parse (a NaN token, say) is left to the Python evaluator, and the
property requires that most examples did run in DuckDB.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_estimate_fuzz import as_of, encode, endpoint, project, segment_of

from segmentgen.core.model import Dimensions, Groups, ImportSource, Segment
from segmentgen.estimate import session
from segmentgen.estimate.count import estimate_segment
from segmentgen.estimate.sql import segment_query

DIFFERENTIAL = settings(max_examples=150, deadline=None, derandomize=True,
                        suppress_health_check=list(HealthCheck))
ran: list[bool] = []


def _segments(parts: dict[str, Dimensions | Groups]) -> dict[str, Segment]:
    segments = {key: segment_of(key, criteria) for key, criteria in parts.items()}
    segments["crm"] = Segment(key="crm", name="crm", file="specs/f.yaml", line=1,
                              imported=ImportSource("s3://b/k.csv", "CSV", None))
    return segments


@DIFFERENTIAL
@given(project, st.lists(endpoint.map(encode), max_size=10), as_of)
def test_duckdb_counts_as_the_python_evaluator(parts: dict[str, Dimensions | Groups],
                                               lines: list[bytes], when: datetime) -> None:
    segments = _segments(parts)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "endpoints.jsonl"
        export.write_bytes(b"\n".join(lines) + b"\n")
        expected = estimate_segment(segments["probe"], export, as_of=when, segments=segments)
        query = segment_query(segments["probe"], segments, as_of=when,
                              transform=session.for_engine)
        counts = session.run([str(export)], query.text)
    ran.append(counts is not None)
    assume(counts is not None)
    assert counts == (expected.endpoints, expected.matched, expected.sendable,
                      *expected.groups)
    assert [d.code for d in query.diagnostics] == [d.code for d in expected.diagnostics]


def test_most_examples_ran_in_duckdb() -> None:
    if not ran:
        pytest.skip("runs after the property")
    assert sum(ran) > len(ran) // 2
