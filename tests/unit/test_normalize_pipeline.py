"""The whole pipeline on real-style copy."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree

from wire.errors import EmptyCopy
from wire.normalize import Copy, load_resources, normalize
from wire.normalize.pipeline import STEPS

ROOT = Path(__file__).parents[2]
RESOURCES = load_resources(ROOT / "config")
SAMPLE = ROOT / "examples" / "correspondent-story-lampung.txt"
WHEN = datetime(2018, 12, 20, 9, tzinfo=UTC)


def run(text: str, **kw: object):  # type: ignore[no-untyped-def]
    return normalize(Copy(text=text, submitted_at=kw.pop("submitted_at", WHEN), **kw), RESOURCES)  # type: ignore[arg-type]


@pytest.mark.parametrize("submitted_at", [WHEN, datetime(2026, 3, 1, tzinfo=UTC)])
def test_sample_story(submitted_at: datetime) -> None:
    story = run(SAMPLE.read_text(encoding="utf-8"), submitted_at=submitted_at)
    assert (
        story.headline
        == "Wabup Lambar hadiri Rakor penanggulangan kemiskinan Provinsi Lampung 2018"
    )
    assert (story.dateline.place, story.dateline.agency) == ("Lampung Barat", "ISN")
    assert story.located == "Lampung Barat"
    assert story.event_date == date(2018, 12, 20)
    assert story.language == "id"
    assert "MDSNews" in story.infosources and "ISN" in story.infosources
    assert story.region == "lampung-barat"
    assert story.regions[:2] == ("lampung-barat", "lampung")
    paragraphs = story.body_text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Wakil Bupati Lampung Barat Drs.H. Mad Hasnurin")
    assert paragraphs[-1].endswith("menjadi lebih efektif.")
    assert "Loading" not in story.body_text and "MDSNews" not in story.body_text
    assert "(ISN)" not in story.body_text
    etree.fromstring(f"<root>{story.body_html}</root>")


ENGLISH = """UPDATE 1-Fed raises rates for fourth time this year.
By Jane Doe
EMBARGOED UNTIL 0001 GMT Dec 21

WASHINGTON, Dec 20 (Reuters) - The Federal Reserve raised interest rates on Wednesday.

Advertisement

Policymakers signalled fewer increases next year.

(Reporting by Jane Doe; Editing by Tom Hogue)
-- END --
"""


def test_english_wire() -> None:
    story = run(ENGLISH)
    assert story.headline == "Fed raises rates for fourth time this year"
    assert set(story.flags) == {"update", "embargo"}
    assert story.by == ("Jane Doe",)  # the editor is not credited
    assert story.infosources == ("Reuters",)
    assert story.dateline.date_text == "Dec 20"
    # "Dec 20 … on Wednesday": the news is of the Wednesday before the day it was filed.
    assert story.event_date == date(2018, 12, 19)
    assert story.embargoed == datetime(2018, 12, 21, 0, 1, tzinfo=UTC)
    assert story.language == "en"
    assert story.body_text == (
        "The Federal Reserve raised interest rates on Wednesday.\n\n"
        "Policymakers signalled fewer increases next year."
    )


MALAY = """Kerajaan umum bantuan baharu untuk golongan berpendapatan rendah

KUALA LUMPUR, 5 Dis (Bernama) -- Kerajaan akan memperkenalkan bantuan baharu bagi \
membantu golongan berpendapatan rendah, kata Perdana Menteri dalam satu kenyataan hari ini.

Beliau berkata bantuan itu akan disalurkan melalui agensi kerajaan mulai Januari 2019.

-- BERNAMA
"""


def test_malay_bernama() -> None:
    story = run(MALAY)
    assert story.language == "ms"
    assert (story.dateline.place, story.dateline.agency, story.dateline.date_text) == (
        "Kuala Lumpur",
        "Bernama",
        "5 Dis",
    )
    assert story.event_date == date(2018, 12, 5)
    assert story.infosources == ("Bernama",)
    assert story.body_text.endswith("mulai Januari 2019.")


def test_html_copy_is_sanitized() -> None:
    html = (
        "<h1>Judul berita</h1><p onclick='x()'>Jakarta - Warga <b>berkumpul</b>.</p>"
        "<script>alert(1)</script><p>Baca juga: Lain</p><p>Kalimat kedua &amp; terakhir.</p>"
    )
    story = run(html)
    assert story.headline == "Judul berita"
    assert "script" not in story.body_html and "onclick" not in story.body_html
    assert "alert" not in story.body_text
    assert story.body_text == "Warga berkumpul.\n\nKalimat kedua & terakhir."
    assert story.body_html.endswith("<p>Kalimat kedua &amp; terakhir.</p>")
    etree.fromstring(f"<root>{story.body_html}</root>")


def test_damaged_text_is_repaired() -> None:
    # (The last line is a sentence: a lone "End." is the wire's end mark and leaves the body.)
    text = ("\ufeffHeadline CafÃ©\r\n\r\nBody\u00a0with\u200b zero width 🎉 and עברית."
            "\r\x07It all ended.")
    story = run(text)
    assert story.headline == "Headline Café"
    assert story.body_text == "Body with zero width 🎉 and עברית.\n\nIt all ended."


def test_no_dateline_keeps_body() -> None:
    story = run("Headline\n\nWarga berkumpul di balai desa pada pagi hari.")
    assert story.dateline.place is None and story.located is None
    assert story.body_text == "Warga berkumpul di balai desa pada pagi hari."


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "Only a headline", "Headline\n\nLoading\nAdvertisement", "\x00\x01"],
)
def test_empty_copy(text: str) -> None:
    with pytest.raises(EmptyCopy):
        run(text)


def test_a_50kb_single_line_is_fast() -> None:
    line = "Warga berkumpul di balai desa dan berdiskusi (ANTARA) - tentang banyak hal. " * 680
    began = time.perf_counter()
    story = run(f"Headline\n{line}")
    assert time.perf_counter() - began < 3
    assert story.word_count > 5000
    began = time.perf_counter()
    run(line)
    assert time.perf_counter() - began < 3


def test_declared_fields_win() -> None:
    story = run(
        "Headline\n\nBandar Lampung (ANTARA) - Warga berkumpul.",
        declared_language="en",
        declared_region="tanggamus",
    )
    assert story.language == "en"
    assert story.region == "tanggamus"


def test_every_step_is_small_and_named() -> None:
    assert len({step.__name__ for step in STEPS}) == len(STEPS)


@pytest.mark.parametrize("header", ["RILIS MEDIA", "UNTUK SIARAN SEGERA", "RILIS KAMPUS"])
def test_a_release_header_credits_no_one(header: str) -> None:
    story = run(f"{header}\nNo. 014/HNL-CC/VIII/2023\n\n"
                "Perusahaan Salurkan Beasiswa untuk 120 Pelajar\n\n"
                "Sofifi, 14 Agustus 2023 - Perusahaan tambang itu menyalurkan beasiswa kepada "
                "120 pelajar dari desa lingkar tambang, Senin.\n\n"
                "Penyerahan dilakukan di aula kantor desa dan dihadiri para orang tua.\n\n"
                "Sumber: Halmahera Nikel Lestari\n")
    assert [(c.name, c.role) for c in story.credits] == [("Halmahera Nikel Lestari", "source")]
    assert header not in story.body_text


def test_a_cms_preview_form_and_a_caption_read_as_a_credit() -> None:
    # The form runs into the lead with no blank line (a ruled field still leaves), and a
    # caption the tagger reads as a credit line credits only its photographer.
    story = run("[PRATINJAU]  status: Draf · Rubrik: Ekonomi · ID artikel: 48213\n"
                "Judul: Nelayan Weda Keluhkan Solar Langka Sepekan Terakhir\n"
                "Subjudul: SPBN satu-satunya di Weda hanya buka tiga hari dalam sepekan\n"
                "Penulis: Nurhayati Sangaji\nPenyunting: Rusdi Hamisi\n"
                "Tanggal tayang: 2021-06-08 10:15 WIT\n"
                "---------------- ISI ----------------\n"
                "WEDA (LH) -- Ratusan nelayan di Weda mengeluhkan kelangkaan solar sejak Selasa "
                "(1/6). Sebagian besar perahu tidak bisa melaut.\n\n"
                "Pengelola SPBN menyebut kuota solar bulan ini dipangkas dari 120 kiloliter "
                "menjadi 80 kiloliter.\n\n"
                "Foto utama: Perahu nelayan tertambat di pantai Weda, Senin (7/6). "
                "Foto: Fadli Kasim\n", submitted_at=datetime(2021, 6, 8, 3, tzinfo=UTC))
    assert story.body_text.startswith("Ratusan nelayan di Weda")
    assert "Subjudul" not in story.body_text and "Foto utama" not in story.body_text
    assert {(c.name, c.role) for c in story.credits} == {
        ("Nurhayati Sangaji", "writer"), ("Rusdi Hamisi", "editor"),
        ("Fadli Kasim", "photographer")}


def test_a_reporter_s_town_after_the_name_is_no_credit() -> None:
    story = run("Warga Kediri Gelar Kirab Budaya\n\n"
                "Ribuan warga Kota Kediri mengikuti kirab budaya memperingati hari jadi kota, "
                "Minggu (27/7/2019).\n\n"
                "Kirab dimulai dari balai kota dan berakhir di alun-alun.\n\n"
                "Laporan: Dwi Cahyono, Kediri\n", submitted_at=datetime(2019, 7, 28, tzinfo=UTC))
    assert [(c.name, c.role) for c in story.credits] == [("Dwi Cahyono", "reporter")]


def test_a_wire_trailer_of_labelled_segments_credits_everyone() -> None:
    story = run("Timor-Leste opens south coast highway\n\n"
                "SUAI, Timor-Leste, June 3 - The government opened the first section of the south "
                "coast highway on Saturday, linking Suai to the Tasi Mane supply base.\n\n"
                "The government has spent more than $400 million on the project since 2011.\n\n"
                "(Reporting by Nelson da Costa Ximenes; Translated from Tetum by Joana Belo; "
                "Editing by Ana Paula Soares)\n", submitted_at=datetime(2023, 6, 3, tzinfo=UTC))
    assert [(c.name, c.role) for c in story.credits] == [
        ("Nelson da Costa Ximenes", "reporter"), ("Joana Belo", "translator"),
        ("Ana Paula Soares", "editor")]
    assert "Reporting" not in story.body_text
