"""Calendar words and date mentions in Indonesian, Malay and English copy.

``find_mentions`` finds the dates a text states (``Kamis 20/12``, ``Rabu (5/12/2018)``,
``Senin, 3 Desember 2018``, ``5 Dis``, ``Dec. 20``, ``Thursday``) without deciding a year;
``wire.normalize.when.dates`` decides. Month and weekday words are case-insensitive in the
regex but must be written capitalized (``Mei 20`` yes, ``may 20`` no: that is a verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "oktober": 10, "okt": 10, "nopember": 11,
    "desember": 12, "des": 12,
    # Malay
    "mac": 3, "julai": 7, "ogos": 8, "ogo": 8, "disember": 12, "dis": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
    "isnin": 0, "khamis": 3, "jumaat": 4,
}  # fmt: skip

ZONES: dict[str, float] = {
    "GMT": 0, "UTC": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "WIB": 7, "WITA": 8, "WIT": 9, "MYT": 8, "SGT": 8, "HKT": 8, "PHT": 8, "ICT": 7,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "IST": 5.5,
    "ACST": 9.5, "ACDT": 10.5, "AWST": 8, "NZST": 12, "NZDT": 13, "SAST": 2, "EAT": 3,
    "WAT": 1, "GST": 4, "PKT": 5, "BDT": 6, "NPT": 5.75, "MSK": 3, "EET": 2, "EEST": 3,
    "CAT": 2, "WET": 0, "WEST": 1, "IRST": 3.5, "AFT": 4.5, "MMT": 6.5, "BNT": 8, "TLT": 9,
    "CHST": 10, "PGT": 10, "SBT": 11, "VUT": 11, "NCT": 11, "FJT": 12, "TOT": 13,
    "AKST": -9, "AKDT": -8, "HST": -10, "ART": -3, "BRT": -3,
}  # fmt: skip

# US zones named without standard/daylight ("12:01 a.m. ET"): which one is meant
# depends on the date, see ``zone_offset``.
US_ZONES: dict[str, float] = {"ET": -5, "CT": -6, "MT": -7, "PT": -8}


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def us_daylight_time(day: date) -> bool:
    """True when US daylight saving time is in force on ``day`` (the rules since 2007:
    second Sunday of March to first Sunday of November)."""
    return _nth_sunday(day.year, 3, 2) <= day < _nth_sunday(day.year, 11, 1)


def zone_offset(name: str, day: date) -> float:
    """Hours from UTC of the zone ``name`` (``ZONES`` or ``US_ZONES``) on ``day``."""
    zone = name.upper()
    if zone in US_ZONES:
        return US_ZONES[zone] + (1 if us_daylight_time(day) else 0)
    return ZONES[zone]


def _alternation(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WD = rf"(?P<wd>{_alternation(WEEKDAYS)})"
_MON = rf"(?P<mon>{_alternation(MONTHS)})"
_PATTERNS = (
    # Kamis 20/12, Kamis (20/12), Rabu (5/12/2018), (20/12/2018)
    re.compile(
        rf"\b(?:{_WD}\s*,?\s*(?:\(\s*)?)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?\b",
        re.IGNORECASE,
    ),
    # Kamis, 20-12-2018
    re.compile(
        rf"\b(?:{_WD}\s*,?\s*(?:\(\s*)?)?(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-(?P<y>\d{{4}})\b",
        re.IGNORECASE,
    ),
    # Senin, 3 Desember 2018; 5 Dis; 20 December 2018; 10th January, 2022; 3rd of March
    re.compile(
        rf"\b(?:{_WD}\s*,?\s*(?:\(\s*)?)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b\.?(?:\s*,?\s*(?P<y>\d{{4}})\b)?",
        re.IGNORECASE,
    ),
    # Thursday, Dec. 20, 2018; Dec 20; December 20th
    re.compile(
        rf"\b(?:{_WD}\s*,?\s*)?{_MON}\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y>\d{{4}})\b)?",
        re.IGNORECASE,
    ),
    # 2018-12-20
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    # 08.12.2023, 05.07.2023: European dotted dates, only with a four-digit year (09.15 is
    # a time)
    re.compile(rf"\b(?:{_WD}\s*,?\s*)?(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})\b",
               re.IGNORECASE),
)
_WEEKDAY_ALONE = re.compile(rf"\b{_WD}\b(?!['’]?\w)", re.IGNORECASE)
# "Minggu" is also "week": "minggu lalu", "Minggu depan" are not Sundays.
# A capitalised word after it names a week ("Minggu Belia Kebangsaan", "Minggu Epidemiologi").
_NOT_SUNDAY = re.compile(r"\s+(?:lalu|depan|ini|ke|kemarin|pertama|kedua|terakhir|lagi)\b"
                         r"|\s+(?!Pagi|Siang|Sore|Malam|Petang|Dini)[A-Z][a-z]{2,}")
_YEAR = re.compile(r"(?<![\d/.,-])(?:19[5-9]\d|20\d\d)(?![\d/]|\.\d)")
# Every zone of the table but the bare military "Z" (a letter, not a zone, in prose), in
# capitals only, longest first so "WITA" is not read as "WIT".
_ZONE = re.compile(
    r"\b(" + "|".join(sorted((z for z in ZONES if len(z) > 1), key=len, reverse=True)) + r")\b"
)


@dataclass(frozen=True)
class Mention:
    """A date as the text states it; any part may be missing."""

    start: int
    text: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None


def _capitalized(word: str | None) -> bool:
    return word is None or word[:1].isupper()


def _mention(match: re.Match[str]) -> Mention | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    if not _capitalized(groups.get("wd")) or not _capitalized(groups.get("mon")):
        return None
    day = int(groups.get("d", 0))
    month = MONTHS[groups["mon"].lower()] if "mon" in groups else int(groups.get("m", 0))
    raw_year = groups.get("y")
    year = None if raw_year is None else int(raw_year) + (2000 if len(raw_year) == 2 else 0)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    bare_numbers = "mon" not in groups and "wd" not in groups and raw_year is None
    if bare_numbers and match.string[max(0, match.start() - 1) : match.start()] != "(":
        return None  # "2/3" is a fraction or a score; "(20/12)" is a date
    weekday = WEEKDAYS[groups["wd"].lower()] if "wd" in groups else None
    return Mention(match.start(), match.group(0).strip(" ,("), day, month, year, weekday)


def find_mentions(text: str) -> list[Mention]:
    """Full dates (day and month) stated in ``text``, in order of appearance."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            mention = _mention(match)
            if mention is not None:
                found.append(mention)
                taken.append(match.span())
    return sorted(found, key=lambda m: m.start)


def find_weekdays(text: str) -> list[Mention]:
    """Weekdays named on their own (``on Tuesday``, ``pada Kamis``), in order."""
    found = []
    for match in _WEEKDAY_ALONE.finditer(text):
        word = match.group("wd")
        if not word[:1].isupper():
            continue
        if word.lower() == "minggu" and _NOT_SUNDAY.match(text, match.end()):
            continue
        found.append(Mention(match.start(), word, weekday=WEEKDAYS[word.lower()]))
    return found


def stated_years(text: str) -> list[int]:
    """Years written in ``text``, most often stated first (ties: order of first mention)."""
    counts: dict[int, int] = {}
    for match in _YEAR.finditer(text):
        year = int(match.group(0))
        counts[year] = counts.get(year, 0) + 1
    return sorted(counts, key=lambda y: -counts[y])


# Zones spelled like English words ("ART EXHIBITION", "WET SEASON" in a shouted headline)
# count only right after a clock time.
_WORDLIKE_ZONES = frozenset({"ART", "CAT", "EAT", "WET", "WEST", "GST"})
_CLOCK_BEFORE = re.compile(r"\d(?:\s*[ap]\.?\s?m\.?)?\s*\(?$", re.IGNORECASE)


def first_zone(text: str) -> str | None:
    """The first time-zone abbreviation the text uses (``WIB``, ``EST``), if any."""
    for match in _ZONE.finditer(text):
        zone, start = match.group(1), match.start()
        if zone not in _WORDLIKE_ZONES or _CLOCK_BEFORE.search(text[max(0, start - 16) : start]):
            return zone
    return None
