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
    "holdout10": (29, 472), "holdout11": (30, 476), "holdout12": (30, 473),
    "holdout13": (29, 477), "holdout14": (31, 479), "holdout15": (32, 480),
    "holdout16": (31, 475), "holdout17": (20, 455), "holdout3": (29, 472),
    "holdout4": (32, 480), "holdout5": (31, 473), "holdout6": (30, 477), "holdout7": (30, 473),
    "holdout8": (32, 480), "holdout9": (30, 474), "train-a": (34, 589), "train-b": (37, 597),
    "train-c": (38, 597), "train-d": (40, 600), "train-e": (39, 598), "train-f": (37, 591),
    "train-g": (38, 597), "train-h": (39, 596), "train-i": (39, 564), "train-j": (39, 566),
    "train-k": (39, 599), "train-l": (23, 461),
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
