"""Bylines, footer credits and credits glued to the last paragraph."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wire.normalize.model import Copy
from wire.normalize.people.agencies import agency_name, is_organisation
from wire.normalize.people.credits import split_credit, take_byline, take_footer_credits
from wire.normalize.people.glued import take_glued_credit
from wire.normalize.pipeline import load_resources, start

RESOURCES = load_resources(Path(__file__).parents[2] / "config")
WHEN = datetime(2018, 12, 20, 9, tzinfo=UTC)


def draft(lines: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return replace(start(Copy(text="", submitted_at=WHEN), RESOURCES), lines=lines)


@pytest.mark.parametrize(
    ("credit", "people", "orgs"),
    [
        ("ant/dra", ("dra",), ("ANTARA",)),
        ("Tribunlampung.co.id/Beni Yulianto", ("Beni Yulianto",), ("Tribunlampung.co.id",)),
        (
            "Reporting by Jane Doe in London; Additional reporting by Ann Lee and Bo Kim; "
            "Editing by Tom Hogue",
            ("Jane Doe", "Ann Lee", "Bo Kim"),
            (),
        ),
        ("Bernama", (), ("Bernama",)),
        ("MDSNews", (), ("MDSNews",)),
        ("Kontributor Bali, Made Wirasana", ("Made Wirasana",), ()),
        ("Kontributor Surabaya, Ahmad Fauzi Rahman", ("Ahmad Fauzi Rahman",), ()),
        ("Koresponden Tokyo, Lina Ayu", ("Lina Ayu",), ()),
        # Associations and services are outlets credited, not people.
        ("Asosiasi Petani Rumput Laut Nusantara", (), ("Asosiasi Petani Rumput Laut Nusantara",)),
        ("APM Hilir Perak", (), ("APM Hilir Perak",)),
    ],
)
def test_split_credit(credit: str, people: tuple[str, ...], orgs: tuple[str, ...]) -> None:
    assert split_credit(credit) == (people, orgs)


@pytest.mark.parametrize(
    ("lines", "by", "sources", "first"),
    [
        (("By Jane Doe", "WASHINGTON (AP) — Text."), ("Jane Doe",), (), "WASHINGTON (AP) — Text."),
        (
            ("BY JOSH BOAK and CHRISTOPHER RUGABER", "AP Economics Writers", "Text."),
            ("Josh Boak", "Christopher Rugaber"),
            ("AP",),
            "Text.",
        ),
        (("Oleh: Ahmad Fauzi", "Text."), ("Ahmad Fauzi",), (), "Text."),
        (("Reporter: Siti Aminah", "", "Text."), ("Siti Aminah",), (), "Text."),
        (
            ("Laporan wartawan Tribunlampung.co.id, Beni Yulianto", "Text."),
            ("Beni Yulianto",),
            ("Tribunlampung.co.id",),
            "Text.",
        ),
        (("By the end of the year, prices rose.",), (), (), "By the end of the year, prices rose."),
        (
            ("Oleh karena itu warga diminta waspada.",),
            (),
            (),
            "Oleh karena itu warga diminta waspada.",
        ),
        (("Kamis, 20 Desember 2018 10:15 WIB", "Text."), (), (), "Text."),
    ],
)
def test_take_byline(
    lines: tuple[str, ...], by: tuple[str, ...], sources: tuple[str, ...], first: str | None
) -> None:
    taken = take_byline(draft(lines))
    assert taken.by == by
    assert taken.infosources == sources
    if first is not None:
        assert taken.paragraphs[0] == first


@pytest.mark.parametrize(
    ("lines", "by", "sources", "body"),
    [
        (
            ("Text.", "Pewarta: Agus Salim", "Editor: Dewi Sartika"),
            ("Agus Salim",),
            (),
            ("Text.",),
        ),
        (("Text.", "Penulis: Rina", "Sumber: ANTARA"), ("Rina",), ("ANTARA",), ("Text.",)),
        (("Text.", "(ant/dra)"), ("dra",), ("ANTARA",), ("Text.",)),
        (("Text.", "COPYRIGHT © ANTARA 2018"), (), ("ANTARA",), ("Text.",)),
        (("Text.", "-- BERNAMA"), (), ("Bernama",), ("Text.",)),
        (("Text.", "==Kyodo"), (), ("Kyodo",), ("Text.",)),
        (("Text.", "== AFP =="), (), ("AFP",), ("Text.",)),
        (("Text.", "Reuters"), (), ("Reuters",), ("Text.",)),
        (
            ("Text.", "Editor: Dewi", "Last real paragraph."),
            (),
            (),
            ("Text.", "Editor: Dewi", "Last real paragraph."),
        ),
    ],
)
def test_take_footer_credits(
    lines: tuple[str, ...], by: tuple[str, ...], sources: tuple[str, ...], body: tuple[str, ...]
) -> None:
    taken = take_footer_credits(draft(lines))
    assert (taken.by, taken.infosources, taken.paragraphs) == (by, sources, body)


@pytest.mark.parametrize(
    ("last", "by", "sources", "kept"),
    [
        ("menjadi lebih efektif. MDSNews", (), ("MDSNews",), "menjadi lebih efektif."),
        ("kata dia. (ant/dra)", ("dra",), ("ANTARA",), "kata dia."),
        (
            "kata dia.(Tribunlampung.co.id/Beni Yulianto)",
            ("Beni Yulianto",),
            ("Tribunlampung.co.id",),
            "kata dia.",
        ),
        (
            "the bank said. (Reporting by Jane Doe; Editing by Tom Hogue)",
            ("Jane Doe",),
            (),
            "the bank said.",
        ),
        ("kata beliau. (Bernama)", (), ("Bernama",), "kata beliau."),
        # A desk's code in square brackets; a footnote number in them is the story's.
        ('relawan," ujar Budi. [ded]', ("ded",), (), 'relawan," ujar Budi.'),
        ("as the survey found. [1]", (), (), "as the survey found. [1]"),
        # Glued with no space: a lower-case outlet, a shouted one with a digit, a dash.
        ('pengguna jalan," ucapnya.(jejakrekam)', (), ("jejakrekam",),
         'pengguna jalan," ucapnya.'),
        ('jangkaan kami," katanya.EDISI9', (), ("EDISI9",), 'jangkaan kami," katanya.'),
        ("enggan namanya disiarkan.RENTAK TIMUR", (), ("RENTAK TIMUR",),
         "enggan namanya disiarkan."),
        ("kata dia.-SarawakKini", (), ("SarawakKini",), "kata dia."),
        # The paper it ran in, shouted after a dash.
        ("setiap pagi,” katanya. – MINGGUAN MALAYSIA", (), ("MINGGUAN MALAYSIA",),
         "setiap pagi,” katanya."),
        ("kata dia, Kamis (20/12).", (), (), "kata dia, Kamis (20/12)."),
        (
            "joined the National Awakening Party (PKB).",
            (),
            (),
            "joined the National Awakening Party (PKB).",
        ),
        ("He met Mr. Smith.", (), (), "He met Mr. Smith."),
        ("Semua berjalan lancar.", (), (), "Semua berjalan lancar."),
    ],
)
def test_take_glued_credit(
    last: str, by: tuple[str, ...], sources: tuple[str, ...], kept: str
) -> None:
    taken = take_glued_credit(draft(("First.", last)))
    assert (taken.by, taken.infosources, taken.paragraphs[-1]) == (by, sources, kept)


def test_wire_desk_line_after_byline() -> None:
    taken = take_byline(draft(("BY JOSH BOAK", "AP Economics Writer", "WASHINGTON (AP) — Text.")))
    assert (taken.by, taken.infosources) == (("Josh Boak",), ("AP",))
    assert taken.paragraphs == ("WASHINGTON (AP) — Text.",)


@pytest.mark.parametrize(
    ("last", "by", "sources", "kept"),
    [
        ("menjadi lebih efektif.MDSNews", (), ("MDSNews",), "menjadi lebih efektif."),
        ("setiap enam bulan,\" kata dia.Malaqbi.id", (), ("Malaqbi.id",),
         "setiap enam bulan,\" kata dia."),
        ("kata dia. (*)", (), (), "kata dia."),
        ("di Tribunnews.com", (), (), "di Tribunnews.com"),
        ("naik 5 persen. (rdp/imk)", ("rdp", "imk"), (), "naik 5 persen."),
    ],
)
def test_more_glued_credits(
    last: str, by: tuple[str, ...], sources: tuple[str, ...], kept: str
) -> None:
    taken = take_glued_credit(draft(("First.", last)))
    assert (taken.by, taken.infosources, taken.paragraphs[-1]) == (by, sources, kept)


@pytest.mark.parametrize(
    ("lines", "by"),
    [
        (("Text.", "Reporting by Jane Doe; Editing by Tom Hogue"), ("Jane Doe",)),
        (("Text.", "Penulis: Rina | Editor: Dewi"), ("Rina",)),
        (("Text.", "PTI SKC RDM"), ("SKC", "RDM")),
        (("Text.", "Associated Press writer Jane Poe in Providence contributed to this report."),
         ("Jane Poe",)),
        (("Text.", "AP writers Ed Roe and Al Moe contributed."), ("Ed Roe", "Al Moe")),
        (("Text.", "Editor: Dewi"), ()),
    ],
)
def test_more_footer_credits(lines: tuple[str, ...], by: tuple[str, ...]) -> None:
    taken = take_footer_credits(draft(lines))
    assert (taken.by, taken.paragraphs) == (by, ("Text.",))


@pytest.mark.parametrize(
    "lines",
    [
        ("Reporter: Siti", "Editor: Dewi", "Text."),
        ("Published: Dec 20, 2018 10:15 a.m.", "Text."),
        ("Diperbarui: Kamis, 20 Desember 2018 | 10:15 WIB", "Text."),
    ],
)
def test_more_bylines(lines: tuple[str, ...]) -> None:
    assert take_byline(draft(lines)).paragraphs == ("Text.",)


@pytest.mark.parametrize(
    ("lines", "sources", "body"),
    [
        (("Text.", "MDSNews"), ("MDSNews",), ("Text.",)),
        (("Text.", "Lampungpro.co"), ("Lampungpro.co",), ("Text.",)),
        (("Text.", "Bersambung"), (), ("Text.", "Bersambung")),
        (("Text.", "Terima Kasih"), (), ("Text.", "Terima Kasih")),
    ],
)
def test_brand_alone_on_last_line(
    lines: tuple[str, ...], sources: tuple[str, ...], body: tuple[str, ...]
) -> None:
    taken = take_footer_credits(draft(lines))
    assert (taken.infosources, taken.paragraphs) == (sources, body)


@pytest.mark.parametrize(
    ("lines", "by", "sources"),
    [
        (("Text.", "-- BERNAMA", "", "NAB AZN"), ("NAB", "AZN"), ("Bernama",)),
        (("Text.", "(rls)"), (), ()),
        (("Text.", "(hms/dra)"), ("hms", "dra"), ()),
    ],
)
def test_staff_codes_and_end_codes(
    lines: tuple[str, ...], by: tuple[str, ...], sources: tuple[str, ...]
) -> None:
    taken = take_footer_credits(draft(lines))
    assert (taken.by, taken.infosources, taken.paragraphs) == (by, sources, ("Text.",))


@pytest.mark.parametrize(
    ("last", "by", "sources", "kept"),
    [
        ("mulai pekan depan. (kmb/balipost)", ("kmb",), ("balipost",), "mulai pekan depan."),
        ("selama penutupan. (*/ant)", (), ("ANTARA",), "selama penutupan."),
        ("hingga 23.00 WIB. (adv)", (), (), "hingga 23.00 WIB."),
        (
            "barang curian. (cr14/tribun-medan.com)",
            ("cr14",),
            ("tribun-medan.com",),
            "barang curian.",
        ),
        ("wilayah kota MDSNews", (), ("MDSNews",), "wilayah kota"),
        ("videonya di YouTube", (), (), "videonya di YouTube"),
        ("pilih salah satu (dan/atau)", (), (), "pilih salah satu (dan/atau)"),
        ("melaju 60 km. (km/jam)", (), (), "melaju 60 km. (km/jam)"),
    ],
)
def test_glued_desk_codes(
    last: str, by: tuple[str, ...], sources: tuple[str, ...], kept: str
) -> None:
    taken = take_glued_credit(draft(("First.", last)))
    assert (taken.by, taken.infosources, taken.paragraphs[-1]) == (by, sources, kept)


@pytest.mark.parametrize(
    ("lines", "by", "sources"),
    [
        (("Text.", "jv/pst"), ("jv", "pst"), ()),
        (("Text.", "MDS"), (), ("MDS",)),
        (("Text.", "(Bengaluru Newsroom)"), (), ("Bengaluru Newsroom",)),
        (("Text.", "Reporter : Ani | Editor : Budi"), ("Ani",), ()),
        (("Text.", "(cr14/tribun-medan.com)"), ("cr14",), ("tribun-medan.com",)),
    ],
)
def test_footer_codes_and_names(
    lines: tuple[str, ...], by: tuple[str, ...], sources: tuple[str, ...]
) -> None:
    taken = take_footer_credits(draft(lines))
    assert (taken.by, taken.infosources, taken.paragraphs) == (by, sources, ("Text.",))


@pytest.mark.parametrize(
    ("line", "by", "sources"),
    [
        ("Laporan Wartawan Tribun Medan, Fredy Santoso", ("Fredy Santoso",), ("Tribun Medan",)),
        ("Laporan Reporter Tribun Jambi, Mareza Sutan AJ", ("Mareza Sutan AJ",), ("Tribun Jambi",)),
        ("Laporan Reporter POS-KUPANG.COM, Ryan Nong", ("Ryan Nong",), ("Pos-Kupang.com",)),
        ("By Reuters Staff", (), ("Reuters",)),
    ],
)
def test_reporter_lines_with_outlets(
    line: str, by: tuple[str, ...], sources: tuple[str, ...]
) -> None:
    taken = take_byline(draft((line, "Text.")))
    assert (taken.by, taken.infosources, taken.paragraphs) == (by, sources, ("Text.",))


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("TRIBUNLAMPUNG.CO.ID", "Tribunlampung.co.id"),
        ("TRIBUN-MEDAN.COM", "Tribun-Medan.com"),
        ("POS-KUPANG.COM", "Pos-Kupang.com"),
        ("BALIPOST.com", "BALIPOST.com"),
        ("reuters", "Reuters"),
    ],
)
def test_agency_name(raw: str, name: str) -> None:
    assert agency_name(raw) == name


@pytest.mark.parametrize(
    ("name", "organisation"),
    [("ANI", True), ("Ani", False), ("AP", True), ("Reuters", True), ("Dewi", False)],
)
def test_short_agency_acronym_in_title_case_is_a_name(name: str, organisation: bool) -> None:
    assert is_organisation(name) is organisation
