"""``python -m segmentgen``: the command line."""

from segmentgen.cli import run

run()
