"""Where the registered criterion kinds put their criteria, for the walks that read any kind.

Input: the registry (``criteria.kinds()``) and each kind's ``keys``, ``native``,
``per_member`` and ``holds_sets``. Output: ``current()``, the ``Layout`` of the registered
kinds (rebuilt when the registry changes): which keys under ``where:`` and under
``Dimensions`` hold criteria, which of them hold one criterion per member (a map of named
criteria, the Demographic fields, a key shared by several kinds such as ``Location``), and
where the set values are. The partial validation, the dimension count and the per-value
rules read it instead of naming the kinds.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from segmentgen import criteria
from segmentgen.core.shape_types import MapOf, Obj
from segmentgen.criteria.kind import CriterionKind, NativePath

# A place of set values: the native path of a mapping and the fields in it that are sets
# ({DimensionType, Values}); None: every key the data has (a map of named sets).
SetPlace = tuple[NativePath, tuple[str, ...] | None]


@dataclass(frozen=True, slots=True)
class Layout:
    spec_keys: frozenset[str]  # every where: key of a kind
    spec_sections: frozenset[str]  # where: keys mapping names to criteria (attributes)
    native_keys: tuple[str, ...]  # every first key under Dimensions, in registry order
    native_sections: tuple[str, ...]  # those whose members are each one criterion
    sets: tuple[SetPlace, ...]  # where the set values are, in registry order


def current() -> Layout:
    """The layout of the kinds registered now."""
    return _layout(criteria.generation())


@functools.lru_cache(maxsize=4)
def _layout(generation: int) -> Layout:
    kinds = criteria.kinds()
    keys = {key: member for kind in kinds for key, member in kind.keys.items()}
    return Layout(
        spec_keys=frozenset(keys),
        spec_sections=frozenset(k for k, m in keys.items() if isinstance(m.shape, MapOf)),
        native_keys=_unique(path[0] for kind in kinds for path in kind.native),
        native_sections=_unique(_sections(kinds)),
        sets=tuple(place for kind in kinds if kind.holds_sets for place in _sets(kind)))


def _unique(steps: Iterator[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(steps))


def _sections(kinds: tuple[CriterionKind, ...]) -> Iterator[str]:
    """First native keys whose members are counted (and set aside) one by one."""
    for kind in kinds:
        for path in kind.native:
            if kind.per_member or len(path) > 1:
                yield path[0]


def _sets(kind: CriterionKind) -> Iterator[SetPlace]:
    for path, member in kind.native.items():
        if isinstance(member.shape, MapOf):
            yield path, None
        elif isinstance(member.shape, Obj) and kind.per_member:
            yield path, tuple(member.shape.members)
        else:
            yield path[:-1], (path[-1],)
