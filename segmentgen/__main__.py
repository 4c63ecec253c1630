"""``python -m segmentgen``: the command line."""

from segmentgen.cli import main

main(prog_name="segmentgen")
