"""The slugline: up to five key words of the headline, lowercase ASCII, hyphenated."""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 5
MAX_CHARS = 48
_STOPWORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "but", "is", "are", "was", "were", "be", "been", "as", "into", "over", "after", "before",
    "about", "says", "said", "say", "will", "would", "can", "could", "may", "its", "it",
    "this", "that", "these", "those", "new", "not", "no", "up", "out", "than",
    "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "dalam", "ini", "itu",
    "akan", "oleh", "atau", "juga", "tak", "tidak", "ada", "adalah", "sebagai", "bagi", "para",
    "serta", "hingga", "sampai", "soal", "jadi", "kata", "ujar", "minta", "bisa", "telah",
    "sudah", "dia", "ia", "mereka", "kita", "kami", "saat", "usai", "jelang", "terhadap",
    "antara", "secara", "agar", "karena", "kerana", "daripada", "kepada",
})  # fmt: skip


def ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words of ``text`` (accents folded, other scripts dropped)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def slugline(headline: str) -> str:
    """``wabup-lambar-hadiri-rakor-penanggulangan`` from the headline's key words."""
    words = [w for w in ascii_words(headline) if w not in _STOPWORDS and not w.isdigit()]
    if not words:
        words = ascii_words(headline)
    chosen: list[str] = []
    for word in words:
        if len(chosen) == MAX_WORDS or len("-".join([*chosen, word])) > MAX_CHARS:
            break
        chosen.append(word)
    return "-".join(chosen) or "story"
