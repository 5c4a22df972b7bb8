"""The pages' labels in English and Indonesian, and which language a request gets.

The browser's ``Accept-Language`` picks; ``?lang=`` (the switch in every page's header)
overrides it and is kept in a ``lang`` cookie. Labels are plain data: a missing Indonesian
label falls back to English rather than failing a page.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "id")
DEFAULT = "en"
LANG_COOKIE = "lang"

# key: (English, Indonesian)
LABELS: Mapping[str, tuple[str, str]] = {
    "site": ("newswire", "newswire"),
    "skip": ("Skip to content", "Langsung ke isi"),
    "nav": ("Main", "Utama"),
    "home": ("Home", "Beranda"),
    "file": ("File a story", "Kirim berita"),
    "partner": ("Partner feeds", "Feed mitra"),
    "language": ("Language", "Bahasa"),
    "sign_in": ("Sign in", "Masuk"),
    "sign_out": ("Sign out", "Keluar"),
    "correspondent_key": ("Correspondent key", "Kunci koresponden"),
    "key_help": ("The key the desk gave you (it starts with wire_c_).",
                 "Kunci dari redaksi (diawali wire_c_)."),
    "partner_token": ("Partner token", "Token mitra"),
    "token_help": ("The token the wire desk gave you (it starts with wire_p_).",
                   "Token dari redaksi (diawali wire_p_)."),
    "signed_in_as": ("Signed in as", "Masuk sebagai"),
    "copy_text": ("Copy", "Naskah"),
    "copy_help": ("Paste the story: headline on the first line.",
                  "Tempel naskah: judul di baris pertama."),
    "or_file": ("…or choose a file (.txt, .html, .json)",
                "…atau pilih berkas (.txt, .html, .json)"),
    "desk": ("Desk", "Desk"),
    "region": ("Region", "Wilayah"),
    "urgency": ("Urgency (1 highest – 9)", "Urgensi (1 tertinggi – 9)"),
    "embargo": ("Embargo until", "Embargo sampai"),
    "timezone": ("Time zone", "Zona waktu"),
    "lang_field": ("Language (e.g. id, en)", "Bahasa (mis. id, en)"),
    "optional": ("optional", "opsional"),
    "preview": ("Preview", "Pratinjau"),
    "file_it": ("File", "Kirim"),
    "as_sent": ("As sent", "Seperti dikirim"),
    "normalized": ("As partners get it", "Seperti diterima mitra"),
    "changes": ("What changed", "Yang diubah"),
    "removed": ("Removed lines", "Baris dihapus"),
    "credits": ("Credits", "Kredit"),
    "dateline": ("Dateline", "Dateline"),
    "event_date": ("Event date", "Tanggal peristiwa"),
    "how_read": ("read from", "dibaca dari"),
    "language_conf": ("Language and confidence", "Bahasa dan keyakinan"),
    "regions": ("Region and where it lies", "Wilayah dan cakupannya"),
    "none": ("none", "tidak ada"),
    "headline": ("Headline", "Judul"),
    "my_stories": ("My stories", "Berita saya"),
    "status": ("Status", "Status"),
    "version": ("Version", "Versi"),
    "filed": ("Filed", "Dikirim"),
    "no_stories": ("No stories yet.", "Belum ada berita."),
    "versions": ("Versions", "Versi"),
    "correct": ("Correct", "Koreksi"),
    "correction": ("What was wrong", "Yang salah"),
    "body": ("Body", "Isi"),
    "withhold": ("Withhold", "Tahan"),
    "release": ("Release", "Lepas"),
    "kill": ("Kill", "Batalkan"),
    "reason": ("Reason", "Alasan"),
    "usable": ("published", "terbit"),
    "withheld": ("withheld", "ditahan"),
    "canceled": ("killed", "dibatalkan"),
    "filed_ok": ("Filed. Partners get it as shown.", "Terkirim. Mitra menerimanya seperti ini."),
    "done_ok": ("Done.", "Selesai."),
    "existing": ("This copy was filed before; here is that story.",
                 "Naskah ini sudah pernah dikirim; inilah beritanya."),
    "duplicate_of": ("Looks like a copy of story", "Mirip berita"),
    "refused": ("Refused", "Ditolak"),
    "feeds": ("Your feeds", "Feed Anda"),
    "feeds_help": ("Each URL carries your token: keep it private.",
                   "Setiap URL memuat token Anda: jangan dibagikan."),
    "copy_button": ("Copy", "Salin"),
    "copied": ("Copied", "Tersalin"),
    "opml": ("Download every feed as OPML", "Unduh semua feed sebagai OPML"),
    "newest": ("Newest items", "Berita terbaru"),
    "webhooks": ("Webhook endpoints", "Endpoint webhook"),
    "no_webhooks": ("No webhook endpoints.", "Tidak ada endpoint webhook."),
    "websub": ("WebSub subscriptions", "Langganan WebSub"),
    "no_websub": ("No WebSub subscriptions.", "Tidak ada langganan WebSub."),
    "lease_until": ("lease until", "berlaku sampai"),
    "backlog": ("queued", "antre"),
    "dead": ("dead letters", "gagal permanen"),
    "attempts": ("failed attempts", "percobaan gagal"),
    "last_error": ("last error", "galat terakhir"),
    "healthy": ("delivering", "terkirim lancar"),
    "feed": ("Feed", "Feed"),
    "format": ("Format", "Format"),
    "url": ("URL", "URL"),
    "open": ("Open", "Buka"),
    "back": ("Back", "Kembali"),
    "home_intro": ("A news-wire syndication service: regional correspondents file stories, "
                   "partner outlets read them as RSS, Atom, JSON Feed and ninjs.",
                   "Layanan kantor berita: koresponden daerah mengirim berita, media mitra "
                   "membacanya sebagai RSS, Atom, JSON Feed dan ninjs."),
    "developers": ("Developers: the API is described at", "Pengembang: API dijelaskan di"),
    "correspondents": ("Correspondents", "Koresponden"),
    "partners": ("Partners", "Mitra"),
    "home_file": ("Sign in with your key, paste your copy, see how partners will get it, "
                  "and file it.",
                  "Masuk dengan kunci Anda, tempel naskah, lihat bagaimana mitra akan "
                  "menerimanya, lalu kirim."),
    "home_partner": ("Sign in with your token to find every feed you may read, ready for "
                     "a feed reader.",
                     "Masuk dengan token Anda untuk melihat semua feed yang boleh Anda baca, "
                     "siap untuk pembaca feed."),
    "home_feeds": ("Feed readers sign in with any user name and the token as the password, "
                   "or add ?token=.",
                   "Pembaca feed masuk dengan nama pengguna apa saja dan token sebagai kata "
                   "sandi, atau menambahkan ?token=."),
    "not_signed_in": ("You are not signed in, or your session ended. Sign in again.",
                      "Anda belum masuk, atau sesi Anda berakhir. Silakan masuk lagi."),
    "stale_form": ("This form is out of date or did not come from this site (its CSRF token "
                   "is missing or wrong). Reload the page and send it again.",
                   "Formulir ini kedaluwarsa atau tidak berasal dari situs ini (token CSRF "
                   "hilang atau salah). Muat ulang halaman lalu kirim lagi."),
}


def labels(lang: str) -> dict[str, str]:
    index = 1 if lang == "id" else 0
    return {key: pair[index] or pair[0] for key, pair in LABELS.items()}


def from_accept_language(header: str) -> str:
    """The first of our languages the browser asks for, by its q-values."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        # Malay readers get Indonesian: far closer to them than English.
        primary = "id" if primary == "ms" else primary
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT


def choose(query: str | None, cookie: str | None, accept_language: str) -> str:
    for asked in (query, cookie):
        if asked in LANGUAGES:
            return asked
    return from_accept_language(accept_language)
