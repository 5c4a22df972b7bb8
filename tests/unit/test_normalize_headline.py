"""Headline: taking it, prefixes to flags, tidying."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wire.normalize.lines.headline import (
    clean_headline,
    continuation_lines,
    rank_urgency,
    strip_prefixes,
    take_flag_lines,
    take_flag_lines_below_headline,
    take_headline,
    tidy,
)
from wire.normalize.model import Copy
from wire.normalize.pipeline import load_resources, start

RESOURCES = load_resources(Path(__file__).parents[2] / "config")
WHEN = datetime(2018, 12, 20, 9, tzinfo=UTC)


def draft(lines: tuple[str, ...], headline: str | None = None):  # type: ignore[no-untyped-def]
    return replace(
        start(Copy(text="", submitted_at=WHEN, headline=headline), RESOURCES), lines=lines
    )


@pytest.mark.parametrize(
    ("raw", "headline", "flags"),
    [
        ("UPDATE 1-Fed raises rates", "Fed raises rates", ("update",)),
        ("UPDATE 2-Fed raises rates", "Fed raises rates", ("update",)),
        ("CORRECTED-Fed raises rates", "Fed raises rates", ("correction",)),
        ("CORRECTED-UPDATE 2-Fed raises rates", "Fed raises rates", ("correction", "update")),
        ("REFILE-Oil falls", "Oil falls", ("refile",)),
        ("ADVANCE FOR Dec 23-Holiday shoppers", "Holiday shoppers", ("advance",)),
        ("EMBARGOED-Study finds", "Study finds", ("embargo",)),
        ("URGENT: Gempa guncang Lampung", "Gempa guncang Lampung", ("urgent",)),
        ("BREAKING: Quake hits", "Quake hits", ("breaking",)),
        ("[BREAKING] Quake hits", "Quake hits", ("breaking",)),
        ("FLASH - Quake hits", "Quake hits", ("flash",)),
        ("Update on the budget talks", "Update on the budget talks", ()),
        ("UPDATE", "UPDATE", ()),
        # A page's shouted section kicker before a bar; a short title keeps its bar.
        ("🔴 SEMASA | Paras air Empangan Timah Tasoh melepasi tahap bahaya",
         "Paras air Empangan Timah Tasoh melepasi tahap bahaya", ()),
        ("KPK | Dua tersangka", "KPK | Dua tersangka", ()),
        ("Banjir | Warga Mengungsi ke Masjid Raya", "Banjir | Warga Mengungsi ke Masjid Raya",
         ()),
    ],
)
def test_strip_prefixes(raw: str, headline: str, flags: tuple[str, ...]) -> None:
    text, found, _ = strip_prefixes(raw)
    assert (tidy(text), found) == (headline, flags)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Wabup Lambar hadiri Rakor  penanggulangan kemiskinan.",
            "Wabup Lambar hadiri Rakor penanggulangan kemiskinan",
        ),
        ("Markets wait...", "Markets wait..."),
        ("Talks with the U.S.", "Talks with the U.S."),
        ("Acme Inc.", "Acme Inc."),
        ("  spaced \t out  ", "spaced out"),
        ("Judul Utama : Festival Sastra Ranah Minang", "Festival Sastra Ranah Minang"),
        ("Headline: Typhoon Yagi leaves Hai Phong without power",
         "Typhoon Yagi leaves Hai Phong without power"),
        ("📰 Harga Cengkih Anjlok", "Harga Cengkih Anjlok"),
        ("*Erau Resmi Dibuka, Ribuan Warga Padati Tenggarong* 🎉🎉",
         "Erau Resmi Dibuka, Ribuan Warga Padati Tenggarong"),
        ("_Sultan tabuh gong_", "Sultan tabuh gong"),
        ("Harga *cabai* naik", "Harga *cabai* naik"),  # emphasis inside stays
        ("“Kami hanya mahu air bersih”", "“Kami hanya mahu air bersih”"),
        ("Indonesia's new capital rises. So do questions.",
         "Indonesia's new capital rises. So do questions."),
        # A chat export's stamp and sender before the message.
        ("[9/3/23 8:04 PG] Che Su Awang: Bekalan air terputus di Besut",  # Malay "pagi"
         "Bekalan air terputus di Besut"),
        ("[08/04/22 10.18.02] +62 853-4211-0987: *Dua Pemuda Diamankan di Mamasa*",
         "Dua Pemuda Diamankan di Mamasa"),
        ("[9:41 pg, 11/1/2023] +60 13-918 2240: Banjir di Kuala Terengganu",
         "Banjir di Kuala Terengganu"),
        ("[Foto] Banjir di Kota", "[Foto] Banjir di Kota"),
    ],
)
def test_tidy(raw: str, expected: str) -> None:
    assert tidy(raw) == expected


@pytest.mark.parametrize(
    ("lines", "headline", "rest"),
    [
        (("", "First line", "Body"), "First line", ("Body",)),
        (("Only headline",), "Only headline", ()),
        (("x" * 300 + ". " + "y" * 300,), None, None),
        # a CMS's "Headline:" field alone on its line: the title is under it
        (("Headline:", "Strawberry farmers brace for an early end", "", "Body"),
         "Strawberry farmers brace for an early end", ("", "Body")),
    ],
)
def test_take_headline(
    lines: tuple[str, ...], headline: str | None, rest: tuple[str, ...] | None
) -> None:
    taken = take_headline(draft(lines))
    if headline is None:
        assert len(taken.headline) <= 400 and taken.lines
    else:
        assert (taken.headline, taken.lines) == (headline, rest)


def test_declared_headline_wins() -> None:
    taken = take_headline(draft(("Body first line",), headline="Declared"))
    assert (taken.headline, taken.lines) == ("Declared", ("Body first line",))


@pytest.mark.parametrize(
    ("lines", "flags", "first"),
    [
        (("ADVANCE FOR USE SUNDAY, DEC. 23", "Headline", "Body"), ("advance",), "Headline"),
        (("URGENT", "", "Headline", "Body"), ("urgent",), "Headline"),
        (("Headline", "Body"), (), "Headline"),
    ],
)
def test_take_flag_lines(lines: tuple[str, ...], flags: tuple[str, ...], first: str) -> None:
    taken = take_flag_lines(draft(lines))
    assert taken.flags == flags
    assert next(line for line in taken.lines if line) == first


@pytest.mark.parametrize(
    ("lines", "flags", "first"),
    [
        (
            ("", "ADVANCE FOR USE SUNDAY, DEC. 23, 2018 AND THEREAFTER", "", "By TOM HOLLIS"),
            ("advance",),
            "By TOM HOLLIS",
        ),
        (("URGENT", "WASHINGTON (AP) — Text."), ("urgent",), "WASHINGTON (AP) — Text."),
        # A sentence that merely starts like a flag line is the story.
        (
            ("Advance for the rebels was slow, officials said.", "More."),
            (),
            "Advance for the rebels was slow, officials said.",
        ),
        (("By JANE DOE", "Text."), (), "By JANE DOE"),
        (("ADVANCE FOR SUNDAY",), (), "ADVANCE FOR SUNDAY"),  # nothing after it: body
    ],
)
def test_take_flag_lines_below_headline(
    lines: tuple[str, ...], flags: tuple[str, ...], first: str
) -> None:
    taken = take_flag_lines_below_headline(draft(lines))
    assert taken.flags == flags
    assert next(line for line in taken.lines if line) == first


def test_clean_headline_reports_prefixes() -> None:
    cleaned = clean_headline(replace(draft(()), headline="UPDATE 1-Fed raises rates."))
    assert cleaned.headline == "Fed raises rates"
    assert cleaned.flags == ("update",)
    assert [c.action for c in cleaned.changes] == ["moved-prefix", "removed-trailing-period"]


@pytest.mark.parametrize(
    ("raw", "headline", "flags"),
    [
        ("WRAPUP 1-Asian markets slide", "Asian markets slide", ("update",)),
        ("WRAPUP-Asian markets slide", "Asian markets slide", ()),
        ("BRIEF-Bank Rakyat Indonesia says", "Bank Rakyat Indonesia says", ()),
        ("FACTBOX-Who is running", "Who is running", ()),
        ("INSTANT VIEW-Fed raises rates", "Fed raises rates", ()),
        ("GLOBAL MARKETS-Stocks slide", "Stocks slide", ()),
        ("UPDATE 2-ANALYSIS-Fed's path", "Fed's path", ("update",)),
        ("Brief respite for markets", "Brief respite for markets", ()),
        ("Analysis-paralysis hits investors", "Analysis-paralysis hits investors", ()),
        ("BRIEF-", "BRIEF-", ()),
    ],
)
def test_story_type_labels(raw: str, headline: str, flags: tuple[str, ...]) -> None:
    text, found, _ = strip_prefixes(raw)
    assert (tidy(text), found) == (headline, flags)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # cut mid-phrase by a comma, then title case to the blank line
        (("Vanili Tolitoli Tembus Pasar Eropa,", "Petani Panen Raya di Tengah", "Harga Tinggi",
          "", "TOLITOLI - Petani vanili ..."), 2),
        # the last word alone on a line of its own, in lower case
        (("CalMac cancels sailings as Storm Arwen", "approaches", "", "STORNOWAY - ..."), 1),
        # a title-case deck right under a whole headline stays a deck
        (("Longsor Putus Jalur Garut-Cikajang", "Ratusan Kendaraan Tertahan hingga Malam", "",
          "GARUT - ..."), 0),
        # a byline, a date or a field under it never finishes it
        (("Programme to Restore 12 Temples,", "Written by Sok Chanthy", "January 17, 2022"), 0),
        (("Harga cabai naik,", "Oleh Tri Susanti", ""), 0),
        (("Harga cabai naik,", "Rabu, 10/04/2019 11:05 WITA", ""), 0),
        (("Harga cabai naik", "", "body"), 0),
        (("Harga cabai naik.", "lalu turun", ""), 0),  # a finished sentence is finished
        # a field's value and a chat message run on to the next field, message or blank
        (("JUDUL: Festival Takabonerate 2023 Dibuka, Wisatawan", "Diajak Menyelam Bersama Nelayan",
          "SUBJUDUL: Panitia menargetkan 3.000 pengunjung"), 1),
        (("[17/10/22 19.43] Yohanis Genta Rote: Jembatan Darurat Oenitas Putus Lagi",
          "Diterjang Banjir", "", "BA'A, Rote Ndao - Jembatan darurat"), 1),
        # in copy wrapped to a narrow column throughout, a title-case line ends the headline
        (("Perajin Jenang Kudus Kewalahan", "Layani Pesanan Jelang Ramadan", "",
          "KUDUS (LK) – Sejumlah perajin jenang di", "Kecamatan Kaliwungu dan Kota, Kudus,",
          "mulai kewalahan melayani pesanan yang", "melonjak hampir dua kali lipat, Selasa",
          "(12/3). Pesanan datang dari Semarang,", "Jepara dan Pati, kata seorang perajin",
          "yang ditemui di rumahnya, Rabu pagi,", "sambil mengaduk adonan di wajan besar"), 1),
        # but not past a blank line
        (("JUDUL: Jembatan Putus Lagi", "", "Warga Menyeberang Dengan Rakit"), 0),
    ],
)
def test_continuation_lines(lines: tuple[str, ...], expected: int) -> None:
    assert continuation_lines(lines, 0) == expected


def test_a_masthead_and_a_dated_advance_line_are_not_the_headline() -> None:
    from wire.normalize import normalize

    text = ("ADVANCE FOR WEEKEND EDITIONS, AUG. 17-18\n\n"
            "TIA BELAU  --  Vol. XXVIII No. 33  --  August 16, 2019\n\n"
            "Koror breaks ground on new Malakal fish market\n\nBy Keobel Sakuma\n\n"
            "KOROR (Tia Belau): Koror State Government broke ground on Tuesday on a new market.\n\n"
            "The two-story market will have 24 stalls, an ice plant and a cold room.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2019, 8, 16, tzinfo=UTC)), RESOURCES)
    assert story.headline == "Koror breaks ground on new Malakal fish market"
    assert "advance" in story.flags


@pytest.mark.parametrize(
    ("flags", "urgency", "left"),
    [
        (("urgent", "update"), 2, ("update",)),
        (("flash",), 1, ()),
        (("breaking", "bulletin"), 2, ()),
        (("correction",), None, ("correction",)),
        ((), None, ()),
    ],
)
def test_priority_markers_set_the_urgency_not_the_flags(
    flags: tuple[str, ...], urgency: int | None, left: tuple[str, ...]
) -> None:
    ranked = rank_urgency(replace(draft(("Body.",)), flags=flags))
    assert (ranked.urgency, ranked.flags) == (urgency, left)


def test_a_chat_forward_line_is_not_the_headline() -> None:
    taken = take_headline(draft(("[14/05/23 09.12] Humas Polres Sikka: Diteruskan",
                                 "Polisi Amankan Dua Pelaku", "", "Body.")))
    assert taken.headline == "Polisi Amankan Dua Pelaku"
