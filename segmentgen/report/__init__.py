"""Report stage: diagnostics to what a person or a machine reads.

Input: a ``Report`` (diagnostics, stale files, written files). Output: the exit code and the
human, JSON, GitHub and SARIF renderings (``outcome``).
"""
