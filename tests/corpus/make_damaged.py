"""Write the damaged-input corpus cases (049-062) byte for byte.

Damage that an editor cannot type reliably (CR/CRLF mixes, NBSP, zero-width characters,
BOMs, mojibake, control characters, a 50 KB line) is produced here from clean text, so
the bytes are exact and reproducible. The expected results live in the hand-written
``.json`` next to each ``.txt``. Run from anywhere:

    python tests/corpus/make_damaged.py

Every file written is valid UTF-8 (mojibake is *characters* such as ``Ã©``, not bytes).
"""

from __future__ import annotations

from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"

NBSP = "\u00a0"
ZWSP = "\u200b"
ZWNJ = "\u200c"
WJ = "\u2060"
BOM = "\ufeff"
SHY = "\u00ad"


def mojibake(text: str) -> str:
    """UTF-8 bytes read back as Windows-1252 (bytes it leaves undefined as Latin-1)."""
    out: list[str] = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def write(name: str, text: str) -> None:
    path = CASES / f"{name}.txt"
    path.write_bytes(text.encode("utf-8"))


def crlf_cr_mix() -> str:
    # Headline ends with old-Mac CRs, paragraphs mix CRLF, CR and LF.
    return (
        "Bupati Tulang Bawang tinjau perbaikan tanggul Way Tulang Bawang\r\r"
        "Menggala (ANTARA) - Bupati Tulang Bawang meninjau perbaikan tanggul Sungai Way "
        "Tulang Bawang yang jebol di Kampung Gedung Aji, Kecamatan Penawar Tama, "
        "Sabtu (15/12).\r\n\r\n"
        "Tanggul sepanjang 40 meter itu jebol pekan lalu dan merendam sekitar 300 hektare "
        "sawah yang baru ditanami. \r\r"
        "Perbaikan dikerjakan secara gotong royong oleh warga bersama personel Kodim dan "
        "Balai Besar Wilayah Sungai Mesuji Sekampung menggunakan karung pasir dan bambu.\n\n"
        '"Kami minta perbaikan permanen bisa dimulai awal tahun depan agar petani tidak '
        'waswas setiap musim hujan," kata bupati.\r\n\r\n'
        "Pewarta: Tri Wahyuni\rEditor: Joko Susilo\r\n"
    )


def nbsp() -> str:
    n = NBSP
    return (
        f"Singapore's{n}non-oil exports fall for first time in three months\n\n"
        f"SINGAPORE,{n}Dec{n}17{n}(Reuters){n}-{n}Singapore's non-oil domestic exports fell "
        "unexpectedly in November as shipments of electronics to China and Hong Kong "
        f"slumped, government data showed on{n}Monday.\n\n"
        f"NODX dropped 3.2{n}percent from a year earlier, Enterprise Singapore said, "
        f"confounding expectations in a Reuters{n}poll for a 3.1{n}percent rise.\n\n"
        f"Electronics exports fell 16.9{n}percent, the steepest decline in more than a year, "
        f"while non-electronics shipments edged up 1.8{n}percent.\n\n"
        '"Trade tensions are starting to bite, and the electronics cycle is clearly past '
        f'its peak,"{n}said an economist at a Singapore bank.{n}\n\n'
        f"(Reporting{n}by Wei{n}Ling Koh; Editing by Simon{n}Barker)\n"
    )


def zero_width_bom() -> str:
    return (
        f"{BOM}Pemkab{ZWSP} Lampung Utara salurkan bantuan bibit kopi untuk 1.200 petani\n\n"
        f"Kotabumi (ANTARA) - Pemerintah Kabupaten{BOM} Lampung Utara menyalurkan 600.000 "
        f"batang bibit kopi robusta unggul kepada 1.200 petani di enam{ZWSP} kecamatan, "
        "Selasa (4/12).\n\n"
        f"Penyaluran bibit merupakan bagian dari program pe{SHY}remajaan kebun {WJ}kopi yang "
        "sebagian besar tanamannya sudah berumur lebih dari 25 tahun.\n\n"
        f"Kepala Dinas Perkebunan Lampung Utara mengatakan produk{ZWSP}tivitas kebun tua hanya "
        f"sekitar 500 kilogram per hektare, jauh di bawah potensi kebun yang dirawat dengan "
        f"baik.{ZWNJ}\n\n"
        '"Dengan bibit unggul dan perawatan yang benar, hasilnya bisa dua kali lipat dalam '
        f'tiga tahun," kata{ZWSP}nya.\n\n'
        f"Pewarta: Yusuf Hidayat{ZWSP}\nEditor: Santi Wulandari\n"
    )


def mojibake_french() -> str:
    clean = (
        "Paris cafés fight plan to ban terrace heaters\n\n"
        "Paris (AFP) - Café owners in Paris are fighting a proposal to ban gas and electric "
        "heaters on their terraces, saying the measure would drive smokers and tourists away "
        "during the winter months.\n\n"
        "The city’s environment commission backed the ban last week, arguing that heating "
        "the open air is a waste of energy at a time when Paris is trying to cut its carbon "
        "emissions.\n\n"
        "“Without heaters, our terraces are empty from November to March — it is as simple "
        "as that,” said Hélène Marchand, who runs a brasserie near the Gare du Nord.\n\n"
        "The Élysée has stayed out of the debate, which falls under the authority of city "
        "hall.\n\n"
        "A final vote by the Conseil de Paris is expected in the spring.\n"
    )
    return mojibake(clean)


def mojibake_indonesian() -> str:
    clean = (
        "Kemenkes Imbau Warga Waspadai Demam Berdarah Saat Musim Hujan\n\n"
        "JAKARTA, KOMPAS.com – Kementerian Kesehatan mengimbau masyarakat mewaspadai "
        "peningkatan kasus demam berdarah dengue (DBD) selama musim hujan, Jumat "
        "(7/12/2018).\n\n"
        "Menurut data kementerian, sepanjang Januari hingga November 2018 tercatat lebih "
        "dari 53.000 kasus DBD di seluruh Indonesia dengan 344 kematian.\n\n"
        "“Masyarakat jangan hanya mengandalkan pengasapan. Yang paling efektif adalah "
        "menguras, menutup, dan mendaur ulang barang bekas,” kata Direktur Pencegahan dan "
        "Pengendalian Penyakit Tular Vektor dan Zoonotik.\n\n"
        "Ia juga meminta warga memeriksa jentik nyamuk di rumah masing-masing setidaknya "
        "sekali seminggu.\n\n"
        "Baca juga: Kasus DBD di Jawa Timur Meningkat, Warga Diminta Lakukan 3M Plus\n\n"
        "Penulis : Wulan Anggraini\n"
        "Editor : Dimas Wahyudi\n"
    )
    return mojibake(clean)


def control_chars() -> str:
    return (
        "Power restored to most of Puerto Rico capital after outage\x07\n\n"
        "SAN JUAN, Puerto Rico (AP) \u2014 Power was restored\x00 to most of Puerto Rico's "
        "capital on Wednesday after a fault at a sub\x08station left more than 300,000 "
        "customers in the dark for nearly 10 hours, officials said.\x0b\n\n"
        "The Puerto Rico Electric Power Authority said crews had reconnected about 90 "
        "percent of affected customers by late afternoon and expected to finish the work "
        "overnight.\n\x0c\n"
        "The outage snarled traffic across the city as signals went dark, and several "
        "hospitals switched to \x1bbackup generators.\n\n"
        '\x1e"This was an equipment failure, not a problem with the grid as a whole," the '
        "utility's director told reporters.\x1f\n\n"
        "The island's power system is still fragile more than a year after Hurricane Maria "
        "destroyed much of it.\x0e\x0f\x00\n"
    )


def html_document() -> str:
    return (
        "<h1>Festival Krakatau 2018 tampilkan parade budaya 15 kabupaten</h1>\n"
        "<style>.ad{display:block} body{font-family:Arial}</style>\n"
        "<p>Bandar Lampung (ANTARA) - Parade budaya yang melibatkan kontingen dari 15 "
        "kabupaten dan kota se-Provinsi Lampung memeriahkan puncak Festival Krakatau 2018 "
        "di Bandar Lampung, Minggu (26/8).</p>\n"
        "<p onclick=\"track('p2')\">Ribuan warga memadati sepanjang Jalan Ahmad Yani hingga "
        "Tugu Adipura sejak pukul 07.00 WIB untuk menyaksikan kontingen yang mengenakan "
        "pakaian adat serta membawa kendaraan hias.</p>\n"
        '<div class="ad"><script>document.write(\'<img src="https://ads.example.com/p.gif">\');'
        "</script></div>\n"
        "<p>Kepala Dinas Pariwisata Lampung mengatakan festival tahunan itu menjadi andalan "
        "untuk menarik wisatawan ke kawasan Gunung Anak Krakatau dan pantai-pantai di pesisir "
        "selatan Lampung.</p>\n"
        '<p><a href="javascript:alert(1)" onmouseover="steal()">Baca juga: Wisatawan '
        "padati Pantai Mutun</a></p>\n"
        "<p>&quot;Tahun ini kami catat kunjungan wisatawan naik sekitar 20 persen dibanding "
        "tahun lalu,&quot; katanya.</p>\n"
        "<p>Pewarta: Hendra Kurniawan<br>Editor: Joko Susilo</p>\n"
    )


def html_pasted_as_plain() -> str:
    return (
        "Nairobi commuters get first taste of new diesel-electric trains\n\n"
        "<p>NAIROBI, Kenya (AP) &mdash; Hundreds of commuters in Kenya's capital rode new "
        "diesel-electric trains on Thursday as the government launched a service meant to "
        "ease the city's notorious traffic jams.</p>\n"
        '<script type="text/javascript">var _gaq = _gaq || []; '
        "_gaq.push(['_trackPageview']);</script>\n"
        "<p>The trains will run every 30 minutes during rush hours between the central "
        "station and the suburb of Embakasi, cutting a journey that can take two hours by "
        "road to about 25 minutes.</p>\n"
        "<style>p.byline { color: #999; }</style>\n"
        "<p>A one-way ticket costs 80 shillings, or about 80 U.S. cents, similar to the fare "
        "charged by minibus taxis.</p>\n"
        '<p><a href="#" onclick="share(\'fb\');return false;">Share on Facebook</a></p>\n'
        "<p>&ldquo;It is faster and it is safer,&rdquo; said Grace Wanjiru, a nurse who "
        "commutes from Embakasi.</p>\n"
    )


FIRST_NAMES = (
    "Suparno",
    "Siti Aminah",
    "Wagiman",
    "Sri Rahayu",
    "Ponijo",
    "Nurhayati",
    "Sukardi",
    "Painem",
    "Slamet Riyadi",
    "Tukiyem",
    "Hasanudin",
    "Marsinah",
    "Sutarjo",
    "Rohimah",
    "Jumadi",
    "Sulastri",
    "Karsono",
    "Wartini",
    "Mujiono",
    "Romlah",
    "Sarwani",
    "Kasiyem",
    "Paimin",
    "Juwariyah",
    "Sunarto",
    "Ngatini",
    "Darsono",
    "Saodah",
    "Ruslan",
    "Warsini",
    "Sugiyono",
)
KAMPUNG = (
    ("Bandar Jaya", "Terbanggi Besar"),
    ("Poncowati", "Terbanggi Besar"),
    ("Gunung Sugih Raya", "Gunung Sugih"),
    ("Komering Agung", "Gunung Sugih"),
    ("Yukum Jaya", "Terbanggi Besar"),
    ("Bumi Ratu", "Bumi Ratu Nuban"),
    ("Seputih Jaya", "Gunung Sugih"),
    ("Rukti Harjo", "Seputih Raman"),
    ("Rejo Basuki", "Seputih Raman"),
    ("Buyut Udik", "Gunung Sugih"),
    ("Sendang Agung", "Sendang Agung"),
    ("Kota Gajah", "Kota Gajah"),
    ("Wates", "Bumi Ratu Nuban"),
    ("Trimurjo", "Punggur"),
    ("Nambah Dadi", "Terbanggi Besar"),
    ("Tanjung Ratu Ilir", "Way Pangubuan"),
    ("Simbarwaringin", "Trimurjo"),
)


RECIPIENTS = 850


def long_line() -> str:
    """One ~50 KB paragraph: the list of housing-aid recipients announced in the lead."""
    entries: list[str] = []
    for i in range(RECIPIENTS):
        name = FIRST_NAMES[(i * 7) % len(FIRST_NAMES)]
        kampung, kecamatan = KAMPUNG[(i * 5) % len(KAMPUNG)]
        entries.append(f"{i + 1}. {name}, Kampung {kampung}, Kecamatan {kecamatan};")
    paragraph = (
        "Gunung Sugih (ANTARA) - Pemerintah Kabupaten Lampung Tengah mengumumkan daftar "
        f"{RECIPIENTS} penerima bantuan bedah rumah tahun anggaran 2019, Senin (17/12). Berikut "
        "daftar penerima bantuan tersebut: "
        + " ".join(entries)
        + " Warga yang namanya tercantum diminta melengkapi berkas di kantor kampung "
        "masing-masing paling lambat 31 Desember 2018."
    )
    return (
        f"Pemkab Lampung Tengah umumkan {RECIPIENTS} penerima bantuan bedah rumah\n\n"
        + paragraph
        + "\n\nPewarta: Dwi Saputra\nEditor: Joko Susilo\n"
    )


def no_dateline() -> str:
    return (
        "Siswa SMAN 1 Liwa juarai lomba robotik tingkat provinsi\n\n"
        "Tim robotik SMA Negeri 1 Liwa, Lampung Barat, meraih juara pertama dalam Lomba "
        "Robotik Pelajar tingkat Provinsi Lampung yang digelar di Universitas Lampung, "
        "Kamis (20/12).\n"
        "Tim yang beranggotakan tiga siswa kelas XI itu membuat robot pemilah sampah "
        "organik dan anorganik menggunakan sensor warna dan mikrokontroler sederhana.\n"
        "Kepala SMAN 1 Liwa, Darmawan, mengatakan para siswa menyiapkan robot tersebut "
        "selama tiga bulan di sela kegiatan belajar.\n"
        '"Anak-anak latihan sampai malam di laboratorium. Kami bangga karena ini pertama '
        'kali sekolah kami juara di tingkat provinsi," ujarnya. MDSNews\n\n'
        "Loading...\n"
    )


def emoji() -> str:
    return (
        "Video bocah bantu nenek seberangi jalan viral di media sosial\n\n"
        "Bandar Lampung (ANTARA) - Video seorang bocah laki-laki yang membantu seorang "
        "nenek menyeberang jalan di kawasan Tanjungkarang viral di media sosial, "
        "Sabtu (22/12).\n\n"
        "Video itu diunggah akun Instagram @infobandarlampung dan telah ditonton lebih dari "
        "200.000 kali hingga Sabtu sore.\n\n"
        'Banyak warganet memuji aksi bocah tersebut. "Masya Allah, semoga jadi anak yang '
        'saleh \U0001f932\U0001f622," tulis salah satu akun.\n\n'
        '"Keren banget adik ini \U0001f44d\U0001f44d orang dewasa saja banyak yang cuek," '
        "tulis akun lainnya. Akun lain menulis: "
        '"Terima kasih orang baik \u2764\ufe0f"\n\n'
        "Belakangan diketahui bocah tersebut bernama Rafi, siswa kelas IV sebuah sekolah "
        "dasar di Tanjungkarang Pusat.\n\n"
        "Pewarta: Ayu Lestari\nEditor: Joko Susilo\n"
    )


def rtl() -> str:
    return (
        "Dubai shoppers flock to year-end sales as retailers slash prices\n\n"
        "DUBAI, Dec 20 (Reuters) - Shoppers packed Dubai's malls on Thursday as retailers "
        "launched year-end discounts of up to 90 percent, hoping to revive sales after a "
        "difficult year for the emirate's retail sector.\n\n"
        'Banners reading "تخفيضات نهاية العام" (year-end sales) hung from the balconies of '
        "the Dubai Mall, where queues formed outside electronics and fashion stores before "
        "they opened at 10 a.m.\n\n"
        '"الأسعار هذه السنة أفضل من أي وقت مضى," said one shopper, Fatima Al Mansoori, '
        "meaning prices this year were better than ever.\n\n"
        "Retailers have struggled with weaker tourist spending and the introduction of a "
        "5 percent value-added tax in January.\n\n"
        "(Reporting by Omar Haddad; Editing by Laura Bennett)\n"
    )


def whitespace_comma_dateline() -> str:
    return (
        "\n\n   Oregon  approves   study on bringing   back sea otters   \t\n"
        "\n\n\n"
        "\tPORTLAND, Ore. (AP) —   Oregon wildlife officials on Friday approved a study of "
        "whether sea otters could be returned to the state's coast, more than a century "
        "after fur traders wiped them out.   \n"
        " \n\t\n"
        "    The Oregon Fish and Wildlife Commission voted  6-1 to spend $250,000 over two "
        "years examining where otters might be released and how they would affect crab and "
        "sea urchin fisheries.\t\n\n\n\n"
        "Supporters say otters would help restore kelp forests by eating the urchins that "
        "have stripped large stretches of the seafloor bare.\n"
        "   \n"
        "Commercial crabbers said they worried about competition for Dungeness crab, one of "
        "the state's most valuable catches.   \n\n\n"
    )


def malay_crlf_mojibake() -> str:
    clean = (
        "Lebih 10,000 pelajar terima bantuan persekolahan di Kelantan\n\n"
        "KOTA BHARU, 18 Dis (Bernama) -- Seramai 10,450 pelajar daripada keluarga "
        "berpendapatan rendah di Kelantan menerima bantuan persekolahan bernilai RM100 "
        "seorang menjelang pembukaan sesi persekolahan 2019.\n\n"
        "Pengarah Pendidikan Negeri berkata bantuan itu disalurkan melalui sekolah "
        "masing-masing dan ibu bapa boleh menuntutnya mulai minggu depan.\n\n"
        "“Kita mahu memastikan tiada murid yang tercicir hanya kerana keluarga tidak mampu "
        "membeli pakaian seragam dan alat tulis,” katanya selepas majlis penyerahan bantuan "
        "di sini hari ini.\n\n"
        "Menurutnya, sebahagian besar penerima adalah dari jajahan Gua Musang, Kuala Krai "
        "dan Jeli yang terjejas teruk akibat banjir pada awal tahun.\n\n"
        "-- BERNAMA\n"
    )
    return mojibake(clean).replace("\n", "\r\n")


DAMAGED = {
    "049-damaged-crlf-cr-mix": crlf_cr_mix,
    "050-damaged-nbsp-reuters": nbsp,
    "051-damaged-zero-width-bom": zero_width_bom,
    "052-damaged-mojibake-french": mojibake_french,
    "053-damaged-mojibake-kompas-quotes": mojibake_indonesian,
    "054-damaged-control-chars": control_chars,
    "055-damaged-html-document": html_document,
    "056-damaged-html-pasted-as-plain": html_pasted_as_plain,
    "057-damaged-long-line-50kb": long_line,
    "058-damaged-no-dateline": no_dateline,
    "059-damaged-emoji": emoji,
    "060-damaged-rtl-arabic-quote": rtl,
    "061-damaged-whitespace-comma-dateline": whitespace_comma_dateline,
    "062-damaged-malay-crlf-mojibake": malay_crlf_mojibake,
}


def main() -> None:
    for name, build in DAMAGED.items():
        write(name, build())


if __name__ == "__main__":
    main()
