"""The desk's command line: ``wire serve``, accounts, normalization, stories and feeds.

Commands parse options and print; what they do to the store lives in
``wire.newsroom.desk``. The root group is in ``root``; importing ``people`` and ``content``
registers their commands on it.
"""

from wire.cli import content, people
from wire.cli.root import main

__all__ = ["content", "main", "people"]
