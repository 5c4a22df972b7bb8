"""``python -m wire.cli``: the same as the ``wire`` command."""

from wire.cli import main

main()
