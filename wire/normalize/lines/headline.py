"""The headline: taken from the copy, its wire prefixes turned into flags, tidied.

``UPDATE 2-``, ``CORRECTED-``, ``REFILE-``, ``ADVANCE FOR Dec 23-``, ``EMBARGOED-``,
``URGENT:``, ``[BREAKING]``… become flags; so do whole flag lines above the headline
(``ADVANCE FOR USE SUNDAY, DEC. 23``, ``URGENT``). A prefix needs its separator (dash,
colon, bar) or brackets, so a headline that merely starts with "Update" keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from wire.normalize.draft import Draft, add_unique, change, with_changes
from wire.story import Change

MAX_HEADLINE = 200
_TAGS = (
    r"UPDATE[SD]?(?:\s*\d{1,2})?|CORRECTED|CORRECTION|REFILE|RPT|REPEAT|ADVANCE(?:\s+FOR\s+[^-–—:|]{1,60}?)?"
    r"|EMBARGOED|EMBARGO|URGENT|BREAKING(?:\s+NEWS)?|FLASH|BULLETIN|EXCLUSIVE|RALAT|KOREKSI|TERKINI"
    # Yonhap's and others' write-throughs: "(LEAD)", "(2nd LD)", "(3rd LD)".
    r"|LEAD|\d{1,2}(?:st|nd|rd|th)\s+LD|LD"
)
# Dow Jones' write-through mark at the end: "… Rate-Cut Timing -- Update", "-- 2nd Update".
_SUFFIX = re.compile(r"\s+-{1,2}\s*(?:\d+(?:st|nd|rd|th)\s+)?(?P<tag>update|correction|corrected|"
                     r"refile)\s*$", re.IGNORECASE)
# A label a tool or a forwarded message puts before the title: "Judul: …", "Headline: …".
_TITLE_LABEL = re.compile(r"\s*(?:judul|headline|tajuk|title|hed|perkara|subject|subjek|re|berita|"
                          r"news)\s*:\s*(?=\S)", re.IGNORECASE)
# A page's section kicker before a bar: "SEMASA | Paras air …", "🔴 VIDEO | …" (shouted, one or
# two words; a title of several words follows).
_KICKER = re.compile(r"^[^\w]{0,4}(?P<kicker>[A-Z][A-Z0-9&'’-]{2,20}(?:\s[A-Z][A-Z0-9&'’-]{1,20})?)"
                     r"\s*\|\s*(?=(?:\S+\s+){2}\S)")
# Chat-app emphasis around the whole headline: "*Banjir …*", "_Banjir …_".
_EMPHASIS = re.compile(r"^([*_~])(?P<text>[^*_~].*?)\1$")
_PREFIX = re.compile(
    rf"\s*(?:[\[(]\s*(?P<a>{_TAGS})\s*[\])]\s*[-–—:|]?|(?P<b>{_TAGS})\s*[-–—:|]+)\s*", re.IGNORECASE
)
# Reuters' story-type labels (``WRAPUP 1-``, ``BRIEF-``, ``FACTBOX-``, ``INSTANT VIEW-``):
# labels of the kind of story, not words of the headline. Only taken as sent, in
# capitals and with a dash or colon, so "Analysis of…" or "Brief respite…" stay.
_LABEL = re.compile(
    r"\s*(?P<label>WRAPUP|BRIEF|FACTBOX|ANALYSIS|INSIGHT|PREVIEW|EXPLAINER|INSTANT\s+VIEW"
    r"|TIMELINE|COLUMN|INTERVIEW|SPECIAL\s+REPORT|GLOBAL\s+MARKETS)(?:\s*(?P<n>\d{1,2}))?"
    r"\s*[-–—:]+\s*"
)
_FLAG_LINE = re.compile(
    rf"[\[(]?\s*(?P<tag>{_TAGS}|ADVANCE\s+FOR\b.{{0,100}}|FOR\s+RELEASE\b.{{0,100}})\s*[\])]?[-–—:]?",
    re.IGNORECASE,
)
_FLAGS = {
    "update": "update", "updated": "update", "updates": "update", "corrected": "correction",
    "correction": "correction", "ralat": "correction", "koreksi": "correction",
    "refile": "refile", "rpt": "refile", "repeat": "refile", "advance": "advance",
    "for": "advance", "embargoed": "embargo", "embargo": "embargo", "urgent": "urgent",
    "breaking": "breaking", "flash": "flash", "bulletin": "bulletin", "exclusive": "exclusive",
    "terkini": "breaking",
}  # fmt: skip
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St|Bros|dll|dsb)\.$")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"“'‘(])")


def flag_of(tag: str) -> str:
    """The flag a prefix or flag line stands for (``UPDATE 2`` → ``update``)."""
    word = tag.split()[0].lower()
    if word in ("lead", "ld") or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", word):
        return "update"
    word = word.rstrip("0123456789")
    return _FLAGS.get(word, word)


def strip_prefixes(headline: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The headline without wire prefixes, the flags they meant and the prefixes as sent."""
    flags: list[str] = []
    removed: list[str] = []
    emphasis = _EMPHASIS.match(headline.strip())
    if emphasis:
        removed.append(headline.strip()[0])
        headline = emphasis["text"]
    for _ in range(2):  # "Perkara: BERITA: Lelaki maut …"
        label = _TITLE_LABEL.match(headline)
        if label is None or not headline[label.end():].strip():
            break
        removed.append(label.group(0).strip())
        headline = headline[label.end():]
    kicker = _KICKER.match(headline.strip())
    if kicker is not None:
        removed.append(kicker["kicker"])
        headline = headline.strip()[kicker.end():]
    suffix = _SUFFIX.search(headline)
    if suffix and headline[: suffix.start()].strip():
        flags.append(flag_of(suffix["tag"]))
        removed.append(suffix.group(0).strip())
        headline = headline[: suffix.start()]
    for _ in range(6):
        match = _PREFIX.match(headline)
        if match is not None and headline[match.end() :].strip():
            tag = match.group("a") or match.group("b")
            flags.append(flag_of(tag))
        else:
            match = _LABEL.match(headline)
            if match is None or not headline[match.end() :].strip():
                break
            if match.group("n"):  # "WRAPUP 2-": the wrap-up's second update
                flags.append("update")
        removed.append(match.group(0).strip())
        headline = headline[match.end() :]
    return headline, tuple(flags), tuple(removed)


def tidy(headline: str) -> str:
    """Whitespace collapsed; a chat export's stamp, a CMS field label, leading symbols and
    trailing pictographs cut ("[08/04/22 10.18.02] +62 853…:", "Judul Utama :", "📰", "🎉🎉"),
    a chat's emphasis unwrapped; one trailing full stop
    dropped (not ``...``, ``U.S.``, nor the stop of a headline of two sentences: "… capital
    rises. So do questions.")."""
    text = _FIELD_LABEL.sub("", _CHAT_PREFIX.sub("", " ".join(headline.split())))
    text = _LEADING_SYMBOLS.sub("", text)
    text = _TRAILING_SYMBOLS.sub("", text)
    # A chat's emphasis around the whole title ("*Erau Resmi Dibuka*", "_…_").
    if len(text) > 2 and text[0] == text[-1] and text[0] in "*_~":
        text = text[1:-1].strip()
    if (text.endswith(".") and not text.endswith("..") and not _ABBREVIATION_END.search(text)
            and not _INNER_STOP.search(text[:-1])):
        text = text[:-1].rstrip()
    return text


_FIELD_LABEL = re.compile(r"^(?:judul(?:\s+utama|\s+berita)?|headline|tajuk(?:\s+berita)?|title)"
                          r"\s*:\s*", re.IGNORECASE)
# A chat export's stamp and sender before the message: "[08/04/22 10.18.02] +62 853-…: ".
_CHAT_PREFIX = re.compile(r"^\[\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+\d{1,2}[.:]\d{2}(?:[.:]\d{2})?"
                          r"(?:\s?(?:[APap]\.?[Mm]\.?|PG|PTG|pg|ptg))?\]\s*[^:\]]{1,40}:\s+(?=\S)"
                          r"|^\[\d{1,2}[.:]\d{2}(?:\s?\w{1,4})?,\s*\d{1,2}/\d{1,2}/\d{2,4}\]\s*"
                          r"[^:\]]{1,40}:\s+(?=\S)")
_LEADING_SYMBOLS = re.compile(r"^[^\w\"“‘'(\[*_~]+|^[*_~](?=[*_~\W])")
# Pictographs after the title ("… Tenggarong* 🎉🎉"): emoji and their joiners and selectors.
_TRAILING_SYMBOLS = re.compile(r"[\s\u200d\ufe0f\U0001F000-\U0001FAFF\u2600-\u27BF]+$")
_INNER_STOP = re.compile(r"[a-z]{2}\.\s+[A-Z]")


def _next_nonblank(lines: tuple[str, ...]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def take_flag_lines(draft: Draft) -> Draft:
    """Flag-only lines above the headline (``ADVANCE FOR …``, ``URGENT``) become flags."""
    lines, flags, notes = draft.lines, draft.flags, []
    limit = 0 if draft.copy.headline else 4
    for _ in range(limit):
        first = _next_nonblank(lines)
        if first is None or first + 1 >= len(lines):
            break
        match = _FLAG_LINE.fullmatch(lines[first].strip())
        left, _, cut = strip_prefixes(lines[first])
        if match is None or (cut and len(re.findall(r"[^\W\d_]{2,}", left)) >= 2):
            break  # "ADVANCE FOR SUNDAY, DEC. 23-On a Maine island…" is the headline
        # ("ADVANCE FOR WEEKEND EDITIONS, AUG. 17-18" is a flag line: "18" is no title)
        flags = add_unique(flags, flag_of(match.group("tag")))
        notes.append(change("headline", "moved-flag-line", lines[first].strip(), "flags"))
        lines = lines[first + 1 :]
    if not notes:
        return draft
    return with_changes(draft, notes, lines=lines, flags=flags)


def take_flag_lines_below_headline(draft: Draft) -> Draft:
    """Shouted flag lines just under the headline (``ADVANCE FOR USE SUNDAY, DEC. 23, 2018
    AND THEREAFTER`` between headline and byline) become flags too.

    Only lines in capitals are taken: below the headline a sentence may well begin
    "Advance for…", but wire flag lines are shouted.
    """
    lines, flags, notes = draft.lines, draft.flags, []
    for _ in range(2):
        first = _next_nonblank(lines)
        if first is None or first + 1 >= len(lines):
            break
        line = lines[first].strip()
        match = _FLAG_LINE.fullmatch(line)
        if match is None or line != line.upper():
            break
        flags = add_unique(flags, flag_of(match.group("tag")))
        notes.append(change("headline", "moved-flag-line", line, "flags"))
        lines = lines[first + 1 :]
    if not notes:
        return draft
    return with_changes(draft, notes, lines=lines, flags=flags)


# What a line finishing a headline never holds: a field's colon, a separator, an address,
# a clock or date, a byline's opening word.
_NOT_CONTINUATION = re.compile(
    r"[:|@/•·]|https?\b|www\.|\d{1,2}[.:]\d{2}|\b(?:19|20)\d{2}\b|^\W*(?:\w+\s+)?by\b"
    r"|^\W*(?:oleh|reporter|editor|penulis|photo|foto)\b", re.IGNORECASE)
_CUT_ENDS = (",", "-", "–", "—")
_NEXT_FIELD = re.compile(r"^\W{0,3}[^\W\d][\w -]{0,24}:")


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _narrow_column(lines: Sequence[str]) -> bool:
    """Copy wrapped to a column: most of its lines are of one short width and stop mid-
    sentence (an e-paper's or a terminal's text), as running prose never does."""
    filled = [line.strip() for line in lines if line.strip()]
    if len(filled) < _COLUMN_LINES:
        return False
    wrapped = [t for t in filled if 25 <= len(t) <= 60 and not t.endswith((".", "!", "?", '"'))]
    return len(wrapped) >= 0.6 * len(filled)


_COLUMN_LINES = 8


def continuation_lines(lines: Sequence[str], first: int) -> int:
    """How many lines right under the headline at ``first`` finish it (a headline
    hard-wrapped in a narrow column: "… as Storm Arwen" / "approaches").

    A line finishes it when it stands right under it (no blank line between), is short,
    holds no field, stamp or byline, and either the part above stops mid-phrase (a comma or
    dash) or it opens in lower case; after such a line, a title-case line of a title-case
    headline goes on it when the block ends at a blank line.
    """
    head = lines[first].strip()
    block: list[str] = []
    for line in lines[first + 1 :]:
        text = line.strip()
        if not text or len(text) > 80 or _NOT_CONTINUATION.search(text):
            break
        block.append(text)
        if len(block) == 3:
            break
    end = first + 1 + len(block)
    # A field's value ("JUDUL: …") or a chat message ("[17/10/22 19.43] Name: …") runs on to
    # the end of its block or the next field or message: a title-case line under it goes on
    # it from the first.
    fielded = bool(_FIELD_LABEL.match(head) or _CHAT_PREFIX.match(head))
    # In copy hard-wrapped to a narrow column throughout, a title-case line closing the
    # headline's block is the headline's end, not a deck.
    fielded = fielded or (_title_case(head) and _narrow_column(lines[first + 1:]))
    closed = end >= len(lines) or not lines[end].strip() or (fielded and bool(
        _NEXT_FIELD.match(lines[end].strip()) or _CHAT_PREFIX.match(lines[end].strip())))
    taken, joined = 0, head
    for text in block:
        if len(joined) + len(text) + 1 > MAX_HEADLINE or joined.endswith((".", "!", "?")):
            break
        cut = joined.endswith(_CUT_ENDS)
        lower = text[:1].islower() and len(text.split()) <= 8
        # Title case alone never starts a wrap (a deck can be in title case too); it goes on
        # one that a cut or a lower-case line has shown.
        titled = ((taken > 0 and _title_case(head)) or fielded) and closed and _title_case(text)
        if not (cut or lower or titled):
            break
        taken, joined = taken + 1, f"{joined} {text}"
    return taken


_FORWARD_WORDS = 2


def take_headline(draft: Draft) -> Draft:
    """The declared headline, else the first non-empty line (removed from the body)."""
    if draft.copy.headline and draft.copy.headline.strip():
        return with_changes(draft, [], headline=draft.copy.headline)
    first = _next_nonblank(draft.lines)
    if first is None:
        return draft
    notes: list[Change] = []
    chat = _CHAT_PREFIX.match(draft.lines[first].strip())
    if chat and len(draft.lines[first].strip()[chat.end():].split()) <= _FORWARD_WORDS:
        # "[14/05/23 09.12] Humas Polres Sikka: Diteruskan": who forwarded it, not a title.
        notes.append(change("headline", "removed-header-line", draft.lines[first].strip()))
        draft = replace(draft, lines=draft.lines[first + 1:])
        first = _next_nonblank(draft.lines)
        if first is None:
            return draft
    if _FIELD_LABEL.fullmatch(draft.lines[first].strip()):
        # A CMS's "Headline:" field on a line of its own: the title is on the lines under it.
        notes.append(change("headline", "removed-field-label", draft.lines[first].strip()))
        draft = replace(draft, lines=draft.lines[first + 1:])
        first = _next_nonblank(draft.lines)
        if first is None:
            return draft
    more = continuation_lines(draft.lines, first)
    line = " ".join(part.strip() for part in draft.lines[first : first + 1 + more])
    rest = draft.lines[first + 1 + more :]
    if len(line) <= MAX_HEADLINE * 2:
        notes.append(change("headline", "took-headline", line, "headline"))
        return with_changes(draft, notes, headline=line, lines=rest)
    # One huge line: its first sentence is the headline and the rest is the body.
    match = _SENTENCE_END.search(line, 0, MAX_HEADLINE)
    cut = match.end() if match else line.rfind(" ", 0, MAX_HEADLINE) + 1 or MAX_HEADLINE
    notes.append(change("headline", "split-long-first-line", line[:cut], "headline"))
    return with_changes(draft, notes, headline=line[:cut], lines=(line[cut:].strip(), *rest))


def clean_headline(draft: Draft) -> Draft:
    """Prefixes become flags; whitespace and the trailing full stop are tidied."""
    text, flags, removed = strip_prefixes(draft.headline)
    notes = [change("headline", "moved-prefix", p, "flags") for p in removed]
    cleaned = tidy(text)
    if cleaned != " ".join(text.split()):
        notes.append(change("headline", "removed-trailing-period", text.strip()[-20:]))
    return with_changes(draft, notes, headline=cleaned, flags=add_unique(draft.flags, *flags))


# A wire's priority markers: how urgent the story is, not what kind of version it is. The
# levels follow the wires' own order (a flash before a bulletin before an urgent).
PRIORITIES = {"flash": 1, "bulletin": 2, "urgent": 2, "breaking": 3}


def rank_urgency(draft: Draft) -> Draft:
    """``URGENT``, ``FLASH``, ``[BREAKING]`` on the copy set its urgency and leave the flags."""
    marked = [flag for flag in draft.flags if flag in PRIORITIES]
    if not marked:
        return draft
    urgency = min(PRIORITIES[flag] for flag in marked)
    notes = [change("headline", "ranked-urgency", f"{flag} → {PRIORITIES[flag]}", "urgency")
             for flag in marked]
    flags = tuple(flag for flag in draft.flags if flag not in PRIORITIES)
    return with_changes(draft, notes, flags=flags, urgency=urgency)
