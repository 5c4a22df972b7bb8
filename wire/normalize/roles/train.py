"""``python -m wire.normalize.roles.train [DIR...] [-o MODEL]``: train the line-role tagger.

Reads every case with a ``.roles`` file in the given corpus folders (default: every folder
under ``tests/corpus``), trains a CRF with L-BFGS and elastic-net regularisation, and writes
the model the package ships. ``--check`` also reports leave-one-folder-out accuracy: each
folder tagged by a model trained on the others, the honest figure for copy it never saw.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pycrfsuite

from wire.corpus import CONFIG_DIR, load_cases, make_copy
from wire.normalize.roles.features import sequence_features
from wire.normalize.roles.labels import BLANK, read_roles
from wire.normalize.roles.tagger import LineTagger, default_model

CORPUS = Path("tests/corpus")
# Chosen over the corpus by stories fully right (c1 0.02-0.3, c2 0.01-0.2 all within a few
# stories of each other): a light L2 keeps rare layout cues usable.
PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 200,
          "feature.possible_transitions": True}

Sequences = list[tuple[list[str], list[str]]]


def labelled(directory: Path) -> Sequences:
    """(lines, roles) of each case in ``directory`` that has a ``.roles`` file."""
    from wire.normalize import load_resources
    from wire.normalize.pipeline import copy_lines, tagged_lines

    resources = load_resources(CONFIG_DIR, tagger=None)
    out: Sequences = []
    for case in load_cases(directory):
        path = directory / f"{case.name}.roles"
        if path.exists():
            lines = copy_lines(make_copy(case), resources)
            kept = tagged_lines(make_copy(case), resources)
            out.append((kept, kept_roles(lines, read_roles(path, lines), kept)))
    return out


def kept_roles(lines: Sequence[str], roles: Sequence[str], kept: Sequence[str]) -> list[str]:
    """The roles of the lines in ``kept``, a subsequence of ``lines`` (the junk rules only
    ever drop whole lines)."""
    from wire.normalize.pipeline import kept_at

    return [role for role, at in zip(roles, kept_at(lines, kept), strict=True) if at is not None]


def train(data: Sequences, model: Path) -> None:
    trainer: Any = pycrfsuite.Trainer(verbose=False)
    for lines, roles in data:
        if any(r != BLANK for r in roles):
            trainer.append(sequence_features(lines), [r for r in roles if r != BLANK])
    trainer.set_params(PARAMS)
    trainer.train(str(model))


def accuracy(data: Sequences, model: Path) -> tuple[int, int, Counter[tuple[str, str]]]:
    tagger = LineTagger(model)
    right = total = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for lines, roles in data:
        for want, got in zip(roles, tagger.tag(lines), strict=True):
            if want == BLANK:
                continue
            total += 1
            right += want == got.role
            if want != got.role:
                confusions[(want, got.role)] += 1
    return right, total, confusions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wire.normalize.roles.train")
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=default_model())
    parser.add_argument("--check", action="store_true", help="leave-one-folder-out accuracy")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    dirs = args.dirs or sorted(p for p in CORPUS.iterdir() if p.is_dir())
    data = {d: labelled(d) for d in dirs}
    if args.check:
        for held in dirs:
            rest = [s for d in dirs if d != held for s in data[d]]
            with tempfile.TemporaryDirectory() as tmp:
                model = Path(tmp) / "model.crfsuite"
                train(rest, model)
                right, total, confusions = accuracy(data[held], model)
            worst = ", ".join(f"{w}->{g} {n}" for (w, g), n in confusions.most_common(4))
            print(f"{held}: {right}/{total} lines right ({100 * right / max(total, 1):.1f}%)"
                  f"  {worst}")
    train([s for d in dirs for s in data[d]], args.output)
    lines = sum(len(ls) for d in dirs for ls, _ in data[d])
    print(f"trained on {sum(len(v) for v in data.values())} cases ({lines} lines): {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
