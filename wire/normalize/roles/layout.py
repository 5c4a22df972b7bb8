"""Where the copy's layout says more than any one line's evidence, it overrides the tagger.

The tagger reads each line with two neighbours on either side; some roles are decided by
the shape of the whole copy instead: a paragraph of its own that ends in a photo credit is
a caption; a metadata line above the body (a time with its date or zone, a reading time)
is the page's header; the "About the company" section a release ends with, and all that
follows it, is boilerplate; a row of hashtags is a page's tags. Each rule is generic
evidence of layout, never an outlet's phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wire.normalize.roles import lexicon
from wire.normalize.roles.credit_lines import CAPTION_CHARS, caption_credits, is_photo_credit
from wire.normalize.roles.features import has_furniture, opens_with_furniture
from wire.normalize.roles.tagger import Tagged
from wire.normalize.when.calendar import find_mentions

_ACTED = frozenset({"header", "junk", "credit", "ednote"})
# Roles above the body a timestamp rule must leave to their own steps.
_KEPT_ABOVE = _ACTED | {"dateline", "embargo", "flag"}
_SENTENCE_END = (".", "!", "?", '"', "”", "’")
_PROSE_CHARS = 90
_STAMP_CHARS = 140
_TRAILER_CHARS = 100
_BARE_DATE_CHARS = 40
_SURE_BODY = 0.9
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_ZONE_OR_HOUR = re.compile(r"\b(?:WIB|WITA|WIT|MYT|SGT|GMT|UTC|ET|EST|EDT|PT|PST|CST|BST|IST|"
                           r"AM|PM|a\.m\.|p\.m\.|pagi|petang|malam)\b|[+-]\d{2}:?\d{2}\b",
                           re.IGNORECASE)
_READING = re.compile(r"^\W*(?:\d+\s*(?:min(?:ute)?s?|menit|minit)\s+(?:read|baca|bacaan|membaca)"
                      r"|(?:dibaca|read|views?|paparan)\s*:?\s*[\d.,]+\s*(?:kali|times)?)\W*$",
                      re.IGNORECASE)
# "About Northwind Foods", "Tentang TFCG:", "Mengenai Pelindo": a release's boilerplate.
_ABOUT = re.compile(r"^\W{0,2}(?:about|tentang|mengenai|perihal|maklumat\s+(?:lanjut\s+)?"
                    r"(?:mengenai|tentang))\s+\S", re.IGNORECASE)
# "About TFCG: The Tanzania Forest …": the heading run into its paragraph.
_ABOUT_INLINE = re.compile(r"^\W{0,2}(?:about|tentang|mengenai)\s+[^:.!?]{2,60}:\s", re.IGNORECASE)
# "(end)", "-- ENDS --", "###": the end of the story as the wire marks it.
# "NNNN" and "ZCZC" close and open a message on a wire terminal.
_END_MARK = re.compile(r"^\W*(?:end(?:s|item)?(?:\s+(?:advance|adv|story|all))?|tamat|selesai|"
                       r"habis|-30-|#{3,}|NNNN|ZCZC)\W*(?:\s+\S{1,12})?$", re.IGNORECASE)
_HASHTAGS = re.compile(r"^(?:#\w+[\s,]*)+$")


def _alone(lines: Sequence[str], i: int) -> bool:
    return (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines)
                                                      or not lines[i + 1].strip())


def _captions(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """A paragraph of its own that ends in a photo credit ("… di Jalan Sudirman. Foto:
    Nama", "(PNA photo by Nama)") is a caption, whatever else the tagger read in it (a
    caption is a sentence under the headline, as a deck or a lead is)."""
    out = list(tags)
    for i, line in enumerate(lines):
        if (i != headline and _alone(lines, i) and len(line) <= CAPTION_CHARS
                and tags[i].role not in _ACTED and caption_credits(line)):
            out[i] = Tagged("junk", 1.0, tags[i].headline)
        elif (i != headline and (i == 0 or not lines[i - 1].strip())
              and _PHOTO_LABEL.match(line) and not caption_credits(line)):
            # "Foto: Warga menggunakan sampan di Jalan …," wrapped onto the next line or
            # two: the caption the label opens, to the end of its paragraph.
            block = list(range(i, next((j for j in range(i, len(lines))
                                        if not lines[j].strip()), len(lines))))
            if len(block) <= _CAPTION_LINES and sum(len(lines[j]) for j in block) <= (
                    CAPTION_CHARS) and all(out[j].role not in _ACTED for j in block):
                for j in block:
                    out[j] = Tagged("junk", 1.0, tags[j].headline, ruled=True)
    return out


_PHOTO_LABEL = re.compile(r"^\W{0,3}(?:foto|photo|gambar|picture|pic|image|imej)\s*:\s*\S",
                          re.IGNORECASE)
_CAPTION_LINES = 3


def _credited_captions(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """A paragraph of two lines below the lead, one of them a photo credit alone: the other
    is the photo's caption ("Photo by Dirk Tellei" over "Groundbreaking ceremony at the
    Malakal dock on Tuesday."), whatever the tagger read in it; the credit stays a credit."""
    # The lead: the first line the tagger is sure is the body (hard-wrapped copy's lines
    # are short, so its length says nothing).
    lead = next((i for i, tag in enumerate(tags) if tag.role == "body"
                 and tag.confidence >= _SURE_BODY and i != headline), len(lines))
    out = list(tags)
    for i in range(lead + 1, len(lines) - 1):
        pair = (i, i + 1)
        if not all(lines[j].strip() for j in pair) or (lines[i - 1].strip()) or (
                i + 2 < len(lines) and lines[i + 2].strip()):
            continue
        for credit, caption in (pair, pair[::-1]):
            if (is_photo_credit(lines[credit]) and not is_photo_credit(lines[caption])
                    and caption != headline and len(lines[caption].strip()) <= CAPTION_CHARS
                    and tags[caption].role in ("body", "junk", "header")):
                out[caption] = Tagged("junk", 1.0, tags[caption].headline, ruled=True)
    return out


def _is_stamp(text: str) -> bool:
    """"08:41 WIB", "Sep 12, 2023, 08:30 ET", "Sat Jan 20, 2024 12:00 AM Last update on:
    …": a time with its date or zone, on a short line that is no sentence."""
    if len(text) > _STAMP_CHARS or text.endswith(_SENTENCE_END):
        return False
    if sum(word[:1].islower() for word in text.split()) > 4:
        return False
    return bool(_CLOCK.search(text)) and bool(_ZONE_OR_HOUR.search(text) or find_mentions(text))


def _header_stamps(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """Above the body, a timestamp line or a reading time is the page's metadata."""
    body = next((i for i, (line, tag) in enumerate(zip(lines, tags, strict=True))
                 if tag.role == "body" and len(line.strip()) >= _PROSE_CHARS), len(lines))
    out = list(tags)
    for i in range(body):
        text = lines[i].strip()
        # A header line the tagger doubted is made sure by the stamp's own shape.
        if i == headline or not text or (tags[i].role in _KEPT_ABOVE
                                         and tags[i].role not in ("header", "junk")):
            continue
        if lexicon.EMBARGO.search(text) or lexicon.FLAG.match(text):
            continue  # "Embargoed until 12:01 a.m. CST": the embargo step reads it
        if _is_stamp(text) or _READING.match(text):
            out[i] = Tagged("header", 1.0, tags[i].headline)
    return out


def _boilerplate(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """From an "About …" heading in the second half of the copy to the end: a release's
    boilerplate, except the credit lines among it."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 6:
        return tags
    half = filled[len(filled) // 2]
    heading = next((i for i in filled if i >= half and i != headline and (
        _ABOUT_INLINE.match(lines[i].strip()) or (
            _ABOUT.match(lines[i].strip()) and len(lines[i].split()) <= 8
            and not lines[i].strip().endswith(_SENTENCE_END)))), None)
    if heading is None:
        return tags
    out = list(tags)
    for i in filled:
        # The heading itself goes whatever the tagger read in it ("Tentang PT Celebes Agro"
        # names the issuer as a credit would); the credit lines under it stay.
        if i == heading or (i > heading and out[i].role not in ("credit", "ednote")
                            and not lexicon.CREDIT_LABEL.match(lines[i].strip())):
            out[i] = Tagged("junk", 1.0, out[i].headline, ruled=True)
    return out


# A reader-comment section under the story: its heading ("12 Komentar", "Tulis
# komentar...", "Most relevant"), then comments whose own lines carry the widget's actions
# and ages ("Balas · 14 suka", "2 jam lalu", "1 th  Suka  Balas", "Reply · 3h").
_COMMENTS_HEADING = re.compile(
    r"^\W{0,4}(?:[\d.,]+\s*(?:komentar|komen|comments?|ulasan|tanggapan|responses?|replies)\b"
    r"|(?:komentar|komen|comments?|ulasan|tanggapan(?:\s+pembaca)?|reader\s+comments|"
    r"discussion|diskusi|perbincangan)\W*(?:\(?\d+\)?)?\W*$"
    r"|(?:tulis|write|add|leave|post|berikan|tinggalkan|beri)\s+(?:a\s+|your\s+)?"
    r"(?:komentar|comment|komen|ulasan)"
    r"|(?:paling\s+relevan|most\s+relevant|top\s+comments|komentar\s+terbaru|"
    r"newest\s+first|sort\s+by|urutkan)\b)",
    re.IGNORECASE)
_COMMENT_ACTIONS = re.compile(
    r"(?:^|[\s·•|])(?:balas|reply|replies|suka|like|likes|laporkan|report|jawab)(?:[\s·•|]|$)"
    r"|\b\d+\s*(?:jam|menit|minit|hari|minggu|bulan|th|thn|hours?|hrs?|mins?|minutes?|days?|"
    r"weeks?|[hdwm])\s*(?:lalu|yang\s+lalu|ago)?\s*(?:[·•|]|$)", re.IGNORECASE)
_COMMENT_ACTION_CHARS = 60
# A comment's own byline: the reader's name and when ("Mary K. · 18/08/2022",
# "warga_ajibarang · 2 jam lalu").
_COMMENTER = re.compile(r"^[^\s·•|][^·•|]{0,40}\s[·•|]\s+(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
                        r"\d+\s*\w{1,8}(?:\s+(?:lalu|ago|yang\s+lalu))?)$", re.IGNORECASE)


def _comments(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """From a comment section's heading (or its first comment's byline) in the second half
    of the copy to the end, when a comment widget's action line follows it: readers' words,
    not the story's (credit lines among them stay credits)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 6:
        return tags
    half = filled[len(filled) // 2]
    heading = next((i for i in filled if i >= half and i != headline
                    and len(lines[i].strip()) <= _COMMENT_ACTION_CHARS * 2
                    and (_COMMENTS_HEADING.match(lines[i].strip())
                         or _COMMENTER.match(lines[i].strip()))), None)
    if heading is None or not any(
            len(lines[i].strip()) <= _COMMENT_ACTION_CHARS
            and _COMMENT_ACTIONS.search(lines[i].strip()) for i in filled if i > heading):
        return tags
    out = list(tags)
    for i in filled:
        if i >= heading and out[i].role not in ("credit", "ednote"):
            out[i] = Tagged("junk", 1.0, out[i].headline, ruled=True)
    return out


def _cues(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """A broadcast script's cue lines ("[INTRO - PEMBACA]", "PAKET / VO:", "SOT: Juru
    Pelihara Situs") direct the studio; they are no part of the story read out."""
    return [Tagged("junk", 1.0, tag.headline, ruled=True)
            if i != headline and lexicon.SCRIPT_CUE.match(line.strip()) else tag
            for i, (line, tag) in enumerate(zip(lines, tags, strict=True))]


def _tag_rows(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """A line of nothing but hashtags is the page's tags."""
    return [Tagged("junk", 1.0, tag.headline)
            if i != headline and _HASHTAGS.match(line.strip()) else tag
            for i, (line, tag) in enumerate(zip(lines, tags, strict=True))]


def _is_bare_date(text: str) -> bool:
    if len(text) > _BARE_DATE_CHARS:  # a date alone is short; a paragraph is not read
        return False
    mentions = find_mentions(text)
    return bool(mentions) and mentions[0].year is not None and len(text) <= len(
        mentions[0].text) + 3


_QUOTES = re.compile(r"[\"“”«»]")
_OPENING_QUOTES = ('"', "“", "«", "'", "‘")
_PROMPT_CHARS = 200


def _speaks_to_reader(text: str) -> bool:
    """"Get local news delivered to your inbox! Sign up …", "Apa pendapat anda? Tinggalkan
    komen …": a short prompt addressed to the reader, not a quote."""
    return (len(text) <= _PROMPT_CHARS and bool(lexicon.READER.search(text))
            and not _QUOTES.search(text))


def _is_furniture(text: str, tag: Tagged) -> bool:
    """A trailer line that is page furniture by its own evidence."""
    # "About 30% of the hub's capacity …": a sentence opening with "About" is the
    # story's (an "About X" heading is the boilerplate rule's).
    about_prose = (bool(_ABOUT.match(text)) and len(text.split()) > 8
                   and not _ABOUT_INLINE.match(text))
    # A quote opening with a prompt's word ('"Jangan lupa bawa payung," katanya.') is
    # the story's.
    quoted = text[:1] in _OPENING_QUOTES
    return bool((opens_with_furniture(text) and not about_prose and not quoted) or (
        _END_MARK.match(text)) or (
        has_furniture(text) and len(text) <= _TRAILER_CHARS
        and not text.endswith(_SENTENCE_END) and tag.confidence < _SURE_BODY) or (
        _speaks_to_reader(text) and has_furniture(text)))


def _trailer(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """Peeled from the bottom up: the lines after the story that are page furniture by their
    own evidence (a prompt, a link or address that is no sentence, an end mark, a bare date,
    where to ask), whatever the tagger read; the peeling stops at the first line of the
    story. A line the tagger already took for furniture is made sure of it when its own
    evidence agrees (the tagger's doubt would keep a prompt that reads as a sentence)."""
    out = list(tags)
    for i in reversed(range(len(lines))):
        text = lines[i].strip()
        if not text:
            continue
        # Where to ask ("Untuk sebarang pertanyaan, sila hubungi …") and who wrote it ("X is
        # a freelance journalist based in Zomba."): trailer lines, sentences or not.
        contact = (bool(lexicon.CONTACT.match(text) or lexicon.AUTHOR_BIO.match(text)
                       or lexicon.SPONSOR.match(text)) and len(text) <= _PROMPT_CHARS) or (
            bool(lexicon.FOOT_NOTICE.match(text)) and len(text) <= _NOTICE_CHARS)
        if out[i].role in _ACTED:
            # A note on the author or a sponsor credits no one the byline has not.
            if (out[i].role in ("junk", "credit") and contact) or (
                    out[i].role == "junk" and _is_furniture(text, out[i])):
                out[i] = Tagged("junk", 1.0, out[i].headline, ruled=contact)
            continue
        if i == headline or out[i].role in ("headline", "dateline", "embargo", "flag"):
            break
        if contact or _is_furniture(text, out[i]):
            out[i] = Tagged("junk", 1.0, out[i].headline, ruled=contact)
        elif _is_bare_date(text):
            out[i] = Tagged("header", 1.0, out[i].headline)
        else:
            break
    return out


_NOTICE_CHARS = 320  # a listed firm's disclaimer runs to a long sentence
# "Sub Judul     : Digelar tiga hari …", "Section: News > Traffic": a form's field.
FIELD = re.compile(r"^\W{0,2}[^\W\d_][\w'’/&.-]*(?:\s[\w'’/&.-]+){0,3}\s*:\s+\S")
_FIELD_RUN = 3
# A mail's sender field names who forwarded the copy, not who wrote it: the credit lines
# below say that ("Dari: Dede <dede@...>" over "Kontributor: Dede").
_SENDER = re.compile(r"^\W{0,2}(?:from|dari|daripada|pengirim|sender)\s*:.*@", re.IGNORECASE)


def _field_block(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """A CMS's or a mail's form above the story (three fields or more in a row, "Lokasi :
    Bukittinggi", "Subhead: More than …"): every field is the page's header but the ones
    the credit and embargo steps read, however much one reads like a sentence."""
    out = list(tags)
    start = None
    for i in range(len(lines) + 1):
        text = lines[i].strip() if i < len(lines) else ""
        if text and FIELD.match(text):
            start = i if start is None else start
            continue
        if start is not None and i - start >= _FIELD_RUN:
            for j in range(start, i):
                if j != headline and (out[j].role in ("body", "dateline", "headline", "header")
                                      or _SENDER.match(lines[j])):
                    out[j] = Tagged("header", 1.0, out[j].headline, ruled=True)
        start = None
        if out[i if i < len(lines) else -1].role == "body" and text and not FIELD.match(text):
            break  # the story has begun: a form is above it
    return out


_LIST_LABEL_WORDS = 4
_LIST_SURE = 0.5


def _related_lists(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """A list of titles under the story: under a related-links label ("Related stories",
    "Artikel terkait:"), or two lines or more with no blank between that the tagger all
    reads as furniture, is furniture, though a title may read as a sentence ('… owner says
    "time to rest"'); the junk step may have taken the label already."""
    out = list(tags)
    block: list[int] = []
    for i in range(len(lines) + 1):
        text = lines[i].strip() if i < len(lines) else ""
        if text:
            block.append(i)
            continue
        labelled = bool(block) and bool(lexicon.RELATED.match(lines[block[0]].strip())) and len(
            lines[block[0]].split()) <= _LIST_LABEL_WORDS
        titles = block[1:] if labelled else block
        if (len(block) >= 2 and headline < block[0] and titles
                and all(out[j].role == "junk" and out[j].confidence >= _LIST_SURE
                        and len(lines[j].strip()) <= _PROSE_CHARS for j in titles)):
            for j in titles:
                out[j] = Tagged("junk", max(out[j].confidence, _SURE_BODY), out[j].headline,
                                ruled=True)
        block = []
    return out


def filled(lines: Sequence[str], start: int, step: int = 1) -> int | None:
    """The next line with text from ``start`` on (``step`` -1: looking up)."""
    end = len(lines) if step > 0 else -1
    return next((j for j in range(start, end, step) if lines[j].strip()), None)


_DECK_WORDS = 30
_BYLINE_SURE = 0.7
_POINTS = ("●", "•", "▪", "■", "◆", "►", "▶", "✓", "✔")


def _deck_and_points(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """Between the headline and the lead, what the tagger is sure is header leaves though
    it is a sentence (a sentence is otherwise kept as content): the deck right above the
    byline ("She says she will miss her regulars the most." over "Written by Kayla Tan |
    January 09, 2024") and the page's summary points ("● Sebanyak 14 orangutan …")."""
    out = list(tags)
    deck = filled(lines, headline + 1)
    under = filled(lines, deck + 1) if deck is not None else None
    if (deck is not None and under is not None and out[deck].role == "header"
            and out[deck].confidence >= _SURE_BODY and out[under].role == "credit"
            and out[under].confidence >= _BYLINE_SURE
            and len(lines[deck].split()) <= _DECK_WORDS):
        out[deck] = Tagged("header", out[deck].confidence, out[deck].headline, ruled=True)
    lead = next((i for i in range(headline + 1, len(lines))
                 if lines[i].strip() and out[i].role == "body"), len(lines))
    for i in range(headline + 1, lead):
        if (lines[i].strip().startswith(_POINTS) and out[i].role in ("header", "junk")
                and out[i].confidence >= _BYLINE_SURE):
            out[i] = Tagged(out[i].role, out[i].confidence, out[i].headline, ruled=True)
    return out


def _embargo_times(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """"Selasa, 7 Mei 2024, pukul 10.00 WITA" under "HOLD FOR RELEASE": the embargo's own
    time, the embargo step's to read, not the page's stamp."""
    out = list(tags)
    for i, line in enumerate(lines):
        above = filled(lines, i - 1, -1) if line.strip() and i else None
        if (above is not None and i != headline and out[above].role == "embargo"
                and not any(ch.isdigit() for ch in lines[above]) and _CLOCK.search(line)):
            out[i] = Tagged("embargo", out[i].confidence, out[i].headline, ruled=True)
    return out


def read_layout(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """The tags with every layout rule applied (``headline`` is never touched)."""
    for rule in (_field_block, _captions, _credited_captions, _header_stamps, _boilerplate,
                 _comments, _cues, _tag_rows, _related_lists, _deck_and_points, _embargo_times,
                 _trailer):
        tags = rule(lines, tags, headline)
    return tags
