"""The small multilingual lexicon of line roles (Indonesian, Malay, English).

These are label words, not outlet phrases: the words a layout uses to say what a line is
("Pewarta:", "Editing by", "Baca juga", "Bagikan", "Tags:"). Each is a feature the tagger
weighs with the rest of the line's evidence, never a rule on its own.
"""

from __future__ import annotations

import re

from wire.story import CreditRole

# The credit label at the start of a segment, longest first, and the role it gives.
CREDIT_LABELS: tuple[tuple[str, CreditRole], ...] = (
    ("artikel yang diterbitkan oleh", "reporter"), ("tambahan laporan oleh", "contributor"),
    ("laporan tambahan oleh", "contributor"),
    ("laporan tambahan", "contributor"), ("tambahan laporan", "contributor"),
    ("additional reporting by", "contributor"), ("with additional reporting by", "contributor"),
    ("with assistance from", "contributor"), ("with reporting by", "reporter"),
    ("with (?:a )?reports? from", "contributor"), ("with inputs? from", "contributor"),
    ("additional reporting from", "contributor"), ("gambar oleh", "photographer"),
    ("editor on duty", "editor"), ("duty editor", "editor"), ("editor in charge", "editor"),
    ("editor bertugas", "editor"), ("penyunting bertugas", "editor"),
    ("editor naskah", "editor"), ("editor berita", "editor"), ("news editor", "editor"),
    ("byline", "reporter"), ("photo credits?", "photographer"),
    ("kredit foto", "photographer"), ("image credits?", "photographer"),
    ("reporter magang", "reporter"),
    ("wartawan magang", "reporter"), ("jurnalis magang", "reporter"),
    ("wartawan pelatih", "reporter"), ("intern reporter", "reporter"),
    ("to contact the reporters? on this story", "reporter"),
    ("to contact the editors? responsible for this story", "editor"),
    ("laporan wartawan", "reporter"), ("laporan reporter", "reporter"),
    ("laporan jurnalis", "reporter"), ("laporan koresponden", "reporter"),
    ("laporan kontributor", "contributor"), ("pewarta foto", "photographer"),
    ("reporting by", "reporter"), ("reported by", "reporter"), ("dilaporkan oleh", "reporter"),
    ("writing by", "writer"), ("written by", "writer"), ("ditulis oleh", "writer"),
    ("editing by", "editor"), ("edited by", "editor"), ("disunting oleh", "editor"),
    ("translated by", "translator"), ("diterjemahkan oleh", "translator"),
    ("translated from \\w+ by", "translator"),
    ("diterjemahkan dari (?:bahasa )?\\w+ oleh", "translator"),
    ("photos? by", "photographer"), ("foto oleh", "photographer"),
    ("teks/foto", "writer"), ("teks dan foto", "writer"), ("text and photos?", "writer"),
    ("write to", "reporter"), ("berita & foto", "reporter"), ("laporan & foto", "reporter"),
    ("laporan dan foto", "reporter"), ("jurnalis foto", "photographer"),
    ("journalists?", "reporter"), ("berita", "reporter"),
    ("berita dan foto", "reporter"), ("berita/foto", "reporter"),
    ("teks & foto", "writer"), ("with files from", "contributor"),
    ("files from", "contributor"), ("dikeluarkan oleh", "source"), ("issued by", "source"),
    ("released by", "source"), ("diedarkan oleh", "source"), ("news provided by", "source"),
    ("provided by", "source"), ("diposting oleh", "writer"), ("posted by", "writer"),
    ("rilis", "source"),
    ("all photos? by", "photographer"), ("pictures? by", "photographer"),
    ("(?:top|main|lead|cover|header|feature) (?:photo|image|picture)s? by", "photographer"),
    ("pictures", "photographer"), ("picture", "photographer"), ("pic", "photographer"),
    ("compiled by", "writer"),
    ("pewarta", "reporter"), ("wartawan", "reporter"), ("reporter", "reporter"),
    ("wartawan", "reporter"), ("jurnalis", "reporter"), ("koresponden", "reporter"),
    ("correspondent", "reporter"), ("liputan", "reporter"), ("rep", "reporter"),
    ("oleh", "reporter"), ("by", "reporter"), ("laporan", "reporter"), ("contact", "reporter"),
    ("penulis (?:skrip|naskah|berita)", "writer"), ("scriptwriter", "writer"),
    ("script by", "writer"), ("penulis", "writer"), ("writer", "writer"),
    ("teks", "writer"), ("text", "writer"), ("author", "writer"), ("naskah", "writer"),
    ("editor bahasa", "editor"), ("editor", "editor"), ("redaktur", "editor"),
    ("penyunting", "editor"), ("suntingan", "editor"), ("penyelaras", "editor"),
    ("red", "editor"), ("ed", "editor"),
    ("penerjemah", "translator"), ("penterjemah", "translator"), ("translator", "translator"),
    ("alih bahasa", "translator"), ("terjemahan", "translator"),
    ("fotografer", "photographer"), ("photographer", "photographer"), ("foto", "photographer"),
    ("photograph", "photographer"), ("jurukamera", "photographer"), ("juru kamera", "photographer"),
    ("jurugambar", "photographer"), ("juru gambar", "photographer"),
    ("kameramen", "photographer"), ("kamerawan", "photographer"), ("cameraman", "photographer"),
    ("camera", "photographer"), ("videografer", "photographer"),
    ("videographer", "photographer"),
    ("kamera", "photographer"), ("disediakan oleh", "writer"), ("prepared by", "writer"),
    ("photos", "photographer"), ("photo", "photographer"), ("gambar", "photographer"),
    ("kontributor", "contributor"),
    ("contributor", "contributor"), ("sumber", "source"), ("source", "source"),
    ("sources", "source"),
)
# Labels that are also plain nouns ("BERITA LAINNYA", "Sumber daya", "Text messages") label
# a credit only with a mark after them ("Berita: Nama").
MARKED_ONLY = frozenset({"berita", "teks", "text", "laporan", "liputan", "sumber",
                          "sources", "naskah", "kamera", "camera", "pictures", "picture", "pic",
                          "red", "ed", "rep"})


def _label_pattern(label: str) -> str:
    spaced = label.replace(" ", r"\s+")
    # a colon or a dash; a bar is a breadcrumb's ("Berita | Wilayah")
    return spaced + r"(?=\s*[:\-–—])" if label in MARKED_ONLY else spaced


CREDIT_LABEL = re.compile(
    r"^\s*(?P<label>" + "|".join(_label_pattern(label) for label, _ in CREDIT_LABELS)
    + r")\b\s*(?P<sep>[:\-–—|·•]\s*|\s+)(?=\S)", re.IGNORECASE)
_ROLE_OF = [(re.compile(label.replace(" ", r"\s+") + "$", re.IGNORECASE), role)
            for label, role in CREDIT_LABELS]


def credit_role(label: str) -> CreditRole:
    """The role a matched credit label gives."""
    folded = " ".join(label.split())
    return next(role for pattern, role in _ROLE_OF if pattern.match(folded))


PHRASES: dict[str, tuple[str, ...]] = {}
"""The phrases of each lexicon pattern, by the pattern's source (for ``anywhere``)."""


def _words(*phrases: str) -> re.Pattern[str]:
    """The phrases at the start of a line (after at most three marks: ``» Baca juga``)."""
    body = "|".join(p.replace(" ", r"\s+") for p in phrases)
    pattern = re.compile(r"^\W{0,3}(?:" + body + r")\b", re.IGNORECASE)
    PHRASES[pattern.pattern] = phrases
    return pattern


def anywhere(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern finding any of these patterns' phrases anywhere, as whole words."""
    words = [w.replace(" ", r"\s+") for p in patterns for w in PHRASES[p.pattern]]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")\b", re.IGNORECASE)


RELATED = _words("baca juga", "baca pula", "simak juga", "lihat juga", "tonton juga", "baca",
                 "artikel terkait", "berita terkait", "berita lainnya", "artikel lainnya",
                 "berita pilihan", "terkini", "terpopuler", "rekomendasi", "read also",
                 "read more", "read next", "also read", "related", "more stories", "recommended",
                 "you may also like", "see also", "watch", "selanjutnya", "baca selengkapnya",
                 "berita berkaitan", "artikel berkaitan", "juga dibaca", "most read",
                 "trending", "editor's picks", "pilihan editor", "populer")
SHARE = _words("share", "bagikan", "kongsi", "kongsikan", "tweet", "follow", "ikuti",
               "subscribe", "langganan", "berlangganan", "langgan", "melanggan", "sign up",
               "daftar", "download",
               "unduh", "muat turun", "klik", "click", "dapatkan", "get the", "join",
               "gabung", "sertai", "install", "like", "suka", "comment", "komentar",
               "tinggalkan komentar", "leave a comment", "kirim", "email", "print", "cetak",
               "whatsapp", "telegram", "facebook", "twitter", "instagram", "youtube", "tiktok",
               "google news", "newsletter", "advertisement", "iklan", "sponsored", "scroll",
               "loading", "copy link", "salin tautan", "laporkan", "dapatkan update",
               "pantau", "simak berita", "saksikan", "tonton", "donasi", "donate", "dukung",
               "support", "sokong", "derma", "sent from my", "dikirim dari", "get outlook for",
               "dihantar dari", "listen", "dengarkan", "stream", "save", "simpan", "komen",
               "tinggalkan komen", "jangan lupa", "don't forget",
               "comments", "view this post on instagram", "lihat postingan ini di instagram",
               "lihat hantaran ini di instagram", "a post shared by", "hantaran dikongsi oleh",
               "kiriman dibagikan oleh", "sebuah kiriman dibagikan oleh")
# Words that speak to the reader ("your inbox", "pendapat anda"): a page's prompt does,
# a story's narration does not (a quote may, and is told by its quotation marks).
READER = re.compile(r"\b(?:you|your|you['’]re|our|anda|kamu|awak|kalian|korang)\b",
                    re.IGNORECASE)
TAGS = _words("tags?", "topik", "topics?", "kata kunci", "keywords?", "label", "kategori",
              "category", "categories", "filed under", "tajuk", "isu")
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\bhak\s+cipta\b|all\s+rights\s+reserved"
                       r"|\bdilarang\s+(?:mengutip|keras)|hak\s+terpelihara"
                       # "Oceania Wire stories may not be republished without permission."
                       r"|\bmay\s+not\s+be\s+(?:re)?(?:published|produced|distributed|broadcast)"
                       r"\b[^.]{0,40}\bwithout\b", re.IGNORECASE)
CAPTION = _words("foto", "photo", "gambar", "ilustrasi", "illustration", "caption",
                 "keterangan foto", "file photo", "pic", "video", "infografis", "infographic")
RELEASE = _words("siaran pers", "press release", "kenyataan media", "media release",
                 "kenyataan akhbar", "for immediate release", "untuk segera disiarkan",
                 "untuk siaran segera", "untuk disiarkan segera", "segera disiarkan",
                 "siaran media", "siaran akhbar", "rilis(?:\\s+\\w+)?\\s*$",
                 "nomor", "no\\.", "ttd", "hormat kami", "untuk informasi lebih lanjut",
                 "for more information", "informasi lebih lanjut", "narahubung", "contact",
                 "kontak media", "media contact", "tentang", "about", "demikian", "sekian",
                 "terima kasih", "thank you", "-\\s*selesai\\s*-",
                 "-\\s*ends?\\s*-", "###", "\\*\\*\\*", "tamat")
# A note on the author at the foot: "Chikondi Mwale is a freelance journalist based in Zomba."
AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s+){1,4}(?:is|was|adalah|merupakan|ialah)\s+(?:a|an|the|seorang)?\s*"
    r"(?:(?!where\b|that\b|which\b|who\b|yang\b)[\w-]+\s+){0,2}(?:journalist|reporter|writer|correspondent|photographer|editor|"
    r"contributor|columnist|wartawan|jurnalis|penulis|koresponden|fotografer|kontributor|"
    r"pemberita|kolumnis)s?\b"
    # "Megan Hollister covers Warren County government.": the beat a reporter covers.
    r"|^(?:[A-Z][\w.'’-]+\s+){1,4}(?:covers|reports\s+on|writes\s+about|meliput)\s")
# "Artikel ini terselenggara atas dukungan hibah …", "This story was produced with support
# from …": who paid for the story, at its foot.
SPONSOR = re.compile(
    r"^\W{0,3}(?:(?:artikel|tulisan|liputan|laporan|konten|rencana)\s+ini|this\s+"
    r"(?:story|article|report|reporting|coverage|content|series))\b[^.]{0,60}?\b"
    r"(?:terselenggara|didukung|dukungan|kerja\s?sama|ditaja|tajaan|dibiayai|sponsored|funded|"
    r"supported|support|partnership|grant|hibah)\b", re.IGNORECASE)
# A release's disclaimer and a CMS's save stamp at the foot: "The issuer is solely
# responsible for the content of this announcement.", "Neither the TSX Venture Exchange nor
# … accepts responsibility for the adequacy or accuracy of this release.", "Terakhir
# disimpan oleh hendra.k pada 20/09/2022 18:44".
FOOT_NOTICE = re.compile(
    r"^.{0,200}\b(?:(?:is|are)\s+solely\s+responsible\s+for\s+the\s+content"
    r"|accepts?\s+(?:no\s+)?responsibility\s+for\s+the\s+(?:adequacy|accuracy|content)"
    r"|(?:isi|kandungan)\s+(?:siaran|berita|artikel|kenyataan)\s+ini\s+(?:sepenuhnya\s+)?"
    r"(?:menjadi\s+)?tanggung\s*jawab)"
    r"|^\W{0,3}(?:terakhir\s+(?:disimpan|diubah|diedit|disunting)|last\s+(?:saved|edited|"
    r"modified))\s+(?:oleh|by)\b", re.IGNORECASE)
# A broadcast script's cues, as scripts print them (capitals): "[INTRO - PEMBACA]", "VO:",
# "SOT: Juru Pelihara Situs", "LEAD PRESENTER:", "[SUARA: Pengerusi …, 18 saat]", "CG: …".
_CUE = (r"(?:SOT|NAT\s?SOT|VO|V/O|OOV|CG|PKG|PAKET|PACKAGE|LEAD(?:\s+PRESENTER)?|INTRO|OUTRO|"
        r"PEMBACA|PENYIAR|PRESENTER|ANCHOR|READER|SUARA|ACTUALITY|GRAFIS|GRAPHICS?|SUPER|"
        r"LOWER\s+THIRD|AKHIR|TAMAT|BUMPER|STAND\s?UP|STANDUPPER|VOICE\s?OVER|KLIP|CLIP|"
        r"INSERT|VISUAL|AUDIO|CUE|OUTCUE|IN\s?CUE|DUR(?:ASI|ATION)?)")
_CUES = _CUE + r"(?:\s*[/&,–-]?\s*" + _CUE + r")*"
SCRIPT_CUE = re.compile(
    r"^\[\s*" + _CUES + r"\b[^\[\]]{0,100}\]$|^\(\s*" + _CUES + r"\b[^()]{0,100}\)$"
    r"|^" + _CUES + r"(?:\s*\d{1,2})?\s*:(?:\s+\S.{0,100}(?<![.!?]))?$"
    # The presenter's closing words are the studio's, sentence or not.
    r"|^OUTRO\b[^:]{0,30}:")
# A CMS's field for the deck under the title: "Dek: Warm, dry spell cuts yields by a third".
DECK_FIELD = re.compile(r"^\W{0,3}(?:dek|deck|sub-?head(?:line)?|sub-?judul|standfirst|strapline|"
                        r"kicker|teras\s+berita|sari\s+berita|sinopsis|ringkasan|summary)\s*:",
                        re.IGNORECASE)
# "Untuk sebarang pertanyaan, sila hubungi …", "For media enquiries, please contact:": where
# to ask, a release's trailer in every language the copy comes in.
CONTACT = re.compile(
    r"^\W{0,3}(?:(?:untuk|for|bagi)\b[^:.]{0,50}?\b(?:hubungi|menghubungi|contact|e-?mel|"
    r"email|enquiries|inquiries|call)\b|(?:media|press)\s+(?:contacts?|enquiries|inquiries)\b"
    r"|kontak\s+media\b|narahubung\b|reach\s+(?:him|her|them|me|us)\s+(?:at|on|via)\b)",
    re.IGNORECASE)
EDNOTE = _words("catatan redaksi", "catatan", "editor'?s? note", "editors'? note",
                "note to editors", "eds?", "attn", "attention", "adds", "corrects", "recasts",
                "updates with", "nota editor", "nota", "koreksi", "ralat", "correction",
                "clarification",
                "disclaimer", "penafian", "perhatian")
EMBARGO = re.compile(r"\bembargo|\bhold\s+for\s+release|\bnot\s+for\s+(?:publication|release)"
                     r"|\bjangan\s+disiarkan|\bdiembargo", re.IGNORECASE)
FLAG = re.compile(r"^\W{0,2}(?:UPDATE\s*\d*|\d+(?:st|nd|rd|th)\s+LD|LEAD|URGENT|FLASH|BREAKING"
                  r"|CORRECTED|REFILE|ADVANCE|WRAPUP\s*\d*|EXCLUSIVE|BULLETIN|ALERT|KILL"
                  r"|INSIGHT|ANALYSIS|FACTBOX|TIMELINE|PREVIEW)\b", re.IGNORECASE)
PUBLISHED = _words("published", "diterbitkan", "dipublikasikan", "diposting", "posted", "updated",
                   "diperbarui", "dikemas kini", "diterbit", "terbit", "last updated",
                   "diupdate", "dibaca", "read", "waktu baca", "reading time", "views",
                   "dilihat", "home", "beranda", "utama", "news", "berita", "daerah")


# Function words of running prose in the three languages: a line full of them is a
# sentence someone wrote, whatever its length or where it sits; a label line has none.
FUNCTION_WORDS = frozenset((
    "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "itu", "ini", "dalam", "akan",
    "telah", "sudah", "tidak", "juga", "oleh", "bahwa", "bahawa", "karena", "kerana", "adalah",
    "ialah", "serta", "atau", "agar", "supaya", "ia", "dia", "mereka", "kami", "kita", "saya",
    "kata", "berkata", "katanya", "ujar", "ujarnya", "tegasnya", "jelasnya", "menurut", "the",
    "of", "and", "to", "in", "a", "an", "is", "was", "were", "for", "on", "that", "with", "as",
    "at", "by", "from", "it", "its", "has", "have", "had", "be", "been", "are", "this", "which",
    "who", "will", "would", "not", "but", "said", "says", "told", "added",
))
