"""Editors' notes above the story leave the body and are reported for ``ednote``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from wire.normalize.lines.ednote import take_editor_notes
from wire.normalize.lines.junk import JunkRules
from wire.normalize.model import Copy, Resources
from wire.normalize.pipeline import start

RESOURCES = Resources(gazetteer=None, junk_rules=JunkRules(), language_detector=None)


@pytest.mark.parametrize(
    ("lines", "kept", "notes"),
    [
        (
            ("(Corrects number of aircraft in headline to 12 from 10)", "", "Text."),
            ("", "", "Text."),
            ["(Corrects number of aircraft in headline to 12 from 10)"],
        ),
        (
            ("(Adds governor quotes, background)", "Text."),
            ("", "Text."),
            ["(Adds governor quotes, background)"],
        ),
        (
            ("Eds: Updates with vote count.", "Text."),
            ("", "Text."),
            ["Eds: Updates with vote count."],
        ),
        (
            ("(Adds nothing) but this is a sentence.", "Text."),
            ("(Adds nothing) but this is a sentence.", "Text."),
            [],
        ),
        (("Text (Corrects nothing).",), ("Text (Corrects nothing).",), []),
        # at the foot too, labelled, or in brackets after a paragraph's last sentence
        (
            ("Head.", "Text.", "Correction: An earlier version said Saturday. It was Sunday."),
            ("Head.", "Text.", ""),
            ["Correction: An earlier version said Saturday. It was Sunday."],
        ),
        (
            ("Head.", "Sekitar 60.000 penonton hadir. (Pembaruan: menambahkan jumlah penonton)"),
            ("Head.", "Sekitar 60.000 penonton hadir."),
            ["(Pembaruan: menambahkan jumlah penonton)"],
        ),
        # a page's "Updated:" timestamp is no note
        (("Updated: Tuesday, 15 March 2022 10:05", "Text."),
         ("Updated: Tuesday, 15 March 2022 10:05", "Text."), []),
    ],
)
def test_take_editor_notes(lines: tuple[str, ...], kept: tuple[str, ...], notes: list[str]) -> None:
    draft = replace(
        start(Copy(text="", submitted_at=datetime(2018, 12, 20, tzinfo=UTC)), RESOURCES),
        lines=lines,
    )
    taken = take_editor_notes(draft)
    assert taken.lines == kept
    assert [c.text for c in taken.changes if c.to == "ednote"] == notes
