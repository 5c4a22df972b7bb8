"""Embargo lines and declared embargoes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from wire.normalize.lines.junk import JunkRules
from wire.normalize.model import Copy, Resources
from wire.normalize.pipeline import start
from wire.normalize.when.embargo import apply_declared_embargo, parse_embargo, take_embargo_lines

RESOURCES = Resources(gazetteer=None, junk_rules=JunkRules(), language_detector=None)
SUBMITTED = datetime(2018, 12, 20, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UNTIL 0001 GMT Dec 21", datetime(2018, 12, 21, 0, 1, tzinfo=UTC)),
        ("until 10:00 a.m. EST Dec. 20, 2018", datetime(2018, 12, 20, 15, tzinfo=UTC)),
        (": 2018-12-20 10:00 WIB", datetime(2018, 12, 20, 3, tzinfo=UTC)),
        ("UNTIL 12:01 A.M. EDT, THURSDAY, DEC. 20", datetime(2018, 12, 20, 4, 1, tzinfo=UTC)),
        ("until 11 P.M. PST", datetime(2018, 12, 20, 7, tzinfo=UTC)),
        ("until 5 P.M. PST", datetime(2018, 12, 21, 1, tzinfo=UTC)),  # 5 p.m. had passed
        ("hingga Kamis (20/12) pukul 10.00 WITA", datetime(2018, 12, 20, 2, tzinfo=UTC)),
        ("hingga 21/12 pukul 08.00 WIT", datetime(2018, 12, 20, 23, tzinfo=UTC)),
        ("until 9 a.m. MYT Dec 21", datetime(2018, 12, 21, 1, tzinfo=UTC)),
        ("until Jan 2", datetime(2019, 1, 2, tzinfo=UTC)),
        (
            "until 0001 GMT Dec 1",
            datetime(2018, 12, 1, 0, 1, tzinfo=UTC),
        ),  # a recent past one stays
        ("until further notice", None),
        # Zones outside the Americas and Indonesia, read with their real offsets.
        ("UNTIL 0900 CET Friday, Dec 21", datetime(2018, 12, 21, 8, tzinfo=UTC)),
        ("UNTIL 0900 CAT 21 December 2018", datetime(2018, 12, 21, 7, tzinfo=UTC)),
        ("UNTIL 12:00 HRS (GMT+8) 21 DECEMBER 2018", datetime(2018, 12, 21, 4, tzinfo=UTC)),
        ("until 09:00 UTC-05:00 Dec 21", datetime(2018, 12, 21, 14, tzinfo=UTC)),
        ("UNTIL 12:01 A.M. AKST FRIDAY, DEC. 21", datetime(2018, 12, 21, 9, 1, tzinfo=UTC)),
        ("UNTIL 11:00 IST THURSDAY, DEC 20, 2018", datetime(2018, 12, 20, 5, 30, tzinfo=UTC)),
        ("until 8:50 a.m. JST Thursday, Dec. 27", datetime(2018, 12, 26, 23, 50, tzinfo=UTC)),
        ("UNTIL 00:01 AEDT FRIDAY DECEMBER 21, 2018", datetime(2018, 12, 20, 13, 1, tzinfo=UTC)),
        ("until 1000 AEST Dec 21", datetime(2018, 12, 21, 0, tzinfo=UTC)),
        ("until 0600 CEST June 12", datetime(2019, 6, 12, 4, tzinfo=UTC)),
        ("until 10.00 WITA Dec 21", datetime(2018, 12, 21, 2, tzinfo=UTC)),
        # ET/PT name no season: the date decides between standard and daylight time.
        ("until 12:01 a.m. ET Thursday, Dec. 20", datetime(2018, 12, 20, 5, 1, tzinfo=UTC)),
        ("until 9 a.m. ET June 12", datetime(2019, 6, 12, 13, tzinfo=UTC)),
        ("until 6 p.m. PT Dec 20", datetime(2018, 12, 21, 2, tzinfo=UTC)),
        ("until 20:00 Dec 20 et seq.", datetime(2018, 12, 20, 20, tzinfo=UTC)),  # "et": no zone
        # Malay parts of the day: twelve in the morning or at night is just after midnight.
        ("sebelum 12.01 pagi, Sabtu, 22 Dis 2018 SGT", datetime(2018, 12, 21, 16, 1, tzinfo=UTC)),
        ("sebelum 12.00 malam 21 Dis 2018 MYT", datetime(2018, 12, 20, 16, tzinfo=UTC)),
        ("sebelum 3.00 ptg 21 Dis 2018 MYT", datetime(2018, 12, 21, 7, tzinfo=UTC)),
    ],
)
def test_parse_embargo(text: str, expected: datetime | None) -> None:
    assert parse_embargo(text, SUBMITTED) == expected


def draft(lines: tuple[str, ...], declared: datetime | None = None):  # type: ignore[no-untyped-def]
    copy = Copy(text="", submitted_at=SUBMITTED, declared_embargo=declared)
    return replace(start(copy, RESOURCES), lines=lines)


@pytest.mark.parametrize(
    ("lines", "embargoed", "kept"),
    [
        (
            ("EMBARGOED UNTIL 0001 GMT Dec 21", "Head", "Body"),
            datetime(2018, 12, 21, 0, 1, tzinfo=UTC),
            ("Head", "Body"),
        ),
        (
            ("Head", "Embargoed until 10:00 a.m. EST Dec. 20, 2018", "Body"),
            datetime(2018, 12, 20, 15, tzinfo=UTC),
            ("Head", "Body"),
        ),
        (
            ("Head", "EMBARGO: 2018-12-20 10:00 WIB", "Body"),
            datetime(2018, 12, 20, 3, tzinfo=UTC),
            ("Head", "Body"),
        ),
        (  # the time straight after the words, no "until"
            ("HOLD FOR RELEASE 1800 GMT FRIDAY 21 DECEMBER 2018", "Head", "Body"),
            datetime(2018, 12, 21, 18, tzinfo=UTC),
            ("Head", "Body"),
        ),
        (  # the time on the line under the words
            ("HOLD FOR RELEASE", "Jumat, 21 Desember 2018, pukul 10.00 WITA", "", "Head", "Body"),
            datetime(2018, 12, 21, 2, tzinfo=UTC),
            ("", "Head", "Body"),
        ),
        (
            (
                "Head",
                "Embargo minyak terhadap Iran diperpanjang.",
            ),
            None,
            ("Head", "Embargo minyak terhadap Iran diperpanjang."),
        ),
    ],
)
def test_take_embargo_lines(
    lines: tuple[str, ...], embargoed: datetime | None, kept: tuple[str, ...]
) -> None:
    taken = take_embargo_lines(draft(lines))
    assert taken.embargoed == embargoed
    assert taken.lines == kept
    assert ("embargo" in taken.flags) is (embargoed is not None)


def test_declared_embargo_wins() -> None:
    declared = datetime(2019, 1, 1, 7, tzinfo=timezone(timedelta(hours=7)))
    taken = apply_declared_embargo(
        take_embargo_lines(draft(("EMBARGOED UNTIL 0001 GMT Dec 21", "Body"), declared))
    )
    assert taken.embargoed == datetime(2019, 1, 1, tzinfo=UTC)
    assert taken.flags == ("embargo",)
