"""Write the damaged-input cases of holdout2 (226-230) byte for byte.

Damage that cannot be typed reliably is produced here from clean text so the bytes are
exact: a Word paste whose non-breaking spaces were read as Windows-1252 (``Â`` before a
NBSP or, after a later NBSP-to-space pass, before a plain space), ``&nbsp;`` and
``&amp;`` entities left in plain text, a blank first line and a headline ending with a
period plus trailing spaces, U+2028 line separators instead of newlines, and emoji in a
quote (with a skin-tone modifier and a variation selector). The expected results live in
the hand-written ``.json`` next to each ``.txt``. Run from anywhere:

    python tests/corpus/holdout2/make_damaged.py

Every file written is valid UTF-8.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def write(name: str, text: str) -> None:
    (HERE / f"{name}.txt").write_bytes(text.encode("utf-8"))


def word_paste_bali() -> str:
    # {N}: a NBSP read back as cp1252 ("Â" + NBSP); {S}: the same after NBSP became a space.
    clean = (
        "Bali targetkan{S}6,5 juta wisman pada 2019\n\n"
        "Denpasar (ANTARA) -{N}Pemerintah Provinsi Bali menargetkan kunjungan "
        "wisatawan mancanegara pada 2019 mencapai 6,5 juta orang, naik dari target "
        "tahun ini sebesar 6,1 juta orang, Selasa (18/12).{N} Target itu disampaikan "
        "Kepala Dinas Pariwisata Bali dalam rapat kerja di Denpasar.\n\n"
        "Menurut dia, promosi akan difokuskan ke pasar India,{S}Tiongkok dan Eropa "
        "Timur yang terus tumbuh dalam dua tahun terakhir.\n\n"
        '"Kami juga mendorong{N}pengembangan desa wisata agar wisatawan tidak hanya '
        'menumpuk di Kuta dan Ubud," ujarnya.{S}\n\n'
        "Ia menambahkan jumlah kunjungan wisman ke Bali hingga Oktober 2018 telah "
        "mencapai 5,1 juta orang.\n"
    )
    return clean.replace("{N}", "\u00c2\u00a0").replace("{S}", "\u00c2 ")


def nbsp_entities_manado() -> str:
    return (
        "Harga&nbsp;Cabai Rawit di Manado Tembus Rp 80 Ribu per Kilogram\n\n"
        "TRIBUNMANADO.CO.ID, MANADO -&nbsp;Harga cabai rawit di sejumlah pasar "
        "tradisional di Kota Manado, Sulawesi Utara, melonjak hingga Rp 80 ribu per "
        "kilogram, Jumat (14/12/2018).\n\n"
        "&nbsp;\n\n"
        "Di Pasar Bersehati, pedagang mengaku pasokan cabai dari Minahasa dan "
        "Gorontalo&nbsp;berkurang akibat cuaca buruk.\n\n"
        "Dinas Perdagangan &amp; Perindustrian Kota Manado berencana menggelar operasi "
        "pasar pekan depan.\n\n"
        '"Kalau hujan terus, panen petani ikut terganggu,"&nbsp;kata seorang pedagang.\n\n'
        "&nbsp;\n\n"
        "Penulis: Ryo Noor | Editor: Aldi Ponge\n"
    )


def blank_first_line_dumai() -> str:
    return (
        "\n"
        "   \n"
        "Banjir rob genangi permukiman pesisir Kota Dumai.   \n"
        "\n"
        "Dumai, (ISN) - Banjir rob menggenangi ratusan rumah warga di pesisir Kota "
        "Dumai, Riau, Kamis (20/12/2018), setelah air laut pasang bersamaan dengan "
        "angin kencang dari Selat Rupat.   \n"
        "Genangan setinggi 40 sentimeter terjadi di Kelurahan Purnama dan Pangkalan "
        "Sesai sejak pukul 05.00 WIB.\t\n"
        "Badan Penanggulangan Bencana Daerah Kota Dumai menyiagakan perahu karet dan "
        "posko kesehatan di kantor kelurahan.\n"
        '"Air biasanya surut siang hari, tetapi warga kami minta tetap waspada sampai '
        'akhir pekan," kata Kepala Pelaksana BPBD Dumai.\n'
        "Warga berharap pemerintah segera membangun tanggul penahan gelombang di "
        "sepanjang pantai.  (ISN)\n"
        "\n"
        "Loading...\n"
    )


def line_separators_xinhua() -> str:
    ls = "\u2028"
    return (
        ls.join(
            [
                "URGENT: Indonesia's Merapi volcano spews hot clouds, residents told to stay away",
                "",
                "YOGYAKARTA, Indonesia, Dec. 20 (Xinhua) -- Indonesia's Mount Merapi volcano "
                "on Java island spewed hot clouds as far as 1.5 km down its slopes on "
                "Thursday, and residents were told to stay out of a 3-km danger zone, an "
                "official said.",
                "",
                "The volcano's alert status remains at the second-highest level, said the "
                "head of the Yogyakarta volcanology office.",
                "",
                '"There has been no evacuation so far, but we ask people living on the slopes '
                'to remain calm and follow official information," he told Xinhua by phone.',
                "",
                "Merapi last erupted in 2010, killing more than 300 people.",
                "",
                "Enditem",
            ]
        )
        + "\n"
    )


def emoji_quote_palangka_raya() -> str:
    return (
        "Jalan Tjilik Riwut Mulus, Warga Palangka Raya Ucapkan Terima Kasih di Medsos\n\n"
        "PALANGKA RAYA, KOMPAS.com - Perbaikan Jalan Tjilik Riwut di Kota Palangka Raya, "
        "Kalimantan Tengah, rampung lebih cepat dari jadwal, Sabtu (22/12/2018).\n\n"
        "Warga ramai mengunggah foto jalan yang kini mulus ke media sosial dan menandai "
        "akun resmi Pemerintah Kota Palangka Raya.\n\n"
        '"Terima kasih Pak Wali 🙏🙏 sekarang ke kantor tidak perlu lagi menghindari '
        'lubang 👍🏻", tulis seorang warga di Instagram.\n\n'
        'Unggahan lain berbunyi "Akhirnya mudik Natal lancar ❤️".\n\n'
        "Kepala Dinas Pekerjaan Umum Kota Palangka Raya mengatakan perbaikan sepanjang "
        "4,2 kilometer itu menelan anggaran Rp 18 miliar.\n\n"
        "Baca juga: Jembatan Kahayan Dipercantik dengan Lampu Hias\n\n"
        "Penulis : Kontributor Palangkaraya, Kurnia Tarigan\n"
        "Editor : Caroline Damanik\n"
    )


def main() -> None:
    write("226-damaged-word-paste-a-circumflex-nbsp", word_paste_bali())
    write("227-damaged-nbsp-entities-plain-text", nbsp_entities_manado())
    write("228-damaged-blank-first-line-headline-period", blank_first_line_dumai())
    write("229-damaged-line-separators-urgent-xinhua", line_separators_xinhua())
    write("230-damaged-emoji-quote-palangka-raya", emoji_quote_palangka_raya())


if __name__ == "__main__":
    main()
