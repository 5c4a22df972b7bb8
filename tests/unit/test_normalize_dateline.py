"""Datelines: every style in issue 3, and sentences that must not be taken for one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.unit.sample_gazetteer import GAZETTEER, RESOURCES
from wire.gazetteer import load_gazetteer
from wire.normalize.model import Copy
from wire.normalize.pipeline import start
from wire.normalize.place.dateline import parse_dateline, place_case
from wire.normalize.place.take import take_dateline


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "date_text", "rest"),
    [
        (
            "Lampung Barat, (ISN) – Wakil Bupati hadir.",
            "Lampung Barat",
            "ISN",
            None,
            "Wakil Bupati hadir.",
        ),
        (
            "Bandar Lampung (ANTARA) - Pemerintah kota",
            "Bandar Lampung",
            "ANTARA",
            None,
            "Pemerintah kota",
        ),
        (
            "JAKARTA, KOMPAS.com - Presiden Joko Widodo",
            "Jakarta",
            "KOMPAS.com",
            None,
            "Presiden Joko Widodo",
        ),
        (
            "TRIBUNLAMPUNG.CO.ID, BANDAR LAMPUNG - Polisi",
            "Bandar Lampung",
            "Tribunlampung.co.id",
            None,
            "Polisi",
        ),
        ("Jakarta - Menteri Keuangan", "Jakarta", None, None, "Menteri Keuangan"),
        (
            "KUALA LUMPUR, 5 Dis (Bernama) -- Kerajaan akan",
            "Kuala Lumpur",
            "Bernama",
            "5 Dis",
            "Kerajaan akan",
        ),
        ("WASHINGTON (AP) — The Federal Reserve", "Washington", "AP", None, "The Federal Reserve"),
        ("WASHINGTON (AP)—The Federal Reserve", "Washington", "AP", None, "The Federal Reserve"),
        ("LONDON, Dec 20 (Reuters) - Britain's", "London", "Reuters", "Dec 20", "Britain's"),
        ("Paris (AFP) - French President", "Paris", "AFP", None, "French President"),
        ("New Delhi, Dec 20 (PTI) The government", "New Delhi", "PTI", "Dec 20", "The government"),
        (
            "Kota Agung, Tanggamus, (ANTARA) - Warga",
            "Kota Agung, Tanggamus",
            "ANTARA",
            None,
            "Warga",
        ),
        ("SPRINGFIELD, Ill. (AP) — Illinois", "Springfield, Ill.", "AP", None, "Illinois"),
        (
            "Bandar Lampung, Kamis (20/12) - Ratusan warga",
            "Bandar Lampung",
            None,
            "Kamis (20/12)",
            "Ratusan warga",
        ),
        (
            "Jakarta, CNN Indonesia -- Harga minyak",
            "Jakarta",
            "CNN Indonesia",
            None,
            "Harga minyak",
        ),
        ("PETALING JAYA: The government", "Petaling Jaya", None, None, "The government"),
        ("BANDARLAMPUNG (Lampost): Gubernur", "Bandar Lampung", "Lampost", None, "Gubernur"),
        # A regional masthead after the place, and a brand written its own way.
        (
            "SURABAYA, Radar Surabaya - Pemerintah kota",
            "Surabaya",
            "Radar Surabaya",
            None,
            "Pemerintah kota",
        ),
        ("SEMARANG, Suara Merdeka - Warga", "Semarang", "Suara Merdeka", None, "Warga"),
        ("Makassar, (SINDOnews) - Sebuah kapal", "Makassar", "SINDOnews", None, "Sebuah kapal"),
        ("MAKASSAR, SINDOnews - Sebuah kapal", "Makassar", "SINDOnews", None, "Sebuah kapal"),
        ("BANDUNG, (PR).- Harga beras", "Bandung", "PR", None, "Harga beras"),
        # a shouted place and a short agency in brackets, no dash, then the sentence
        ("DOMPU (DMO) Peselancar asal Hu'u", "Dompu", "DMO", None, "Peselancar asal Hu'u"),
        # a town and its region in title case, neither known to the gazetteer
        ("Tamale, Northern Region — A cooperative of 600", "Tamale, Northern Region", None, None,
         "A cooperative of 600"),
    ],
)
def test_datelines(
    paragraph: str, place: str, agency: str | None, date_text: str | None, rest: str
) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=(paragraph, "Second."),
    )
    taken = take_dateline(draft)
    assert taken.dateline.place == place
    assert taken.dateline.agency == agency
    assert taken.dateline.date_text == date_text
    assert taken.paragraphs == (rest, "Second.")
    assert (agency in taken.infosources) if agency else not taken.infosources


@pytest.mark.parametrize(
    "paragraph",
    [
        "Presiden Joko Widodo - yang hadir di acara itu - mengatakan",
        "Presiden Joko Widodo (Jokowi) mengatakan bahwa",
        "Bank Indonesia (BI) menyatakan inflasi",
        "The meeting - which lasted hours - ended",
        "Dia - yang datang terlambat - dimarahi",
        "Mad Hasnurin - Wakil Bupati - hadir",
        "KPK: Kami akan memeriksa saksi",
        "Catatan: acara ditunda",
        "Penulis, Rahmat Mokodompit — Editor lain",  # a label, not a town
        "DOMPU (dmo) peselancar asal",  # no sentence after the brackets
        "Wakil Bupati Lampung Barat Drs.H. Mad Hasnurin sebagai ketua Tim",
        "",
    ],
)
def test_sentences_are_not_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph, GAZETTEER) is None


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("JAKARTA", "Jakarta"),
        ("NUKU'ALOFA", "Nuku'alofa"),
        ("O'BRIEN", "O'Brien"),
        ("KUALA LUMPUR", "Kuala Lumpur"),
        ("BANDAR LAMPUNG", "Bandar Lampung"),
        ("Lampung Barat", "Lampung Barat"),
        ("WASHINGTON", "Washington"),
        ("SPRINGFIELD, Ill.", "Springfield, Ill."),
        ("WINSTON-SALEM", "Winston-Salem"),
    ],
)
def test_place_case(place: str, expected: str) -> None:
    assert place_case(place, GAZETTEER) == expected


def test_no_dateline_leaves_body_alone() -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=("Warga berkumpul di balai desa.",),
    )
    assert take_dateline(draft) is draft


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "rest"),
    [
        ("Jakarta (ANTARA)-Pemerintah menaikkan", "Jakarta", "ANTARA", "Pemerintah menaikkan"),
        ("KOMPAS.com - Pemerintah resmi", None, "KOMPAS.com", "Pemerintah resmi"),
        (
            "Jakarta, Dec 20 (Jakarta Post): The government",
            "Jakarta",
            "Jakarta Post",
            "The government",
        ),
    ],
)
def test_more_datelines(paragraph: str, place: str | None, agency: str, rest: str) -> None:
    parsed = parse_dateline(paragraph, GAZETTEER)
    assert parsed is not None
    assert (parsed.place, parsed.agency, parsed.rest) == (place, agency, rest)


@pytest.mark.parametrize(
    "paragraph",
    ["Lampung Barat - yang dikenal sebagai daerah sejuk - kini", "Tanggamus - dan sekitarnya"],
)
def test_known_place_before_an_aside_is_not_a_dateline(paragraph: str) -> None:
    assert parse_dateline(paragraph, GAZETTEER) is None


FULL_GAZETTEER = load_gazetteer(Path(__file__).resolve().parents[2] / "config" / "gazetteer.json")


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "date_text", "rest"),
    [
        # Shapes from copy of outlets the rules were not written for; which part is the
        # outlet is read from what the shipped gazetteer knows of the others.
        ("TIMESINDONESIA, MALANG – Sebuah gudang", "Malang", "TIMESINDONESIA", None,
         "Sebuah gudang"),
        ("Merauke, Jubi – Sebanyak 48 karya", "Merauke", "Jubi", None, "Sebanyak 48 karya"),
        ("MURIANEWS | KUDUS – Satreskrim Polres", "Kudus", "MURIANEWS", None,
         "Satreskrim Polres"),
        ("KBRN, Jayapura: Harga cabai rawit", "Jayapura", "KBRN", None, "Harga cabai rawit"),
        ("TIMIKA-Tim bola basket putra", "Timika", None, None, "Tim bola basket putra"),
        ("HAYS, Kan. — The last edition", "Hays, Kan.", None, None, "The last edition"),
        ("KIKUYO, Japan -- Taiwan's chipmaker", "Kikuyo, Japan", None, None,
         "Taiwan's chipmaker"),
        ("(ANSA) - Naples, June 7 - On the flat roofs", "Naples", "ANSA", "June 7",
         "On the flat roofs"),
        ("MEDAN (Waspada): Pemerintah Kota Medan", "Medan", "Waspada", None,
         "Pemerintah Kota Medan"),
        ("CHATTOGRAM, June 27, 2023 (BSS) - At least 11", "Chattogram", "BSS",
         "June 27, 2023", "At least 11"),
        ("CHICAGO, May 14, 2024 /PRNewswire/ -- Harbor Lane Foods", "Chicago", "PRNewswire",
         "May 14, 2024", "Harbor Lane Foods"),
        ("VLADIVOSTOK, June 5. /TASS/. A new rail ferry", "Vladivostok", "TASS", "June 5",
         "A new rail ferry"),
        ("KUCHING (Feb 18): Three siblings drowned", "Kuching", None, "Feb 18",
         "Three siblings drowned"),
        ("KONTAN.CO.ID - PALEMBANG. Harga karet rakyat", "Palembang", "KONTAN.CO.ID", None,
         "Harga karet rakyat"),
        ("LEGAZPI CITY, Albay – The institute raised", "Legazpi City, Albay", None, None,
         "The institute raised"),
        ("BA'A, TIMEX – Atap ruang kelas", "Ba'a", "TIMEX", None, "Atap ruang kelas"),
        ("Senin, 20 Mei 2019 20:15 WIT | AMBON – Sebanyak 40 jurnalis", "Ambon", None,
         "Senin, 20 Mei 2019 20:15 WIT", "Sebanyak 40 jurnalis"),
        ("RENO, Nev.--(BUSINESS WIRE)--Northwind Robotics opened", "Reno, Nev.",
         "BUSINESS WIRE", None, "Northwind Robotics opened"),
        ("MUAR: Seekor kucing jalanan", "Muar", None, None, "Seekor kucing jalanan"),
        ("AUKI, Malaita Province – Cocoa farmers", "Auki, Malaita Province", None, None,
         "Cocoa farmers"),
        ("MIRI, 12 Okt: Seramai 1,250 pelajar", "Miri", None, "12 Okt", "Seramai 1,250 pelajar"),
        ("📍 *AJIBARANG* – Bupati Banyumas meresmikan", "Ajibarang", None, None,
         "Bupati Banyumas meresmikan"),
        ("*WLINGI* – Jembatan gantung yang menghubungkan", "Wlingi", None, None,
         "Jembatan gantung yang menghubungkan"),
        # Shapes of issue 9: behind a bare timestamp, no dash, a date before the colon,
        # the wire and the date behind their own dashes, the outlet's domain anywhere.
        ("24/02/2024 09:12 WITA Makassar - Sekitar 40.000 pelanggan", "Makassar", None,
         "24/02/2024 09:12 WITA", "Sekitar 40.000 pelanggan"),
        ("MELAKA Seramai 1,200 peserta", "Melaka", None, None, "Seramai 1,200 peserta"),
        ("Pokhara, Mar. 21: Boating resumed", "Pokhara", None, "Mar. 21", "Boating resumed"),
        ("KAPIT, 14 Mac 2022: Kerajaan Sarawak", "Kapit", None, "14 Mac 2022",
         "Kerajaan Sarawak"),
        ("SINGAPORE - Media OutReach - 12 March 2021 - LumiGreen, a start-up", "Singapore",
         "Media OutReach", "12 March 2021", "LumiGreen, a start-up"),
        ("CURUP, RAKYATBENGKULU.COM – Ribuan warga", "Curup", "RAKYATBENGKULU.COM", None,
         "Ribuan warga"),
        ("SULTRAKINI.COM: KENDARI – Ratusan nelayan", "Kendari", "SULTRAKINI.COM", None,
         "Ratusan nelayan"),
        ("NUNUKAN.NIAGA.ASIA – Sebanyak 168 pekerja", "Nunukan", "NIAGA.ASIA", None,
         "Sebanyak 168 pekerja"),
        ("INILAHCOM, Garut – Ribuan warga", "Garut", "INILAHCOM", None, "Ribuan warga"),
        # a shouted town with no outlet's mark, then its regency in title case
        ("SEKAYU, Musi Banyuasin - Kebakaran hutan", "Sekayu, Musi Banyuasin", None, None,
         "Kebakaran hutan"),
        ("BA'A, Rote Ndao - Jembatan darurat", "Ba'a, Rote Ndao", None, None,
         "Jembatan darurat"),
        ("Palembang, South Sumatra. A delay in", "Palembang, South Sumatra", None, None,
         "A delay in"),
        ("By Felicia Lai KUCHING (Feb 18): Three siblings", "Kuching", None, "Feb 18",
         "Three siblings"),
        ("Oleh NORAINI HASSAN | ALOR SETAR 24 Mei – Lembaga", "Alor Setar", None, "24 Mei",
         "Lembaga"),
        ("THUNDER BAY, ON, Jan. 10, 2023 /CNW/ - The trust", "Thunder Bay, ON", "CNW",
         "Jan. 10, 2023", "The trust"),
        ("KABANJAHE (Jurnal Asia): Gunung Sinabung", "Kabanjahe", "Jurnal Asia", None,
         "Gunung Sinabung"),
        # a name with a number in it after a place is the outlet, not a second place
        ("Limboto, Barta1 – Banjir merendam", "Limboto", "Barta1", None, "Banjir merendam"),
        # a shouted byline running into a shouted place: the place is the known tail
        ("Oleh NORHAYATI ISMAIL KOTA BHARU – Sebuah buku", "Kota Bharu", None, None,
         "Sebuah buku"),
    ],
)
def test_datelines_read_against_the_gazetteer(
    paragraph: str, place: str, agency: str | None, date_text: str | None, rest: str
) -> None:
    parsed = parse_dateline(paragraph, FULL_GAZETTEER)
    assert parsed is not None
    assert place_case(parsed.place or "", FULL_GAZETTEER) == place
    assert parsed.agency == agency and parsed.date_text == date_text
    assert parsed.rest == rest


def test_a_dateline_after_a_deck_starts_the_story() -> None:
    lines = ("Tanggul darurat jebol setelah air pasang menerjang sejak Minggu malam.",
             "Pekalongan, tirto.id - Banjir rob merendam 14 kelurahan.", "Warga mengungsi.")
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2019, 3, 1, tzinfo=UTC)), RESOURCES),
        lines=lines)
    taken = take_dateline(draft)
    assert taken.dateline.place == "Pekalongan" and taken.dateline.agency == "tirto.id"
    assert taken.paragraphs == ("Banjir rob merendam 14 kelurahan.", "Warga mengungsi.")


@pytest.mark.parametrize(
    ("paragraph", "header", "place", "agency"),
    [
        # the second part is the outlet the masthead names
        ("Waisai, Cahaya Papua – Sekolah apung dibuka.", ("CAHAYA PAPUA | Senin, 3 Juni 2019",),
         "Waisai", "Cahaya Papua"),
        # the first part is the outlet its domain names
        ("Roketkini, George Town – Kerajaan negeri.", ("www.roketkini.com",), "George Town",
         "Roketkini"),
        # a state's abbreviation is never the place left over
        ("KANSAS CITY, Mo. — When the library counted.", ("kansascity.com",), "Kansas City, Mo.",
         None),
        # the outlet first before its bar, as the masthead names it
        ("SKETSA SULTRA | RAHA – Sebuah kapal kayu terbakar.", ("Sketsa Sultra",), "Raha",
         "SKETSA SULTRA"),
        # a follow prompt and a breadcrumb name the outlet as well as a masthead does
        ("WAISAI, Cahaya Papua– Sekolah apung dibuka.", ("Ikuti Cahaya Papua di Google News",),
         "Waisai", "Cahaya Papua"),
        ("Rinai Deli | Tebing Tinggi - Pasar ditutup.", ("Rinai Deli › Sumut › Tebing Tinggi",),
         "Tebing Tinggi", "Rinai Deli"),
        # nothing in the furniture names either part: both stay the place
        ("Tamale, Northern Region — A cooperative shipped.", ("Home > Regions",),
         "Tamale, Northern Region", None),
    ],
)
def test_an_outlet_the_copy_names_elsewhere(paragraph: str, header: tuple[str, ...],
                                            place: str, agency: str | None) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2019, 6, 3, tzinfo=UTC)), RESOURCES),
        lines=(paragraph, "Second."), header_lines=header,
    )
    taken = take_dateline(draft)
    assert (taken.dateline.place, taken.dateline.agency) == (place, agency)


FULL_RESOURCES = replace(RESOURCES, gazetteer=FULL_GAZETTEER)


@pytest.mark.parametrize(
    ("lines", "place", "agency"),
    [
        # beside a town the gazetteer knows: a place's name with words of its own
        (("Mimika Hari Ini, Timika — Harga tiket naik.", "Dua."), "Timika", "Mimika Hari Ini"),
        # ... or a single unknown word, on a line of its own over the lead
        (("Bukittinggi, Singgalang", "Taman satwa menerima dua anak harimau."),
         "Bukittinggi", "Singgalang"),
        # a shouted town and its regency in title case: both the place
        (("SEKAYU, Musi Banyuasin - Kebakaran hutan meluas.", "Dua."),
         "Sekayu, Musi Banyuasin", None),
        # neither part known: both stay the place
        (("Tamale, Northern Region — A cooperative shipped.", "Two."),
         "Tamale, Northern Region", None),
        # ... unless a bar parts them and the story names one of them again
        (("SELOKA | LANGKAWI - Kedatangan pelancong meningkat.", "Pulau Langkawi sesak."),
         "Langkawi", "SELOKA"),
        # a place and its outlet's domain on a line of their own
        (("KALABAHI, INSPIRASIALOR.COM", "Festival budaya dibuka di Alor."), "Kalabahi",
         "Inspirasialor.com"),  # the agency as the agencies table spells a domain
    ],
)
def test_an_outlet_beside_a_known_town(lines: tuple[str, ...], place: str,
                                       agency: str | None) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2019, 6, 3, tzinfo=UTC)), FULL_RESOURCES),
        lines=lines)
    taken = take_dateline(draft)
    assert (taken.dateline.place, taken.dateline.agency) == (place, agency)


def test_a_shouted_place_and_its_country_on_a_line_of_their_own() -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2021, 4, 12, tzinfo=UTC)), RESOURCES),
        lines=("BAUCAU, Timor-Leste", "", "Rice farmers said on Monday that floods hit.", "More."),
    )
    taken = take_dateline(draft)
    assert taken.dateline.place == "Baucau, Timor-Leste"
    assert taken.paragraphs[0] == "Rice farmers said on Monday that floods hit."


@pytest.mark.parametrize(
    ("stamp", "place", "date_text"),
    [
        ("Sorong, 17 September 2020", "Sorong", "17 September 2020"),
        ("Padang, Senin (3/10/2022)", "Padang", "Senin (3/10/2022)"),
        ("Tambolaka, Sabtu 2 Maret 2024 pukul 06.30 WITA", "Tambolaka", "Sabtu 2 Maret 2024"),
        # a weekday and its date name no place
        ("Minggu, 22 September 2019", None, None),
        ("", None, None),
    ],
)
def test_a_release_place_and_date_over_the_lead_is_its_dateline(
        stamp: str, place: str | None, date_text: str | None) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2020, 9, 17, tzinfo=UTC)), RESOURCES),
        lines=("Balai Karantina menggagalkan pengiriman kepiting bertelur.", "More."),
        dateline_line=stamp,
    )
    taken = take_dateline(draft)
    assert (taken.dateline.place, taken.dateline.date_text) == (place, date_text)
    assert taken.paragraphs[0] == "Balai Karantina menggagalkan pengiriman kepiting bertelur."
