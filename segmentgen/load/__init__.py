"""Load stage: spec files on disk to plain data with positions.

Input: the specs directory. Output: the spec files a build reads (``discover``), each parsed
from YAML's event stream into plain data plus a position table (``document``, ``events``), and
SG1xx diagnostics for unreadable, malformed or hostile files (``errors``). Nothing here
interprets what a spec means.
"""
