"""Evaluate: a segment's criteria as one SQL query, and DuckDB to run it.

Input: a segment, its base segments, an as-of time and a SQL dialect (``sql``), or an
endpoint export on disk (``duckdb``). Output: the query text, which counts the endpoints,
the matched and sendable endpoints and the matches per segment group over a table of
endpoints (``schema``), and those counts as an ``estimate.count.Estimate``. The semantics are
those of ``estimate.match``; the Python evaluator there is the oracle the tests compare with.
"""

DIALECTS = ("duckdb", "athena", "trino", "spark")  # the SQL dialects evaluate.sql writes
