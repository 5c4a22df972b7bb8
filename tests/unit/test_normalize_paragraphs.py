"""Paragraphs: one per line, hard-wrapped blocks folded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from wire.normalize.lines.junk import JunkRules
from wire.normalize.lines.paragraphs import join_wrapped_lines
from wire.normalize.model import Copy, Resources
from wire.normalize.pipeline import start

RESOURCES = Resources(gazetteer=None, junk_rules=JunkRules(), language_detector=None)
WRAPPED = (
    "LONDON, Dec 20 (Reuters) - Britain's economy grew at its slowest pace",
    "in six years, official figures showed on Thursday, as uncertainty over",
    "Brexit weighed on business investment.",
    "",
    "The Office for National Statistics said gross domestic product rose",
    "0.3 percent in the quarter.",
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("One.", "Two.", "", "Three."), ("One.", "Two.", "Three.")),
        (
            WRAPPED,
            (
                "LONDON, Dec 20 (Reuters) - Britain's economy grew at its slowest pace in six "
                "years, official figures showed on Thursday, as uncertainty over Brexit weighed "
                "on business investment.",
                "The Office for National Statistics said gross domestic product rose 0.3 percent "
                "in the quarter.",
            ),
        ),
        (
            ("- item one is here and it is long enough", "- item two"),
            ("- item one is here and it is long enough", "- item two"),
        ),
        (("short", "lines"), ("short", "lines")),
        # a newspaper's narrow column: short lines fold, a word broken by the wrap is whole
        # again, a doubled word keeps its hyphen
        (("Seramai 48", "mangsa daripada 12 keluarga", "dipindahkan ke pusat",
          "pemindahan sementara (PPS)", "di dewan. Seorang mang-", "sa dan kanak-",
          "kanak selamat."),
         ("Seramai 48 mangsa daripada 12 keluarga dipindahkan ke pusat pemindahan sementara "
          "(PPS) di dewan. Seorang mangsa dan kanak-kanak selamat.",)),
        # a dateline on its own line heads a wrapped block without stopping the fold
        (
            ("Bukittinggi, Singgalang", "Taman Marga Satwa dan Budaya Kinantan (TMSBK) Bukittinggi",
             "menerima dua ekor anak harimau sumatera (Panthera tigris", "sumatrae) titipan "
             "Balai Konservasi Sumber Daya Alam (BKSDA)", "Sumatera Barat, Senin (21/10)."),
            ("Bukittinggi, Singgalang", "Taman Marga Satwa dan Budaya Kinantan (TMSBK) "
             "Bukittinggi menerima dua ekor anak harimau sumatera (Panthera tigris sumatrae) "
             "titipan Balai Konservasi Sumber Daya Alam (BKSDA) Sumatera Barat, Senin (21/10)."),
        ),
    ],
)
def test_join_wrapped_lines(lines: tuple[str, ...], expected: tuple[str, ...]) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=lines,
    )
    assert join_wrapped_lines(draft).lines == expected


def test_short_paragraphs_one_per_line_are_not_folded() -> None:
    lines = (
        "Bandar Lampung (ANTARA) - Warga berkumpul di balai desa pada Kamis pagi.",
        "Mereka membahas rencana pembangunan jalan desa sepanjang dua kilometer.",
        "Harga naik",
        "Kepala desa mengatakan rencana itu sudah disetujui oleh pemerintah kabupaten.",
        "Pembangunan dimulai bulan depan.",
    )
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=lines,
    )
    assert join_wrapped_lines(draft).lines == lines
