"""Estimate: how many endpoints of an export a segment matches, and the query that counts them.

Input: a segment, its base segments and an endpoint export (or an as-of time and a SQL dialect
for the query alone). Output: matched and sendable counts per segment and group as an
``Estimate`` (``count``). Two engines give the same counts: ``sql`` compiles the segment to
one SQL query (sqlglot, each criterion kind's ``sql``; ``batch`` for every segment in one pass)
that ``engine`` runs in DuckDB over the export, and ``match``/``plan`` evaluate per-criterion
predicates in Python, base-first without recursion (the oracle the tests compare with).
``examples`` checks a segment's ``examples:`` against it.
"""

DIALECTS = ("duckdb", "athena", "trino", "spark")  # the SQL dialects estimate.sql writes
