"""The blind folders, now development data: every label file still matches its copy, and
no change may lose what the normalizer gets right on them (floors at the figures reached;
the before-figures are in ``tests/corpus/README.md``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wire.corpus import load_cases, make_copy, score
from wire.normalize import load_resources, normalize
from wire.normalize.pipeline import copy_lines
from wire.normalize.roles.labels import read_roles

ROOT = Path(__file__).resolve().parent
RESOURCES = load_resources(ROOT.parents[1] / "config")
# folder: (stories with every field right, fields right) at least
FLOORS = {
    "holdout10": (29, 472), "holdout11": (29, 474), "holdout12": (30, 473),
    "holdout13": (29, 477), "holdout14": (30, 478), "holdout15": (29, 476),
    "holdout3": (29, 472), "holdout4": (32, 480), "holdout5": (31, 473), "holdout6": (27, 471),
    "holdout7": (29, 471), "holdout8": (31, 477), "holdout9": (28, 470), "train-a": (34, 589),
    "train-b": (37, 597), "train-c": (37, 594), "train-d": (40, 600), "train-e": (38, 596),
    "train-f": (35, 586), "train-g": (38, 597), "train-h": (37, 592), "train-i": (37, 561),
    "train-j": (39, 566),
}


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_the_figures_reached_hold(folder: str) -> None:
    cases = load_cases(ROOT / folder)
    results = [score(case, normalize(make_copy(case), RESOURCES)) for case in cases]
    stories = sum(all(r.values()) for r in results)
    fields = sum(sum(r.values()) for r in results)
    want_stories, want_fields = FLOORS[folder]
    assert stories >= want_stories and fields >= want_fields, (folder, stories, fields)


def test_every_label_file_matches_its_copy() -> None:
    labelled = 0
    for folder in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        for case in load_cases(folder):
            path = folder / f"{case.name}.roles"
            if path.exists():
                roles = read_roles(path, copy_lines(make_copy(case), RESOURCES))
                assert "headline" in roles, path.name
                labelled += 1
    assert labelled >= 470
