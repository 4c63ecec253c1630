"""Estimate: how many endpoints of an export a segment matches.

Input: a segment, its base segments and an endpoint export. Output: matched and sendable
counts per segment and group (``count``), from per-criterion predicates (``match``) evaluated
in base-first order without recursion (``plan``).
"""
