"""Normalization: raw correspondent copy in, a clean wire item's fields out.

The public contract (``wire.newsroom.ingest`` and the CLI depend on exactly this):

- ``Copy``: what the correspondent sent plus the facts the pipeline may use (submission
  time, declared fields). No clock and no I/O inside the pipeline: time is an input.
- ``Resources``: loaded data the steps consult (gazetteer, junk rules, language detector).
  Loading them is I/O and happens once, outside (``load_resources``).
- ``normalize(copy, resources) -> Normalized``: pure; raises ``wire.errors.EmptyCopy`` when
  nothing usable remains.
"""

from wire.normalize.model import Copy, Normalized, Resources
from wire.normalize.pipeline import load_resources, normalize

__all__ = ["Copy", "Normalized", "Resources", "load_resources", "normalize"]
