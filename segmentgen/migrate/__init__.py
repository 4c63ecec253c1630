"""Migrate: what moving Pinpoint segments to Customer Profiles carries over.

Input: the validated project. Output: per segment, criteria carried over, carried with a
mapping, or blocked and why (``report``).
"""
