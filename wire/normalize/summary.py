"""The summary (``descriptions``): the lead cut at a sentence end, about 300 characters.

Sentence ends are a full stop, ``!`` or ``?`` followed by a space and a capital or a
quote, except after common abbreviations and titles (``Drs.``, ``Dr.``, ``Jl.``, ``U.S.``)
and single initials, which would otherwise cut "Drs. Gison Sihite" in two.
"""

from __future__ import annotations

import re

MAX_SUMMARY = 300
_END = re.compile(r"[.!?][\"”’)]?(?=\s+[A-Z0-9\"“‘(])")
_ABBREVIATIONS = {
    "dr", "drs", "dra", "prof", "ir", "h", "hj", "st", "jl", "jln", "no", "mr", "mrs", "ms",
    "jr", "sr", "inc", "co", "corp", "ltd", "gov", "sen", "rep", "gen", "lt", "col", "capt",
    "sgt", "kol", "kec", "kab", "kel", "ds", "tn", "ny", "sdr", "bpk", "se", "sh", "mh",
    "msi", "mm", "mt", "skm", "sp", "vs", "ave", "blvd", "ft", "dll", "dsb",
    "dkk", "tgl", "hlm", "rp", "u.s", "u.k", "a.m", "p.m", "e.g", "i.e", "etc", "feb",
    "jan", "aug", "sept", "oct", "nov", "dec", "ill", "calif", "mass", "wash", "fla",
}  # fmt: skip


def sentence_ends(text: str, limit: int) -> list[int]:
    """Offsets just after each sentence end in ``text[:limit + 1]``."""
    ends = []
    for match in _END.finditer(text, 0, min(len(text), limit + 1)):
        word = text[: match.start()].rsplit(None, 1)[-1] if text[: match.start()].strip() else ""
        key = word.lower().strip('("“').rstrip(".")
        last = key.rsplit(".", 1)[-1]
        if match.group(0)[0] == "." and ("." in key or last in _ABBREVIATIONS or len(last) == 1):
            continue
        ends.append(match.end())
    return ends


def summarize(paragraph: str, limit: int = MAX_SUMMARY) -> str:
    """The paragraph cut at the last sentence end within ``limit``; else at a word, with …."""
    text = paragraph.strip()
    if len(text) <= limit:
        return text
    ends = [e for e in sentence_ends(text, limit) if e <= limit]
    if ends:
        return text[: ends[-1]].strip()
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:-–—") + "…"
