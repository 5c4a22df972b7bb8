"""Reading a credit line into ``{name, role}`` credits.

A credit line is cut into segments at the separators layouts use (``;``, ``|``, ``•``, a
spaced slash, or a new label: ``Rep: A Red: B``); each segment's label word gives the role
(``lexicon.CREDIT_LABELS``) and the rest is one or more names. A segment with no label is
an outlet or office (``source``) when it reads like one, else a person credited as
reporter. Desk codes (``ant/dra``) are kept exactly as printed.
"""

from __future__ import annotations

import re

from wire.normalize.people.agencies import KNOWN_AGENCIES, agency_name, is_organisation
from wire.normalize.roles import lexicon
from wire.normalize.roles.features import opens_with_furniture
from wire.story import Credit, CreditRole

_WRAP = re.compile(r"^[\s\[{*_–—-]+|[\s\]}*_.–—-]+$")
_CODE = r"(?:[a-z]{1,5}(?:-?\d{1,3})?|[a-z]?\d{1,3}|[A-Z]{1,3}\d{1,3}|[a-z]{2,5}\.[a-z]{2,5}|\*+)"
# "ant/dra", "m27", "ahm.mt": a desk's initials as printed.
_DESK = re.compile(rf"^{_CODE}(?:\s?/\s?{_CODE}){{1,4}}$|^[a-z]{{1,4}}\d{{1,3}}$"
                   r"|^[a-z]{2,5}\.[a-z]{2,5}$|^[A-Z][a-z]{1,3}(?:/[A-Z][a-z]{1,3}){1,3}$")
# "(dof)" on a line of its own: a desk code in brackets.
# "(Tom)", "(Mad/Red)": a desk's initials in title case, as some desks sign.
_LONE_CODE = re.compile(r"^[(\[]\s*(?P<code>[a-z]{2,5}\d{0,3}|[a-z]{2,5}\.[a-z]{2,5}"
                        r"|[A-Z]{1,3}-\d{1,3}|[A-Z][a-z]{1,3}(?:/[A-Z][a-z]{1,3}){0,3})\s*[)\]]\.?$")
_PAIRED = re.compile(r"^\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)\.?$")
_SEGMENTS = re.compile(r"\s*(?:;|\s\|\s?|\|\s|•|·|\s/\s|\s[-–—]\s(?=[A-Z])"
                       # "… by Sylvester Jawa. Photo by Robert Sagin": a sentence per credit
                       r"|(?<=[a-z]{2})\.\s+(?=(?i:photos?|foto|pictures?|gambar|editing|edited"
                       r"|reporting|writing|written|translated|translation)\s))\s*")
_INNER_LABEL = re.compile(
    r"(?<![&])(?<!dan)(?:\s*/\s*|\s+)(?=(?:" + "|".join(label.replace(" ", r"\s+")
                                          for label, _ in lexicon.CREDIT_LABELS)
    + r")\s*:)", re.IGNORECASE)
# "Laporan wartawan Tribun Medan, Nama", "Kontributor Bali, Nama": the outlet or place
# before the comma is not a name.
_OUTLET_FIRST = re.compile(r"^laporan\s+\w+$|^(?:kontributor|koresponden)$", re.IGNORECASE)
# A place by its first word: "Kuala Kurun", "Sungai Penuh", "Tanjung Selor", "Kota Bharu".
_PLACE_NAME = re.compile(r"(?:kuala|sungai|sungei|kota|pulau|tanjung|teluk|bandar|muara|bukit|"
                         r"kampung|kampong|desa|pantai|labuhan|pangkalan|port|lake|mount|"
                         r"fort|san|santa|saint|st\.)\s+[A-Z]", re.IGNORECASE)
_NAMES = re.compile(r"\s*(?:,\s*(?:and|dan)\s+|,|\s+and\s+|\s+dan\s+|\s+&\s+)\s*")
_IN_PLACE = re.compile(r"\s+(?:in|di|from|dari)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
                       r"(?=$|\s+(?:at|and|dan)\b)")
_CONTACT = re.compile(r"\s+(?:at|di)\s+\S+@\S+|\s*<?\S+@\S+>?|\s+\(?@\w+\)?"
                      r"|\s+(?:or|atau|,)?\s*(?:tel\.?|telp\.?|phone|hp)?\s*\(?\+?\d[\d\s().-]{6,}\)?$",
                      re.IGNORECASE)
_ROLE_PREFIX = re.compile(r"^(?:kontributor|koresponden|wartawan|reporter|contributor)\s+"
                          r"[^,]{1,40},\s*", re.IGNORECASE)
_CONTRIBUTED = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}\s+)?(?:staff\s+)?(?P<kind>writers?|reporters?|"
    r"correspondents?|journalists?|photographers?)\s+(?P<names>.+?)\s+contributed\b.*$",
    re.IGNORECASE)
_LOWER_BRAND = re.compile(r"[a-z][a-z0-9]{5,24}")
_UPPER_CODE = re.compile(r"[A-Z]{1,3}\d{0,3}-\d{1,3}|[A-Z]\d{1,3}")
_BRACKETED_INITIALS = re.compile(r"[A-Z]{2,4}(?:/[A-Z]{2,4}){0,3}")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DOUBLE_LABEL = re.compile(
    r"^(?P<a>" + "|".join(label.replace(" ", r"\s+") for label, _ in lexicon.CREDIT_LABELS)
    + r")\s*/\s*(?P<b>" + "|".join(label.replace(" ", r"\s+") for label, _ in lexicon.CREDIT_LABELS)
    + r")\s*[:\-–—]\s*(?P<names>\S.*)$", re.IGNORECASE)
_DESK_NAME = re.compile(r"\b(?:web|news|online|digital|city|metro|foreign|sports?)\s+desk$",
                        re.IGNORECASE)
_FIRST_PUBLISHED = re.compile(r"^this\s+(?:report|story|article)\s+(?:by|from)\s+(?P<names>.+?)"
                              r"\s+was\s+(?:first\s+)?published\b", re.IGNORECASE)
_STAFF = re.compile(r"(?P<agency>.{2,40}?)\s+(?:staff|desk|newsroom|bureau)", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"\b(?:staff\s+writer|correspondent|koresponden|reporter|wartawan|"
                          r"editor|redaktur|writer|penulis)\b"
                          # an office's head signing a release: "Kepala Dishub Tanjungpinang"
                          r"|^(?:kepala|ketua|head|direktur|director|pengarah|pengerusi|chief)\s",
                          re.IGNORECASE)
_TRAILING = re.compile(r"\s*(?:contributed(?:\s+to\s+this\s+(?:report|story))?|"
                       r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bCorp)(?<!\bBhd)(?<!\bPte)(?<!\bJr)"
                       r"(?<!\bSr)\.)\s*$", re.IGNORECASE)


_DATED = re.compile(r"\s+(?:di|on|pada|,)?\s*(?:\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2},?\s+\d{4})"
                    r".*$")
_PAREN_TAIL = re.compile(r"\s*\([^()]{1,40}\)\s*$")


_ABBREV_END = re.compile(r"\b(?:Inc|Ltd|Co|Corp|Bhd|Pte|Jr|Sr|Tbk)\.$")


def _keep_abbreviation(original: str, cleaned: str) -> str:
    """``Foods, Inc.`` keeps its full stop; a sentence's is dropped."""
    return f"{cleaned}." if _ABBREV_END.search(original.strip()) and not cleaned.endswith(".") \
        else cleaned


def _clean_name(name: str) -> str:
    name = _PAREN_TAIL.sub("", name)  # "Dofi Iskandar (Pekanbaru)"
    name = _DATED.sub("", name)  # "Rahmat Hidayat di 9 November 2020"
    name = _CONTACT.sub("", name)
    name = _IN_PLACE.sub("", name)
    name = _TRAILING.sub("", name)
    return _keep_abbreviation(name, _WRAP.sub("", name).strip(" ,:;"))


def _is_office(names: str) -> bool:
    name = _clean_name(names)
    return bool(name) and len(name.split()) >= 2 and is_organisation(name) and not any(
        sep in name for sep in (",", " dan ", " and ", " & ", "/"))


def _people(names: str, role: CreditRole, label: str = "") -> list[Credit]:
    if role == "source":
        name = _clean_name(names)
        outlet, slash, code = name.rpartition("/")
        if slash and re.fullmatch(r"[a-z]{1,5}\d{0,3}", code) and outlet:  # "BERITA Mediacorp/fa"
            return [Credit(name=agency_name(outlet), role="source"), Credit(name=code, role="desk")]
        return [Credit(name=_keep_abbreviation(name, agency_name(name)), role=role)] if name else []
    names = _DATED.sub("", _ROLE_PREFIX.sub("", names.strip()))  # "Nama May 20, 2024"
    if role in ("reporter", "writer") and _is_office(names):
        # "Dikeluarkan oleh: Unit Komunikasi Korporat JPS", "Oleh: Humas Polres Sigi":
        # an office credited under a person's label is the story's source.
        return _people(names, "source")
    out = []
    if _OUTLET_FIRST.match(" ".join(label.split())):
        head, colon, rest = names.partition(":")
        if colon and len(head.split()) <= 3:  # "Kontributor Nunukan: Nama"
            names = rest
        head, comma, rest = names.partition(",")
        first, _, after = names.partition(" ")
        # "Kontributor Ester Lilis, Kuala Kurun", "Kontributor Rahmat Djafar, Oba": the
        # name, then the place (a person's two words before one word, or a place's words).
        name_first = (_PLACE_NAME.match(rest.strip())
                      or (len(head.split()) >= 2 and len(rest.split()) == 1
                          and not is_organisation(head)))
        if comma and len(head) <= 40 and name_first and not _PLACE_NAME.match(head.strip()):
            names = head
        elif comma and len(head) <= 40:
            if is_organisation(head):
                out.append(Credit(name=agency_name(head.strip()), role="source"))
            names = rest
        elif "." in first and after:
            out.append(Credit(name=agency_name(first), role="source"))
            names = after
    for part in _NAMES.split(names):
        name = _clean_name(part)
        if not name or len(name) > 60:
            continue
        if _TITLE_WORDS.search(name):  # "Nikkei staff writer": a job title, not a name
            continue
        if ":" in name or len(name.split()) > 6 or not (name[0].isupper() or name[0].isdigit()):
            continue  # "hiasan: Terminal …", a sentence's words, "#Hashtag": not a name
        staff = _STAFF.fullmatch(name)
        if staff:  # "By Reuters Staff": the agency's desk, not a person
            out.append(Credit(name=agency_name(staff["agency"]), role="source"))
            continue
        outlet, slash, person = name.partition("/")
        if slash and person and is_organisation(outlet):
            out.append(Credit(name=agency_name(outlet.strip()), role="source"))
            name = person.strip()
        shouted_org = is_organisation(name) and " " not in name.strip() and (
            name.isupper() or "." in name)
        # "By Laura Whitfield, The Kansas City Star": the paper after its reporter.
        outlet_after = (is_organisation(name) and len(name.split()) >= 2
                        and any(c.role != "source" for c in out))
        # "By WAM", "With inputs from WAM": an agency credited, not a person.
        kind: CreditRole = ("source" if (shouted_org or outlet_after)
                            and role in ("reporter", "contributor", "writer") else role)
        out.append(Credit(name=agency_name(name) if kind == "source" else name, role=kind))
    return out


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_BOTH = re.compile(r"(?:teks|text|berita|laporan)\s*(?:/|dan|and|&)\s*(?:foto|photos?)",
                   re.IGNORECASE)
# A prompt, a reading time or a row of hashtags is page furniture, never an outlet credited.
_PROMPT = re.compile(lexicon.anywhere(lexicon.SHARE).pattern
                     + r"|\bmin(?:ute)?s?\s+read\b|\bminit\s+bacaan\b|#\w+.*#\w+"
                     r"|^(?:visit|kunjungi|layari|lawati)\b", re.IGNORECASE)
_SMALL_WORD = re.compile(r"(?<![\w.@])[a-z]+\b(?![.@])")
_END_MARK = re.compile(r"(?:end(?:s|item)?(?:\s+(?:advance|adv|story|all))?|tamat|selesai|habis|"
                       r"more|ms|#+|\*+|x+|nnnn|zczc)\.?", re.IGNORECASE)


def _segment(segment: str, only: bool, default: CreditRole | None = None) -> list[Credit]:
    text = _keep_abbreviation(segment, _WRAP.sub("", segment))
    if not text or _END_MARK.fullmatch(text):  # "(END)", "-- ENDS --": an end mark
        return []
    if _DESK.match(text):
        return [Credit(name=text, role="desk")]
    if _LOWER_BRAND.fullmatch(text):  # "(jejakrekam)": an outlet in lower case
        return [Credit(name=text, role="source")]
    if _UPPER_CODE.fullmatch(text):
        return [Credit(name=text, role="desk")]  # "S-32", "H68-37": a desk's code
    if _CLOCK.search(text) and len(text) <= 20:
        return []  # "09.00 WIB": a time, nobody credited
    if _DESK_NAME.search(text) and len(text.split()) <= 4:  # "BR Web Desk"
        return [Credit(name=text, role="desk")]
    published = _FIRST_PUBLISHED.match(text)
    if published:  # "This report by The Canadian Press was first published June 8, 2019."
        return [Credit(name=agency_name(published["names"]), role="source")]
    contributed = _CONTRIBUTED.match(text)
    if contributed:
        kind = contributed["kind"].lower()
        role: CreditRole = ("photographer" if kind.startswith("photo")
                            else "writer" if kind.startswith("writer") else "contributor")
        return _people(contributed["names"], role)
    label = lexicon.CREDIT_LABEL.match(text)
    if label is None and _EMAIL.search(text):
        # "Saritha Menon in Mumbai at smenon41@bloomberg.net": a contact line names a person
        # (the role is the label's above it); an address alone credits no one.
        name = _clean_name(text)
        named = 2 <= len(name.split()) <= 4 and not is_organisation(name) and all(
            word[:1].isupper() for word in name.split()) and not any(c.isdigit() for c in name)
        return [Credit(name=name, role=default or "reporter")] if named else []
    if label:
        found = _people(text[label.end():], lexicon.credit_role(label["label"]), label["label"])
        if _BOTH.match(label["label"]):  # "Teks/Foto: Nama": wrote it and took the pictures
            found += [Credit(name=c.name, role="photographer") for c in found
                      if c.role != "source"]
        return found
    outlet, slash, person = text.partition("/")
    if slash and person.strip() and is_organisation(outlet):  # (Outlet/Reporter Name)
        return _people(text, "reporter")
    if ":" in text or _PROMPT.search(text) or opens_with_furniture(text):
        return []  # "NEWSPAPER SECTION: News", "Ikuti kami di Google News": not credits
    if len(_SMALL_WORD.findall(text)) >= 3:
        return []  # "Ratna adalah jurnalis gudeg.net yang meliput …": a sentence, no credit
    if default is not None:
        return _people(text, default)
    words = len(_clean_name(text).split())
    if only and words <= 12 and is_organisation(text) and not text.endswith((".", "!", "?")):
        return [Credit(name=agency_name(text), role="source")]  # an office, as credited
    if words > 5:  # an unlabelled credit is a name, not a sentence
        return []
    if is_organisation(text) or (only and text.isupper()):
        return [Credit(name=agency_name(text), role="source")]
    return _people(text, "reporter") if only and len(text) <= 60 else []


def label_only(line: str) -> CreditRole | None:
    """The role of a line that is only a credit label (``To contact the editors …:``),
    which the lines under it inherit."""
    text = _WRAP.sub("", line.strip()).rstrip(":").strip()
    label = lexicon.CREDIT_LABEL.match(text + ": x")
    if label is None or label.end() < len(text) + 1:
        return None
    if label["label"].casefold() in lexicon.MARKED_ONLY and not line.rstrip().endswith(":"):
        return None  # "Berita" over "| Wilayah": a section's name, not a label
    return lexicon.credit_role(label["label"])


def _split_labels(chunk: str) -> list[str]:
    """``chunk`` cut before each label inside it, never inside the label it opens with
    ("Disunting oleh: Nama" is one label, not "Disunting" and "oleh: Nama")."""
    lead = lexicon.CREDIT_LABEL.match(chunk)
    if lead is None:
        return _INNER_LABEL.split(chunk)
    first, *rest = _INNER_LABEL.split(chunk[lead.end():])
    return [chunk[: lead.end()] + first, *rest]


def _with_labels(parts: list[str]) -> list[str]:
    """A bare label cut from its names by a dash ("Wartawan – Nama | Jurugambar – Nama")
    is joined to them again."""
    out: list[str] = []
    for part in parts:
        # "Nama - Reporter | December 15, 2021": a job title after a name, then a date.
        if out and label_only(out[-1]) and not label_only(part) and not any(
                c.isdigit() for c in part):
            out[-1] = f"{out[-1]}: {part}"
        else:
            out.append(part)
    return out


def parse_credit_line(line: str, default: CreditRole | None = None) -> list[Credit]:
    """The credits one credit line prints, in order; [] when it credits nobody.
    ``default`` is the role of unlabelled names (from a label line above)."""
    lone = _LONE_CODE.match(line.strip())
    if lone and not _END_MARK.fullmatch(lone["code"]):  # "(end)" ends, it credits no one
        return [Credit(name=lone["code"], role="desk")]
    paired = _PAIRED.match(line.strip())
    raw = paired["inner"] if paired else line.strip()
    text = _keep_abbreviation(raw, _WRAP.sub("", raw if paired else raw.rstrip(" .")))
    if _DESK.match(text) or ((paired or "/" in text) and _BRACKETED_INITIALS.fullmatch(text)
                             and not any(part.casefold() in KNOWN_AGENCIES
                                         for part in (text, *text.split("/")))
                             and not _END_MARK.fullmatch(text)):
        return [Credit(name=text, role="desk")]  # "(DOD)": initials in brackets, no agency
    double = _DOUBLE_LABEL.match(text)
    if double:  # "Penulis/Editor: Rena Larasati": one person, two roles
        roles = (lexicon.credit_role(double["a"]), lexicon.credit_role(double["b"]))
        return [Credit(name=c.name, role=role) for role in roles
                for c in _people(double["names"], role)]
    parts = [p for chunk in _SEGMENTS.split(text) for p in _split_labels(chunk)]
    parts = _with_labels([p for p in parts if p.strip()])
    out: list[Credit] = []
    for part in parts:
        for credit in _segment(part, only=len(parts) == 1, default=default):
            if credit.name and credit not in out:
                out.append(credit)
    return out


# A photo credit at the end of a caption: "… di Ketereh. - Foto: NAMA", "(FOTO: Nama)",
# "… on a roof. Photo by Nama".
_CAPTION_CREDIT = re.compile(
    r"(?:[.!?]\s+|\s[-–—]\s*(?:[A-Z][\w.]{1,12}\s+)?|\(\s*(?:[A-Z][\w.]{1,12}\s+)?)"
    r"(?P<credit>(?:foto|photo|photograph|picture|imej|"
    r"gambar|pic|fotografer|photographer)"
    r"(?:\s+(?:by|oleh))?\s*[:]?\s+[^()]{2,80}?)\)?\.?$", re.IGNORECASE)


_SYMBOLS = re.compile(r"^[^\w(\[]+")
_CAPTION_TAGS = re.compile(r"\[/?caption\b[^\]]*\]", re.IGNORECASE)
# A caption opening with its credit: "Photo by Tiwonge Phiri: Grace Chirwa inspects a hive".
_CREDIT_FIRST = re.compile(r"^(?:photos?|foto|picture|gambar|pic)\s+(?:by|oleh)\s+"
                           r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*:\s+\S",
                           re.IGNORECASE)


def caption_credits(line: str) -> list[Credit]:
    """The photo credit a caption line ends with, if any."""
    # "📸 Foto: Nama"; a CMS's caption markup around the whole line.
    text = _SYMBOLS.sub("", _CAPTION_TAGS.sub(" ", line).strip())
    first = _CREDIT_FIRST.match(text)
    if first:
        return [Credit(name=first["name"], role="photographer")]
    label = lexicon.CREDIT_LABEL.match(text)
    if (label and lexicon.credit_role(label["label"]) == "photographer" and len(text) <= 80
            and _name_shaped(text[label.end():])):
        named = parse_credit_line(text)
        # "Foto: Warga menggunakan sampan di Jalan …": the caption's words, not a name.
        if all(_name_shaped(c.name) for c in named):
            return named
    match = _CAPTION_CREDIT.search(text)
    # "… untuk esok. Gambar 2 keping dlm lampiran": a count of photos, not who took them.
    return [c for c in parse_credit_line(match["credit"]) if not c.name[:1].isdigit()] if (
        match) else []


def _name_shaped(name: str) -> bool:
    """Capitalised words but for a name's particles ("Siti binti Ali", "Vincent van Gogh"):
    two words in lower case make a phrase, not a name."""
    lower = [w for w in name.split() if w[:1].islower() and w not in _NAME_PARTICLES]
    return len(lower) < 2


_NAME_PARTICLES = frozenset({"bin", "binti", "bt", "bte", "van", "von", "de", "da", "di", "del",
                             "der", "la", "le", "al", "el", "dan", "and", "a/l", "a/p", "boru"})


def is_photo_credit(line: str) -> bool:
    """"Photo by Dirk Tellei", "(Foto: Budi Santoso)": a line that is only a photo credit."""
    text = line.strip().strip("()[]")
    label = lexicon.CREDIT_LABEL.match(text)
    if label is None or len(text) > _PHOTO_CREDIT_CHARS:
        return False
    return lexicon.credit_role(label["label"]) == "photographer" and bool(caption_credits(text))


_PHOTO_CREDIT_CHARS = 80
CAPTION_CHARS = 320
"""A caption is a sentence or two under a photo; a longer paragraph is the story's."""


def is_job_title(line: str) -> bool:
    """A credit's second line: the byline's job title (``AP Medical Writer``)."""
    text = _WRAP.sub("", line.strip())
    return len(text.split()) <= 6 and bool(_TITLE_WORDS.search(text))


def is_contribution(line: str) -> bool:
    """``Nikkei staff writer Rin Ichino in Taipei contributed to this report.``: a credit in a
    sentence's clothes, whatever the tagger made of it."""
    text = line.strip()
    return len(text.split()) <= 30 and bool(_CONTRIBUTED.match(text)) and bool(
        re.search(r"\bcontributed\s+to\s+this\s+(?:report|story)", text, re.IGNORECASE))


def field_credits(text: str) -> list[Credit]:
    """The credits among a metadata line's fields, each labelled in its own segment
    ("Section: Benguet | Byline: Aileen Dulnuan | Editor: Ramon Baguilat")."""
    segments = _FIELD_SEPARATOR.split(text.strip())
    if len(segments) < 2:
        return []
    found: list[Credit] = []
    for segment in segments:
        label = lexicon.CREDIT_LABEL.match(segment)
        if label is not None and _LABEL_MARK.match(segment, label.end("label")) is not None:
            found += [c for c in parse_credit_line(segment) if c not in found]
    return found


_FIELD_SEPARATOR = re.compile(r"\s+[|•·]\s+")
_LABEL_MARK = re.compile(r"\s*[:–—]")
