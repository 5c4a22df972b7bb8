"""Artifacts inside a paragraph: a bracketed read-also link, an embedded media token, a
``data:`` URI. They are cut out with the spaces around them made one, so the words on
either side are neither glued together nor split apart. A bracketed desk code
(``[fa/nin]``) is a credit and is kept as one.
"""

from __future__ import annotations

import re

from wire.normalize.draft import Draft, change, with_changes
from wire.normalize.roles.credit_lines import caption_credits
from wire.story import Credit

_RELATED = (r"baca(?:\s+juga)?|simak(?:\s+juga)?|lihat(?:\s+juga)?|tonton(?:\s+juga)?|read(?:\s+"
            r"(?:also|more))?|also\s+read|see\s+also|watch|artikel(?:\s+terkait)?|berita(?:\s+"
            r"terkait)?|related|baca\s+lagi|lagi|(?:artikel|berita)\s+berkaitan")
_ARTIFACT = re.compile(
    r"\[\s*(?:" + _RELATED + r")\s*[:|-][^\[\]\n]{1,200}\]"
    r"|\(\s*(?:" + _RELATED + r")\s*:[^()\n]{1,200}\)"
    r"|\[(?P<tag>embed|video|audio|youtube|iframe|tweet|caption|gallery)\b[^\]]*\].*?\[/(?P=tag)\]"
    r"|\[\s*(?:gambas|embed|video|iklan|ads?|advertisement|sisipan|insert|foto|galeri)\s*:"
    r"[^\[\]\n]{0,200}\]"
    # A media tag pasted into plain copy, whole ("<img src=\"data:…\" alt=\"\">"), and
    # an embed with its closing tag; a "<" in prose ("x < y") is no tag.
    r"|<(?P<embed>iframe|video|audio|object|script|blockquote\s+class=\"(?:instagram|twitter)"
    r"[\w-]*\")\b[^<>]*>.*?</(?:iframe|video|audio|object|script|blockquote)>"
    r"|<(?:img|embed|source|iframe|br|hr)\b[^<>]{0,2000}?/?>"
    r"|data:[\w/+.-]{1,40};base64,[A-Za-z0-9+/=]{8,}",
    re.IGNORECASE)
# An ad slot's label pasted between two sentences, in capitals as pages print it
# ("… a spokesperson said. ADVERTISEMENT Hawkers who …"); the word in prose stays.
_AD_LABEL = (r"(?:ADVERTISEMENT|ADVERTISING|IKLAN|SPONSORED|SCROLL TO CONTINUE WITH CONTENT|"
             r"SCROLL UNTUK MELANJUTKAN)")
_AD_SLOT = re.compile(rf"(?<=[.!?\"”])(?:\s+{_AD_LABEL})+\s+(?=[A-Z\"“])")
_CAPTION_MARKUP = re.compile(r"\[/?caption\b[^\]]*\]|<[^<>]{1,2000}>", re.IGNORECASE)
_DESK = re.compile(r"\s*\[\s*(?P<code>[a-z]{1,5}\d{0,3}(?:/[a-z]{1,5}\d{0,3}){1,4})\s*\]\s*")
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_PUNCT = re.compile(r"\s+(?=[.,;:!?)](?:\s|$))")


def _cut(line: str) -> tuple[str, list[str], list[str]]:
    removed: list[str] = []
    desks: list[str] = []

    def drop(match: re.Match[str]) -> str:
        removed.append(match.group(0))
        return " "

    def desk(match: re.Match[str]) -> str:
        desks.append(match["code"])
        return " "

    text = _AD_SLOT.sub(drop, _ARTIFACT.sub(drop, line))
    text = _DESK.sub(desk, text)
    if not removed and not desks:
        return line, [], []
    text = _BEFORE_PUNCT.sub("", _SPACES.sub(" ", text)).strip()
    return text, removed, desks


def remove_inline_artifacts(draft: Draft) -> Draft:
    """Read-also links, media tokens and ``data:`` blobs leave the paragraphs they sit in."""
    lines = list(draft.lines)
    notes = []
    credits = list(draft.credits)
    for i, line in enumerate(draft.lines):
        text, removed, desks = _cut(line)
        if text == line:
            continue
        lines[i] = text
        notes += [change("inline", "removed-inline-artifact", r) for r in removed]
        # A CMS's caption embed ("[caption …]<img …> Petani menjemur. (Foto: Nama)[/caption]")
        # leaves with its photo credit kept.
        for found in (c for r in removed if r[:8].lower() == "[caption"
                      for c in caption_credits(_CAPTION_MARKUP.sub(" ", r).strip())):
            if found not in credits:
                credits.append(found)
                notes.append(change("inline", "moved-credit", found.name,
                                    f"credits:{found.role}"))
        for code in desks:
            credit = Credit(name=code, role="desk")
            if credit not in credits:
                credits.append(credit)
            notes.append(change("inline", "moved-credit", code, "credits:desk"))
    if not notes:
        return draft
    return with_changes(draft, notes, lines=tuple(lines), credits=tuple(credits))
