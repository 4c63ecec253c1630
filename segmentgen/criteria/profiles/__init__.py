"""Customer Profiles criterion kinds: one module per kind of ``SegmentDefinition`` dimension.

Input: nothing. Output: ``profile_kinds()``, the registered ``ProfileKind`` objects in the
order their keys, native members and words are written, ``register``/``unregister`` to add
or remove one, ``generation()`` (changes with the registry) and ``kind_of(dimension)``, the
kind that claims one CloudFormation ``Dimension``. The kinds are ``text`` (the string profile
fields and ``AdditionalInformation``), ``birth_date``, ``profile_type``, ``address`` (four
address dimensions with six parts each), ``custom`` (the ``Attributes`` map) and
``calculated`` (``CalculatedAttributes``). The shape table, desugaring and the compiler of
``target: customer-profiles`` segments iterate ``profile_kinds()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from segmentgen.criteria.profiles.kind import ProfileKind

_KINDS: list[ProfileKind] = []
_GENERATION = [0]


def register(kind: ProfileKind) -> ProfileKind:
    """Add ``kind`` after the registered kinds; a kind of the same name is replaced."""
    unregister(kind.name)
    _KINDS.append(kind)
    _GENERATION[0] += 1
    return kind


def unregister(name: str) -> None:
    """Remove the kind called ``name``, if registered."""
    _KINDS[:] = [kind for kind in _KINDS if kind.name != name]
    _GENERATION[0] += 1


def profile_kinds() -> tuple[ProfileKind, ...]:
    """The registered kinds, in order."""
    return tuple(_KINDS)


def generation() -> int:
    """A number that changes whenever the registry does (for tables built from it)."""
    return _GENERATION[0]


def kind_of(dimension: Mapping[str, Any]) -> ProfileKind | None:
    """The first registered kind that claims ``dimension``, or None."""
    return next((kind for kind in _KINDS if kind.claims(dimension)), None)


def _register_builtin() -> None:
    from segmentgen.criteria.profiles import (
        address,
        birth_date,
        calculated,
        custom,
        profile_type,
        text,
    )

    for kind in (text.KIND, birth_date.KIND, profile_type.KIND, address.KIND, custom.KIND,
                 calculated.KIND):
        register(kind)


_register_builtin()
