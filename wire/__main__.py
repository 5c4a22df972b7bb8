"""``python -m wire``: the same command line as ``wire``."""

from wire.cli import main

main(prog_name="wire")
