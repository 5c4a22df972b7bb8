"""Embargo lines: ``EMBARGOED UNTIL 0001 GMT Dec 21`` and friends become ``embargoed``.

The time is read in the zone the line names (any zone in ``calendar.ZONES``: GMT/UTC,
US zones (``ET``/``PT`` without S/D read as standard or daylight time by the date),
CET, IST = UTC+5:30, JST, AEDT, WIB = UTC+7, WITA = +8, WIT = +9, MYT = +8;
none named = UTC) and returned in UTC. A missing year is the one
that makes the embargo the first such time from ``EMBARGO_WINDOW`` before the
submission on (an embargo a few days past still belongs to this year's story); a
missing date is the first such time of day from an hour before the submission on.
A declared embargo wins over the copy's.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from wire.normalize.draft import Draft, add_unique, change, with_changes
from wire.normalize.when.calendar import US_ZONES, WEEKDAYS, ZONES, find_mentions, zone_offset

EMBARGO_WINDOW = timedelta(days=30)
# Every zone the calendar knows (CET, IST, JST, AEDT, …), longest first so "WITA" is not
# read as "WIT"; the bare military "Z" is left out (it would match a word).
# ``ET``/``PT``… count only in capitals ("et" is a word in French copy).
_ZONE_NAMES = (
    "(?i:"
    + "|".join(sorted((z for z in ZONES if len(z) > 1), key=len, reverse=True))
    + ")|"
    + "|".join(US_ZONES)
)
_LINE = re.compile(
    r"[*\[(]?\s*(?:embargo(?:ed)?|under\s+embargo|hold\s+for\s+release|diembargo"
    r"|not\s+for\s+(?:publication|release|broadcast))(?:\s+for\s+(?:release|publication))?"
    # the time straight after the words: "HOLD FOR RELEASE 1800 GMT MONDAY 7 OCTOBER 2019"
    r"\s*(?P<rest>(?:[:\-–—]|\b(?:until|till|to|before|hingga|sampai|pukul)\b|(?=\d)).{0,200})?",
    re.IGNORECASE,
)
# "EMBARGOED TO 0001 THURSDAY MARCH 14": a 24-hour clock before the weekday.
_WEEKDAY_NAMES = "(?i:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
    r"|\b(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\b"
    rf"|\b(?P<h3>[0-2]\d)(?P<m3>[0-5]\d)\s*(?=(?:hrs|h|{_ZONE_NAMES}|{_WEEKDAY_NAMES})\b)"
    r"|\b(?P<word>midnight|noon|tengah\s+malam)\b",
    re.IGNORECASE,
)
# Malay and Indonesian parts of the day after a clock: afternoon and night are p.m.
_AFTERNOON = re.compile(r"\s*(?:petang|malam|sore|ptg)\b")
# Morning, and night at twelve: "12.01 pagi", "12.00 malam" are just after midnight.
_MORNING = re.compile(r"\s*(?:pagi|subuh|dini\s+hari|pg)\b")
_NIGHT = re.compile(r"\s*malam\b")
_ZONE_WORD = re.compile(rf"\b({_ZONE_NAMES})\b")
_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>[0-5]\d))?\b",
                     re.IGNORECASE)
_WEEKDAY_WORD = re.compile(
    r"\b(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b", re.I
)


def _clock(text: str) -> time | None:
    match = _CLOCK.search(text)
    if match is None:
        return None
    if match.group("word"):
        return time(12) if match.group("word").lower() == "noon" else time(0)
    hour = int(match.group("h") or match.group("h2") or match.group("h3"))
    minute = int(match.group("m") or match.group("m2") or match.group("m3") or 0)
    ampm = (match.group("ampm") or "").lower()
    after = text[match.end(): match.end() + 14].lower()
    if _AFTERNOON.match(after) and hour < 12:  # "jam 8.00 malam", "3.00 petang": p.m.
        hour += 12
    elif hour == 12 and (_MORNING.match(after) or _NIGHT.match(after)):
        hour = 0
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_embargo(text: str, submitted_at: datetime, default_zone: str = "UTC") -> datetime | None:
    """The UTC time an embargo line names, or None when it names no time. A line naming
    no zone is read in ``default_zone``."""
    clock = _clock(text)
    zone_match = _ZONE_WORD.search(text)
    zone_name = zone_match.group(1).upper() if zone_match else default_zone
    # "12:00 HRS (GMT+8)", "UTC+07:00": the offset written beside GMT or UTC decides.
    shift = _OFFSET.search(text)

    def zone(day: date) -> timezone:
        if shift is not None:
            hours = int(shift["h"]) + int(shift["m"] or 0) / 60
            return timezone(timedelta(hours=hours if shift["sign"] == "+" else -hours))
        return timezone(timedelta(hours=zone_offset(zone_name, day)))

    mentions = find_mentions(_CLOCK.sub(" ", text) if clock else text)
    if not mentions and clock is None:
        return None
    local_time = clock or time(0)
    if not mentions:
        return _next_time_of_day(
            local_time, zone(submitted_at.date()), submitted_at, _weekday(text)
        )
    when = mentions[0]
    assert when.day is not None and when.month is not None
    years = [when.year] if when.year else [submitted_at.year + k for k in (-1, 0, 1, 2)]
    for year in years:
        try:
            day = date(year, when.month, when.day)
            found = datetime.combine(day, local_time, zone(day))
        except ValueError:
            continue
        if when.year or found >= submitted_at - EMBARGO_WINDOW:
            return found.astimezone(UTC)
    return None


def _weekday(text: str) -> int | None:
    match = _WEEKDAY_WORD.search(text)
    return WEEKDAYS[match.group(1).lower()] if match else None


def _next_time_of_day(
    clock: time, zone: timezone, submitted_at: datetime, weekday: int | None
) -> datetime:
    start = (submitted_at - timedelta(hours=1)).astimezone(zone)
    found = datetime.combine(start.date(), clock, zone)
    while found < start or (weekday is not None and found.weekday() != weekday):
        found += timedelta(days=1)
    return found.astimezone(UTC)


def take_embargo_lines(draft: Draft) -> Draft:
    """Embargo lines are removed; the first time they name becomes ``embargoed``."""
    kept: list[str] = []
    notes = []
    embargoed = draft.embargoed
    lines = draft.lines
    taken: set[int] = set()
    for i, line in enumerate(lines):
        if i in taken:
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None:
            kept.append(line)
            continue
        text = line.strip()
        when = parse_embargo(match.group("rest") or "", draft.copy.submitted_at)
        under = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
        if when is None and under is not None and _is_release_time(lines[under]):
            # "HOLD FOR RELEASE" over "Selasa, 7 Mei 2024, pukul 10.00 WITA": its time below.
            text = f"{text} {lines[under].strip()}"
            when = parse_embargo(lines[under], draft.copy.submitted_at)
            taken.add(under)
        embargoed = embargoed or when
        notes.append(change("embargo", "moved-embargo-line", text, "embargoed"))
    if not notes:
        return draft
    flags = add_unique(draft.flags, "embargo")
    return with_changes(draft, notes, lines=tuple(kept), embargoed=embargoed, flags=flags)


_TIME_LINE_CHARS = 80


def _is_release_time(line: str) -> bool:
    """A short line of a date and a clock time and nothing else to say."""
    text = line.strip()
    return (len(text) <= _TIME_LINE_CHARS and _clock(text) is not None
            and not text.endswith((".", "!", "?")) and _LINE.fullmatch(text) is None)


# The clock an embargo line means when it names no zone: the story's own local time.
LANGUAGE_ZONES = {"id": "WIB", "ms": "MYT"}


def localize_embargo(draft: Draft) -> Draft:
    """An embargo line naming no zone, in copy whose language has one local time (Malay:
    MYT; Indonesian: WIB), is read in that zone once the language is known."""
    zone = LANGUAGE_ZONES.get(draft.language)
    lines = [c.text for c in draft.changes if c.action == "moved-embargo-line"]
    if zone is None or not lines or draft.copy.declared_embargo is not None:
        return draft
    match = _LINE.fullmatch(lines[0])
    rest = match.group("rest") if match else None
    if not rest or _ZONE_WORD.search(rest):
        return draft
    when = parse_embargo(rest, draft.copy.submitted_at, zone)
    if when is None or when == draft.embargoed:
        return draft
    note = change("embargo", "read-embargo-in-local-time", f"{zone}: {when.isoformat()}",
                  "embargoed")
    return with_changes(draft, [note], embargoed=when)


def apply_declared_embargo(draft: Draft) -> Draft:
    """An embargo the correspondent declared wins over the one in the copy."""
    declared = draft.copy.declared_embargo
    if declared is None:
        return draft
    aware = declared if declared.tzinfo else declared.replace(tzinfo=UTC)
    when = aware.astimezone(UTC)
    note = change("embargo", "declared-embargo", when.isoformat(), "embargoed")
    return with_changes(draft, [note], embargoed=when, flags=add_unique(draft.flags, "embargo"))
