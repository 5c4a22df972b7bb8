"""Event dates: mentions, years, weekdays, and None when the text does not decide."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from wire.normalize.draft import change, with_changes
from wire.normalize.lines.junk import JunkRules
from wire.normalize.model import Copy, Resources
from wire.normalize.pipeline import start
from wire.normalize.when.calendar import (
    find_mentions,
    find_weekdays,
    first_zone,
    stated_years,
    us_daylight_time,
    zone_offset,
)
from wire.normalize.when.dates import nearest_year, resolve_event_date, resolve_mention
from wire.story import Dateline

RESOURCES = Resources(gazetteer=None, junk_rules=JunkRules(), language_detector=None)
SUBMITTED = datetime(2018, 12, 21, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "day", "month", "year", "weekday"),
    [
        ("di Gedung Pusiban, Kamis 20/12.", 20, 12, None, 3),
        ("ujar dia, Kamis (20/12).", 20, 12, None, 3),
        ("Rabu (5/12/2018)", 5, 12, 2018, 2),
        ("Senin, 3 Desember 2018", 3, 12, 2018, 0),
        ("KUALA LUMPUR, 5 Dis", 5, 12, None, None),
        ("Dec 20", 20, 12, None, None),
        ("Thursday, Dec. 20, 2018", 20, 12, 2018, 3),
        ("on 2018-12-20", 20, 12, 2018, None),
        ("pada 17 Ogos lalu", 17, 8, None, None),
        ("ABU DHABI, 10th January, 2022 (WAM)", 10, 1, 2022, None),
        ("on the 3rd of March 2021", 3, 3, 2021, None),
        ("(20/12)", 20, 12, None, None),
    ],
)
def test_find_mentions(
    text: str, day: int, month: int, year: int | None, weekday: int | None
) -> None:
    found = find_mentions(text)[0]
    assert (found.day, found.month, found.year, found.weekday) == (day, month, year, weekday)


@pytest.mark.parametrize("text", ["score 2/3", "may 20 people", "Rp 20.000", "at 10.30 WIB", ""])
def test_no_mentions(text: str) -> None:
    assert find_mentions(text) == []


@pytest.mark.parametrize(
    ("text", "weekdays"),
    [
        ("said on Tuesday.", [1]),
        ("kata dia, Kamis.", [3]),
        ("Minggu lalu warga berkumpul", []),
        ("Minggu Belia Kebangsaan 2019 dirasmikan pagi ini", []),
        ("dari Minggu Epidemiologi 1 hingga 43", []),
        ("digelar Minggu Pagi di alun-alun", [6]),
        ("pada Minggu (23/12)", [6]),
        ("kamis lowercase", []),
    ],
)
def test_find_weekdays(text: str, weekdays: list[int]) -> None:
    assert [m.weekday for m in find_weekdays(text)] == weekdays


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Tahun 2018 dan tahun 2017 serta 2018", [2018, 2017]),
        ("Rp2.018 and 5/12/2019", []),
        ("in 1999 and 2000", [1999, 2000]),
    ],
)
def test_stated_years(text: str, years: list[int]) -> None:
    assert stated_years(text) == years


@pytest.mark.parametrize(
    ("lead", "years", "expected"),
    [
        ("Kamis 20/12", [2018, 2017], date(2018, 12, 20)),
        ("Kamis 20/12", [2017, 2018], date(2018, 12, 20)),  # 2017-12-20 was a Wednesday
        ("Kamis 20/12", [], date(2018, 12, 20)),
        ("Rabu 20/12", [2018], None),  # 2017 would agree, but nothing points to 2017
        ("Rabu 20/12", [2018, 2017], date(2017, 12, 20)),
        ("Senin 20/12", [2018], None),  # no year agrees: never guess
        ("Rabu (5/12/2018)", [], date(2018, 12, 5)),
        ("Kamis (5/12/2018)", [], None),
        ("Dec 20", [], date(2018, 12, 20)),
        ("Dec 22", [], date(2018, 12, 22)),  # a day of slack for zones
        ("Dec 23", [], date(2017, 12, 23)),  # nearest on or before submission
        ("Dec 22", [2018], date(2018, 12, 22)),
        ("29/2", [], date(2016, 2, 29)),
    ],
)
def test_resolve_mention(lead: str, years: list[int], expected: date | None) -> None:
    mention = (
        find_mentions(lead)[0] if "(" in lead or " " in lead else find_mentions(f"({lead})")[0]
    )
    assert resolve_mention(mention, years, date(2018, 12, 21)) == expected


def test_nearest_year() -> None:
    assert nearest_year(12, 21, date(2018, 12, 21)) == 2018
    assert nearest_year(12, 22, date(2018, 12, 21)) == 2018
    assert nearest_year(12, 23, date(2018, 12, 21)) == 2017
    assert nearest_year(1, 1, date(2018, 12, 31)) == 2019


def draft(  # type: ignore[no-untyped-def]
    paragraphs: tuple[str, ...], date_text: str | None = None, submitted: datetime = SUBMITTED,
    header: tuple[str, ...] = (),
):
    base = start(Copy(text="", submitted_at=submitted), RESOURCES)
    return replace(base, lines=paragraphs, dateline=Dateline(date_text=date_text), headline="Head",
                   header_lines=header)


def printed(day: date) -> tuple[str, ...]:
    """A site timestamp line printing ``day``, as a header block has it."""
    return (f"Diterbitkan {day.day}/{day.month}/{day.year} 10:05 WIB",)


@pytest.mark.parametrize(
    ("paragraphs", "date_text", "submitted", "expected"),
    [
        (("Rapat Tahun 2018 digelar, Kamis 20/12.",), None, SUBMITTED, date(2018, 12, 20)),
        (
            ("Rapat digelar Kamis 20/12.", "Program tahun 2018."),
            None,
            datetime(2026, 5, 1, tzinfo=UTC),
            date(2018, 12, 20),
        ),
        (("The Fed raised rates.",), "Dec 20", SUBMITTED, date(2018, 12, 20)),
        (("Kerajaan akan...",), "5 Dis", SUBMITTED, date(2018, 12, 5)),
        # A day after the dateline's is the plan the copy announces: the dateline's is news.
        (("LHDNM hari ini mengumumkan e-Filing akan dibuka mulai 1 Mac 2019.",),
         "28 Februari 2019", datetime(2019, 2, 28, 3, tzinfo=UTC), date(2019, 2, 28)),
        (("Warga berkumpul pada 4 Dis 2018.",), "5 Dis", SUBMITTED, date(2018, 12, 4)),
        (("Senin, 3 Desember 2018, warga berkumpul.",), None, SUBMITTED, date(2018, 12, 3)),
        # A bare weekday never resolves against the submission time: no printed date, no date.
        (("The Fed raised rates on Wednesday.",), None, SUBMITTED, None),
        (("Warga berkumpul pada Kamis.",), None, SUBMITTED, None),
        (("Warga berkumpul pada Kamis.", "Tahun 2017 lalu."), None, SUBMITTED, None),
        (("No date here at all.",), None, SUBMITTED, None),
        (("Second paragraph only.", "Kamis (20/12)"), None, SUBMITTED, None),
        # No date in the lead or around it: a whole date printed further down fixes the day.
        (("Warga berkumpul di balai desa.", "Kata dia pada Sabtu, 12 Ogos 2023."), None,
         SUBMITTED, date(2023, 8, 12)),
    ],
)
def test_resolve_event_date(
    paragraphs: tuple[str, ...], date_text: str | None, submitted: datetime, expected: date | None
) -> None:
    assert resolve_event_date(draft(paragraphs, date_text, submitted)).event_date == expected


@pytest.mark.parametrize(
    ("paragraphs", "header", "expected"),
    [
        (("The Fed raised rates on Wednesday.",), ("Thursday, Dec. 20, 2018 9:41 a.m.",),
         date(2018, 12, 19)),
        (("Warga berkumpul pada Kamis.",), printed(date(2018, 12, 21)), date(2018, 12, 20)),
        (("Warga berkumpul kemarin di balai desa.",), printed(date(2018, 12, 21)),
         date(2018, 12, 20)),
        (("Warga berkumpul kemarin di balai desa.",), (), None),
        # Under a timestamp (no dated dateline), the lead's coming day is what it reports.
        (("Bekalan air akan terganggu pada 12 Januari 2019.",), printed(date(2019, 1, 11)),
         date(2019, 1, 12)),
        # The timestamp's own year counts even when the story mentions only an older one.
        (("Flow rose on Tuesday.", "Gates were repaired in 2021."),
         ("Imtiaz | Published August 16, 2022 | Updated August 16, 2022 11:52pm",),
         date(2022, 8, 16)),
        # A dotted European timestamp is a printed date too.
        (("Warga berkumpul pada Kamis.",), ("08.12.2023 09:15 CET",), date(2023, 12, 7)),
        # No date in the lead: the date the item prints (its timestamp) is the event's.
        (("Warga berkumpul di balai desa.",), printed(date(2018, 12, 19)), date(2018, 12, 19)),
    ],
)
def test_weekday_resolves_against_a_printed_date(
    paragraphs: tuple[str, ...], header: tuple[str, ...], expected: date | None
) -> None:
    late = datetime(2019, 3, 1, tzinfo=UTC)  # far later: the submission must not matter
    assert resolve_event_date(draft(paragraphs, None, late, header)).event_date == expected


def test_a_printed_timestamp_comes_before_a_date_in_the_body() -> None:
    found = draft(("Warga berkumpul.", "Pameran dibuka 1 Desember 2018."), None, SUBMITTED,
                  printed(date(2018, 12, 19)))
    assert resolve_event_date(found).event_date == date(2018, 12, 19)


def test_an_advance_line_is_a_printed_date() -> None:
    base = draft(("The family milks 140 cows.",), None, datetime(2019, 8, 15, tzinfo=UTC))
    flagged = with_changes(base, [change("headline", "moved-flag-line",
                                         "ADVANCE FOR SATURDAY, AUG. 17, 2019", "flags")])
    assert resolve_event_date(flagged).event_date == date(2019, 8, 17)


def test_an_embargo_is_a_printed_date() -> None:
    found = replace(draft(("Acara digelar Jumat.",), None, datetime(2019, 3, 1, tzinfo=UTC)),
                    embargoed=datetime(2018, 12, 21, 2, tzinfo=UTC), language="id")
    assert resolve_event_date(found).event_date == date(2018, 12, 21)


@pytest.mark.parametrize(
    ("day", "daylight"),
    [
        (date(2018, 12, 20), False),
        (date(2018, 3, 10), False),  # the day before the second Sunday of March
        (date(2018, 3, 11), True),
        (date(2018, 6, 12), True),
        (date(2018, 11, 3), True),
        (date(2018, 11, 4), False),  # the first Sunday of November
        (date(2019, 3, 10), True),
    ],
)
def test_us_daylight_time(day: date, daylight: bool) -> None:
    assert us_daylight_time(day) is daylight


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("ET", date(2018, 12, 20), -5),
        ("ET", date(2018, 6, 12), -4),
        ("PT", date(2018, 12, 28), -8),
        ("pt", date(2018, 7, 1), -7),
        ("EST", date(2018, 6, 12), -5),  # a named standard zone stays literal
        ("IST", date(2018, 12, 20), 5.5),
        ("WITA", date(2018, 12, 20), 8),
        ("CAT", date(2018, 12, 20), 2),
        ("TLT", date(2018, 12, 20), 9),
    ],
)
def test_zone_offset(zone: str, day: date, hours: float) -> None:
    assert zone_offset(zone, day) == hours


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Kamis, 12 Desember 2019 09:15 WITA", "WITA"),
        ("Updated 8:05 a.m. AKDT", "AKDT"),
        ("ART FAIR OPENS | 10:00 CAT", "CAT"),  # a zone spelled like a word needs a clock
        ("WET SEASON ARRIVES EARLY", None),
        ("no zone here", None),
    ],
)
def test_first_zone(text: str, zone: str | None) -> None:
    assert first_zone(text) == zone


@pytest.mark.parametrize(
    ("paragraphs", "submitted", "expected"),
    [
        # Monday 17 Dec: Thursday of the week before is the 13th.
        (
            ("Harga turun, Kamis pekan lalu.",),
            datetime(2018, 12, 17, 5, tzinfo=UTC),
            date(2018, 12, 13),
        ),
        # Friday 21 Dec: "Kamis pekan lalu" is the 13th, not yesterday.
        (
            ("Harga turun, Kamis pekan lalu.",),
            datetime(2018, 12, 21, 5, tzinfo=UTC),
            date(2018, 12, 13),
        ),
        (
            ("Harga turun pada Kamis minggu lalu.",),
            datetime(2018, 12, 21, 5, tzinfo=UTC),
            date(2018, 12, 13),
        ),
        (
            ("Prices fell on Thursday last week.",),
            datetime(2018, 12, 21, 5, tzinfo=UTC),
            date(2018, 12, 13),
        ),
        (("Harga turun, Kamis.",), datetime(2018, 12, 21, 5, tzinfo=UTC), date(2018, 12, 20)),
    ],
)
def test_weekday_last_week(
    paragraphs: tuple[str, ...], submitted: datetime, expected: date
) -> None:
    # The day the item prints is the day it was sent (the submission itself is not used).
    header = printed(submitted.date())
    assert resolve_event_date(draft(paragraphs, None, submitted, header)).event_date == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # The lead's own weekday keeps a dateline date in this year when an old year is
        # only history further down.
        (("The volcano erupted on Thursday.", "It last erupted in 2010."), date(2018, 12, 20)),
        # A weekday that fits neither year keeps the stated year, and is the day of the
        # news: the Tuesday before the dateline's Monday, Dec. 20, 2010 (the dateline is the
        # day the copy was filed, as "semalam" under "MERSING, 14 Ogos" is the 13th).
        (("The volcano erupted on Tuesday.", "It last erupted in 2010."), date(2010, 12, 14)),
    ],
)
def test_lead_weekday_hints_the_year(paragraphs: tuple[str, ...], expected: date) -> None:
    assert resolve_event_date(draft(paragraphs, "Dec. 20")).event_date == expected


def test_resolve_mention_hint() -> None:
    mention = find_mentions("Dec. 20")[0]
    today = date(2018, 12, 21)
    assert resolve_mention(mention, [2010], today) == date(2010, 12, 20)
    assert resolve_mention(mention, [2010], today, hint=3) == date(2018, 12, 20)
    assert resolve_mention(mention, [2018], today, hint=0) == date(2018, 12, 20)


@pytest.mark.parametrize(
    ("paragraphs", "date_text", "header", "expected"),
    [
        # The lead's own dated mention comes before the dateline's date.
        (("Polisi menggagalkan penyelundupan sabu pada Senin (12/8/2019) dini hari.",),
         "14 Agustus 2019", (), date(2019, 8, 12)),
        # "semalam" under a dated dateline: the day before it.
        (("Maritim Malaysia menahan sebuah bot pada jam 10.30 pagi semalam.",), "14 Ogos",
         printed(date(2023, 8, 14)), date(2023, 8, 13)),
        # "pagi ini … sejak Sabtu": the day of the news is today; Saturday is when it began.
        (("Jumlah mangsa meningkat pagi ini ketika hujan lebat berterusan sejak Sabtu.",), None,
         printed(date(2021, 1, 3)), date(2021, 1, 3)),
        # A day still to come this year is not put a year back: the dateline's date stands.
        (("Harga kekal bagi tempoh 22 hingga 28 Disember ini.",), "20 Dis",
         printed(date(2018, 12, 20)), date(2018, 12, 20)),
        # "setiap Jumaat" recurs; the day of the news is the weekday after it.
        (("Pasar malam yang beroperasi setiap Jumaat akan dipindahkan, kata dia, Isnin.",),
         None, printed(date(2024, 6, 10)), date(2024, 6, 10)),
        # "Black Friday" names a day, it is not a weekday.
        (("Sales rose as shoppers took up Black Friday discounts, data showed on Thursday.",),
         "Dec 20", printed(date(2018, 12, 20)), date(2018, 12, 20)),
    ],
)
def test_the_leads_own_date_then_the_datelines(
    paragraphs: tuple[str, ...], date_text: str | None, header: tuple[str, ...], expected: date
) -> None:
    found = resolve_event_date(draft(paragraphs, date_text, SUBMITTED, header))
    assert found.event_date == expected
