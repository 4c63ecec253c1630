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

from segmentgen.core.registry import Registry
from segmentgen.criteria.profiles.kind import ProfileKind

_REGISTRY: Registry[ProfileKind] = Registry()
register = _REGISTRY.register  # add a kind after the others (one of the same name is replaced)
unregister = _REGISTRY.unregister  # remove the kind of that name, if registered
profile_kinds = _REGISTRY.items  # the registered kinds, in order
generation = _REGISTRY.generation  # changes whenever the registry does


def kind_of(dimension: Mapping[str, Any]) -> ProfileKind | None:
    """The first registered kind that claims ``dimension``, or None."""
    return next((kind for kind in _REGISTRY.items() if kind.claims(dimension)), None)


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
