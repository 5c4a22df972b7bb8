"""Text repair steps, one table each."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wire.normalize.model import Copy
from wire.normalize.pipeline import load_resources, start
from wire.normalize.text.repair import (
    TEXT_STEPS,
    normalize_line_ends,
    normalize_spaces,
    remove_forbidden_chars,
    remove_invisible_chars,
    repair_mojibake,
)

RESOURCES = load_resources(Path(__file__).parents[2] / "config")
WHEN = datetime(2018, 12, 20, 9, tzinfo=UTC)


def draft(text: str):  # type: ignore[no-untyped-def]
    return start(Copy(text=text, submitted_at=WHEN), RESOURCES)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb\r\nc\nd", "a\nb\nc\nd"),
        ("a\u2028b", "a\nb"),
        ("no change", "no change"),
    ],
)
def test_normalize_line_ends(raw: str, expected: str) -> None:
    assert normalize_line_ends(draft(raw)).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x00b\x07c", "abc"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("form\x0cfeed\x0bvt", "formfeedvt"),
        ("c1\x85\x9f", "c1\x85"),
        ("\ufffe\uffffx", "x"),
    ],
)
def test_remove_forbidden_chars(raw: str, expected: str) -> None:
    assert remove_forbidden_chars(draft(raw)).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CafÃ© au lait", "Café au lait"),
        ("SoekarnoÂ Hatta", "Soekarno\u00a0Hatta"),
        ("â€œKutipanâ€\x9d", "“Kutipan”"),
        ("“already fine” – yes", "“already fine” – yes"),
        ("emoji 🎉 stays", "emoji 🎉 stays"),
        ("عربي text", "عربي text"),
        # Windows-1252 punctuation read as Latin-1: C1 controls that mean quotes, dashes.
        ("\x93Kami siap,\x94 katanya \x96 tegas", "“Kami siap,” katanya – tegas"),
        ("company\x92s", "company’s"),
        # C0 controls are left to remove_forbidden_chars, which reports them.
        ("bell\x07", "bell\x07"),
    ],
)
def test_repair_mojibake(raw: str, expected: str) -> None:
    assert repair_mojibake(draft(raw)).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffHeadline", "Headline"),
        ("zero\u200bwidth", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"),
        ("a\u200db", "ab"),
        ("می\u200cخواهم", "می\u200cخواهم"),
    ],
)
def test_remove_invisible_chars(raw: str, expected: str) -> None:
    assert remove_invisible_chars(draft(raw)).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u00a0b", "a b"),
        ("  lead  and   trail  ", "lead and trail"),
        ("tab\there", "tab here"),
        ("line one \n  line two", "line one\nline two"),
    ],
)
def test_normalize_spaces(raw: str, expected: str) -> None:
    assert normalize_spaces(draft(raw)).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # The closing quote's last byte (0x9D) is a C1 control: removing it first would
        # leave "â€" behind, which then decodes to a dagger.
        ("business,â€\x9d the", "business,” the"),
        ("\x93Kutipan\x94", "“Kutipan”"),
        ("a\x00b \x80 5", "ab € 5"),
    ],
)
def test_text_steps_repair_before_removing_controls(raw: str, expected: str) -> None:
    result = draft(raw)
    for step in TEXT_STEPS:
        result = step(result)
    assert result.text == expected


def test_each_repair_is_reported() -> None:
    repaired = repair_mojibake(draft("CafÃ©"))
    assert [c.action for c in repaired.changes] == ["repaired-encoding"]


def test_a_50kb_line_is_fast() -> None:
    line = ("kata " * 10_000) + "Ã©" + "\u00a0x" * 500
    began = time.perf_counter()
    result = draft(line)
    for step in (
        normalize_line_ends,
        remove_forbidden_chars,
        repair_mojibake,
        remove_invisible_chars,
        normalize_spaces,
    ):
        result = step(result)
    assert time.perf_counter() - began < 2
    assert "é" in result.text
