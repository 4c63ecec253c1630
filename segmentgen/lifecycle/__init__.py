"""Lifecycle: the console's segment actions on spec files.

Input: the specs directory and a segment key. Output: a segment's details (``show``), and
edits of spec files that add, copy or remove a segment (``scaffold``), validated as ``build``
validates before they are written atomically (``spec_edit``).
"""
