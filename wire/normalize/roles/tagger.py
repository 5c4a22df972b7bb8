"""The line-role tagger: a linear-chain CRF (CRFsuite) over ``features``.

The model file ships inside the package (``line_roles.crfsuite``) and is written by
``python -m wire.normalize.roles.train`` from the labelled corpus. Loading it is I/O and
happens once, in ``load_resources``; tagging is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pycrfsuite

from wire.normalize.roles.features import sequence_features
from wire.normalize.roles.labels import BLANK

MODEL_NAME = "line_roles.crfsuite"


@dataclass(frozen=True)
class Tagged:
    """The role of a line and how sure the tagger is of it (its marginal probability)."""

    role: str
    confidence: float
    headline: float = 0.0
    """How likely the line is the headline, whatever role won (one headline per copy)."""
    ruled: bool = False
    """Set by a layout rule on the evidence of the copy's shape (a form's field, a
    release's boilerplate), which a line reading like a sentence does not overturn."""


class LineTagger:
    """Tags the non-blank lines of a copy; blank lines get ``-`` with confidence 1."""

    def __init__(self, model: Path) -> None:
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(str(model))

    def tag(self, lines: Sequence[str]) -> list[Tagged]:
        if not any(line.strip() for line in lines):
            return [Tagged(BLANK, 1.0) for _ in lines]
        feats = sequence_features(lines)
        labels = self._tagger.tag(feats)
        tagged = iter([Tagged(label, self._tagger.marginal(label, i),
                              self._tagger.marginal("headline", i))
                       for i, label in enumerate(labels)])
        return [next(tagged) if line.strip() else Tagged(BLANK, 1.0) for line in lines]


def default_model() -> Path:
    """The model shipped with the package."""
    return Path(str(resources.files("wire.normalize.roles").joinpath(MODEL_NAME)))


def load_tagger(model: Path | None = None) -> LineTagger:
    return LineTagger(model or default_model())
