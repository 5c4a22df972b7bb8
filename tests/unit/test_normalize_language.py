"""Language detection: id vs ms vs en, declared language wins."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from wire.normalize.identity.language import build_detector, detect, detect_language
from wire.normalize.lines.junk import JunkRules
from wire.normalize.model import Copy, Resources
from wire.normalize.pipeline import DEFAULT_LANGUAGES, start

DETECTOR = build_detector(DEFAULT_LANGUAGES)
RESOURCES = Resources(gazetteer=None, junk_rules=JunkRules(), language_detector=DETECTOR)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Wakil Bupati Lampung Barat menghadiri rapat koordinasi penanggulangan kemiskinan "
            "yang dipimpin langsung oleh Wakil Gubernur Lampung di Gedung Pusiban.",
            "id",
        ),
        (
            "Kerajaan akan memperkenalkan dasar baharu bagi membantu golongan berpendapatan "
            "rendah, kata Perdana Menteri dalam satu kenyataan di Kuala Lumpur hari ini.",
            "ms",
        ),
        (
            "Polis menahan seorang lelaki berusia 30 tahun bagi membantu siasatan kes "
            "kecurian wang di sebuah kedai di Petaling Jaya semalam.",
            "ms",
        ),
        (
            "Polisi menangkap seorang pria berusia 30 tahun terkait kasus pencurian uang di "
            "sebuah toko di Bandar Lampung kemarin.",
            "id",
        ),
        (
            "The Federal Reserve raised interest rates on Wednesday for the fourth time this year.",
            "en",
        ),
    ],
)
def test_detect(text: str, code: str) -> None:
    found = detect(DETECTOR, text)
    assert found is not None
    assert found[0] == code
    assert 0 < found[1] <= 1


def draft(text: str, declared: str | None = None, headline: str = "Headline"):  # type: ignore[no-untyped-def]
    copy = Copy(
        text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC), declared_language=declared
    )
    return replace(start(copy, RESOURCES), headline=headline, lines=(text,))


def test_detect_language_reports_confidence() -> None:
    found = detect_language(draft("The Federal Reserve raised interest rates on Wednesday."))
    assert found.language == "en"
    assert found.language_confidence is not None
    assert found.changes[-1].action == "detected-language"


def test_declared_language_wins_and_detection_is_reported() -> None:
    found = detect_language(draft("The Federal Reserve raised interest rates on Wednesday.", "id"))
    assert found.language == "id"
    assert [c.action for c in found.changes] == ["detected-language", "declared-language"]


def test_no_letters_is_undetermined() -> None:
    assert detect_language(draft("🎉 🎉 123", headline="2018")).language == "und"
