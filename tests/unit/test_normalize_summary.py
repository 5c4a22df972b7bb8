"""Summary, slugline, fingerprint and near-duplicate signature."""

from __future__ import annotations

import pytest

from wire.normalize.identity.fingerprint import fingerprint, signature
from wire.normalize.lines.slugline import slugline
from wire.normalize.summary import summarize


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Short lead.", "Short lead."),
        ("First sentence here. " + "Next " * 80, "First sentence here."),
        (
            "Kepala Dinas Drs. Gison Sihite hadir. " + "Kata " * 80,
            "Kepala Dinas Drs. Gison Sihite hadir.",
        ),
        ("word " * 100, ("word " * 60).strip() + "…"),
    ],
)
def test_summarize(paragraph: str, expected: str) -> None:
    found = summarize(paragraph)
    assert found == expected
    assert len(found) <= 301


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        (
            "Wabup Lambar hadiri Rakor penanggulangan kemiskinan Provinsi Lampung 2018",
            "wabup-lambar-hadiri-rakor-penanggulangan",
        ),
        ("Fed raises rates for the fourth time in 2018", "fed-raises-rates-fourth-time"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("🎉🎉", "story"),
        ("在 2018", "2018"),
    ],
)
def test_slugline(headline: str, expected: str) -> None:
    assert slugline(headline) == expected


def test_fingerprint_ignores_case_and_spacing() -> None:
    assert fingerprint("Head", "Body  text") == fingerprint("HEAD", "body\n\ntext")
    assert fingerprint("Head", "Body") != fingerprint("Head", "Other")


def test_signature_is_stable_and_near_for_light_edits() -> None:
    body = " ".join(f"word{i}" for i in range(200))
    edited = body.replace("word100", "changed")
    first, second = signature(body), signature(edited)
    assert len(first) == 64 and first == signature(body)
    same = sum(a == b for a, b in zip(first, second, strict=True)) / 64
    assert same > 0.8
    assert signature("") == ()
