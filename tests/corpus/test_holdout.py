"""The holdout corpora: stories written after the normalizer was tuned, never tuned on.

``tests/corpus/holdout/`` and ``tests/corpus/holdout2/`` have the same format as
``cases/`` (see ``README.md`` here and the README in each) and are scored the same way,
one test per case. Two extra checks
that ``wire.corpus`` has no field for live under ``"extra"`` in a case file:

- ``kept_folding_quotes``: sentences that must be in the body once curly quotes are
  folded to straight ones (so repairing damaged quotes is checked without asserting
  which kind of quote the pipeline keeps);
- ``not_by``: strings that must not be credited as authors (a ``Kontributor Surabaya``
  label is not a person; desk initials such as ``(ant/dra)`` are deliberately kept as
  credits by the pipeline, so they are not listed).

A case with a known, still-open gap is marked ``xfail(strict=True)`` with the gap, so
the suite stays green and a fix that makes it pass is noticed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wire.corpus import FIELDS, Case, collapse, failures, load_cases, make_copy

ROOT = Path(__file__).resolve().parents[2]
HOLDOUT_DIR = Path(__file__).resolve().parent / "holdout"
HOLDOUT2_DIR = Path(__file__).resolve().parent / "holdout2"
CASES = load_cases(HOLDOUT_DIR)
CASES2 = load_cases(HOLDOUT2_DIR)
_DIRS = {**{c.name: HOLDOUT_DIR for c in CASES}, **{c.name: HOLDOUT2_DIR for c in CASES2}}

# Case name -> the specific gap that still makes it fail. Empty when every case passes.
KNOWN_GAPS: dict[str, str] = {}

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _extra(case: Case) -> dict[str, Any]:
    raw = json.loads((_DIRS[case.name] / f"{case.name}.json").read_text(encoding="utf-8"))
    extra = raw.get("extra", {})
    assert isinstance(extra, dict)
    return extra


def _extra_failures(case: Case, normalized: Any) -> list[str]:
    extra = _extra(case)
    lines: list[str] = []
    body = collapse(normalized.body_text).translate(_QUOTES)
    for sentence in extra.get("kept_folding_quotes", []):
        if collapse(sentence) not in body:
            lines.append(f"kept_folding_quotes: {sentence!r} missing from body")
    credited = {collapse(name).casefold() for name in normalized.by}
    for name in extra.get("not_by", []):
        if name.casefold() in credited:
            lines.append(f"not_by: {name!r} credited as an author in {list(normalized.by)!r}")
    return lines


def _param(case: Case) -> Any:
    gap = KNOWN_GAPS.get(case.name)
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def resources() -> Any:
    from wire.normalize import load_resources

    return load_resources(ROOT / "config")


@pytest.mark.parametrize("case", [_param(c) for c in (*CASES, *CASES2)])
def test_holdout_case(case: Case, resources: Any) -> None:
    from wire.normalize import normalize

    normalized = normalize(make_copy(case), resources)
    failed = failures(case, normalized) + _extra_failures(case, normalized)
    assert not failed, f"{case.name}:\n" + "\n".join(failed)


def test_holdout_covers_the_styles() -> None:
    assert len(CASES) >= 30
    languages = [c.expect.get("language") for c in CASES]
    assert languages.count("id") >= 10
    assert languages.count("ms") >= 3
    assert languages.count("en") >= 10
    assert sum(c.name.split("-", 1)[1].startswith("damaged") for c in CASES) >= 6
    assert set(KNOWN_GAPS) <= set(_DIRS), "a known gap names no case"


def test_holdout2_covers_the_styles() -> None:
    assert len(CASES2) >= 30
    languages = [c.expect.get("language") for c in CASES2]
    assert languages.count("id") >= 12
    assert languages.count("ms") >= 4
    assert languages.count("en") >= 8
    assert sum(c.name.split("-", 1)[1].startswith("damaged") for c in CASES2) >= 5
    assert not {c.name for c in CASES2} & {c.name for c in CASES}, "case names are unique"


@pytest.mark.parametrize("case", CASES2, ids=[c.name for c in CASES2])
def test_holdout2_case_is_well_formed(case: Case) -> None:
    """As below, except that a field the editor cannot state with certainty is left out:
    the flags of story-type and priority prefixes (``WRAPUP 1-``, ``EXCLUSIVE-``,
    ``BRIEF-``, ``BREAKING:``, ``URGENT:``) and the place of a dateline without one
    (``Dec 19 (Reuters) -``)."""
    expect = case.expect
    for field in ("headline", "dateline_agency", "language"):
        assert field in expect, f"{case.name}: every case states {field}"
    assert set(expect) <= set(FIELDS)
    for junk in expect.get("removed", []):
        assert junk in case.text, f"{case.name}: removed {junk!r} is not in the copy"
    assert set(_extra(case)) <= {"kept_folding_quotes", "not_by"}
    raw = json.loads((HOLDOUT2_DIR / f"{case.name}.json").read_text(encoding="utf-8"))
    assert raw["submitted_at"].endswith("Z"), "submitted_at is RFC 3339 UTC"
    seen = {p.name for d in ("cases", "holdout") for p in (HOLDOUT2_DIR.parent / d).glob("*.txt")}
    assert f"{case.name}.txt" not in seen, "holdout2 stories are in no other corpus"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_holdout_case_is_well_formed(case: Case) -> None:
    """Guards the holdout itself, as ``test_corpus`` does for the main corpus."""
    expect = case.expect
    for field in ("headline", "flags", "dateline_place", "dateline_agency", "language"):
        assert field in expect, f"{case.name}: every case states {field}"
    assert set(expect) <= set(FIELDS)
    for junk in expect.get("removed", []):
        assert junk in case.text, f"{case.name}: removed {junk!r} is not in the copy"
    assert set(_extra(case)) <= {"kept_folding_quotes", "not_by"}
    raw = json.loads((HOLDOUT_DIR / f"{case.name}.json").read_text(encoding="utf-8"))
    assert raw["submitted_at"].endswith("Z"), "submitted_at is RFC 3339 UTC"
    main = {p.name for p in (HOLDOUT_DIR.parent / "cases").glob("*.txt")}
    assert f"{case.name}.txt" not in main, "holdout stories are not in the main corpus"
