"""The dateline at the start of the first paragraph: place, agency, date, then a dash.

Shapes read (place, date and agency in any of these orders)::

    Lampung Barat, (ISN) –            Bandar Lampung (ANTARA) -
    JAKARTA, KOMPAS.com -             TRIBUNLAMPUNG.CO.ID, BANDAR LAMPUNG -
    Jakarta -                         KUALA LUMPUR, 5 Dis (Bernama) --
    WASHINGTON (AP) —                 LONDON, Dec 20 (Reuters) -
    New Delhi, Dec 20 (PTI) Text…     Kota Agung, Tanggamus, (ANTARA) -
    SPRINGFIELD, Ill. (AP) —          Bandar Lampung, Kamis (20/12) -

A real sentence is never taken for a dateline: the header must end in a dash (or in a
known agency in brackets), be short, and its place must look like a place (capitalized,
at most four words a part, no person's title such as "Presiden"). A place with no
agency must moreover be known to the gazetteer, be written in capitals, or be followed
by a capitalized sentence. A shouted place is title-cased (``KUALA LUMPUR`` →
``Kuala Lumpur``), by the gazetteer's spelling when it knows the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from wire.normalize.people.agencies import KNOWN_AGENCIES, is_organisation
from wire.normalize.place import shapes as shape
from wire.normalize.place.region import resolve_place
from wire.normalize.when.calendar import WEEKDAYS, find_mentions

MAX_HEADER = 110
_PERSON_TITLES = {
    "presiden", "wakil", "menteri", "gubernur", "bupati", "walikota", "wali", "ketua",
    "kepala", "direktur", "kapolda", "kapolres", "kapolri", "pak", "bu", "ibu", "bapak",
    "dr", "drs", "prof", "ir", "h", "hj", "mr", "mrs", "ms", "president", "minister",
    "governor", "mayor", "senator", "sen", "rep", "gen", "secretary", "chairman", "ceo",
    "perdana", "datuk", "tan", "dato", "tun", "the", "a", "an", "in", "on", "di",
    "pada", "dalam", "menurut", "saat", "ketika", "sementara", "selain", "namun", "dan",
}  # fmt: skip
_PARTICLES = {"di", "de", "of", "upon", "am", "la", "le", "el", "al", "bin", "du", "da", "on"}
QUALIFIER_KINDS = frozenset({"country", "state", "province", "territory"})
LABELS = {
    "note", "catatan", "update", "editor", "editors", "eds", "perhatian", "koreksi", "ralat",
    "embargo", "advance", "urgent", "breaking", "flash", "correction", "sumber", "source",
    "foto", "photo", "video", "pewarta", "penulis", "reporter", "oleh", "by", "baca juga",
    "related", "tags", "q", "a", "bagikan", "share", "editor's note", "terkini",
}  # fmt: skip
_DOMAIN = re.compile(r"\w\.(?:com|co\.id|co|id|net|org|my|news|tv)\b", re.IGNORECASE)
_STATE_CODE = re.compile(r"[A-Z]{2,3}\.?")
_PLACE_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|\d{1,3}|[A-Z]\.(?:[A-Z]\.)*)$")


@dataclass(frozen=True)
class Parsed:
    """A dateline found at the start of a paragraph, and where the story begins."""

    place: str | None
    agency: str | None
    date_text: str | None
    rest: str
    header: str
    byline: str | None = None
    """A reporter's name printed before the dateline ("By Felicia Lai KUCHING …")."""


def _is_date(part: str) -> bool:
    text = part.strip(" ,()")
    if text.lower() in WEEKDAYS:
        return True
    mentions = find_mentions(text) or find_mentions(f"({text})")
    return bool(mentions) and len(mentions[0].text) >= len(text.strip("()")) - 2


def is_place(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 4 or len(part) > 40 or words[0].lower().strip(".") in _PERSON_TITLES:
        return False
    return all(_PLACE_WORD.match(w) or w.lower() in _PARTICLES for w in words) and not any(
        c.isdigit() for c in words[0]
    )


def _place_then_date(part: str) -> tuple[str, str] | None:
    mentions = find_mentions(part)
    if not mentions or len(mentions) > 1:
        return None
    place, date = part[: mentions[0].start].strip(" ,"), part[mentions[0].start:].strip()
    return (place, date) if place and is_place(place) and _is_date(date) else None


def is_known_agency(part: str) -> bool:
    """A named agency or an outlet's domain (``KOMPAS.com``), never a place."""
    return part.casefold() in KNOWN_AGENCIES or bool(_DOMAIN.search(part))


def _is_agency(part: str) -> bool:
    return part.casefold() in KNOWN_AGENCIES or is_organisation(part)


def place_case(place: str, gazetteer: object) -> str:
    """Shouted parts of a place in title case (the gazetteer's spelling when it knows them)."""
    parts = [part.strip() for part in place.split(",")]
    # "THUNDER BAY, ON": a province's or state's code stays a code.
    return ", ".join(part if n and _STATE_CODE.fullmatch(part) else _part_case(part, gazetteer)
                     for n, part in enumerate(parts))


def _part_case(part: str, gazetteer: object) -> str:
    letters = [c for c in part if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return part
    region = resolve_place(gazetteer, part)
    if region is not None and squeezed(region.name) == squeezed(part):
        return region.name
    pieces = re.split(r"(\s+|-|'|’)", part)
    return "".join(_title_piece(pieces, i) for i in range(len(pieces)))


def _title_word(word: str) -> str:
    """``WASHINGTON`` → ``Washington``, ``McALLEN`` → ``McAllen``; ``D.C.`` stays."""
    if re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word
    if re.match(r"(?:Mc|MC)[A-Z]{2}", word):
        return "Mc" + word[2:].capitalize()
    return word.capitalize()


def _title_piece(pieces: list[str], i: int) -> str:
    # After a one-letter prefix an apostrophe starts a name ("O'BRIEN" -> "O'Brien"); after
    # a longer part it is a glottal stop inside one word ("NUKU'ALOFA" -> "Nuku'alofa",
    # "BA'A" -> "Ba'a").
    if i >= 2 and pieces[i - 1] in ("'", "’") and (len(pieces[i]) == 1 or len(pieces[i - 2]) > 1):
        return pieces[i].lower()
    return _title_word(pieces[i])


def squeezed(text: str) -> str:
    """``text`` with only its letters and digits, casefolded: how a name compares across
    its spellings ("Sketsa Sultra", "SKETSA-SULTRA", "sketsasultra.com")."""
    return re.sub(r"[\W_]+", "", text).casefold()


def _header_end(paragraph: str, gazetteer: object) -> tuple[int, int, bool] | None:
    """(end of header, start of story, ended by a dash) or None."""
    head = paragraph[: MAX_HEADER + 10]
    dash = shape.DASH.search(head)
    if dash is not None and dash.start() <= MAX_HEADER:
        return dash.start(), dash.end(), True
    for paren in shape.PAREN.finditer(head[:MAX_HEADER]):
        agency, after = paren.group(1), paragraph[paren.end() : paren.end() + 1]
        if agency.casefold() in KNOWN_AGENCIES and after in (" ", ":", "", "-", "–", "—"):
            return paren.end(), paren.end(), False
        dated = find_mentions(head[: paren.start()])
        if (after == " " and dated and agency.isupper() and len(agency) <= 8
                and paragraph[paren.end() + 1: paren.end() + 2].isupper()):
            return paren.end(), paren.end(), True  # "Ilorin, June 4, 2022 (NAN) The …"
        before = head[: paren.start()].strip(" ,")
        if (after == " " and before.isupper() and is_place(before) and agency.isupper()
                and len(agency) <= 8 and paragraph[paren.end() + 1: paren.end() + 2].isupper()):
            return paren.end(), paren.end(), True  # "DOMPU (DMO) Peselancar …": no dash
        if after == ":" and (is_organisation(agency) or resolve_place(gazetteer, before)
                             or (before.isupper() and is_place(before))):
            # "Jakarta, Dec 20 (Jakarta Post): …", "MEDAN (Waspada): …"
            return paren.end(), paren.end() + 1, True
    slashed = shape.SLASH_END.search(head[:MAX_HEADER])
    if slashed:  # "VLADIVOSTOK, June 5. /TASS/. A new …"
        return slashed.end("agency") + 1, slashed.end(), True
    colon = shape.COLON.match(head)
    if colon and (_colon_place_ok(colon.group(1), gazetteer) or (
            colon["date"] and _is_date(colon["date"].strip(" ,"))
            and is_place(colon.group(1)[: colon.start("date")]))):
        return colon.end(1), colon.end(), True
    return None


def _colon_place_ok(place: str, gazetteer: object) -> bool:
    """``PETALING JAYA: …`` (Malaysian style): a shouted or known place, not a label."""
    if place.split()[0].lower() in _PERSON_TITLES or place.lower() in LABELS:
        return False
    shouted = place.isupper() and (" " in place or len(place) >= 4)  # not "KPK:" quoting
    known = any(resolve_place(gazetteer, part) is not None for part in shape.PARTS.split(place))
    return known or shouted


def parse_dateline(paragraph: str, gazetteer: object = None) -> Parsed | None:
    """The dateline at the start of ``paragraph``, or None when it does not have one."""
    marked = shape.MARKED_PLACE.match(paragraph)
    if marked:  # "📍 *AJIBARANG* – Bupati …": a chat message's pin and bold
        paragraph = marked["place"] + paragraph[marked.end():]
    byline = shape.BYLINE_FIRST.match(paragraph)
    if byline:
        inner = parse_dateline(paragraph[byline.end():], gazetteer)
        if inner is not None and inner.place and inner.place.isupper():
            name, place = _split_name_place((byline["barred"] or byline["name"]).strip(),
                                            inner.place, gazetteer)
            return replace(inner, header=f"{byline.group(0)}{inner.header}", byline=name,
                           place=place)
    found = _parse_with_stamp(paragraph, gazetteer)
    wire = shape.AGENCY_FIRST.match(found.rest) if found and found.agency is None else None
    if found and wire and (_is_agency(wire["agency"]) or len(wire["agency"].split()) <= 3):
        # "RENO, Nev.--(BUSINESS WIRE)--Northwind …": the agency after the place's dash.
        rest = found.rest[wire.end():]
        return Parsed(found.place, wire["agency"], found.date_text, rest,
                      paragraph[: len(paragraph) - len(rest)].strip())
    return found


def _split_name_place(name: str, place: str, gazetteer: object) -> tuple[str, str]:
    """"Oleh NORHAYATI ISMAIL KOTA BHARU –": where a shouted name runs into a shouted
    place, the place is the longest known tail of the run."""
    words = place.split()
    if name.isupper() and resolve_place(gazetteer, place) is None:
        for cut in range(1, len(words)):
            if resolve_place(gazetteer, " ".join(words[cut:])) is not None:
                return f"{name} {' '.join(words[:cut])}", " ".join(words[cut:])
    return name, place


def _parse_with_stamp(paragraph: str, gazetteer: object) -> Parsed | None:
    stamp = (shape.STAMP.match(paragraph) or shape.LABELLED_STAMP.match(paragraph)
             or shape.BARE_STAMP.match(paragraph))
    if stamp and find_mentions(stamp.group(1)):  # "Senin, 20 Mei 2019 20:15 WIT | AMBON – …"
        inner = _parse_with_stamp(paragraph[stamp.end():], gazetteer)
        if inner is not None:
            header = paragraph[: len(paragraph) - len(inner.rest)].strip()
            return Parsed(inner.place, inner.agency, inner.date_text or stamp.group(1).strip(),
                          inner.rest, header)
    first = shape.AGENCY_FIRST.match(paragraph)
    if first and _is_agency(first["agency"]):
        inner = _parse_dateline(paragraph[first.end():], gazetteer)
        if inner is not None and inner.agency is None:
            header = paragraph[: len(paragraph) - len(inner.rest)].strip()
            return Parsed(inner.place, first["agency"], inner.date_text, inner.rest, header)
        rest = paragraph[first.end():]
        return Parsed(None, first["agency"], None, rest, paragraph[: first.end()].strip())
    found = _parse_dateline(paragraph, gazetteer)
    after = (shape.SHOUTED_PLACE.match(found.rest)
             if found and not found.place and found.agency else None)
    if found and after and resolve_place(gazetteer, after["place"]):
        # "KONTAN.CO.ID - PALEMBANG. Harga karet …": the outlet, then its place.
        return Parsed(after["place"], found.agency, found.date_text, found.rest[after.end():],
                      f"{found.header} {after.group(0).strip()}")
    wired = shape.WIRE_AND_DATE.match(found.rest) if found and found.agency is None else None
    if found and wired and _is_date(wired["date"]) and not _is_date(wired["agency"]):
        rest = found.rest[wired.end():]
        return Parsed(found.place, wired["agency"], wired["date"], rest,
                      paragraph[: len(paragraph) - len(rest)].strip())
    glued = (shape.GLUED_DOMAIN.match(paragraph)
             if found is None or not (found.place and found.agency) else None)
    if glued and resolve_place(gazetteer, glued["place"]) is not None:
        return Parsed(glued["place"], glued["agency"], None, paragraph[glued.end():],
                      paragraph[: glued.end()].strip())
    period = shape.PERIOD.match(paragraph) if found is None else None
    if period and resolve_place(gazetteer, period["place"].split(",")[0]) is not None:
        return Parsed(period["place"], None, None, paragraph[period.end():],
                      paragraph[: period.end()].strip())
    bare = shape.NO_DASH.match(paragraph) if found is None else None
    if bare and resolve_place(gazetteer, bare["place"]) is not None:
        return Parsed(bare["place"], None, None, paragraph[bare.end():],
                      bare["place"])
    dated = shape.PLACE_DATE.match(paragraph) if found is None else None
    if dated and _is_date(dated["date"]) and resolve_place(gazetteer, dated["place"]):
        # "KUCHING (Feb 18): Three siblings …": a known place and its date in brackets.
        return Parsed(dated["place"], None, dated["date"], paragraph[dated.end():],
                      paragraph[: dated.end()].strip())
    return found


def _parse_dateline(paragraph: str, gazetteer: object) -> Parsed | None:
    ends = _header_end(paragraph, gazetteer)
    glued = shape.GLUED.match(paragraph)
    if ends is None and glued and resolve_place(gazetteer, glued.group(1)) is not None:
        ends = (glued.end(1), glued.end(), True)
    if ends is None:
        return None
    end, start, dashed = ends
    header = paragraph[:end].strip(" ,:")
    agency: str | None = None
    remainder = header
    slashed = shape.SLASHED.search(header)
    if slashed and not header[slashed.end():].strip(" ,:"):
        header = f"{header[: slashed.start()].rstrip()} ({slashed['agency']})"
    agency_parens = [p for p in shape.PAREN.finditer(header) if not _is_date(p.group(1))]
    if agency_parens:
        last = agency_parens[-1]
        if header[last.end() :].strip(" ,:"):
            return None  # "(X)" in the middle: a sentence, not a dateline
        agency = last.group(1)
        if not dashed and agency.casefold() not in KNOWN_AGENCIES:
            return None
        remainder = header[: last.start()].strip(" ,")
    places: list[str] = []
    dates: list[str] = []
    from_part = False
    parts = [p.strip() for p in shape.PARTS.split(remainder) if p.strip()]
    named = [k for k, part in enumerate(parts) if is_known_agency(part)]
    if agency is None and len(named) == 1 and len(parts) > 1:
        # "CURUP, RAKYATBENGKULU.COM", "SULTRAKINI.COM: KENDARI": the one part that names an
        # outlet (its domain, or an agency's name) is the agency, whatever the others are.
        agency, from_part = parts.pop(named[0]), named[0] == 0
    for raw in parts:
        if dates and shape.BARE_YEAR.fullmatch(raw):  # "June 27, 2023": the year of that date
            dates[-1] = f"{dates[-1]}, {raw}"
            continue
        if _is_date(raw):
            dates.append(raw)
        elif (
            agency is None
            and _is_agency(raw)
            and not resolve_place(gazetteer, raw)
            and (places or "," in remainder or "|" in remainder or is_known_agency(raw))
        ):
            agency, from_part = raw, not places
        elif agency is None and places and dashed and _NUMBERED_OUTLET.fullmatch(raw):
            agency = raw  # "Limboto, Barta1 –": a name with a number in it is no place
        elif (split := _place_then_date(raw)) is not None and not dates:
            places.append(split[0])  # "ALOR SETAR 24 Mei": a place and its date, no comma
            dates.append(split[1])
        elif (is_place(raw) or (places and _STATE_CODE.fullmatch(raw))) and not dates:
            places.append(raw)  # "THUNDER BAY, ON": a province's code is the place's part
        else:
            return None
    if len(places) > 3 or not (places or agency):
        return None
    places, agency = _agency_among_places(places, agency, from_part, gazetteer, bool(dates))
    place = ", ".join(places) or None
    rest = paragraph[start:].lstrip(" -–—:")
    if agency is None and place is not None and not _bare_place_ok(place, rest, gazetteer):
        return None
    if agency is not None and not (_is_agency(agency) or (dashed and len(agency.split()) <= 3)):
        return None
    return Parsed(place, agency, ", ".join(dates) or None, rest, paragraph[:start].strip())


def _is_qualifier(part: str, gazetteer: object) -> bool:
    """The state or country after a place: ``Kan.``, ``Japan``, ``Sarawak``."""
    region = resolve_place(gazetteer, part)
    return part.endswith(".") or (region is not None and region.kind in QUALIFIER_KINDS)


def _agency_among_places(places: list[str], agency: str | None, from_part: bool,
                         gazetteer: object, dated: bool = False) -> tuple[list[str], str | None]:
    """Which comma part is the outlet, by what the gazetteer knows of the others.

    ``HAYS, Kan.``, ``KIKUYO, Japan`` and ``AUKI, Malaita Province`` are a shouted place and
    its state, country or province (known as one, or unknown), not an agency;
    ``TIMESINDONESIA, MALANG`` and ``MURIANEWS | KUDUS`` name the outlet before a shouted
    known place; ``Merauke, Jubi`` names it after a known place.
    """
    if (agency is not None and from_part and agency.isupper()
            and not is_known_agency(agency) and resolve_place(gazetteer, agency) is None
            and (places or dated)
            and all(_is_qualifier(p, gazetteer) or resolve_place(gazetteer, p) is None
                    or _regency_of_town(agency, p, gazetteer) for p in places)):
        return [agency, *places], None  # "TUTONG, 17 Feb –": a shouted place and a date
    if agency is not None or len(places) != 2:
        return places, agency
    first, second = places
    single = [len(p.split()) == 1 and resolve_place(gazetteer, p) is None
              and not p.endswith(".") for p in places]
    if single[0] and second.isupper() and resolve_place(gazetteer, second) is not None:
        return [second], first
    region = resolve_place(gazetteer, second)
    if (single[0] and first.isupper() and not second.isupper() and region is not None
            and region.kind not in QUALIFIER_KINDS and _OUTLET_WORD.search(first)):
        # "INILAHCOM, Garut": a shouted outlet, then a known town; "SEKAYU, Musi Banyuasin"
        # is a shouted town and its regency (no outlet's word in it).
        return [second], first
    known = resolve_place(gazetteer, first)
    outlet_like = (len(second.split()) <= 3 and resolve_place(gazetteer, second) is None
                   and not second.endswith(".") and all(w[:1].isupper() for w in second.split()))
    if (single[1] or outlet_like) and known is not None and known.kind not in QUALIFIER_KINDS:
        return [first], second  # "Merauke, Jubi", "WAISAI, Cahaya Papua"
    return places, agency


def _regency_of_town(first: str, part: str, gazetteer: object) -> bool:
    """"SEKAYU, Musi Banyuasin": a shouted word with no outlet's mark in it, then a regency
    in title case, is a town and its regency."""
    region = resolve_place(gazetteer, part)
    return (region is not None and region.kind == "regency" and not part.isupper()
            and not _OUTLET_WORD.search(first))


_NUMBERED_OUTLET = re.compile(r"[A-Z][A-Za-z]{2,}\d{1,3}(?:\.[a-z]{2,3})?")
_OUTLET_WORD = re.compile(r"(?:COM|NEWS|TV|FM|ONLINE|POS|POST|TIMES|DAILY|KINI|MEDIA|PRESS|ID)$"
                          r"|\d|\.", re.IGNORECASE)


def _bare_place_ok(place: str, rest: str, gazetteer: object) -> bool:
    """A dash after a bare place is a dateline only when the place is surely one: known to
    the gazetteer, shouted, or a single capitalized word; and a new sentence follows."""
    if rest[:1].islower():
        return False  # "Lampung Selatan - yang dikenal …" is an aside, not a dateline
    if resolve_place(gazetteer, place) is not None:
        return True
    if place.replace(",", "").replace(".", "").isupper():
        return True
    first, *rest_parts = [part.strip() for part in place.split(",")]
    if first.isupper() and rest_parts and all(
        _is_qualifier(p, gazetteer) or (p[:1].isupper() and len(p.split()) <= 3)
        for p in rest_parts
    ):
        return True  # "HAYS, Kan.", "LEGAZPI CITY, Albay": a shouted place and its region
    parts = [first, *rest_parts]
    if (len(parts) == 2 and all(1 <= len(p.split()) <= 3 for p in parts)
            and not any(p.split()[0].lower() in LABELS | _PERSON_TITLES for p in parts)
            and re.match(r"[A-Z](?:[a-z]|\s)", rest)):
        return True  # "Tamale, Northern Region — A cooperative …": a town and its region
    return len(place.split()) == 1
