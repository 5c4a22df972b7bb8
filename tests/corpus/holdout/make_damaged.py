"""Write the damaged-input holdout cases (125-130) byte for byte.

Like ``tests/corpus/make_damaged.py`` for the main corpus: damage that cannot be typed
reliably (UTF-8 read back as Windows-1252, Windows-1252 smart quotes read as Latin-1
C1 controls, tabs, trailing spaces, hard wraps at 70 columns) is produced here from
clean text so the bytes are exact. The expected results live in the hand-written
``.json`` next to each ``.txt``. Run from anywhere:

    python tests/corpus/holdout/make_damaged.py

Every file written is valid UTF-8 (mojibake is *characters*, never invalid bytes).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

HOLDOUT = Path(__file__).resolve().parent


def mojibake(text: str) -> str:
    """UTF-8 bytes read back as Windows-1252 (bytes it leaves undefined as Latin-1)."""
    out: list[str] = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def cp1252_as_latin1(text: str) -> str:
    """Windows-1252 bytes read back as Latin-1: smart quotes become C1 controls."""
    return text.encode("cp1252").decode("latin-1")


def write(name: str, text: str) -> None:
    (HOLDOUT / f"{name}.txt").write_bytes(text.encode("utf-8"))


def mojibake_ap_zurich() -> str:
    clean = (
        "Nestlé to sell U.S. skin care unit as it sharpens focus on food\n\n"
        "ZURICH (AP) — Nestlé said Thursday it will sell its U.S. skin care business "
        "to a group of investors for about $1 billion, the latest step in the Swiss "
        "company’s effort to concentrate on food, coffee and pet care.\n\n"
        "The unit makes creams and ointments sold mainly through pharmacies and "
        "dermatologists.\n\n"
        "“Skin health is a good business, but it is not our business,” the "
        "company’s chief executive told analysts on a conference call.\n\n"
        "Investors have pushed the maker of Nescafé and KitKat to sell slower-growing "
        "businesses and return more cash to shareholders.\n\n"
        "Shares in the company rose 1.2 percent in Zurich trading.\n"
    )
    return mojibake(clean)


def c1_quotes_antara_semarang() -> str:
    clean = (
        "Pelabuhan Tanjung Emas mulai dipadati pemudik Natal\n\n"
        "Semarang (ANTARA) – Arus penumpang kapal di Pelabuhan Tanjung Emas Semarang, "
        "Jawa Tengah, mulai meningkat menjelang libur Natal, Kamis (20/12).\n\n"
        "Sebanyak 1.400 penumpang tujuan Pontianak dan Kumai berangkat dengan KM Kelud "
        "pada siang hari.\n\n"
        "“Lonjakan penumpang biasanya terjadi tiga hari sebelum Natal. Kami sudah "
        "menyiapkan ruang tunggu tambahan dan posko kesehatan,” kata General Manager "
        "Pelindo III Cabang Tanjung Emas.\n\n"
        "“Kami minta penumpang datang lebih awal dan tidak membawa barang berlebihan,” "
        "ujarnya.\n\n"
        "Ia mengatakan pengamanan dilakukan bersama kepolisian dan Kantor Kesyahbandaran "
        "dan Otoritas Pelabuhan.\n\n"
        "Pewarta: Wisnu Adhi Nugroho\n"
        "Editor: Sri Muryono\n"
    )
    return cp1252_as_latin1(clean)


def _wrap(paragraph: str) -> str:
    lines = textwrap.wrap(paragraph, width=70, break_long_words=False, break_on_hyphens=False)
    # Every other wrapped line keeps the trailing space a mailer leaves behind.
    return "\n".join(line + (" " if i % 2 == 0 else "") for i, line in enumerate(lines))


def wrapped_tabs_reuters_chicago() -> str:
    paragraphs = [
        "CHICAGO, Dec 19 (Reuters) - Boeing Co said on Wednesday it will raise its "
        "quarterly dividend by 20 percent and buy back up to $20 billion of its shares, "
        "underscoring its confidence in strong demand for commercial jets.",
        "The planemaker will pay a dividend of $2.055 per share in the first quarter of "
        "2019, up from $1.71 a share, the company said in a statement.",
        "The new buyback replaces an existing $18 billion program, of which about "
        "$7 billion remained.",
        "Boeing has been returning more cash to shareholders as production of its "
        "best-selling 737 jetliner climbs to record levels.",
        "(Reporting by Laura Fenwick in Chicago; Editing by Susan Maddox)",
    ]
    head = "Boeing raises dividend 20 pct, unveils $20 bln buyback\t\n\n"
    return head + "\n\n".join("\t" + _wrap(p) for p in paragraphs) + "\n"


def html_kompas_surabaya() -> str:
    return (
        '<div class="read__header"><h1 class="read__title">Tol Surabaya-Mojokerto '
        "Padat Jelang Libur Natal</h1></div>\n"
        '<div class="read__content">\n'
        "<p><strong>SURABAYA, KOMPAS.com</strong> - Volume kendaraan di Jalan Tol "
        "Surabaya-Mojokerto meningkat sekitar 30 persen menjelang libur Natal, "
        "Sabtu (22/12/2018).</p>\n"
        "<p>Antrean kendaraan terlihat di Gerbang Tol Warugunung sejak pukul 07.00 WIB "
        'hingga siang hari. <span style="color:#ff0000;font-weight:bold">Petugas '
        "membuka seluruh gardu</span> untuk mengurai kepadatan.</p>\n"
        '<p><img src="x.jpg" onerror="alert(document.cookie)" alt="antrean"></p>\n'
        '<p><strong>Baca juga: <a href="https://regional.kompas.com/read/2018/12/21/'
        'tol">Jasa Marga Siapkan Gardu Tambahan di Tol Sumo</a></strong></p>\n'
        "<p>Manajer operasi pengelola jalan tol mengatakan puncak arus kendaraan "
        "diperkirakan&nbsp;terjadi pada Minggu pagi.</p>\n"
        '<iframe src="https://www.youtube.com/embed/abc123" width="560" height="315" '
        'frameborder="0" allowfullscreen></iframe>\n'
        "<p>Pengendara diimbau memastikan saldo uang elektronik cukup sebelum masuk "
        "jalan tol agar tidak menambah antrean di gerbang.</p>\n"
        "</div>\n"
        '<div class="read__credit">Penulis: Kontributor Surabaya, Ahmad Fauzi Rahman'
        "<br>Editor: Caroline Damanik</div>\n"
    )


def headline_one_sentence_mataram() -> str:
    return (
        "Gempa magnitudo 5,1 guncang Sumbawa, tidak berpotensi tsunami\n\n"
        "Mataram (ANTARA) - Gempa bumi bermagnitudo 5,1 mengguncang wilayah Kabupaten "
        "Sumbawa, Nusa Tenggara Barat, Sabtu (29/12) pukul 14.30 WITA, namun Badan "
        "Meteorologi, Klimatologi, dan Geofisika memastikan gempa tersebut tidak "
        "berpotensi tsunami.\n"
    )


def all_caps_headline_garut() -> str:
    return (
        "BANJIR BANDANG TERJANG TIGA DESA DI GARUT, 200 WARGA MENGUNGSI\n\n"
        "GARUT - Banjir bandang menerjang tiga desa di Kecamatan Cikajang, Kabupaten "
        "Garut, Jawa Barat, Selasa (25/12/2018) malam, setelah hujan deras mengguyur "
        "kawasan Gunung Cikuray selama empat jam.\n\n"
        "Sedikitnya 200 warga mengungsi ke balai desa dan rumah kerabat yang lebih "
        "aman.\n\n"
        "Kepala Pelaksana BPBD Garut mengatakan banjir membawa lumpur dan batang kayu "
        "yang merusak belasan rumah dan satu jembatan desa.\n\n"
        '"Tidak ada korban jiwa, tetapi kerugian material masih kami data," katanya.\n\n'
        "Petugas gabungan bersama warga membersihkan material lumpur dari jalan desa "
        "pada Rabu pagi.\n"
    )


def main() -> None:
    write("125-damaged-mojibake-ap-zurich", mojibake_ap_zurich())
    write("126-damaged-cp1252-c1-quotes-semarang", c1_quotes_antara_semarang())
    write("127-damaged-wrapped-70-tabs-reuters", wrapped_tabs_reuters_chicago())
    write("128-damaged-html-kompas-surabaya", html_kompas_surabaya())
    write("129-damaged-headline-one-sentence", headline_one_sentence_mataram())
    write("130-damaged-all-caps-headline-garut", all_caps_headline_garut())


if __name__ == "__main__":
    main()
