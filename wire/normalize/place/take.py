"""Taking the dateline out of the copy: on the lead line, on a line of its own, or after a
deck, with its agency joined to the sources and a byline printed before it credited."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from wire.normalize.draft import Draft, add_unique, change, with_changes
from wire.normalize.lines.paragraphs import lead_index
from wire.normalize.people.agencies import agency_name
from wire.normalize.place import shapes as shape
from wire.normalize.place.dateline import (
    LABELS,
    QUALIFIER_KINDS,
    Parsed,
    is_known_agency,
    is_place,
    parse_dateline,
    place_case,
    squeezed,
)
from wire.normalize.place.region import resolve_place
from wire.normalize.roles.stamps import split_place_and_date
from wire.normalize.when.calendar import find_mentions, find_weekdays
from wire.story import Credit, Dateline

_PAST_LEAD = 1  # paragraphs past the lead where a dateline after a deck is looked for
_DECK_CHARS = 300


def _above_is_deck(paragraphs: Sequence[str]) -> bool:
    """Short paragraphs with no quote in them: a deck or a caption, not the story."""
    return all(len(p) <= _DECK_CHARS and not any(q in p for q in ('"', "“", "”"))
               for p in paragraphs)


def _own_line_dateline(paragraphs: tuple[str, ...],
                       gazetteer: object) -> tuple[int, Parsed] | None:
    """``SINGAPURA`` or ``KISUMU (KNA) -`` standing alone above the lead: the dateline on
    a line of its own, when the place is known or shouted and a paragraph follows."""
    for i in range(min(len(paragraphs) - 1, lead_index(paragraphs) + 1)):
        found = own_line_dateline(paragraphs[i], paragraphs[i + 1], gazetteer)
        if found is not None:
            return i, found
    return None


def own_line_dateline(line: str, following: str, gazetteer: object) -> Parsed | None:
    """The dateline ``line`` is, standing alone above the paragraph ``following``."""
    line = line.strip()
    joined = parse_dateline(f"{line} {following}", gazetteer) if len(line) <= 60 else None
    if joined is not None and len(joined.header) <= len(line) and (
            joined.place or joined.agency):  # "Palembang, Sumselupdate.com —"
        return replace(joined, rest="", header=line)
    own = shape.OWN_LINE.match(line)
    if own is None or not following.strip()[:1].isupper():
        return None
    place = own["place"].rstrip(",")
    parts = [part.strip() for part in place.split(",")]
    if len(parts) == 2 and not own["agency"] and [is_known_agency(p) for p in parts] == [
            False, True]:  # "KALABAHI, INSPIRASIALOR.COM": a place and its outlet's domain
        return Parsed(parts[0], parts[1], None, "", line)
    if place.casefold() in LABELS or not is_place(place.replace(",", " ")) or (
            own["agency"] and find_mentions(f"({own['agency']})")):
        return None  # "Padang, Senin (3/10/2022)": a place and its date, no agency
    # "BAUCAU, Timor-Leste": a shouted place, its country in title case.
    if (own["agency"] or resolve_place(gazetteer, place) is not None
            or place.split(",")[0].isupper()):
        return Parsed(place, own["agency"], None, "", line)
    return None


_MASTHEAD = re.compile(r"^\W*(?P<name>[^|»›>•·—–]{3,40}?)\s*(?:[|»›>•·—–]|$)")
# "Ikuti Barta1 di Google News", "Follow The Star on Telegram": a follow prompt names the
# outlet it is the furniture of.
_FOLLOW = re.compile(r"\b(?i:ikuti|follow|sertai)\s+(?i:akun\s+|kanal\s+|berita\s+)?"
                     r"(?P<name>[A-Z][\w.&-]*(?:\s+[A-Z0-9][\w.&-]*){0,3})\s+(?:di|on|melalui|via)\b")
_SITE = re.compile(r"(?P<name>[\w-]{4,40})\.(?:com|co\.id|co|id|net|org|my|news|tv)\b",
                   re.IGNORECASE)


def _printed_elsewhere(draft: Draft) -> set[str]:
    """The names the copy's own furniture gives as an outlet's, squeezed: a masthead opening
    a header line ("DIAN | Kamis …"), a site's domain ("kabarsumbawa.com"), a rights line's
    owner ("© 2023 Cahaya Papua")."""
    removed = [c.text for c in draft.changes if c.action.startswith("removed-") and c.text]
    names: set[str] = set()
    for line in (*draft.header_lines, *removed):
        if (head := _MASTHEAD.match(line)) is not None:
            names.add(squeezed(head["name"]))
        names |= {squeezed(m["name"]) for m in _SITE.finditer(line)}
        names |= {squeezed(m["name"]) for m in _FOLLOW.finditer(line)}
        if "©" in line or "copyright" in line.casefold():
            names.add(squeezed(re.sub(r"©|copyright|\d{4}|all rights reserved", "", line,
                                       flags=re.IGNORECASE)))
    return names


def _outlet_among_places(parsed: Parsed, elsewhere: set[str], gazetteer: object) -> Parsed:
    """"Waisai, Cahaya Papua –", "Roketkini, George Town –": of a place's two parts, one the
    gazetteer does not know and the copy prints again as its masthead is the outlet."""
    parts = [p.strip() for p in (parsed.place or "").split(",")]
    if len(parts) != 2:
        return parsed
    for n, part in enumerate(parts):
        other = parts[1 - n]
        if (len(squeezed(part)) >= 4 and squeezed(part) in elsewhere
                and resolve_place(gazetteer, part) is None
                and not part.endswith(".") and not other.endswith(".")  # "Mo." is a state
                and squeezed(other) not in squeezed(part)):
            return replace(parsed, place=other, agency=part)
    for n, part in enumerate(parts):
        if _names_outlet_beside(part, parts[1 - n], gazetteer):
            return replace(parsed, place=parts[1 - n], agency=part)
    return parsed


def _outlet_the_story_never_names(parsed: Parsed, story: Sequence[str]) -> Parsed:
    """"SELOKA | LANGKAWI –", neither part known: the one the story names again ("… ke
    Langkawi") is the place, the one it never names the outlet."""
    parts = [p.strip() for p in (parsed.place or "").split(",")]
    text = " ".join((parsed.rest, *story)).casefold()
    named = [len(p) >= 4 and re.search(rf"\b{re.escape(p.casefold())}\b", text) is not None
             for p in parts]
    if len(parts) != 2 or named.count(True) != 1:
        return parsed
    place = parts[named.index(True)]
    return replace(parsed, place=place, agency=parts[named.index(False)])


_ADMIN_WORDS = frozenset({"kota", "kabupaten", "kab.", "provinsi", "kecamatan", "distrik",
                          "desa", "kampung", "kelurahan", "pulau", "daerah", "negeri", "bandar",
                          "city", "county", "district", "province", "north", "south", "east",
                          "west", "utara", "selatan", "timur", "barat", "tengah"})


def _names_outlet_beside(part: str, other: str, gazetteer: object) -> bool:
    """"Bukittinggi, Singgalang", "Mimika Hari Ini, Timika": beside a town the gazetteer
    knows, a part it does not know that is one word, or a known place's name with words
    of its own ("Cahaya Papua"), is the outlet; "SEKAYU, Musi Banyuasin" (a town and its
    regency) and "Tamale, Northern Region" (neither known) are left as they are."""
    known = resolve_place(gazetteer, other)
    words = part.split()
    if (known is None or known.kind in QUALIFIER_KINDS or resolve_place(gazetteer, part)
            or part.endswith(".") or other.endswith(".") or not 1 <= len(words) <= 4
            or words[0].casefold() in _ADMIN_WORDS | LABELS or not part[:1].isupper()
            or squeezed(other) in squeezed(part) or (part.isupper() and not other.isupper())):
        return False
    if len(words) == 1:
        return not (known.kind == "regency" and other[:1].isupper() and not other.isupper())
    return any(resolve_place(gazetteer, " ".join(words[i:j])) is not None
               for i in range(len(words)) for j in range(i + 1, len(words) + 1)
               if (i, j) != (0, len(words)))


def _stamp_dateline(draft: Draft) -> Draft | None:
    """The dateline of a release whose place and date stand on their own line over the lead
    ("Sorong, 17 September 2020"), which the roles step took as the page's stamp."""
    split = split_place_and_date(draft.dateline_line) if draft.dateline_line else None
    if split is None or find_weekdays(split[0]) or not is_place(split[0]):
        return None  # "Minggu, 22 September 2019": a weekday and its date, no place
    place = place_case(split[0], draft.resources.gazetteer)
    note = change("dateline", "moved-dateline", draft.dateline_line, "dateline.place")
    return with_changes(draft, [note], dateline=Dateline(place=place, date_text=split[1]))


def take_dateline(draft: Draft) -> Draft:
    """The dateline leaves the first paragraph for ``dateline``; its agency joins infosources."""
    paragraphs = draft.paragraphs
    gazetteer = draft.resources.gazetteer
    found = next(
        (
            (i, parsed)
            for i in range(min(len(paragraphs), lead_index(paragraphs) + 1 + _PAST_LEAD))
            if (parsed := parse_dateline(paragraphs[i], gazetteer)) is not None
            and (i <= lead_index(paragraphs) or _above_is_deck(paragraphs[:i]))
        ),
        None,
    )
    if found is None:
        found = _own_line_dateline(paragraphs, gazetteer)
    if found is None and (stamped := _stamp_dateline(draft)) is not None:
        return stamped
    if found is None:
        return draft
    at, parsed = found
    if parsed.place and parsed.agency is None:
        parsed = _outlet_among_places(parsed, _printed_elsewhere(draft), gazetteer)
    if parsed.place and parsed.agency is None and "|" in parsed.header:
        parsed = _outlet_the_story_never_names(parsed, paragraphs[at + 1:])
    elif parsed.place and parsed.agency and squeezed(parsed.place) in (
            elsewhere := _printed_elsewhere(draft)) and squeezed(parsed.agency) not in elsewhere \
            and resolve_place(gazetteer, parsed.place) is None:
        # "SKETSA SULTRA | RAHA –" under the masthead "Sketsa Sultra": the outlet comes first.
        parsed = replace(parsed, place=parsed.agency, agency=parsed.place)
    place = place_case(parsed.place, draft.resources.gazetteer) if parsed.place else None
    agency = agency_name(parsed.agency) if parsed.agency else None
    dateline = Dateline(place=place, agency=agency, date_text=parsed.date_text)
    notes = [change("dateline", "moved-dateline", parsed.header, "dateline.place")]
    if agency:
        notes.append(change("dateline", "moved-dateline-agency", agency, "infosources"))
    rest = (parsed.rest,) if parsed.rest else ()
    above = paragraphs[:at]
    if above and at > lead_index(paragraphs) and _above_is_deck(above):
        # The story begins at its dateline: a deck or a caption above it is header.
        notes += [change("dateline", "removed-header-line", p) for p in above]
        above = ()
    lines = (*above, *rest, *paragraphs[at + 1 :])
    sources = add_unique((agency,), *draft.infosources) if agency else draft.infosources
    credits, by = draft.credits, draft.by
    if parsed.byline and all(c.name != parsed.byline for c in credits):
        credits = (*credits, Credit(name=parsed.byline, role="reporter"))
        by = add_unique(by, parsed.byline)
        notes.append(change("dateline", "moved-credit", parsed.byline, "credits:reporter"))
    return with_changes(draft, notes, dateline=dateline, lines=lines, infosources=sources,
                        credits=credits, by=by)
