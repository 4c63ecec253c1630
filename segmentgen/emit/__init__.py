"""Emit stage: planned files to ``out/``, atomically, and the caches that make it fast.

Input: the planned files and the output directory. Output: ``out/`` rewritten in one
transaction (``write``, ``transaction``, ``journal``, ``lock``), the one validated reader of
``out/manifest.json`` (``manifest``), the checks on where output and caches may live
(``locations``, ``paths``) and the build caches (``cache``, ``cache_entries``).
"""
