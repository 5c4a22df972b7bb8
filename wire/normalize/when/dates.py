"""The event date: which day the lead says the story happened, or None.

Rules (the text decides; nothing is guessed):

1. The lead is the dateline's date (``LONDON, Dec 20``) and the first story paragraph.
   Its dates are tried in this order: the dateline's, then those written with a weekday
   (``Senin, 3 Desember 2018``, ``Kamis (20/12)``: the Indonesian "hari, tanggal" that
   says when something happened), then the others in order of appearance. A date more
   than a day after the reference day (below) is a plan, not the event, and is only used
   when no other date resolves.
2. A date's year is the one it states. Otherwise, when the copy states years close to
   the year that puts the date nearest on or before the reference day (the copy is as
   recent as its submission), that nearest year; when every year it states is older
   (old copy sent late), the stated year that does not put the date in the future, the
   one stated most often first. Years more than ``YEARS_BACK`` before the submission
   are history ("Akta Kastam 1967") and do not count.
3. A weekday written with the date must agree: when it does not, each other candidate
   year is tried; when none agrees the date is None.
4. With no date but a weekday on its own (``on Tuesday``, ``pada Kamis``), the event is
   the latest such day on or before the reference day: the wire convention that a bare
   weekday means the past week. If the copy states years and that day's year is not
   among them (old copy sent late), the weekday does not determine the date: None.

The reference day is the submission day (or the embargo's, when later) in the story's
zone: the first ``WIB``/``WITA``/``EST``… in the copy, else WIB for Indonesian and MYT
for Malay copy, else the submission time's own zone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta, timezone

from wire.normalize.draft import Draft, change, with_changes
from wire.normalize.lines.paragraphs import lead_index
from wire.normalize.when.calendar import (
    ZONES,
    Mention,
    find_mentions,
    find_weekdays,
    first_zone,
    stated_years,
)

FUTURE_TOLERANCE = timedelta(days=60)
YEARS_BACK = 10
"""Years stated further back than this are history ("Akta Kastam 1967"), not the story's."""
"""A stated year that puts the date further in the future than this is tried last."""
_LANGUAGE_ZONES = {"id": "WIB", "ms": "MYT"}


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int, today: date) -> int:
    """The year putting month/day nearest on or before ``today`` (29 February: a leap year).

    A day of slack allows for zones: a Dec 21 dateline filed on Dec 20 UTC is this year's.
    """
    for year in range(today.year + 1, today.year - 8, -1):
        found = _safe_date(year, month, day)
        if found is not None and found <= today + timedelta(days=1):
            return year
    return today.year


def resolve_mention(
    mention: Mention, years: Sequence[int], today: date, hint: int | None = None
) -> date | None:
    """The date a mention means, given the years the copy states, or None.

    ``hint`` is a weekday the lead names on its own (``… on Thursday``): when the stated
    years would make the copy old, a year on which the date falls on that weekday goes
    first, so "Dec. 20 … on Thursday … last erupted in 2010" stays this year's.
    """
    if mention.day is None or mention.month is None:
        return None
    if mention.year is not None:
        candidates = [mention.year]
    else:
        nearest = nearest_year(mention.month, mention.day, today)
        plausible = [y for y in years if today.year - YEARS_BACK <= y <= today.year + 1]
        if not plausible or any(abs(y - nearest) <= 1 for y in plausible):
            candidates = [nearest, *plausible]  # the copy is as recent as its submission
        else:  # old copy sent late: the years it states decide
            soon = today + FUTURE_TOLERANCE
            past = [
                y for y in plausible if (_safe_date(y, mention.month, mention.day) or soon) < soon
            ]
            candidates = [*past, *plausible, nearest]
            if hint is not None and mention.weekday is None:
                candidates.sort(key=lambda y: _weekday_of(y, mention) != hint)
    for year in candidates:
        found = _safe_date(year, mention.month, mention.day)
        if found is not None and (mention.weekday is None or found.weekday() == mention.weekday):
            return found
    return None


def _weekday_of(year: int, mention: Mention) -> int | None:
    found = _safe_date(year, mention.month or 0, mention.day or 0)
    return found.weekday() if found else None


def resolve_weekday(
    weekday: int, years: Sequence[int], today: date, last_week: bool = False
) -> date | None:
    """The latest ``weekday`` on or before ``today``, unless stated years rule it out.

    ``last_week`` ("Kamis pekan lalu", "last Thursday week"): that weekday in the
    calendar week (Monday to Sunday) before the one ``today`` is in.
    """
    if last_week:
        found = today - timedelta(days=today.weekday() + 7 - weekday)
    else:
        found = today - timedelta(days=(today.weekday() - weekday) % 7)
    return found if not years or found.year in years else None


# "Kamis pekan lalu", "Khamis minggu lepas", "Thursday last week": the week before.
_LAST_WEEK = re.compile(
    r"\s*,?\s*(?:(?:pada\s+)?(?:pekan|minggu)\s+(?:lalu|lepas|kemarin)|last\s+week)\b",
    re.IGNORECASE,
)


def is_last_week(text: str, weekday: Mention) -> bool:
    """True when ``weekday`` (found in ``text``) is followed by "pekan lalu"/"last week"."""
    return _LAST_WEEK.match(text, weekday.start + len(weekday.text)) is not None


def story_today(draft: Draft, text: str) -> date:
    """The reference day: submission (or a later embargo) in the story's own zone."""
    zone = first_zone(text) or _LANGUAGE_ZONES.get(draft.language)
    moment = max(filter(None, (draft.copy.submitted_at, draft.embargoed)))
    if zone is None:
        return moment.date()
    return moment.astimezone(timezone(timedelta(hours=ZONES[zone]))).date()


def _ordered(dateline: str | None, lead: str) -> list[Mention]:
    own = find_mentions(dateline) if dateline else []
    found = find_mentions(lead)
    return [
        *own,
        *(m for m in found if m.weekday is not None),
        *(m for m in found if m.weekday is None),
    ]


def _event_date(
    mentions: list[Mention], years: Sequence[int], today: date, hint: int | None = None
) -> tuple[str, date | None]:
    """The first mention that resolves to a day not after ``today`` (else the first at all)."""
    later: tuple[str, date] | None = None
    for mention in mentions:
        found = resolve_mention(mention, years, today, hint)
        if found is not None and found <= today + timedelta(days=1):
            return mention.text, found
        if found is not None and later is None:
            later = (mention.text, found)
    if later is not None:
        return later
    return (mentions[0].text if mentions else ""), None


LEAD_CHARS = 600
# "kemarin", "semalam", "yesterday": the day before the date the copy prints.
_YESTERDAY = re.compile(r"\b(?:kemarin|kemarin\s+malam|semalam|malam\s+tadi|yesterday|"
                        r"last\s+night)\b", re.IGNORECASE)


_TODAY = re.compile(r"\b(?:hari\s+ini|pagi\s+ini|siang\s+ini|petang\s+ini|malam\s+ini|"
                    r"today|this\s+morning|this\s+afternoon|tonight)\b", re.IGNORECASE)


def _relative_day(lead: str) -> tuple[str, int] | None:
    """("kemarin", 1) or ("pagi ini", 0): whichever the lead says first."""
    found = [(m.start(), m.group(0), back) for pattern, back in ((_YESTERDAY, 1), (_TODAY, 0))
             if (m := pattern.search(lead)) is not None]
    if not found:
        return None
    _, said, back = min(found)
    return said, back


def full_date(lines: Sequence[str]) -> tuple[str, date] | None:
    """The first date printed whole (day, month and year) in ``lines``."""
    for line in lines:
        for mention in find_mentions(line):
            if mention.year is not None and mention.day is not None:
                found = resolve_mention(mention, [mention.year], date(mention.year, 12, 31))
                if found is not None:
                    return mention.text, found
    return None


def printed_date(draft: Draft) -> tuple[str, date] | None:
    """The full date the copy itself prints outside the lead, or None: a site timestamp or
    publication line taken out of the header, the dateline's date, then the embargo."""
    # Header lines first, then any other line taken out of the copy (a timestamp the junk
    # rules or the tagger removed as page furniture is still a date the item prints).
    removed = [c.text for c in draft.changes if c.action.startswith("removed-") and c.text]
    # The embargo line as printed ("EMBARGOED UNTIL 12.01am ACST, Thursday 7 March 2024"):
    # its local date, not the UTC day of the instant.
    embargo = [c.text for c in draft.changes if c.action == "moved-embargo-line" and c.text]
    # Flag lines taken off the top ("ADVANCE FOR SATURDAY, AUG. 17, 2019").
    flags = [c.text for c in draft.changes if c.action == "moved-flag-line" and c.text]
    found = full_date((*draft.header_lines, *removed, *embargo, *flags))
    if found is not None:
        return found
    if draft.embargoed is not None:
        zone = _LANGUAGE_ZONES.get(draft.language)
        moment = draft.embargoed
        if zone is not None:
            moment = moment.astimezone(timezone(timedelta(hours=ZONES[zone])))
        return "embargo", moment.date()
    return None


_LONG_AGO = timedelta(days=180)
# "Black Friday", "Good Friday", "Cyber Monday": a named day, not a day of the week.
_NAMED_DAY = re.compile(r"\b(?:black|good|cyber|super|holy|ash|easter|boxing|palm|giving)\s+$",
                        re.IGNORECASE)
# "sejak Sabtu", "since Tuesday": the weekday a state began, not the day of the news.
_SINCE = re.compile(r"\b(?:sejak|since|hingga|sampai|until|till)\s+(?:hari\s+)?$"
                    # "beroperasi setiap Jumaat", "every Tuesday": a day that recurs
                    r"|\b(?:setiap|tiap|saban|every|each)\s+(?:hari\s+|malam\s+|pagi\s+)?$",
                    re.IGNORECASE)


def _dateline_date(text: str | None, years: Sequence[int], today: date,
                   hint: int | None) -> tuple[str, date] | None:
    for mention in find_mentions(text or ""):
        found = resolve_mention(mention, years, today, hint)
        if found is not None:
            return mention.text, found
    return None


def resolve_event_date(draft: Draft) -> Draft:
    """``event_date`` from the lead, checked against weekdays and stated years.

    A bare weekday or "yesterday" resolves only against a date the copy prints (a site
    timestamp, a dated dateline, an embargo); a lead with no date takes that printed date.
    The submission time only picks the year of a day and month the copy gives no year for.
    """
    paragraphs = draft.paragraphs
    # The lead's own date is in its first sentences; a 50 KB paragraph is not read whole.
    lead = paragraphs[lead_index(paragraphs)][:LEAD_CHARS] if paragraphs else ""
    printed = printed_date(draft)
    # The copy's own years: every line of it, the flag and embargo lines taken out too.
    taken = (c.text for c in draft.changes if c.step in ("headline", "embargo"))
    everything = "\n".join((draft.headline, draft.dateline.date_text or "", *draft.header_lines,
                            *taken, *paragraphs))
    years = stated_years(everything)
    if printed and years and printed[1].year not in years:
        years = [*years, printed[1].year]  # the year the copy's own timestamp prints
    today = printed[1] if printed else story_today(draft, everything)
    # The dateline's own date ("MERSING, 14 Ogos –") is the day the copy is written from:
    # the anchor of "semalam" and of a bare weekday, before any date printed elsewhere.
    weekdays = [w for w in find_weekdays(lead) if not _SINCE.search(lead, 0, w.start)
                and not _NAMED_DAY.search(lead, 0, w.start)]
    hint = weekdays[0].weekday if weekdays else None
    dated = _dateline_date(draft.dateline.date_text, years, today, hint)
    anchor = dated[1] if dated else printed[1] if printed else None
    today = anchor or today
    mentions = _ordered(None, lead)
    relative = _relative_day(lead)
    found: date | None = None
    said = ""
    if mentions:
        said, found = _event_date(mentions, years, today, hint)
        if (found is not None and anchor is not None and found < anchor - _LONG_AGO
                and all(m.year is None for m in mentions if m.text == said)):
            # "22 hingga 28 Disember ini" under "20 Dis": a day still to come this year,
            # which the nearest-before rule would put a year back. Not the news's day.
            said, found = "", None
        if found is not None and dated is not None and found > dated[1]:
            # "akan dibuka mulai 1 Mac" under "CYBERJAYA, 28 Februari": a day after the
            # copy's own date is the plan it announces; the copy's day is the news's.
            said, found = "", None
    if found is None and relative is not None and anchor is not None and (
            not weekdays or lead.find(relative[0]) < weekdays[0].start):
        said, back = relative
        found = anchor - timedelta(days=back)
    if found is None and weekdays:
        said = weekdays[0].text
        if anchor is not None:
            last_week = is_last_week(lead, weekdays[0])
            found = resolve_weekday(weekdays[0].weekday or 0, years, today, last_week)
    if found is None and relative is not None and anchor is not None:
        said, back = relative
        found = anchor - timedelta(days=back)
    if found is None and dated is not None:
        said, found = dated
    if found is None and printed is not None and not said:
        said, found = printed
    if found is None and not said and (body := full_date(paragraphs)) is not None:
        # No date in the lead, none around it: the item still prints one in its body
        # ("ketika ditemui pada ... Sabtu, 12 Ogos 2023"), and that is the day it fixes.
        said, found = body
    if found is None:
        if not said:
            return draft
        note = change("dates", "event-date-undetermined", said)
        return with_changes(draft, [note])
    note = change("dates", "resolved-event-date", f"{said} → {found.isoformat()}", "event_date")
    return with_changes(draft, [note], event_date=found)
