"""Junk lines: scraped page furniture and wire end marks, dropped by rules kept as data.

The rules live in ``config/junk.toml``; each is a regex that must match a *whole* line
(case-insensitive), so a real sentence is never cut.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wire.normalize.draft import Draft, change, with_changes
from wire.normalize.roles.credit_lines import (
    CAPTION_CHARS,
    caption_credits,
    field_credits,
    is_photo_credit,
    parse_credit_line,
)
from wire.normalize.roles.lexicon import CREDIT_LABEL
from wire.story import Credit


@dataclass(frozen=True)
class JunkRule:
    """One whole-line pattern."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    takes_next_line: bool = False


@dataclass(frozen=True)
class JunkRules:
    """The compiled rules, and the longest line any of them may drop."""

    rules: tuple[JunkRule, ...] = ()
    max_line_length: int = 300

    def match(self, line: str) -> JunkRule | None:
        """The first rule matching the whole ``line``, or None."""
        text = line.strip()
        if not text or len(text) > self.max_line_length:
            return None
        return next((r for r in self.rules if r.pattern.fullmatch(text)), None)


def junk_rules_from_dict(data: dict[str, Any]) -> JunkRules:
    """Compile the rules of a parsed ``junk.toml``."""
    rules = tuple(
        JunkRule(
            name=str(rule["name"]),
            kind=str(rule.get("kind", "junk")),
            pattern=re.compile(str(rule["pattern"]), re.IGNORECASE),
            takes_next_line=bool(rule.get("takes_next_line", False)),
        )
        for rule in data.get("rules", [])
    )
    return JunkRules(rules=rules, max_line_length=int(data.get("max_line_length", 300)))


def load_junk_rules(path: Path) -> JunkRules:
    """Read and compile ``junk.toml``."""
    with path.open("rb") as f:
        return junk_rules_from_dict(tomllib.load(f))


_SENTENCE_END = (".", "!", "?", '"', "”", "’")


def _linked_headline(line: str) -> bool:
    """The headline of a "Baca juga:" link pasted on its own line: short, no sentence end."""
    text = line.strip()
    return 0 < len(text) <= 160 and not text.endswith(_SENTENCE_END)


def _reads_as_sentence(line: str) -> bool:
    """A prompt label opening a real sentence: no colon after the label, ends like a
    sentence, and its words mostly small (a linked headline is title case, unended)."""
    text = line.strip()
    words = text.split()
    small = sum(w[:1].islower() for w in words[2:])
    return (":" not in text[:25] and text.endswith(_SENTENCE_END) and len(words) >= 5
            and small >= max(2, (len(words) - 2) // 2))


def _caption_under(lines: tuple[str, ...], i: int) -> bool:
    """A photo credit and one line under it make a paragraph of their own."""
    if not (i == 0 or not lines[i - 1].strip()) or i + 1 >= len(lines):
        return False
    caption = lines[i + 1].strip()
    if not caption or len(caption) > CAPTION_CHARS or CREDIT_LABEL.match(caption):
        return False  # "Foto: Nama" over "Sumber: Humas …": a block of credits
    return i + 2 >= len(lines) or not lines[i + 2].strip()


_WRAPPED = (",", ";")
# "… Minggu (6/12/2020). (Kristoforus Ading)": the photographer, closing the caption.
_CLOSING_NAME = re.compile(r"[.!?]\s*\((?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,4})\)\s*$")


def _closing_credit(caption: str) -> list[Credit]:
    found = _CLOSING_NAME.search(caption.strip())
    return [Credit(name=found["name"], role="photographer")] if found else []


def drop_junk_lines(draft: Draft) -> Draft:
    """Whole lines matching a junk rule are removed, each one reported."""
    rules: JunkRules = draft.resources.junk_rules
    kept: list[str] = []
    notes = []
    credits = list(draft.credits)
    pending_link, taken_links = False, 0
    caption_at = -1
    lines = draft.lines
    for i, line in enumerate(lines):
        if i == caption_at:
            # The line under a photo credit standing alone with it ("Foto: Nama" over
            # "Pemain merayakan gol kedua."): the photo's caption.
            notes.append(change("junk", "removed-junk-line", line.strip()))
            continue
        if pending_link and not line.strip():
            pending_link = pending_link and not taken_links  # a blank line ends the list
        elif pending_link:
            if _linked_headline(line) and rules.match(line) is None and taken_links < 5:
                notes.append(change("junk", "removed-junk-line", line.strip()))
                taken_links += 1
                continue
            pending_link = False
        rule = rules.match(line)
        if rule is not None and rule.takes_next_line and _reads_as_sentence(line):
            rule = None  # "Baca juga dengan teliti alamat situsnya. …" is the story's own
        if rule is None:
            kept.append(line)
            continue
        if (is_photo_credit(line) or line.rstrip().endswith(_WRAPPED)) and _caption_under(
                lines, i):
            # the caption under its credit, or the rest of a caption the label opened and
            # the line wrapped ("Foto: Warga … Jalan Lintas Selatan," / "Putussibau, …")
            caption_at = i + 1
            credits += [c for c in _closing_credit(lines[i + 1]) if c not in credits]
        action = "removed-trailer" if rule.kind == "trailer" else "removed-junk-line"
        notes.append(change("junk", action, line.strip()))
        # A caption's photo credit, a trailer's outlet ("– MalaysiaGazette") and the byline
        # among a page's fields ("Diterbitkan: 12/01/2021 | Oleh: Nama") are credits.
        found = caption_credits(line) or field_credits(line) or (
            [c for c in parse_credit_line(line) if c.role == "source"]
            if rule.kind == "trailer" else [])
        for credit in found:
            if credit not in credits:
                credits.append(credit)
                notes.append(change("junk", "moved-credit", credit.name, f"credits:{credit.role}"))
        bare = line.rstrip().endswith((":", "-", "–", "—", "»", ">")) or len(line.split()) <= 2
        pending_link, taken_links = rule.takes_next_line and bare, 0
    if not notes:
        return draft
    return with_changes(draft, notes, lines=tuple(kept), credits=tuple(credits))
