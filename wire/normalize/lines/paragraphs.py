"""Paragraphs: the copy's lines become body paragraphs.

Each line is a paragraph (correspondents paste one paragraph per line), except in a
hard-wrapped block: consecutive lines no longer than ``WRAP_WIDTH`` are folded back into
paragraphs, breaking after a line that ends a sentence well short of the wrap width.
"""

from __future__ import annotations

import re

from wire.normalize.draft import Draft, change, with_changes

WRAP_WIDTH = 100
_ENDS = (".", "!", "?", '"', "”", "’", ":", ")")
BULLETS = ("-", "*", "•", "–", "—", "·")
_LEAD_SKIP = 4
_NARROW_WIDTH = 45
_NARROW_LINES = 4
_NARROW_SHORTEST = 0.3


def _wrapped(block: list[str]) -> bool:
    """True for a block of several lines that looks hard-wrapped: lines of similar length
    that mostly stop mid-sentence (a paragraph per line mostly ends its sentences)."""
    if len(block) < 2 or any(line.startswith(BULLETS) for line in block):
        return False
    body = block[:-1]
    width = max(len(line) for line in block)
    # A line under 30 characters is a paragraph of its own, except in a newspaper's narrow
    # column (e-paper text, about 35 wide), where a long block holds them all.
    shortest = _NARROW_SHORTEST * width if (len(block) >= _NARROW_LINES
                                             and width <= _NARROW_WIDTH) else 30
    if width > WRAP_WIDTH or any(len(line) < shortest for line in body):
        return False
    open_ended = sum(not line.endswith(_ENDS) for line in body)
    near_width = sum(len(line) >= 0.7 * width for line in body)
    return 2 * open_ended >= len(body) and 3 * near_width >= 2 * len(body)


_BROKEN_WORD = re.compile(r"(?P<head>[^\W\d_]+)-$")


def _joined(lines: list[str]) -> str:
    """The lines of one paragraph as one: a word the wrap broke with a hyphen ("mang-" /
    "sa") is whole again; a doubled word ("kanak-" / "kanak") keeps its hyphen."""
    out = ""
    for line in lines:
        broken = _BROKEN_WORD.search(out)
        if broken and line[:1].islower():
            tail = re.match(r"[^\W\d_]+", line)
            same = tail is not None and tail.group(0).casefold() == broken["head"].casefold()
            out = (out if same else out[:-1]) + line
        else:
            out = f"{out} {line}" if out else line
    return out


def _fold(block: list[str]) -> list[str]:
    width = max(len(line) for line in block)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in block:
        current.append(line)
        if line.endswith(_ENDS) and len(line) < width * 0.8:
            paragraphs.append(_joined(current))
            current = []
    if current:
        paragraphs.append(_joined(current))
    return paragraphs


def join_wrapped_lines(draft: Draft) -> Draft:
    """Hard-wrapped lines are folded into paragraphs; blank separators are dropped."""
    out: list[str] = []
    block: list[str] = []
    folded = 0
    for line in (*draft.lines, ""):
        if line.strip():
            block.append(line.strip())
            continue
        # "Bukittinggi, Singgalang" standing over a wrapped lead: a dateline (or a label)
        # on its own line, short, heads the block without being part of its wrap.
        head = block[:1] if len(block) > 2 and len(block[0]) < 30 else []
        if not draft.is_html and (_wrapped(block) or (head and _wrapped(block[1:]))):
            wrapped = block if _wrapped(block) else block[1:]
            paragraphs = _fold(wrapped)
            folded += len(wrapped) - len(paragraphs)
            out.extend((*block[: len(block) - len(wrapped)], *paragraphs))
        else:
            out.extend(block)
        block = []
    notes = (
        [change("paragraphs", "joined-wrapped-lines", f"{folded} line breaks")] if folded else []
    )
    return with_changes(draft, notes, lines=tuple(out))


def is_preamble(paragraph: str) -> bool:
    """A paragraph above the lead: a summary bullet or a short line ending no sentence."""
    text = paragraph.strip()
    return text.startswith(BULLETS) or (len(text) <= 80 and not text.endswith(_ENDS))


def lead_index(paragraphs: tuple[str, ...]) -> int:
    """Where the lead is: the first paragraph after at most a few preamble ones."""
    for i, paragraph in enumerate(paragraphs[: _LEAD_SKIP + 1]):
        if not is_preamble(paragraph):
            return i
    return 0
