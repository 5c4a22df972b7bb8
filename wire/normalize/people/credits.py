"""Bylines and credits: moved out of the body into ``by`` (people) and ``infosources``.

Two of the places that hold them are read here: reporter lines just under the headline
(``By Jane Doe``, ``Oleh: Nama``, ``Laporan wartawan Tribunlampung.co.id, Nama``) and footer
lines (``Pewarta: X``, ``Editor: Y``, ``Sumber: Z``, ``(ant/dra)``, ``Reuters``); a credit
glued to the end of the last paragraph is ``glued``'s.
"""

from __future__ import annotations

import re

from wire.normalize.draft import Draft, add_unique, change, with_changes
from wire.normalize.lines.paragraphs import BULLETS
from wire.normalize.people.agencies import (
    AGENCY_CODES,
    KNOWN_AGENCIES,
    agency_name,
    is_organisation,
    looks_like_person,
    person_name,
)
from wire.normalize.roles.credit_lines import parse_credit_line
from wire.normalize.when.calendar import find_mentions
from wire.story import Change

_BYLINE = re.compile(
    r"(?:by|oleh|reporter|wartawan|penulis|pewarta|editor|redaktur|kontributor|koresponden"
    r"|reported\s+by|written\s+by|laporan\s+(?:wartawan|reporter|jurnalis|koresponden|kontributor)"
    r"(?:\s+(?P<org>[\w.]+(?:\s+[A-Z][\w.]*){0,2}?))?)\s*[:,]?\s+(?P<names>\S.{0,150})",
    re.IGNORECASE,
)
# "Laporan Wartawan Tribun Medan, Fredy Santoso": the outlet (any words) up to the comma.
_REPORTER_LINE = re.compile(
    r"laporan\s+(?:wartawan|reporter|jurnalis|koresponden|kontributor)\s+"
    r"(?P<org>[^,:]{2,60}?)\s*,\s*(?P<names>\S.{0,150})",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"(?P<label>pewarta|editor|editing|penulis|reporter|reporting|wartawan|redaktur|penyunting|"
    r"writing|fotografer|foto|photo|sumber|source|kontributor|koresponden|laporan|oleh|"
    r"penerjemah|translator|uploader|publisher|produser|producer|desk|compiled\s+by|written\s+by"
    r"|edited\s+by|reported\s+by|additional\s+reporting\s+by)\s*[:\-]\s*(?P<names>\S.{0,150})",
    re.IGNORECASE,
)
_SOURCE_LABELS = {"sumber", "source", "publisher"}
_ROLE = re.compile(
    r"^\s*(?:(?:additional\s+)?(?:reporting|editing|writing|compiled|reported|edited|written|"
    r"photos?|graphics?|laporan|penulis|editor)\s+(?:by|oleh)\b|(?:pewarta|editor|penulis)\s*:)\s*",
    re.IGNORECASE,
)
_EDITING = re.compile(
    r"^\s*(?:(?:editing|edited)\s+by\b|(?:editor|redaktur|penyunting)\s*[:\-])", re.IGNORECASE
)
# AP's trailer: "Associated Press writers Jane Poe in Boston and Ed Roe contributed to this report."
_CONTRIBUTED = re.compile(
    r"(?:(?:the\s+)?(?:associated\s+press|ap|reuters|afp)\s+)?"
    r"(?:writers?|reporters?|correspondents?|journalists?)\s+(?P<names>[A-Z].{1,150}?)\s+"
    r"contributed(?:\s+(?:to\s+)?(?:this\s+)?(?:report|story|reporting))?\.?",
    re.IGNORECASE,
)
_EDITOR_LABELS = {"editor", "editing", "edited by", "redaktur", "penyunting"}
_IN_PLACE = re.compile(r"\s+(?:in|di|from)\s+[A-Z][\w.'’ -]{0,40}$")
_LIST = re.compile(r"\s*(?:,|;|&|\band\b|\bdan\b)\s*")
# "Reuters Staff", "AP Staff Writer": the agency's desk, not a person.
_AGENCY_STAFF = re.compile(
    r"(?:the\s+)?(associated\s+press|ap|reuters|afp|bernama|bloomberg|xinhua|antara|kyodo)"
    r"\s+(?:staff(?:\s+(?:writers?|reporters?))?|writers?|correspondents?|reporters?|newsroom|desk|wires?)",
    re.IGNORECASE,
)
# A lone code in capitals on the last line ("MDS", "RED"): a desk or outlet code.
_LONE_CODE = re.compile(r"[A-Z]{2,5}")
_PUBLISHED = re.compile(
    r"^(?:published|updated|posted|diterbitkan|diperbarui|dipublikasikan|terbit|dikemaskini)"
    r"\s*(?:on|pada)?\s*:?\s*",
    re.IGNORECASE,
)
BRAND = re.compile(r"^(?!Mc|Mac)[A-Z][A-Za-z]*[a-z][A-Z][A-Za-z]*$|^[A-Z]{2,}[a-z]+[A-Za-z]*$")
_DOMAIN_NAME = re.compile(r"^[\w-]+\.(?:com|co\.id|co|id|net|org|my|news)$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"(?:copyright|hak\s+cipta|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s*)?(?P<org>.{1,80}?)(?:\s+\d{4})?\.?(?:\s*all\s+rights\s+reserved\.?)?",
    re.IGNORECASE,
)
ROLE_WORDS = re.compile(
    r"\b(?:reporting|editing|writing|compiled|edited|written)\s+by\b", re.IGNORECASE
)
_WIRE_DESK = re.compile(
    r"(?:the\s+)?(associated\s+press|ap|reuters|afp|bernama|bloomberg)"
    r"(?:\s+[A-Z][\w-]*){0,3}?(?:\s+(?:writers?|correspondents?|reporters?|editors?))?",
    re.IGNORECASE,
)
# "PTI SKC RDM": the agency and its desk staff's initials.
_DESK_CODES = re.compile(
    r"(PTI|IANS|ANI|UNI|ANTARA|Bernama|BERNAMA|Xinhua|AFP|AP)((?:\s+[A-Z]{2,4}){1,5})"
)
# End codes that name no one: press release, advertorial, the newsroom itself.
_NOT_PEOPLE = frozenset({"rls", "adv", "advertorial", "red", "redaksi", "ist", "net", "dok"})
# "NAB AZN" on the last line: desk staff initials with no agency before them.
_STAFF_CODES = re.compile(r"[A-Z]{2,4}(?:\s*/\s*|\s+)[A-Z]{2,4}(?:(?:\s*/\s*|\s+)[A-Z]{2,4}){0,3}")
_INITIALS = re.compile(r"^[a-z*]{1,5}$|^[A-Z]{1,4}$")
# Desk codes in a slash credit: "(kmb/balipost)", "(cr14/tribun-medan.com)", "(*/ant)".
# Lower-case words and codes that are no one's name; a digit code may stand alone.
_DESK_TOKEN = re.compile(r"^(?:[a-z]{2,12}|[a-z]{1,4}\d{1,3}|\*{1,3})$")
_DIGIT_CODE = re.compile(r"^[a-z]{1,4}\d{1,3}$")
# Lower-case words that a slash joins in a sentence ("dan/atau", "km/jam"): not credits.
_NOT_DESK = frozenset(
    {"dan", "atau", "and", "or", "km", "jam", "kg", "per", "hari", "bulan", "tahun", "orang",
     "unit", "ton", "liter", "ha", "rp", "usd", "detik", "menit", "his", "her", "he", "she",
     "yang", "the", "of", "di", "ke", "dari"}
)  # fmt: skip
# "jv/pst", "bur-dan/lb": AFP desk staff's initials on the last line.
_LOWER_STAFF_CODES = re.compile(r"[a-z]{2,4}(?:-[a-z]{2,4})?(?:/[a-z]{2,4}(?:-[a-z]{2,4})?){1,4}")
# "-- BERNAMA", "==Kyodo", "== AFP ==": an agency set off by dashes or equals signs.
_MARKED_AGENCY = re.compile(
    r"(?:[-–—]{1,2}|={1,3})\s*([A-Za-z][\w. ]{1,40}?)\s*(?:[-–—]{0,2}|={0,3})"
)
# "Kontributor Bali", "Koresponden Tokyo": the role and base before a name, not a name.
_ROLE_LABEL = re.compile(
    r"(?:kontributor|koresponden|wartawan|jurnalis|correspondent|stringer)(?:\s+[A-Z][\w.'’-]*){1,3}",
    re.IGNORECASE,
)


# "(jejakrekam)": an outlet's name in lower case, too long for a desk's initials.
_LOWER_BRAND = re.compile(r"[a-z][a-z0-9]{5,24}")


def split_credit(credit: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """People and organisations named in one credit (``ant/dra``, ``Reporting by X; …``).

    Editors are not credited: ``by`` names who made the story, not who edited it.
    """
    people: list[str] = []
    orgs: list[str] = []
    parts = re.split(r"\s*[;/|]\s*", credit)
    for part in parts:
        if _EDITING.match(part):
            continue
        part = _ROLE.sub("", part).strip(" .,:-–—")
        for name in filter(None, _LIST.split(part)):
            name = _IN_PLACE.sub("", name.strip(" .,:-–—()")).strip()
            if not name or name == "*" or name.casefold() in _NOT_PEOPLE:
                continue
            if _ROLE_LABEL.fullmatch(name):
                continue  # "Penulis: Kontributor Bali, Made Wirasana": Made Wirasana wrote it
            staff = _AGENCY_STAFF.fullmatch(name)
            if staff:  # "By Reuters Staff": the agency's desk
                orgs.append(agency_name(staff.group(1)))
                continue
            if (
                name.casefold() in AGENCY_CODES
                or (is_organisation(name) and not _INITIALS.match(name))
                or (len(parts) > 1 and re.fullmatch(r"[a-z]{5,12}", name) is not None)
                or _LOWER_BRAND.fullmatch(name) is not None  # "(jejakrekam)"
                or (name.isupper() and len(name) <= 6 and name.casefold() not in AGENCY_CODES)
            ):
                orgs.append(agency_name(name))
            else:
                people.append(person_name(name))
    return tuple(people), tuple(orgs)


def is_credit(credit: str) -> bool:
    """True when a parenthesized or trailing string is a credit, not part of a sentence."""
    text = credit.strip()
    if not re.search(r"[A-Za-z]", text) or find_mentions(f"({text})"):
        return False
    if ROLE_WORDS.search(text) or _LOWER_BRAND.fullmatch(text):
        return True
    parts = [p.strip() for p in re.split(r"[/;|]", text)]
    if any(p.casefold() in _NOT_DESK for p in parts):
        return False
    return all(
        p
        and len(p) <= 40
        and (is_organisation(p) or looks_like_person(p) or _desk_code(p, len(parts)))
        for p in parts
    )


def _desk_code(part: str, parts: int) -> bool:
    """A desk code in a credit: lower-case words in a slash credit, or a code like ``cr14``."""
    return bool(_DIGIT_CODE.match(part) or (parts > 1 and _DESK_TOKEN.match(part)))


def credit_notes(
    credit: str, by: tuple[str, ...], src: tuple[str, ...], step: str, action: str
) -> tuple[tuple[str, ...], tuple[str, ...], list[Change]]:
    people, orgs = split_credit(credit)
    notes = [change(step, action, p, "by") for p in people]
    notes += [change(step, action, o, "infosources") for o in orgs]
    return add_unique(by, *people), add_unique(src, *orgs), notes


def take_byline(draft: Draft) -> Draft:
    """Reporter lines just under the headline go to ``by`` (their outlet to infosources)."""
    lines, by, src, notes = list(draft.lines), draft.by, draft.infosources, []
    checked = 0
    for i, line in enumerate(draft.lines):
        if not line.strip():
            continue
        if line.lstrip().startswith(BULLETS):
            continue  # Reuters' summary bullets sit above the byline
        checked += 1
        if checked > 3:
            break
        match = _reporter_line(line.strip()) or _BYLINE.fullmatch(line.strip())
        if match and is_credit(match.group("names").replace(" and ", "/").replace(",", "/")):
            by, src, found = credit_notes(match.group("names"), by, src, "credits", "moved-byline")
            if match.group("org"):
                src = add_unique(src, agency_name(match.group("org")))
                found.append(change("credits", "moved-byline", match.group("org"), "infosources"))
            notes += found
            lines[i] = ""
        elif _is_timestamp(line):
            notes.append(change("credits", "removed-timestamp-line", line.strip()))
            lines[i] = ""
        elif notes and (more := _AND_NAMES.fullmatch(line.strip())):
            # "Oleh NIK MUHAMMAD HAZWAN" over "dan SITI AISYAH RAMLI": one byline, two lines
            by, src, found = credit_notes(more.group("names"), by, src, "credits", "moved-byline")
            notes += found
            lines[i] = ""
        elif notes and (desk := _WIRE_DESK.fullmatch(line.strip())):
            src = add_unique(src, agency_name(desk.group(1)))
            notes.append(change("credits", "moved-byline", line.strip(), "infosources"))
            lines[i] = ""
        else:
            break
    if not notes:
        return draft
    return with_changes(draft, notes, lines=tuple(lines), by=by, infosources=src)


_AND_NAMES = re.compile(
    r"(?:dan|and|serta|&)\s+(?P<names>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,5})")


def _reporter_line(line: str) -> re.Match[str] | None:
    """``Laporan Wartawan Tribun Medan, Nama``: an outlet of several words before the comma."""
    match = _REPORTER_LINE.fullmatch(line)
    return match if match and is_organisation(match.group("org")) else None


def _is_timestamp(line: str) -> bool:
    """A line that is only a publication date and time (``Kamis, 20 Desember 2018 10:15 WIB``)."""
    if len(line) > 160:  # a date line is short; skip the date scan on long paragraphs
        return False
    text = _PUBLISHED.sub("", line.strip())
    if len(text) > 80:
        return False
    mentions = find_mentions(text)
    if not mentions:
        return False
    rest = text.replace(mentions[0].text, "")
    return (
        re.fullmatch(
            r"[\s,|()\-–—:.]*(?:\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|WIB|WITA|WIT|GMT|UTC|[ECMP][SD]T))?)?[\s,|()\-–—:.]*",
            rest,
            re.IGNORECASE,
        )
        is not None
    )


def _is_brand(token: str) -> bool:
    """A one-word outlet name: known, a domain, or brand-cased (``MDSNews``)."""
    return token.casefold() in KNOWN_AGENCIES or bool(
        BRAND.match(token) or _DOMAIN_NAME.search(token)
    )


def _footer_credit(line: str) -> tuple[str, str] | None:
    """(label, credit) when a whole line is a footer credit."""
    text = line.strip()
    match = _FOOTER.fullmatch(text)
    if match:
        return match.group("label").lower(), match.group("names")
    if _ROLE.match(text) and ROLE_WORDS.search(text) and is_credit(text):
        return "credit", text  # "Reporting by X; Editing by Y" without brackets
    contributed = _CONTRIBUTED.fullmatch(text)
    if contributed:
        return "credit", contributed.group("names")
    paren = re.fullmatch(r"[\[(]\s*([^()\[\]]{1,300})\s*[\])]\.?", text)
    if paren and is_credit(paren.group(1)):
        return "credit", paren.group(1)
    dashed = _MARKED_AGENCY.fullmatch(text)
    if dashed and is_organisation(dashed.group(1)):
        return "credit", dashed.group(1)
    desk = _DESK_CODES.fullmatch(text)
    if desk:
        return "desk", "/".join((desk.group(1), *desk.group(2).split()))
    if _STAFF_CODES.fullmatch(text):
        return "desk", "/" + "/".join(re.split(r"[\s/]+", text))
    if _LOWER_STAFF_CODES.fullmatch(text) and not any(p in _NOT_DESK for p in text.split("/")):
        return "credit", text
    if " " not in text and len(text) <= 30 and (_is_brand(text) or _LONE_CODE.fullmatch(text)):
        return "source", text  # "MDSNews" or "MDS" alone on the last line
    copyright_ = _COPYRIGHT.fullmatch(text)
    if copyright_:
        return "source", copyright_.group("org").strip(" .")
    if len(text) <= 40 and text.casefold() in {
        "associated press",
        "reuters",
        "afp",
        "bernama",
        "ap",
    }:
        return "credit", text
    return None


def take_footer_credits(draft: Draft) -> Draft:
    """Credit lines at the foot of the copy (``Pewarta: X``, ``Editor: Y``) are moved out."""
    lines = list(draft.lines)
    found: list[tuple[str, str]] = []
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip():
            continue
        credit = _footer_credit(lines[i])
        if credit is None:
            break
        found.insert(0, credit)
        lines[i] = ""
    if not found:
        return draft
    by, src, notes = draft.by, draft.infosources, []
    credits = draft.credits
    for label, credit_text in found:
        new = tuple(c for c in parse_credit_line(
            credit_text if label == "desk" else f"{label}: {credit_text}") if c not in credits)
        credits += new
        notes += [change("credits", "credited", c.name, f"credits:{c.role}") for c in new]
        if label == "desk":  # "PTI SKC RDM": the agency, then its staff's initials
            agency, *initials = credit_text.split("/")
            by = add_unique(by, *initials)
            if agency:
                src = add_unique(src, agency_name(agency))
                notes.append(change("credits", "moved-footer-credit", agency, "infosources"))
            notes += [change("credits", "moved-footer-credit", i, "by") for i in initials]
        elif label in _EDITOR_LABELS:  # who edited it is not who made it: no credit
            notes.append(change("credits", "removed-editor-credit", credit_text))
        elif label in _SOURCE_LABELS:
            names = tuple(agency_name(n) for n in re.split(r"\s*[,;/]\s*", credit_text) if n)
            src = add_unique(src, *names)
            notes += [change("credits", "moved-footer-credit", n, "infosources") for n in names]
        else:
            by, src, more = credit_notes(credit_text, by, src, "credits", "moved-footer-credit")
            notes += more
    return with_changes(draft, notes, lines=tuple(lines), by=by, infosources=src,
                        credits=credits)
