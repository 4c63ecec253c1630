"""Planning, the compile stage's whole-project half: the validated project to the files
``out/`` should hold.

Input: the frozen project and the environments to build. Output: stacks (one per spec file and
environment, ``stacks``), overrides applied (``overrides``), each stack compiled through its
target and joined to its neighbours by exports and imports (``files``, ``links``,
``application``), deploy artifacts (``deploy``, ``sceptre``, ``import_jobs``), the manifest
entries (``manifest``), and SG401 findings for paths that cannot coexist (``tree``).
"""
