"""The line-role steps, each with its table: credit lines, captions, inline artifacts, tail
credits, the tagger's guards, notes that flag, and the ``.roles`` label files."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wire.normalize import Copy, load_resources
from wire.normalize.draft import Draft
from wire.normalize.lines.ednote import flag_editor_notes
from wire.normalize.pipeline import start, tagged_lines
from wire.normalize.roles.collect import collect_credits
from wire.normalize.roles.credit_lines import (
    caption_credits,
    field_credits,
    is_job_title,
    label_only,
    parse_credit_line,
)
from wire.normalize.roles.features import has_furniture, sequence_features
from wire.normalize.roles.labels import LabelError, read_roles, write_roles
from wire.normalize.roles.step import apply_line_roles
from wire.normalize.roles.tail import take_tail_credits
from wire.normalize.text.inline import remove_inline_artifacts
from wire.story import Change, Credit, Dateline

CONFIG = Path(__file__).resolve().parents[2] / "config"
SENT = datetime(2023, 3, 6, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def resources():  # type: ignore[no-untyped-def]
    return load_resources(CONFIG)


def draft_of(lines: tuple[str, ...], resources=None) -> Draft:  # type: ignore[no-untyped-def]
    base = start(Copy(text="", submitted_at=SENT), resources or load_resources(CONFIG, tagger=None))
    return replace(base, lines=lines)


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("Pewarta: Hendra Kurniawan", [("Hendra Kurniawan", "reporter")]),
        ("Tambahan laporan oleh Mohd Hafiz Jamil", [("Mohd Hafiz Jamil", "contributor")]),
        ("(IB/DNS)", [("IB/DNS", "desk")]),  # initials in capitals, in brackets
        ("SRN/FI/RH", [("SRN/FI/RH", "desk")]),  # or on a line of their own
        ("Suntingan: ROZAINI MAT", [("ROZAINI MAT", "editor")]),
        # the contributor's base after the name, where its first word says it is a place
        ("Kontributor Ester Lilis, Kuala Kurun", [("Ester Lilis", "contributor")]),
        ("Kontributor Kuala Kurun, Ester Lilis", [("Ester Lilis", "contributor")]),
        ("(Seksi Dokumentasi Setda Dompu)", [("Seksi Dokumentasi Setda Dompu", "source")]),
        ("(AFP/ANTARA)", [("AFP", "source"), ("ANTARA", "source")]),  # agencies stay sources
        ("Laporan tambahan: Siti Aminah", [("Siti Aminah", "contributor")]),
        ("Pictures: Jarrah Cox", [("Jarrah Cox", "photographer")]),
        ("Artikel yang diterbitkan oleh Rendra Tambunan", [("Rendra Tambunan", "reporter")]),
        ("Editor : Caroline Damanik", [("Caroline Damanik", "editor")]),
        ("(ant/dra)", [("ant/dra", "desk")]),
        ("rhs/imk", [("rhs/imk", "desk")]),
        ("(dof)", [("dof", "desk")]),
        ("(Reporting by Dewi Kusuma and Rina Hartati; Writing by Arif Setiawan; Editing by "
         "Paul Granger)", [("Dewi Kusuma", "reporter"), ("Rina Hartati", "reporter"),
                           ("Arif Setiawan", "writer"), ("Paul Granger", "editor")]),
        ("Penulis : Kontributor Bali, Made Wirasana", [("Made Wirasana", "writer")]),
        ("Kontributor Nunukan: Stefanus Lewo", [("Stefanus Lewo", "contributor")]),
        ("Laporan Wartawan Tribun Medan, Fredy Santoso",
         [("Tribun Medan", "source"), ("Fredy Santoso", "reporter")]),
        ("Laporan: Dofi Iskandar (Pekanbaru)", [("Dofi Iskandar", "reporter")]),
        ("Penulis: Asmara Putera | Editor: Wirnaya",
         [("Asmara Putera", "writer"), ("Wirnaya", "editor")]),
        ("Rep: Andi Saputra Red: Budi", [("Andi Saputra", "reporter"), ("Budi", "editor")]),
        ("Rep: Febrianti Saraswati/ Red: Andi Nurhalim",
         [("Febrianti Saraswati", "reporter"), ("Andi Nurhalim", "editor")]),
        ("-- BERNAMA", [("Bernama", "source")]),
        ("With assistance from Jane Roe and Ed Poe.",
         [("Jane Roe", "contributor"), ("Ed Poe", "contributor")]),
        ("To contact the reporter on this story: Jane Doe in Jakarta at jdoe@example.net",
         [("Jane Doe", "reporter")]),
        ("Berita & Foto: Humas Pemkab Tanggamus", [("Humas Pemkab Tanggamus", "source")]),
        ("Foto: Antara/Budi Santoso", [("ANTARA", "source"), ("Budi Santoso", "photographer")]),
        ("Sumber : BERITA Mediacorp/fa", [("BERITA Mediacorp", "source"), ("fa", "desk")]),
        ("By Reuters Staff", [("Reuters", "source")]),
        ("KENTARO SHIMIZU, Nikkei staff writer", [("KENTARO SHIMIZU", "reporter")]),
        ("Associated Press writers Jane Poe in Boston and Ed Roe contributed to this report.",
         [("Jane Poe", "writer"), ("Ed Roe", "writer")]),
        ("KANTOR PERWAKILAN BANK INDONESIA PROVINSI SULAWESI UTARA",
         [("KANTOR PERWAKILAN BANK INDONESIA PROVINSI SULAWESI UTARA", "source")]),
        ("tr-45/fir", [("tr-45/fir", "desk")]),
        ("(dkw/c1/adt)", [("dkw/c1/adt", "desk")]),
        ("Oleh Rahmat Hidayat di 9 November 2020", [("Rahmat Hidayat", "reporter")]),
        ("SOURCE Northwind Foods, Inc.", [("Northwind Foods, Inc.", "source")]),
        # An office under a person's label is a source; a release's issuer is one.
        ("Dikeluarkan oleh: Unit Komunikasi Korporat JPS Pahang",
         [("Unit Komunikasi Korporat JPS Pahang", "source")]),
        ("Oleh: Humas Polres Sigi", [("Humas Polres Sigi", "source")]),
        ("Issued by: TFCG Communications Unit", [("TFCG Communications Unit", "source")]),
        ("Penulis: Rina dan Budi", [("Rina", "writer"), ("Budi", "writer")]),
        # "Berita & Foto": the person wrote it and took the pictures; an office only sent it.
        ("Berita & Foto: Awang Muhd Syafiq Haji Abas",
         [("Awang Muhd Syafiq Haji Abas", "reporter"),
          ("Awang Muhd Syafiq Haji Abas", "photographer")]),
        ("Berita & Foto: Humas Pemkab Sintang", [("Humas Pemkab Sintang", "source")]),
        ("With files from Danielle Okafor", [("Danielle Okafor", "contributor")]),
        ("This report by The Canadian Press was first published June 8, 2019.",
         [("The Canadian Press", "source")]),
        ("By Nguyen Dong May 20, 2024", [("Nguyen Dong", "reporter")]),
        ("BR Web Desk", [("BR Web Desk", "desk")]),
        ("Picture: Sonia Whitlock", [("Sonia Whitlock", "photographer")]),
        ("_Laporan & Foto: Jeffry Lajim_",
         [("Jeffry Lajim", "reporter"), ("Jeffry Lajim", "photographer")]),
        ("Journalist: Filomeno Soares", [("Filomeno Soares", "reporter")]),
        ("Jurnalis · Hafiz Maulana", [("Hafiz Maulana", "reporter")]),
        ("Wartawan – Norsyazwani Nasri | Jurugambar – Mohd Izzat Razak | Penyunting – Azman",
         [("Norsyazwani Nasri", "reporter"), ("Mohd Izzat Razak", "photographer"),
          ("Azman", "editor")]),
        ("By: Jerome Ybañez - Reporter | December 15, 2021 - 06:12 PM",
         [("Jerome Ybañez", "reporter")]),
        # A contact line names a person; the address and the number are not the name.
        ("Saritha Menon in Mumbai at smenon41@bloomberg.net", [("Saritha Menon", "reporter")]),
        ("Carla Reinholt or 785-555-0142", [("Carla Reinholt", "reporter")]),
        ("Diposting oleh Humas Polres Bogor", [("Humas Polres Bogor", "source")]),
        ("jejakrekam", [("jejakrekam", "source")]),
        ("Disunting oleh: Siti Zubaidah Ahmad", [("Siti Zubaidah Ahmad", "editor")]),
        ("Diterjemahkan oleh: Nurul Syafiqah Ahmad", [("Nurul Syafiqah Ahmad", "translator")]),
        ("Penulis/Editor: Rena Larasati",
         [("Rena Larasati", "writer"), ("Rena Larasati", "editor")]),
        ("Top photo by Darren Ng", [("Darren Ng", "photographer")]),
        ("(DOD)", [("DOD", "desk")]),
        ("ahm.mt", [("ahm.mt", "desk")]),
        ("Photo credit: Rowan Blake", [("Rowan Blake", "photographer")]),
        ("Byline: Le Hoang", [("Le Hoang", "reporter")]),
        ("By Laura Whitfield, The Kansas City Star",
         [("Laura Whitfield", "reporter"), ("The Kansas City Star", "source")]),
        ("Reporter Magang: Nadia Putri", [("Nadia Putri", "reporter")]),
        # A label that is also a plain noun labels only with a mark after it.
        ("BERITA LAINNYA", []),
        ("Berita: Ahmad Fauzi", [("Ahmad Fauzi", "reporter")]),
        ("SOURCE Northwind Foods", [("Northwind Foods", "source")]),
        # A sentence about the writer credits no outlet.
        ("Ratna Kusumawati adalah jurnalis gudeg.net yang meliput wilayah Bantul.", []),
        ("Photos: Giang Huy", [("Giang Huy", "photographer")]),
        ("Photos by Dana Whitcomb", [("Dana Whitcomb", "photographer")]),
        ("Editor on duty: Phan Anh", [("Phan Anh", "editor")]),
        ("Listen live on Isles FM 103 or online at islesfm.org.uk", []),
        ("S-32", [("S-32", "desk")]),
        ("(ISN)", [("ISN", "source")]),
        ("Dikirim dari Yahoo Mail", []),
        ("09.00 WIB", []),
        # Not credits: an end mark, a page field, a bullet sentence in capitals, prompts.
        ("aduan@mbks.gov.my", []),
        ("#Polres Demak #elpiji oplosan #Mranggen", []),
        ("Visit The Kansas City Star at www.kansascity.com", []),
        ("Berita terkait: Banjir di Medan", []),
        ("(END)", []),
        ("END ADVANCE", []),
        ("Ikuti Harianjogja.com di Google News", []),
        ("2 MIN READ", []),
        ("#banjir #Kelantan #PPS", []),
        ("NEWSPAPER SECTION: News", []),
        ("* SAYS PROCEEDS WILL BE USED FOR LOAN EXPANSION", []),
        # A broadcast script's crew.
        ("KAMERAMEN    : Asep Saepuloh", [("Asep Saepuloh", "photographer")]),
        ("EDITOR NASKAH: Lina Marlina", [("Lina Marlina", "editor")]),
        ("PENYUNTING BERTUGAS: Rosnah Ahmad", [("Rosnah Ahmad", "editor")]),
        ("Penulis skrip: Siti Mariam Rahmat", [("Siti Mariam Rahmat", "writer")]),
        ("Camera crews arrived before dawn.", []),
        # A desk's initials in title case, alone in brackets.
        ("(Tom)", [("Tom", "desk")]),
        ("(Mad/Red)", [("Mad/Red", "desk")]),
        # A credit per sentence; a place of four words after "in"; a contributor's town.
        ("Additional reporting by Sylvester Jawa. Photo by Robert Sagin.",
         [("Sylvester Jawa", "contributor"), ("Robert Sagin", "photographer")]),
        ("Additional reporting by Le Van Khoa in Ho Chi Minh City",
         [("Le Van Khoa", "contributor")]),
        ("Reporter: Irfan Hamisi | Kontributor Rahmat Djafar, Oba",
         [("Irfan Hamisi", "reporter"), ("Rahmat Djafar", "contributor")]),
    ],
)
def test_parse_credit_line(line: str, credits: list[tuple[str, str]]) -> None:
    assert [(c.name, c.role) for c in parse_credit_line(line)] == credits


@pytest.mark.parametrize(
    "top",
    ["Selamat sore, redaksi. Berikut kiriman berita hari ini.",
     "To: <redaksi@kabarsulteng.example>, <newsroom@palu.example>",
     "Forwarded from Majlis Perbandaran Muar (MPM) - Saluran Rasmi",
     "We use cookies to personalise content. Accept | Learn more",
     "Kicker: TYPHOON YAGI",
     "Rilis | Senin, 3 Februari 2020 16:10 WIB\nRilis: Dishub Tanjungpinang",
     "KENYATAAN MEDIA\nUntuk siaran segera selepas tempoh embargo"],
)
def test_lines_above_a_mail_or_page_are_not_the_headline(resources, top: str) -> None:  # type: ignore[no-untyped-def]
    from wire.normalize import normalize

    text = (f"{top}\n\nPolisi Amankan Dua Pelaku Pencurian Ternak\n\n"
            "MAUMERE - Polisi mengamankan dua pria yang mencuri sapi warga, kata Kapolres "
            "kepada wartawan di Maumere pada Senin pagi.\n\n"
            "Keduanya ditahan di Mapolres Sikka sambil menunggu pemeriksaan lebih lanjut.")
    story = normalize(Copy(text=text, submitted_at=SENT), resources)
    assert story.headline == "Polisi Amankan Dua Pelaku Pencurian Ternak"
    assert top[:12] not in story.body_text


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("Mangsa banjir ditempatkan di PPS Kadok, Ketereh. - Foto: MOHD HAFIZ ZAKARIA",
         [("MOHD HAFIZ ZAKARIA", "photographer")]),
        ("A resident waters tomato plants on a roof. Photo by Enzo Marino",
         [("Enzo Marino", "photographer")]),
        ("Petugas memadamkan api di gudang itu. (FOTO: Farid Ardiansyah)",
         [("Farid Ardiansyah", "photographer")]),
        ("Foto: Yessi Deswita", [("Yessi Deswita", "photographer")]),
        ("📸 Foto: Yoga Pratama", [("Yoga Pratama", "photographer")]),
        ("A farmer checks the water in Ba Tri District. — VNS Photo Công Trí",
         [("Công Trí", "photographer")]),
        ("Gambar hiasan: Terminal Lapangan Terbang Miri. - Gambar fail", []),
        ("Warga berjalan di jalan desa.", []),
        ("Walkers on the greenway near Ardagh last summer. Picture: Ciarán Walsh",
         [("Ciarán Walsh", "photographer")]),
        ("Members load the first catch into the cold room. Picture by Grace Wambi",
         [("Grace Wambi", "photographer")]),
        ("The minister said the picture was grim.", []),
        ("Salam tuan, berita untuk esok. Gambar 2 keping dalam lampiran.", []),
        ('[caption id="a1" width="960"] Hasan memetik cengkih. Foto: Rahmat Syamsudin[/caption]',
         [("Rahmat Syamsudin", "photographer")]),
        ("Photo by Tiwonge Phiri: Grace Chirwa inspects a hive on the Zomba plateau.",
         [("Tiwonge Phiri", "photographer")]),
        # a caption its label opens names what is shown, not who shot it
        ("Foto: Umat Hindu mengusung pratima menuju bibir Pantai Penimbangan, Singaraja.", []),
    ],
)
def test_caption_credits(line: str, credits: list[tuple[str, str]]) -> None:
    assert [(c.name, c.role) for c in caption_credits(line)] == credits


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("Section: Benguet | Byline: Aileen Dulnuan | Editor: Ramon Baguilat",
         [("Aileen Dulnuan", "reporter"), ("Ramon Baguilat", "editor")]),
        ("Diterbitkan: 12/01/2021 • 08:30 WITA | Oleh: Syarifuddin Ahmad",
         [("Syarifuddin Ahmad", "reporter")]),
        ("Rubrik: Daerah | Kategori: Pendidikan", []),  # fields, none a credit
        ("Oleh: Syarifuddin Ahmad", []),  # one field: the credit steps read it whole
    ],
)
def test_field_credits(line: str, credits: list[tuple[str, str]]) -> None:
    assert [(c.name, c.role) for c in field_credits(line)] == credits


def test_label_lines_and_job_titles() -> None:
    assert label_only("To contact the editors responsible for this story:") == "editor"
    assert label_only("Pewarta: Ani") is None
    assert is_job_title("AP Medical Writer") and is_job_title("Transport Correspondent")
    assert not is_job_title("Harga cabai naik di pasar induk kota pada pekan ini.")
    assert is_job_title("Kepala Dishub Tanjungpinang")  # the office under a signature



@pytest.mark.parametrize(
    ("line", "after", "removed"),
    [
        ("kata dia. [Baca juga: Judul Lain di Sini] Selanjutnya warga pulang.",
         "kata dia. Selanjutnya warga pulang.", 1),
        ("Harga naik [BACA: Sarawak isytihar cuti umum] dan stok cukup.",
         "Harga naik dan stok cukup.", 1),
        ("Video [embed]https://www.youtube.com/watch?v=abc[/embed] menunjukkan banjir.",
         "Video menunjukkan banjir.", 1),
        ("Gambar data:image/png;base64,iVBORw0KGgoAAAANSUhEUg== di laman.",
         "Gambar di laman.", 1),
        ("[Gambas:Video 20detik] Polisi menangkap dua orang.", "Polisi menangkap dua orang.", 1),
        ("zakat fitrah. (Baca Juga: Baitul Mal Buka Beasiswa) Sementara itu warga",
         "zakat fitrah. Sementara itu warga", 1),
        ("a spokesperson said. ADVERTISEMENT Hawkers who sign up",
         "a spokesperson said. Hawkers who sign up", 1),
        ("per liter. ADVERTISEMENT SCROLL UNTUK MELANJUTKAN Pedagang di pasar",
         "per liter. Pedagang di pasar", 1),
        # A media tag pasted into plain copy, whole; a "<" in prose is no tag.
        ('sedikit," ujarnya. <img src="data:image/png;base64,iVBORw0KGgo=" alt=""> Menurut',
         'sedikit," ujarnya. Menurut', 1),
        ('kata dia. <iframe src="https://youtube.com/embed/x"></iframe> Lalu ia pergi.',
         "kata dia. Lalu ia pergi.", 1),
        ("Nilai x < y dan y > z tetap berlaku.", "Nilai x < y dan y > z tetap berlaku.", 0),
        # Brackets that are the story's own stay, and the word in prose.
        ("Dia menyebut [sic] angka itu keliru.", "Dia menyebut [sic] angka itu keliru.", 0),
        ("The advertisement ran twice. Nobody called.",
         "The advertisement ran twice. Nobody called.", 0),
    ],
)
def test_inline_artifacts_leave_without_gluing(line: str, after: str, removed: int) -> None:
    out = remove_inline_artifacts(draft_of((line,)))
    assert out.lines == (after,)
    assert sum(c.action == "removed-inline-artifact" for c in out.changes) == removed


def test_a_bracketed_desk_code_inline_is_a_credit() -> None:
    out = remove_inline_artifacts(draft_of(("agar harga tidak dipermainkan. [fa/nin]",)))
    assert out.lines == ("agar harga tidak dipermainkan.",)
    assert out.credits == (Credit(name="fa/nin", role="desk"),)


@pytest.mark.parametrize(
    ("last", "kept", "credits"),
    [
        ("bunga api di tebingan Sungai Sarawak.– Suara Sarawak",
         "bunga api di tebingan Sungai Sarawak.", [("Suara Sarawak", "source")]),
        ("instead of self-medicating. (With a report from Joey Sarmiento)",
         "instead of self-medicating.", [("Joey Sarmiento", "contributor")]),
        ("agar harga tidak dipermainkan. (sam)", "agar harga tidak dipermainkan.",
         [("sam", "desk")]),
        # A sentence's own bracket, a name after a dash that is no outlet: they stay.
        ("kata dia (dalam bahasa daerah).", "kata dia (dalam bahasa daerah).", []),
        ('"Kami siap," kata Budi – Ketua RT.', '"Kami siap," kata Budi – Ketua RT.', []),
    ],
)
def test_tail_credits(last: str, kept: str, credits: list[tuple[str, str]]) -> None:
    out = take_tail_credits(draft_of(("Paragraf pertama.", last)))
    assert out.paragraphs[-1] == kept
    assert [(c.name, c.role) for c in out.credits] == credits


def test_furniture_evidence() -> None:
    assert has_furniture("Ikuti berita terbaru kami di Google News, klik di sini")
    assert has_furniture("Support local journalism. Subscribe today for as little as $1.")
    assert has_furniture("Email: humas@example.go.id")
    assert not has_furniture("Warga mengungsi ke balai desa sejak Minggu malam.")
    # A mail's confidentiality notice and Instagram's embed text are furniture too.
    assert has_furniture("Emel ini dan sebarang lampiran adalah sulit dan hanya untuk penerima.")
    assert has_furniture("A post shared by Haziq Rahman (@haziqrahman.official)")
    assert has_furniture("Oceania Wire stories may not be republished without permission.")
    assert not has_furniture("The vote may not be published until the count ends, she said.")


def test_features_have_position_and_context() -> None:
    rows = sequence_features(["Judul", "", "Paragraf satu yang panjang.", "Editor: Ani"])
    assert len(rows) == 3, "blank lines are not tagged"
    assert rows[0]["pos=0"] == 1.0 and rows[2]["rpos=0"] == 1.0
    assert rows[2]["credit=editor"] == 1.0 and rows[1]["+1:credit"] == 1.0


def test_the_tagger_takes_header_and_trailer_and_keeps_content(resources) -> None:  # type: ignore[no-untyped-def]
    text = ("Home > Daerah > Jambi\nBanjir Rendam Tiga Desa di Muaro Jambi\n"
            "Kamis, 14 Maret 2019 | 10:05 WIB\nPenulis: Rahmat Hidayat\nDibaca 1.234 kali\n\n"
            "JAMBI - Banjir merendam tiga desa di Kabupaten Muaro Jambi sejak Rabu malam.\n\n"
            "Editor desa itu, Pak Amir, mengatakan warga sudah mengungsi ke balai desa.\n\n"
            "Hingga Kamis pagi, air setinggi satu meter masih merendam rumah warga di tepi "
            "sungai.\n\n"
            "Baca juga: Sungai Batanghari Meluap\n\nEditor: Dedi Saputra\n"
            "Bagikan: Facebook | Twitter | WhatsApp\n")
    copy = Copy(text=text, submitted_at=SENT)
    lines = tuple(tagged_lines(copy, resources))
    out = apply_line_roles(replace(start(copy, resources), lines=lines))
    kept = [line for line in out.lines if line.strip()]
    assert "Home > Daerah > Jambi" not in kept and "Dibaca 1.234 kali" not in kept
    assert "Bagikan: Facebook | Twitter | WhatsApp" not in kept
    assert any(line.startswith("Editor desa itu") for line in kept), "content, not a credit"
    assert {(c.name, c.role) for c in out.credits} >= {("Rahmat Hidayat", "writer"),
                                                         ("Dedi Saputra", "editor")}
    assert "Kamis, 14 Maret 2019 | 10:05 WIB" in out.header_lines


def test_the_tagger_never_empties_the_body(resources) -> None:  # type: ignore[no-untyped-def]
    copy = Copy(text="Judul\n\nOke.", submitted_at=SENT)
    lines = tuple(tagged_lines(copy, resources))
    out = apply_line_roles(replace(start(copy, resources), lines=lines))
    assert out.lines == lines or any(line.strip() for line in out.lines[1:])


def test_collect_credits_derives_byline_and_sources() -> None:
    base = replace(draft_of(()), credits=(Credit(name="Ani", role="writer"),
                                          Credit(name="Budi", role="editor"),
                                          Credit(name="ant/dra", role="desk")),
                   by=("dra", "Citra"), infosources=("MDSNews",))
    out = collect_credits(base)
    assert out.by == ("Citra", "Ani")
    assert {(c.name, c.role) for c in out.credits} == {
        ("Ani", "writer"), ("Budi", "editor"), ("ant/dra", "desk"), ("Citra", "reporter"),
        ("MDSNews", "source")}


def test_collect_credits_keeps_one_credit_per_name_and_role() -> None:
    base = replace(draft_of(()), credits=(
        Credit(name="KEMENTERIAN PERLADANGAN", role="source"),
        Credit(name="Kementerian Perladangan", role="source"),
        Credit(name="Hotman Sitorus", role="reporter"),
        Credit(name="HOTMAN SITORUS", role="source")))
    out = collect_credits(base)
    assert [(c.name, c.role) for c in out.credits] == [
        ("Kementerian Perladangan", "source"), ("Hotman Sitorus", "reporter")]


def test_collect_credits_drops_a_wires_transmission_stamp() -> None:
    base = replace(draft_of(()), credits=(
        Credit(name="LEE CHEE KEONG", role="reporter"),
        Credit(name="JBR 101620 MYT JUN 2020", role="source"),
        Credit(name="Ria897", role="source")))
    assert [c.name for c in collect_credits(base).credits] == ["LEE CHEE KEONG", "Ria897"]


def test_collect_credits_drops_a_town_read_as_a_reporter() -> None:
    base = replace(draft_of(()), credits=(Credit(name="Nurul Izzati", role="reporter"),
                                          Credit(name="Sungai Petani", role="reporter")))
    assert [c.name for c in collect_credits(base).credits] == ["Nurul Izzati"]


def test_collect_credits_does_not_credit_the_datelines_outlet_as_a_person() -> None:
    base = replace(draft_of(()), credits=(Credit(name="Ulin Kalteng", role="reporter"),
                                          Credit(name="Rio Andika", role="writer")),
                   dateline=Dateline(place="Kuala Kurun", agency="ULINKALTENG.COM"))
    assert [c.name for c in collect_credits(base).credits] == ["Rio Andika"]


def test_collect_credits_does_not_credit_an_outlet_as_a_person() -> None:
    base = replace(draft_of(()), credits=(
        Credit(name="Edisi9", role="reporter"), Credit(name="EDISI9", role="source"),
        Credit(name="Utusan Malaysia", role="reporter"), Credit(name="Utusan", role="source"),
        Credit(name="Hafiz Rahman", role="reporter")))
    out = collect_credits(base)
    assert [(c.name, c.role) for c in out.credits] == [
        ("EDISI9", "source"), ("Utusan", "source"), ("Hafiz Rahman", "reporter")]


def test_collect_credits_reads_a_named_role_over_a_bare_signature() -> None:
    # "Penulis: Rizal" in the trailer, "Rizal (0812...)" as the contact: a writer, not
    # also a reporter; reporter and photographer together are two real credits.
    base = replace(draft_of(()), credits=(
        Credit(name="Rizal Fahmi", role="writer"), Credit(name="Rizal Fahmi", role="reporter"),
        Credit(name="Abdul Aziz", role="reporter"),
        Credit(name="Abdul Aziz", role="photographer"),
        Credit(name="Fadli Umar", role="writer"), Credit(name="Fadli Umar", role="reporter")),
        unlabelled=("Rizal Fahmi",))
    out = collect_credits(base)
    # "Ditulis oleh Fadli Umar" and "Wartawan: Fadli Umar", both labelled: one reporter.
    assert [(c.name, c.role) for c in out.credits] == [
        ("Rizal Fahmi", "writer"), ("Abdul Aziz", "reporter"), ("Abdul Aziz", "photographer"),
        ("Fadli Umar", "reporter")]


@pytest.mark.parametrize(
    ("note", "flag"),
    [
        ("(Update: adds union statement in para 6)", "update"),
        ("(Updates with economist comment in sixth paragraph.)", "update"),
        ("(Corrects death toll in headline and para 1)", "correction"),
        ("Catatan Redaksi: Artikel ini telah diperbaiki. Sebelumnya tertulis Rp21 miliar.",
         "correction"),
        ("(Refiles to add dropped word in second paragraph)", "refile"),
        ("Catatan redaksi: Nama korban tidak ditulis.", None),
    ],
)
def test_notes_that_flag(note: str, flag: str | None) -> None:
    base = replace(draft_of(()), changes=(Change(step="roles", action="moved-editors-note",
                                                 text=note, to="ednote"),))
    assert flag_editor_notes(base).flags == ((flag,) if flag else ())


def test_roles_files_round_trip_and_refuse_drift(tmp_path: Path) -> None:
    lines = ["Judul", "", "Isi berita."]
    path = tmp_path / "x.roles"
    write_roles(path, lines, ["headline", "-", "body"])
    assert read_roles(path, lines) == ["headline", "-", "body"]
    with pytest.raises(LabelError, match="differs"):
        read_roles(path, ["Judul lain", "", "Isi berita."])
    path.write_text("headline\tJudul\n-\t\nstory\tIsi berita.\n", encoding="utf-8")
    with pytest.raises(LabelError, match="unknown role"):
        read_roles(path, lines)


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Judul Berita Banjir di Kota\n\nSekolah diminta membentuk tim pencegahan banjir\n\n"
         "JAMBI - Banjir merendam tiga desa sejak Rabu malam, kata warga.\n\n"
         "Warga mengungsi ke balai desa.", "Sekolah diminta", "Banjir merendam tiga desa"),
        # A hard-wrapped lead is no deck: no blank line after its first line.
        ("Judul Berita Banjir di Kota\n\nJAMBI - Banjir merendam tiga desa di Kabupaten\n"
         "Muaro Jambi sejak Rabu malam, kata warga.\n\nWarga mengungsi ke balai desa.", None,
         "Banjir merendam tiga desa di Kabupaten Muaro Jambi"),
    ],
)
def test_a_deck_under_the_headline_leaves_the_body(  # type: ignore[no-untyped-def]
    resources, text: str, gone: str | None, kept: str
) -> None:
    from wire.normalize import normalize

    story = normalize(Copy(text=text, submitted_at=SENT), resources)
    body = " ".join(story.body_text.split())
    assert gone is None or gone not in body
    assert kept in body and "Warga mengungsi ke balai desa." in body


def test_a_place_and_date_line_is_a_stamp_not_story(resources) -> None:  # type: ignore[no-untyped-def]
    from wire.normalize import normalize

    text = ("Banjir Rendam Empat Kecamatan\n\nPalopo, Senin 6 Mei 2024\n\nPALOPO - Banjir merendam "
            "ribuan rumah di empat kecamatan, kata petugas.\n\nWarga mengungsi ke masjid.")
    story = normalize(Copy(text=text, submitted_at=SENT), resources)
    assert "Senin 6 Mei 2024" not in story.body_text
    assert story.body_text.startswith("Banjir merendam ribuan rumah")


@pytest.mark.parametrize(
    ("text", "gone", "credit"),
    [
        ("Pabrik Baru Dibuka\n\nPabrik itu dibuka pada Senin pagi, kata pejabat.\n\n"
         "Nikkei staff writer Rin Ichino in Taipei contributed to this report.\n\n"
         "Produksi dimulai tahun depan.", "contributed", ("Rin Ichino", "writer")),
        ("Longsor di Garut\n\nLongsor menimbun jalan desa, kata warga.\n\n"
         "Warga berharap tembok penahan dibangun.***", "***", None),
        ("Banjir di Kota Bharu\n\nBanjir merendam kampung, kata polis.\n\n"
         "Orang ramai diminta menghubungi talian 999. – HARAKAHDAILY 20/12/2022",
         "HARAKAHDAILY", ("HARAKAHDAILY", "source")),
        # a byline wrapped onto a second line of its own, "dan NAME"
        ("Air Graviti Pertama\n\nOleh NIK MUHAMMAD HAZWAN\ndan SITI AISYAH RAMLI\n\n"
         "GUA MUSANG: Penduduk Orang Asli menikmati bekalan air bersih, kata ketua kampung.\n\n"
         "Sistem itu bernilai RM1.2 juta.", "SITI AISYAH", ("SITI AISYAH RAMLI", "reporter")),
        # a page's published line with the byline among its fields
        ("Sekolah Terapung Beroperasi\n\nDiterbitkan: 12/01/2021 • 08:30 WITA | Oleh: Syarifuddin "
         "Ahmad\n\nBIMA – Sebuah sekolah terapung mulai digunakan, kata guru.\n\n"
         "Sekolah itu menampung 38 murid.", "Diterbitkan", ("Syarifuddin Ahmad", "reporter")),
    ],
)
def test_credits_and_marks_at_the_end_leave_the_body(  # type: ignore[no-untyped-def]
    resources, text: str, gone: str, credit: tuple[str, str] | None
) -> None:
    from wire.normalize import normalize

    story = normalize(Copy(text=text, submitted_at=SENT), resources)
    assert gone not in story.body_text
    if credit:  # a shouted name may come out in title case: the same name
        assert (credit[0].casefold(), credit[1]) in {(c.name.casefold(), c.role)
                                                     for c in story.credits}


def test_title_labels_and_chat_stamps_are_not_the_headline(resources) -> None:  # type: ignore[no-untyped-def]
    from wire.normalize import normalize

    text = ("[14/05/23 09.12] Humas Polres Sikka: Diteruskan\n"
            "Perkara: BERITA: Polisi Amankan Dua Pelaku Pencurian Ternak\n\n"
            "MAUMERE - Polisi mengamankan dua pria yang mencuri sapi warga, kata Kapolres.\n\n"
            "Keduanya ditahan di Mapolres Sikka.")
    story = normalize(Copy(text=text, submitted_at=SENT), resources)
    assert story.headline == "Polisi Amankan Dua Pelaku Pencurian Ternak"
    assert "Diteruskan" not in story.body_text


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Wahyu Nugraha, Jurnalis · Sabtu 02 Januari 2021 07:45 WIB", ["Wahyu Nugraha"]),
        ("Ananda Putri / Sabtu, 9 November 2019 | 20:15 WIB", ["Ananda Putri"]),
        ("Oleh Tri Susanti  |  Rabu, 10/04/2019 11:05 WITA", ["Tri Susanti"]),
        ("Kustiyah Rahayu • 23 Juli 2021 14:12 WIB", ["Kustiyah Rahayu"]),
        # An outlet, a place or a lone timestamp names no reporter.
        ("Harian Mercusuar | Palu | Kamis, 28 September 2023", []),
        ("Kamis, 14 Maret 2019 | 10:05 WIB", []),
        ("Bandar Lampung | Kamis, 20 Desember 2018", []),
        ("KAMIS, 21 FEBRUARI 2019 | SIDOARJO RAYA | HAL 5", []),  # a print page's header
        ("The Goroka Clarion | Thursday, 11 April 2024 | 2 min read", []),
        ("Darling Dispatch  |  Far West NSW  |  Fri 18 Nov 2022", []),  # a region's code in it
        ("JOHN SMITH | Fri 18 Nov 2022", ["JOHN SMITH"]),  # a shouted name is shouted whole
        ("Pantau Kapuas | Lokal | Jumat, 22 November 2024 | 19.55 WIB", []),  # and a section
        ("Oleh Tri Susanti | Metro | Rabu, 10/04/2019 11:05 WITA", ["Tri Susanti"]),
    ],
)
def test_a_byline_beside_a_timestamp(resources, line: str,  # type: ignore[no-untyped-def]
                                     names: list[str]) -> None:
    from wire.normalize.roles.stamps import stamped_byline

    assert [c.name for c in stamped_byline(line, resources.gazetteer)] == names


def test_a_stamped_byline_keeps_its_label_role(resources) -> None:  # type: ignore[no-untyped-def]
    from wire.normalize.roles.stamps import stamped_byline

    found = stamped_byline("Written by Kayla Tan | January 09, 2024, 05:42 PM", resources.gazetteer)
    assert [(c.name, c.role) for c in found] == [("Kayla Tan", "writer")]


def test_a_byline_stamp_inside_the_story_leaves_it(resources) -> None:  # type: ignore[no-untyped-def]
    from wire.normalize import normalize

    text = ("Nelayan Cilacap Pulang Bawa Lobster\n\n"
            "Cilacap: Nelayan di Pantai Teluk Penyu panen lobster sejak awal pekan ini.\n\n"
            "Kustiyah Rahayu • 23 Juli 2021 14:12 WIB\n\n"
            "Ketua nelayan, Sarjono, mengatakan cuaca yang mulai bersahabat membuat hasil naik.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2021, 7, 24, tzinfo=UTC)), resources)
    assert "Kustiyah" not in story.body_text
    assert ("Kustiyah Rahayu", "reporter") in [(c.name, c.role) for c in story.credits]
    assert "Ketua nelayan, Sarjono" in story.body_text


def test_a_deck_above_the_byline_block_leaves(resources) -> None:  # type: ignore[no-untyped-def]
    from wire.normalize import normalize

    text = ("Okupansi Hotel di Lombok Tengah Capai 95 Persen Jelang MotoGP\n"
            "Sebagian wisatawan terpaksa menginap di Mataram\n"
            "Penulis: Muhammad Nasir\nEditor: Linggar Pramesti\n18 Mar 2022, 19:30 WITA\n\n"
            "Mataram, IDN Times - Tingkat hunian hotel di Kabupaten Lombok Tengah mencapai 95 "
            "persen menjelang balapan, kata dinas pariwisata.\n\n"
            "Hotel di Kuta penuh sejak awal pekan, sementara sebagian tamu menginap di Mataram.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2022, 3, 18, tzinfo=UTC)), resources)
    assert story.body_text.startswith("Tingkat hunian hotel")
    assert "terpaksa menginap" not in story.body_text


def test_a_sentence_deck_over_the_byline_and_summary_points_leave(  # type: ignore[no-untyped-def]
    resources,
) -> None:
    from wire.normalize import normalize

    text = ("Toa Payoh hawker, 72, closes 41-year-old chwee kueh stall after landlord doubles "
            "rent\n\nShe says she will miss her regulars the most.\n\n"
            "Written by Kayla Tan | January 09, 2024, 05:42 PM\n\n"
            "A 72-year-old hawker who has sold chwee kueh at the market since 1983 served her "
            "last customers on Monday, she said.\n\n"
            "Madam Lee said the new rent was too much for a business selling kueh.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2024, 1, 9, tzinfo=UTC)), resources)
    assert story.body_text.startswith("A 72-year-old hawker")
    assert ("Kayla Tan", "writer") in [(c.name, c.role) for c in story.credits]
    text = ("Menanti Pulang Orangutan Korban Kebakaran Hutan di Kalimantan Tengah\n\n"
            "oleh Rendra Tambunan di 11 October 2019\n\n"
            "● Sebanyak 14 orangutan diselamatkan dari area terbakar sejak Agustus.\n"
            "● Sebagian besar mengalami dehidrasi akibat asap.\n\n"
            "Asap belum sepenuhnya hilang dari langit Palangka Raya ketika tim penyelamat "
            "membawa masuk seekor orangutan betina, kata petugas.\n\n"
            "Menurut catatan pusat rehabilitasi, orangutan itu berasal dari Pulang Pisau.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2019, 10, 11, tzinfo=UTC)), resources)
    assert story.body_text.startswith("Asap belum sepenuhnya")
    assert "dehidrasi" not in story.body_text


def test_a_dateline_on_its_own_line_under_a_credit_is_the_dateline(  # type: ignore[no-untyped-def]
        resources) -> None:
    from wire.normalize import normalize

    text = ("Gempa Magnitudo 4,8 Guncang Kerinci\n\nKontributor Kerinci, Havis Alfarizi\n"
            "SUNGAI PENUH –\n"
            "Gempa bumi bermagnitudo 4,8 mengguncang Kabupaten Kerinci, Rabu malam.\n\n"
            "Warga berhamburan keluar rumah saat getaran terasa, kata petugas.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2019, 3, 14, tzinfo=UTC)), resources)
    assert story.dateline.place == "Sungai Penuh"
    assert all("penuh" not in c.name.casefold() for c in story.credits)
    assert story.body_text.startswith("Gempa bumi bermagnitudo")


def test_a_line_of_labelled_credits_leaves_whatever_the_tagger_read(  # type: ignore[no-untyped-def]
        resources) -> None:
    from wire.normalize import normalize

    text = ("Harga Cabai Rawit Tembus Rp90 Ribu\n\n"
            "KOTAMOBAGU — Harga cabai rawit di Pasar Serasi melonjak hingga Rp90 ribu.\n"
            "Penulis: Rahmat Mokodompit — Editor: Arjun Mamonto\n\n"
            "Pedagang menyebut pasokan dari Modayag berkurang sejak awal pekan.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2023, 1, 26, tzinfo=UTC)), resources)
    assert "Penulis" not in story.body_text
    assert {(c.name, c.role) for c in story.credits} >= {
        ("Rahmat Mokodompit", "writer"), ("Arjun Mamonto", "editor")}


def test_content_that_looks_like_furniture_stays(resources) -> None:  # type: ignore[no-untyped-def]
    from wire.normalize import normalize

    text = ("Warga Perbatasan Antre Air Bersih\n\nRabu, 9 Oktober 2019\nLaporan: Eliasar Nahak\n\n"
            "ATAMBUA, TIMEX–Kemarau panjang membuat ratusan kepala keluarga di\n"
            "Kecamatan Tasifeto Timur kesulitan air bersih. Sejak\n"
            "Selasa (8/10/2019), PDAM Belu mengirim tiga truk tangki setiap pagi ke\n"
            "Desa Silawan yang berbatasan langsung dengan Timor Leste.\n\n"
            "Baca juga dengan teliti jadwal pengiriman air yang diumumkan desa.\n\n"
            "Baca juga: Harga Sayur di Pasar Atambua Naik\n\n"
            "Warga membawa jeriken sejak pukul 05.00 Wita, kata kepala desa.")
    story = normalize(Copy(text=text, submitted_at=SENT), resources)
    body = " ".join(story.body_text.split())
    assert "Sejak Selasa (8/10/2019), PDAM Belu mengirim tiga truk tangki" in body, "wrapped lead"
    assert "Baca juga dengan teliti jadwal pengiriman air" in body, "a sentence, not a link"
    assert "Harga Sayur di Pasar Atambua Naik" not in body


def test_a_caption_embed_leaves_with_its_photo_credit() -> None:
    line = ('Harga turun. [caption id="attachment_48213" width="960"]<img src="https://x.id/a.jpg"'
            ' alt="" /> Petani menjemur tembakau. (Foto: Bagus Wicaksono)[/caption] Lalu naik.')
    out = remove_inline_artifacts(replace(draft_of(()), lines=(line,)))
    assert out.lines == ("Harga turun. Lalu naik.",)
    assert [(c.name, c.role) for c in out.credits] == [("Bagus Wicaksono", "photographer")]
