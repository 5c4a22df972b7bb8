"""Text repair steps: line ends, forbidden characters, mojibake, invisible characters, spaces.

They run on ``Draft.text`` before the copy is cut into lines. Every regex here is a
character class or a bounded run, so a 50 KB line costs linear time.
"""

from __future__ import annotations

import re

import ftfy

from wire.normalize.draft import Draft, change, with_changes

_LINE_ENDS = re.compile(r"\r\n?|[\u0085\u2028\u2029]")
# XML 1.0 forbids C0 controls other than TAB/LF/CR, lone surrogates and U+FFFE/U+FFFF;
# C1 controls are allowed by XML 1.0 but are never text in copy, so they go too.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator: never wanted.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u180e]")
# ZWJ/ZWNJ join emoji sequences and shape Arabic/Indic script; only drop them next to ASCII.
_STRAY_JOINER = re.compile(
    "(?<=[\x00-\x7f])[\u200c\u200d]|[\u200c\u200d](?=[\x00-\x7f])|^[\u200c\u200d]"
)
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(" {2,}")

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # HTML is handled by the html step; plain "&amp;" stays as sent
    uncurl_quotes=False,  # curly quotes are the correspondent's words, keep them
    fix_line_breaks=False,  # done by normalize_line_ends, with a report entry
    remove_control_chars=False,  # done by remove_forbidden_chars, with a report entry
    normalization="NFC",
    explain=False,
)


def normalize_line_ends(draft: Draft) -> Draft:
    """CRLF, CR and Unicode line separators become LF."""
    count = len(_LINE_ENDS.findall(draft.text))
    if not count:
        return draft
    fixed = _LINE_ENDS.sub("\n", draft.text)
    note = change("text", "normalized-line-ends", f"{count} CR/CRLF line ends")
    return with_changes(draft, [note], text=fixed)


def remove_forbidden_chars(draft: Draft) -> Draft:
    """Control characters XML 1.0 cannot carry are removed (no feed may break on them)."""
    found = _FORBIDDEN.findall(draft.text)
    if not found:
        return draft
    codes = sorted({f"U+{ord(c):04X}" for c in found})
    note = change("text", "removed-control-chars", f"{len(found)}: {' '.join(codes[:8])}")
    return with_changes(draft, [note], text=_FORBIDDEN.sub("", draft.text))


def repair_mojibake(draft: Draft) -> Draft:
    """Text decoded with the wrong codec (``Ã©``) is repaired with ftfy, not dropped.

    Windows-1252 punctuation read as Latin-1 (C1 controls such as ``\x93``/``\x94``) is
    decoded to the characters meant (``“``/``”``), so it must run before
    ``remove_forbidden_chars``."""
    fixed = ftfy.fix_text(draft.text, _FTFY)
    if fixed == draft.text:
        return draft
    before, after = _first_difference(draft.text, fixed)
    note = change("text", "repaired-encoding", f"{before} → {after}")
    return with_changes(draft, [note], text=fixed)


def remove_invisible_chars(draft: Draft) -> Draft:
    """Zero-width characters and BOMs go; joiners inside emoji or RTL/Indic text stay."""
    count = len(_INVISIBLE.findall(draft.text)) + len(_STRAY_JOINER.findall(draft.text))
    if not count:
        return draft
    fixed = _STRAY_JOINER.sub("", _INVISIBLE.sub("", draft.text))
    note = change("text", "removed-invisible-chars", f"{count} zero-width/BOM characters")
    return with_changes(draft, [note], text=fixed)


def normalize_spaces(draft: Draft) -> Draft:
    """NBSP, tabs and other space characters become one plain space; lines are trimmed."""
    odd = len(_ODD_SPACE.findall(draft.text))
    spaced = _ODD_SPACE.sub(" ", draft.text)
    fixed = "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in spaced.split("\n"))
    if fixed == draft.text:
        return draft
    notes = [change("text", "normalized-spaces", f"{odd} NBSP/tab/odd spaces")] if odd else []
    return with_changes(draft, notes, text=fixed)


def _first_difference(old: str, new: str) -> tuple[str, str]:
    """A short excerpt of ``old`` and ``new`` around the first place they differ."""
    i = next((k for k, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), 0)
    start = max(0, i - 10)
    return old[start : i + 20], new[start : i + 20]


# Mojibake is repaired before control characters go: a C1 control is often one byte of
# a mis-decoded character (``â€\x9d`` is ”; a lone ``\x93`` is a Windows-1252 “), and
# removing it first would leave debris (``â€`` → ``†``) or silently drop the quote.
TEXT_STEPS = (
    normalize_line_ends,
    repair_mojibake,
    remove_forbidden_chars,
    remove_invisible_chars,
    normalize_spaces,
)


def scrub(text: str) -> str:
    """``text`` without XML-forbidden characters (a last guard before output)."""
    return _FORBIDDEN.sub("", text)
