"""Review: what a change of the specs does to the deployed segments, and the audiences
described in words and pictures.

Input: the committed output (a directory or a git ref) and what the specs build now. Output:
per-segment changes in words (``diff``, ``criteria``, ``describe``), rendered as text, markdown
or JSON (``render``), and the one replacement rule (``replacement``, ``create_only``,
``destructive``) shared by ``build`` and ``diff``.

``catalog`` (``segmentgen.review.catalog``, the ``segmentgen docs`` command) takes the specs
and the build's output and returns the browsable catalog site: the same words, lint
findings, estimates and the base-segment picture, a page per segment.
"""
