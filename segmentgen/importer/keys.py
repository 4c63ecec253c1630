"""Keys of imported segments: valid, distinct, and not already taken in the project.

Input: the candidates in input order, each with the key its source gives, and the keys the
project already has (key -> where it is defined). Output: each candidate's final key (set in
place) and diagnostics. A key that is not a valid segment key becomes one (``Winter Sale`` ->
``winter-sale``). When two candidates give the same key, or keys with the same logical ID
(``a-b``, ``a_b``), the first keeps it and the later one gets the first free numbered suffix
(``-2``, ``-3``, ...), with notice SG701 naming both sources; nothing is replaced. A key the
project already has is error SG701, with a hint how to rename. Linear in the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from segmentgen.compile import logical_id
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.vocabulary import MAX_SEGMENT_KEY_LENGTH
from segmentgen.importer.collect import Candidate
from segmentgen.importer.criteria import key_of_name
from segmentgen.importer.shapes import dotted

KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def valid_key(key: str) -> str:
    """``key`` when it is a valid segment key, else its slug (at most 64 characters)."""
    if KEY.match(key) and len(key) <= MAX_SEGMENT_KEY_LENGTH:
        return key
    return key_of_name(key)


def where(candidate: Candidate) -> str:
    line, _ = candidate.input.position(candidate.key_path)
    return f"{candidate.file}:{line}"


def _diagnostic(candidate: Candidate, message: str, hint: str,
                severity: Severity = Severity.ERROR) -> Diagnostic:
    line, col = candidate.input.position(candidate.key_path)
    return Diagnostic(candidate.file, line, col, codes.SG701, message, severity, hint)


def _rename_hint(candidate: Candidate) -> str:
    if candidate.template:
        return ("give the resource another key in Metadata: {segmentgen: {key: NEW-KEY}}, or "
                "rename the existing segment first")
    return ("the key comes from the segment's Name: change it in the input, or rename the "
            "existing segment first")


def assign_keys(candidates: Sequence[Candidate], taken: Mapping[str, str]) -> list[Diagnostic]:
    """Give every candidate a distinct key; diagnostics for renamed and refused ones."""
    found: list[Diagnostic] = []
    existing = {logical_id(key): (key, place) for key, place in taken.items()}
    used = set(existing)
    owners: dict[str, Candidate] = {}
    later: list[Candidate] = []
    for candidate in candidates:
        candidate.key = valid_key(candidate.key)
        lid = logical_id(candidate.key)
        if lid in existing:
            found.append(_taken(candidate, *existing[lid]))
        elif lid in owners:
            later.append(candidate)
        else:
            owners[lid] = candidate
            used.add(lid)
    next_number: dict[str, int] = {}
    for candidate in later:
        first = owners[logical_id(candidate.key)]
        derived, candidate.key = candidate.key, _free_key(candidate.key, used, next_number)
        found.append(_diagnostic(
            candidate, f"{dotted(first.key_path)} ({where(first)}) and "
            f"{dotted(candidate.key_path)} both give the segment key {derived!r}; this one is "
            f"imported as {candidate.key!r}", "rename it in the spec after the import, or set "
            "the key in Metadata.segmentgen.key of a template", Severity.NOTICE))
    return found


def _taken(candidate: Candidate, key: str, place: str) -> Diagnostic:
    same = "" if key == candidate.key else f" (as {key!r}, the same logical ID)"
    return _diagnostic(candidate, f"segment key {candidate.key!r} already exists{same} at "
                       f"{place}", _rename_hint(candidate))


def _free_key(key: str, used: set[str], next_number: dict[str, int]) -> str:
    """``key-N`` with the smallest N >= 2 whose logical ID no other segment has (reserved)."""
    number = next_number.get(key, 2)
    while True:
        suffix = f"-{number}"
        candidate = key[:MAX_SEGMENT_KEY_LENGTH - len(suffix)] + suffix
        number += 1
        if logical_id(candidate) not in used:
            next_number[key] = number
            used.add(logical_id(candidate))
            return candidate
