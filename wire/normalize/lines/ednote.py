"""Editors' notes above the story: ``(Corrects … in paragraph 2)``, ``Eds: …``.

They tell the desk what changed; they are not the story. They leave the body and are
reported (``to="ednote"``) so the service can carry them as the ninjs ``ednote``.
"""

from __future__ import annotations

import re

from wire.normalize.draft import Draft, change, with_changes

_NOTE = re.compile(
    r"\(\s*(?:corrects|corrected|adds|updates|recasts|changes|refiles|repeats|fixes|removes|"
    r"inserts|clarifies|rewrites|replaces|moves|edits|updates|writes\s+through|"
    r"koreksi|ralat|menambahkan|memperbarui)\b[^()]{0,300}\)\.?"
    r"|(?:eds|editors?['’]?\s+note|ed\s+note|catatan\s+redaksi|note\s+to\s+editors)\s*:.{0,300}"
    # "Correction: An earlier version of this story said …", "(Pembaruan: menambahkan …)"
    r"|\(?\s*(?:correction|clarification|koreksi|ralat|pembetulan|pembaruan|kemaskini|"
    r"update|updated)\s*:[^()]{3,300}\)?",
    re.IGNORECASE,
)
# The same note in brackets at the end of a paragraph ("… penonton. (Pembaruan: …)").
_TRAILING_NOTE = re.compile(
    r"(?<=[.!?\"”])\s+(\(\s*(?:correction|clarification|koreksi|ralat|pembetulan|pembaruan|"
    r"kemaskini|update|updated|corrects|adds|updates)\b\s*:?[^()]{3,200}\))\s*$",
    re.IGNORECASE,
)
SCAN_LINES = 8


def _stamp(text: str) -> bool:
    """"Updated: Tuesday, 15 March 2022 10:05" is the page's timestamp, not a note."""
    said = text.partition(":")[2]
    return bool(re.search(r"\d", said)) and len(said.split()) <= 6


def take_editor_notes(draft: Draft) -> Draft:
    """Editors' notes among the first and the last lines of the copy (where desks put
    them) are moved out of the body, a bracketed one at a paragraph's end too."""
    lines = list(draft.lines)
    notes = []
    filled = [i for i, line in enumerate(draft.lines) if line.strip()]
    for i in sorted({*filled[:SCAN_LINES], *filled[-SCAN_LINES:]}):
        text = draft.lines[i].strip()
        if _NOTE.fullmatch(text) and not _stamp(text):
            notes.append(change("ednote", "moved-editors-note", text, "ednote"))
            lines[i] = ""
        elif (trailing := _TRAILING_NOTE.search(text)) is not None:
            notes.append(change("ednote", "moved-editors-note", trailing.group(1), "ednote"))
            lines[i] = text[: trailing.start()]
    if not notes:
        return draft
    return with_changes(draft, notes, lines=tuple(lines))


# What a note says was done to the story, in the words notes use.
_NOTE_FLAGS = (
    (re.compile(r"^\W*(?:attn\s*:?\s*)?(?:corrects?|corrected|correction|koreksi|ralat|"
                r"pembetulan|pembetulan\s+fakta|clarifies|clarification)\b", re.IGNORECASE),
     "correction"),
    (re.compile(r"^\W*(?:refiles?|refiled)\b", re.IGNORECASE), "refile"),
    (re.compile(r"^\W*(?:attn\s*:?\s*)?(?:update[sd]?|adds|recasts|writes\s+through|"
                r"pembaruan|kemaskini|dikemas\s+kini)\b", re.IGNORECASE), "update"),
)


# "Catatan Redaksi: Artikel ini telah diperbaiki …": a note that says it corrects.
_SAYS_CORRECTED = re.compile(r"\b(?:telah\s+diperbaiki|telah\s+dikoreksi|has\s+been\s+corrected|"
                             r"was\s+corrected|telah\s+dibetulkan|an\s+earlier\s+version)\b",
                             re.IGNORECASE)


def flag_editor_notes(draft: Draft) -> Draft:
    """A note saying the story was corrected, refiled or updated flags it so."""
    flags = list(draft.flags)
    notes = []
    for note in (c.text for c in draft.changes if c.to == "ednote" and c.text):
        for pattern, flag in (*_NOTE_FLAGS, (_SAYS_CORRECTED, "correction")):
            found = (pattern.search(note) if pattern is _SAYS_CORRECTED else pattern.match(note))
            if found and flag not in flags:
                flags.append(flag)
                notes.append(change("ednote", "flagged-from-note", flag, "flags"))
    if not notes:
        return draft
    return with_changes(draft, notes, flags=tuple(flags))
