"""Junk-line rules from config/junk.toml."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wire.normalize.lines.junk import drop_junk_lines, load_junk_rules
from wire.normalize.model import Copy
from wire.normalize.pipeline import load_resources, start

CONFIG = Path(__file__).parents[2] / "config"
RESOURCES = load_resources(CONFIG)
RULES = load_junk_rules(CONFIG / "junk.toml")


@pytest.mark.parametrize(
    "line",
    [
        "Loading",
        "Artikel Berkaitan: Kampung Morten diiktiraf destinasi warisan terbaik ASEAN",
        "Loading...",
        "Like Loading...",
        "Advertisement",
        "ADVERTISEMENT",
        "Bagikan:",
        "Share this:",
        "X",
        "Salin tautan",
        ".",
        "--",
        "Scroll to continue",
        "Scroll to continue with content",
        "Baca juga: Polisi Tangkap Pelaku Curanmor di Pringsewu",
        "BACA JUGA : Gubernur Lampung Resmikan Jalan",
        "Baca Juga",
        "baca juga Ratusan Warga Ikuti Vaksinasi",
        "Click to share on Twitter (Opens in new window)",
        "Click to email this to a friend (Opens in new window)",
        "Related:",
        "Related: Fed raises rates",
        "Read more: Markets slump",
        "Like this:",
        "-- END --",
        "ENDITEM",
        "(END)",
        "-30-",
        "###",
        "___",
        "Artikel ini telah tayang di Tribunlampung.co.id dengan judul Abc",
        "Simak berita lainnya di Google News",
        "Artikel ini disiarkan pada : Sabtu, 22 Disember 2018 @ 11:05 AM",
        "Artikel ini diterbitkan pada 22 Desember 2018",
        "Dikemaskini: 22 Disember 2018 11:05am",
        "Published: Dec 20, 2018 10:15 a.m.",
        "Our Standards: The Thomson Reuters Trust Principles.",
    ],
)
def test_junk_lines_match(line: str) -> None:
    assert RULES.match(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Loading kapal dimulai pukul 08.00 WIB di Pelabuhan Panjang.",
        "Advertisement revenue fell 5 percent in the quarter.",
        "Baca Al Quran bersama dilakukan setiap pagi oleh para siswa di sekolah itu.",
        "Share prices rose on Tuesday.",
        "Related parties must disclose their interests, the regulator said.",
        "The END of an era, he said.",
        "Bagikan sembako kepada warga, Bupati turun langsung ke lapangan.",
        "Published reports said the company had 3 plants in Java.",
        "Updated figures show exports grew 5 percent in November.",
        "Artikel ini disiarkan pada waktu yang salah, kata dia.",
        "x" * 400,
    ],
)
def test_real_sentences_are_not_junk(line: str) -> None:
    assert RULES.match(line) is None


def test_drop_junk_lines_reports_each_line() -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=("Body line.", "Loading", "", "Baca juga: X", "(END)"),
    )
    dropped = drop_junk_lines(draft)
    assert dropped.lines == ("Body line.", "")
    assert [c.action for c in dropped.changes] == [
        "removed-junk-line",
        "removed-junk-line",
        "removed-trailer",
    ]


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        (("Baca juga:", "", "Tanggul Jebol, Sawah Terendam", "Body."), ("", "Body.")),
        (("BACA JUGA", "Tanggul Jebol, Sawah Terendam", "Body."), ("Body.",)),
        (
            ("Baca juga:", "Kepala desa mengatakan hujan deras sejak sore.", "Body."),
            ("Kepala desa mengatakan hujan deras sejak sore.", "Body."),
        ),
        (
            ("Baca juga: Tanggul Jebol", "Next Line Headline-like", "Body."),
            ("Next Line Headline-like", "Body."),
        ),
    ],
)
def test_bare_read_also_takes_the_linked_headline(
    lines: tuple[str, ...], kept: tuple[str, ...]
) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=lines,
    )
    assert drop_junk_lines(draft).lines == kept


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        # A photo credit with one line under it, a paragraph of their own: its caption.
        (("Body.", "", "Foto: Lalu Habibullah", "Pemain merayakan gol kedua.", ""),
         ("Body.", "", "")),
        # Not when the line under it is another credit, or the paragraph goes on.
        (("Body.", "", "Foto: Lalu Habibullah", "Sumber: Humas Pemkab", ""),
         ("Body.", "", "Sumber: Humas Pemkab", "")),
        (("Body.", "", "Foto: Lalu Habibullah", "Warga berkumpul.", "Lalu pulang."),
         ("Body.", "", "Warga berkumpul.", "Lalu pulang.")),
    ],
)
def test_a_photo_credit_takes_its_caption(lines: tuple[str, ...], kept: tuple[str, ...]) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=lines,
    )
    dropped = drop_junk_lines(draft)
    assert dropped.lines == kept
    assert ("Lalu Habibullah", "photographer") in {(c.name, c.role) for c in dropped.credits}


def test_a_caption_the_label_opened_takes_its_wrapped_line_and_closing_credit() -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=("Body.", "", "Foto: Warga menggunakan sampan di Jalan Lintas Selatan,",
               "Putussibau, Minggu (6/12/2020). (Kristoforus Ading)", "", "(hkp/ayu)"),
    )
    dropped = drop_junk_lines(draft)
    assert dropped.lines == ("Body.", "", "", "(hkp/ayu)")
    assert {(c.name, c.role) for c in dropped.credits} == {("Kristoforus Ading", "photographer")}


def test_a_list_of_linked_headlines_goes_with_its_label() -> None:
    lines = (
        "Pada Rabu, harga naik.",
        "Baca Juga",
        "",
        "Harga Emas Turun",
        "Harga Emas Naik",
        "",
        "Harga buyback juga naik.",
        "Simak video pilihan berikut ini:",
    )
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=lines,
    )
    assert drop_junk_lines(draft).paragraphs == (
        "Pada Rabu, harga naik.",
        "Harga buyback juga naik.",
    )


@pytest.mark.parametrize(
    "line",
    [
        "nikabdullah@hmetro.com.my",
        "Email: reporter@tribunnews.com",
        "This is a breaking news update. Check back soon for further information. "
        "AP's earlier story is below.",
        "AP’s earlier story is below.",
        "Source text for Eikon: ID:nFWN1YO0A1",
        "Source text: bit.ly/2Abc",
        "Further company coverage: BBRI.JK",
        "#",
    ],
)
def test_more_junk_lines(line: str) -> None:
    assert RULES.match(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Warga bisa mengirim keluhan ke pengaduan@jakarta.go.id setiap hari kerja.",
        "Source text of the agreement was not released, officials said.",
        "#SaveKPK menjadi trending topic di Twitter sepanjang Kamis.",
    ],
)
def test_sentences_near_new_junk_rules_stay(line: str) -> None:
    assert RULES.match(line) is None
