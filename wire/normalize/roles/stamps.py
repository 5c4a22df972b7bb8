"""Lines known by their own marks, whatever the tagger read in them.

Stamps: a byline beside its timestamp ("Wahyu Nugraha, Jurnalis · Sabtu 02 Januari 2021
07:45 WIB"), a place with its date ("Manado, 7 Agustus 2020"). Credit lines: labels with
their marks, a wire's trailer of labelled segments, the second line of a byline, a byline
wrapped onto "dan NAME", a described job; and a release's header above the title."""

from __future__ import annotations

import re

from wire.normalize.people.agencies import is_organisation
from wire.normalize.place.region import resolve_place
from wire.normalize.roles import lexicon
from wire.normalize.roles.credit_lines import is_job_title, parse_credit_line
from wire.normalize.when.calendar import find_mentions
from wire.story import Credit, CreditRole

_SENTENCE_END = (".", "!", "?", '"', "”", "’")
_STAMP_CHARS = 100
_CLOCK = re.compile(r"\b\d{1,2}[.:]\d{2}\b")
_TITLE_AFTER = re.compile(r",\s*(?:jurnalis|journalist|wartawan|reporter|koresponden|"
                          r"correspondent|staff\s+writer)\s*$", re.IGNORECASE)
_PLACE_COMMA = re.compile(r"^(?P<place>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}),\s*(?P<rest>.+)$")
_TIME_AFTER = re.compile(r"[\s,|-]*(?:pukul|jam|pkl\.?|at)?\s*\d{1,2}[.:]\d{2}"
                         r"(?:\s*(?:[ap]\.?m\.?|WIB|WITA|WIT|MYT|SGT|WST|GMT|UTC|pagi|petang))?\s*$",
                         re.IGNORECASE)
_PAGE = re.compile(r"(?:hal(?:aman)?|hlm|page|ms|muka)\.?\s*\d{1,3}", re.IGNORECASE)
_STAMP_PARTS = re.compile(r"\s+[|·•]\s*|\s*[|·•]\s+|\s+/\s+")
_PERSON = re.compile(r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}")


# "Far West NSW": a word in capitals among words that are not is a region's or an
# office's code, never part of a person's name (a shouted name is shouted whole).
_SHOUTED_WORD = re.compile(r"\b[A-Z]{3,}\b")


def stamped_byline(text: str, gazetteer: object) -> list[Credit]:
    """The reporter named in a header line beside its timestamp, or none: a part of two to
    four capitalised words that is no outlet and no place, next to a part that is a date."""
    parts = [p.strip() for p in _STAMP_PARTS.split(text) if p.strip()]
    if len(parts) < 2 or not any(find_mentions(p) for p in parts) or any(
            _PAGE.fullmatch(p) for p in parts):
        return []  # "KAMIS, 21 FEBRUARI 2019 | SIDOARJO RAYA | HAL 5": a print page's header
    words = [p for p in parts if not find_mentions(p) and not _CLOCK.search(p)]
    if len(words) >= 2 and not any(lexicon.CREDIT_LABEL.match(p) for p in words):
        # "Pantau Kapuas | Lokal | Jumat, 22 November 2024 | 19.55 WIB": a masthead and its
        # section beside the date; a byline stamp has one name beside its date.
        return []
    found = []
    for part in parts:
        name = _TITLE_AFTER.sub("", part)
        label = lexicon.CREDIT_LABEL.match(name)  # "Oleh Tri Susanti", "Written by Kayla Tan"
        role: CreditRole = lexicon.credit_role(label["label"]) if label else "reporter"
        name = name[label.end():] if label else name
        # "The Goroka Clarion | Thursday, 11 April 2024": a paper's masthead, not a byline.
        if (_PERSON.fullmatch(name) and not find_mentions(name) and not is_organisation(name)
                and not name.startswith("The ") and resolve_place(gazetteer, name) is None
                and not (_SHOUTED_WORD.search(name) and not name.isupper())):
            found.append(Credit(name=name, role=role))
    return found


def byline_stamp(text: str, gazetteer: object) -> bool:
    """"Kustiyah Rahayu • 23 Juli 2021 14:12 WIB": a name and a timestamp and nothing else,
    wherever the page put it, is its byline stamp (never a sentence of the story)."""
    if len(text) > _STAMP_CHARS or text.endswith(_SENTENCE_END):
        return False
    parts = [p.strip() for p in _STAMP_PARTS.split(text) if p.strip()]
    named = stamped_byline(text, gazetteer)
    return bool(named) and len(parts) == 2 and bool(_CLOCK.search(text))


def split_place_and_date(text: str) -> tuple[str, str] | None:
    """(place, date as printed) of a place-and-date line, else None."""
    match = _PLACE_COMMA.match(text)
    if match is None or not place_and_date(text):
        return None
    return match["place"], _TIME_AFTER.sub("", match["rest"]).strip(" ,")


def place_and_date(text: str) -> bool:
    """"Palopo, Senin 6 Mei 2024", "Manado, 7 Agustus 2020": a place and a date, nothing
    else: a release's or a page's stamp, never a sentence of the story."""
    match = _PLACE_COMMA.match(text)
    if match is None or len(text.split()) > 8 or lexicon.FLAG.match(text) or (
            lexicon.EMBARGO.search(text)):
        return False  # "ADVANCE FOR SUNDAY, JUNE 9, 2024" is a flag line, not a stamp
    rest = _TIME_AFTER.sub("", match["rest"])  # "… 2 Maret 2024 pukul 06.30 WITA"
    mentions = find_mentions(rest)
    return bool(mentions) and len(mentions[0].text) >= len(rest.strip(" .,")) - 3


_RULED = re.compile(r"^[\W_]{3,}\w|\w[\W_]{3,}$")  # "--- BODY ---": a form's divider

_MARKED_LABEL = re.compile(r"\s*[:–—]")


def is_labelled(text: str) -> bool:
    """"Penulis: Rahmat Mokodompit — Editor: Arjun Mamonto": labels with their marks and
    names and nothing else is a credit line, whatever the tagger read in it; so is a wire's
    trailer of labelled segments ("(Reporting by X; Translated from Tetum by Y; Editing by
    Z)")."""
    label = lexicon.CREDIT_LABEL.match(text)
    if (label is not None and _MARKED_LABEL.match(text, label.end("label")) is not None
            and len(text) <= 120 and not text.endswith(_SENTENCE_END)
            and bool(parse_credit_line(text))):
        return True
    segments = [part.strip() for part in text.strip().strip("()").split(";")]
    return (len(segments) >= 2 and len(text) <= _CREDIT_TRAILER_CHARS
            and all(_SEGMENT_LABEL.match(part) for part in segments)
            and len(parse_credit_line(text)) >= 2)


DESCRIBED_JOB = re.compile(r"^(?i:wartawan|reporter|penulis|jurnalis|koresponden|correspondent|"
                            r"editor|fotografer|photographer|jurugambar|kontributor)"
                            r"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s*(?:,|$)")
AND_NAME = re.compile(
    r"^(?:dan|and|serta|&)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,5})$")
_CREDIT_TRAILER_CHARS = 300
# A segment of a wire's credit trailer: a credit label or "<verb>ed from <language> by".
_SEGMENT_LABEL = re.compile(
    lexicon.CREDIT_LABEL.pattern + r"|^\s*[A-Z]\w+ed\s+(?:from\s+\w+\s+)?by\s", re.IGNORECASE)


def is_release_header(text: str, i: int, headline: int) -> bool:
    """"Untuk siaran segera selepas tempoh embargo" above the title: the release's header
    (an embargo line with its time is the embargo step's)."""
    return i < headline and bool(lexicon.RELEASE.match(text)) and not (
        lexicon.EMBARGO.search(text) and any(ch.isdigit() for ch in text))


def is_credit_second_line(text: str) -> bool:
    if len(text.split()) > 5 or text.endswith((".", "!", "?")) or _RULED.search(text):
        return False
    found = parse_credit_line(text)
    return is_job_title(text) or (len(found) == 1 and found[0].role == "source")
