"""Criterion kinds: one module per kind of segment criterion, and the registry of them.

Input: nothing. Output: ``kinds()``, the registered ``CriterionKind`` objects in the order
the stages emit them (spec keys, native members, descriptions, predicates), and
``register``/``unregister`` to add or remove one. Each kind module (``attributes``,
``metrics``, ``recency``, ``demographic``, ``country``, ``gps``) holds everything about
its kind: its shape in both forms, its desugaring, its compilation for each target, its
description in words, its evaluation and its import inverse. The shape table,
the JSON Schema, ``describe``, the estimate, the importer, both compilers and the cfn-lint
plug-in schema iterate ``kinds()`` instead of holding their own per-kind code; adding a
kind is one module here, its tests and a README row.
"""

from __future__ import annotations

from segmentgen.core.registry import Registry
from segmentgen.criteria.kind import CriterionKind

_REGISTRY: Registry[CriterionKind] = Registry()
register = _REGISTRY.register  # add a kind after the others (one of the same name is replaced)
unregister = _REGISTRY.unregister  # remove the kind of that name, if registered
kinds = _REGISTRY.items  # the registered kinds, in order
generation = _REGISTRY.generation  # changes whenever the registry does


def _register_builtin() -> None:
    from segmentgen.criteria import attributes, country, demographic, gps, metrics, recency

    for kind in (attributes.KIND, attributes.USER_KIND, metrics.KIND, recency.KIND,
                 demographic.KIND, country.KIND, gps.KIND):
        register(kind)


_register_builtin()
