"""The normalization corpus: every case's expected fields, one test per case.

The cases are real-style stories written for this corpus (see README.md here); each
``.json`` states only what a careful desk editor can state with certainty. A failing
test names each failed field with what was expected and what the pipeline produced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wire.corpus import FIELDS, Case, failures, load_cases, make_copy

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = load_cases(CASES_DIR)


@pytest.fixture(scope="module")
def resources() -> Any:
    from wire.normalize import load_resources

    return load_resources(ROOT / "config")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, resources: Any) -> None:
    from wire.normalize import normalize

    normalized = normalize(make_copy(case), resources)
    failed = failures(case, normalized)
    assert not failed, f"{case.name}:\n" + "\n".join(failed)


def test_corpus_covers_the_styles() -> None:
    assert len(CASES) >= 48
    languages = [c.expect.get("language") for c in CASES]
    assert languages.count("id") >= 16
    assert languages.count("ms") >= 6
    assert languages.count("en") >= 14
    assert sum(c.name.split("-", 1)[1].startswith("damaged") for c in CASES) >= 10
    sample = ROOT / "examples" / "correspondent-story-lampung.txt"
    if sample.is_file():
        assert (CASES_DIR / "001-lampung-sample.txt").read_bytes() == sample.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_well_formed(case: Case) -> None:
    """Guards the corpus itself: checks that could never fail are worthless."""
    expect = case.expect
    for field in ("headline", "flags", "dateline_place", "dateline_agency", "language"):
        assert field in expect, f"{case.name}: every case states {field}"
    assert set(expect) <= set(FIELDS)
    for junk in expect.get("removed", []):
        assert junk in case.text, f"{case.name}: removed {junk!r} is not in the copy"
    raw = json.loads((CASES_DIR / f"{case.name}.json").read_text(encoding="utf-8"))
    assert raw["submitted_at"].endswith("Z"), "submitted_at is RFC 3339 UTC"
