"""Review: what a change of the specs does to the deployed segments.

Input: the committed output (a directory or a git ref) and what the specs build now. Output:
per-segment changes in words (``diff``, ``criteria``, ``describe``), rendered as text, markdown
or JSON (``render``), and the one replacement rule (``replacement``, ``create_only``,
``destructive``) shared by ``build`` and ``diff``.
"""
